/**
 * While a shell runs with embedded services it leaves a small file, `<state dir>/shells/<pid>.json`, with its
 * endpoints, so that a second terminal (`npm run generate`) feeds the shell's Kinesis instead of a throwaway one.
 * The file is removed at exit; a file whose process is gone (killed) is stale and removed by whoever finds it.
 *
 * The same directory holds the data-directory lock: two shells must not run one kinesis-local over the same
 * persisted files (each would overwrite the other's), so the first claims `<data dir>.lock` and a second one
 * starts fresh.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { tsparkStateDir } from "./state-dir";

export interface RunningShell {
  pid: number;
  region: string;
  endpoints: { kinesis?: string; dynamodb?: string; s3?: string };
  /** Where its embedded services keep their data; undefined when they keep none (--fresh). */
  dataDir?: string;
  startedAt: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM"; // alive, another user's
  }
}

const cleanups = new Set<() => void>();
let exitHook = false;

/** Runs `fn` at process exit (also after process.exit), once. */
function onExit(fn: () => void): () => void {
  cleanups.add(fn);
  if (!exitHook) {
    exitHook = true;
    process.on("exit", () => {
      for (const f of cleanups) f();
    });
  }
  return () => {
    if (cleanups.delete(fn)) fn();
  };
}

function shellsDir(stateDir: string): string {
  return path.join(stateDir, "shells");
}

/** Writes this process's entry; returns a function that removes it (also removed at exit). */
export function registerRunningShell(entry: Omit<RunningShell, "pid" | "startedAt">, stateDir = tsparkStateDir()): () => void {
  const dir = shellsDir(stateDir);
  const file = path.join(dir, `${process.pid}.json`);
  try {
    fs.mkdirSync(dir, { recursive: true });
    const full: RunningShell = { pid: process.pid, startedAt: new Date().toISOString(), ...entry };
    fs.writeFileSync(file, `${JSON.stringify(full)}\n`);
  } catch {
    return () => undefined; // a read-only home must not stop the shell; only discovery is lost
  }
  return onExit(() => fs.rmSync(file, { force: true }));
}

/** The most recently started live shell, stale entries removed on the way; undefined when none runs. */
export function findRunningShell(stateDir = tsparkStateDir()): RunningShell | undefined {
  const dir = shellsDir(stateDir);
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => /^\d+\.json$/.test(n));
  } catch {
    return undefined;
  }
  const live: RunningShell[] = [];
  for (const n of names) {
    const file = path.join(dir, n);
    try {
      const e = JSON.parse(fs.readFileSync(file, "utf8")) as RunningShell;
      if (typeof e.pid === "number" && isAlive(e.pid)) live.push(e);
      else fs.rmSync(file, { force: true });
    } catch {
      // half-written or foreign: not ours to judge; skip it
    }
  }
  return live.sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0];
}

export type DataDirClaim = { ok: true; release: () => void } | { ok: false; ownerPid: number };

/** Claims `dataDir` for this process (a lock file beside it holding the pid); a dead owner's claim is taken over. */
export function claimDataDir(dataDir: string): DataDirClaim {
  const lock = `${dataDir}.lock`;
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: "wx" });
      return { ok: true, release: onExit(() => fs.rmSync(lock, { force: true })) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const owner = Number.parseInt(fs.readFileSync(lock, "utf8"), 10);
      if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) return { ok: false, ownerPid: owner };
      fs.rmSync(lock, { force: true }); // stale: its shell was killed
    }
  }
  return { ok: false, ownerPid: -1 };
}
