/**
 * The parent side of the crash tests: run a crash fixture (a child process driven by crash-query-driver.ts) with
 * `TSPARK_CRASH_AT` set or not, and read back the part files its put-if-absent sink wrote, in batch order.
 */
import { type SpawnSyncReturns, spawnSync } from "node:child_process";
import { promises as fs } from "node:fs";
import * as path from "node:path";

export type CrashChild = (dir: string, out: string, batches: number, crashAt?: string, mode?: "progressive" | "upfront") => SpawnSyncReturns<string>;

/** A runner for `script`: argv `<dir> <out> <batches> <mode>`; a crash point kills the child with SIGKILL. */
export function crashChild(script: string): CrashChild {
  return (dir, out, batches, crashAt, mode = "progressive") =>
    spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", script, dir, out, String(batches), mode], {
      env: { ...process.env, TSPARK_CRASH_AT: crashAt ?? "" },
      encoding: "utf8",
      timeout: 60_000,
    });
}

/** The sink's files `part-<batchId>.json`, parsed, by batch id in increasing order. */
export async function sinkParts(out: string): Promise<Map<number, unknown[]>> {
  const found: [number, string][] = [];
  for (const f of await fs.readdir(out)) {
    const id = /^part-(\d+)\.json$/.exec(f);
    if (id) found.push([Number(id[1]), f]);
  }
  found.sort((a, b) => a[0] - b[0]);
  const parts = new Map<number, unknown[]>();
  for (const [id, f] of found) parts.set(id, JSON.parse(await fs.readFile(path.join(out, f), "utf8")) as unknown[]);
  return parts;
}

/** Every row the sink wrote, batch after batch. */
export async function sinkRows(out: string): Promise<unknown[]> {
  return [...(await sinkParts(out)).values()].flat();
}
