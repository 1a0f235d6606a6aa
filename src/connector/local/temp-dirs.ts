import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/**
 * Temporary directories owned by this process: `<tmp>/<prefix><pid>-XXXXXX`. The owner removes its own when it
 * stops; a process that was killed cannot, so the next one removes those whose pid is no longer alive
 * (sweepStaleTempDirs, run off the start-up path).
 */
export function makeOwnedTempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}${process.pid}-`));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM"; // exists, owned by someone else
  }
}

/** Remove `<tmp>/<prefix><pid>-*` left by processes that no longer run. Returns how many were removed. */
export async function sweepStaleTempDirs(prefix: string): Promise<number> {
  let removed = 0;
  let names: string[];
  try {
    names = await fs.promises.readdir(os.tmpdir());
  } catch {
    return 0;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const m = /^(\d+)-/.exec(name.slice(prefix.length));
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || alive(pid)) continue;
    await fs.promises.rm(path.join(os.tmpdir(), name), { recursive: true, force: true }).catch(() => undefined);
    removed++;
  }
  return removed;
}
