/**
 * The parent side of the crash tests: run a crash fixture (a child process driven by crash-query-driver.ts) with
 * `TSPARK_CRASH_AT` set or not, and read back the part files its put-if-absent sink wrote, in batch order.
 */
import { type SpawnSyncReturns, spawnSync } from "node:child_process";
import { promises as fs } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { expect } from "vitest";

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

/**
 * The runs of one kill -9 test and their folders: an uncrashed run to compare with, and runs killed at a crash
 * point then restarted on the same checkpoint with all their input available at once (a durable source, as
 * after a real restart). `cleanup()` removes every folder the runs used.
 */
export class CrashRuns {
  private readonly dirs: string[] = [];

  constructor(
    private readonly run: CrashChild,
    private readonly prefix: string,
  ) {}

  /** A fresh checkpoint folder and sink folder. */
  async folders(): Promise<{ dir: string; out: string }> {
    const dir = await fs.mkdtemp(path.join(tmpdir(), `${this.prefix}-`));
    const out = await fs.mkdtemp(path.join(tmpdir(), `${this.prefix}-out-`));
    this.dirs.push(dir, out);
    return { dir, out };
  }

  /** `batches` input batches fed one at a time, no kill: its folders and the rows the sink holds after it. */
  async clean(batches: number): Promise<{ dir: string; out: string; rows: unknown[] }> {
    const { dir, out } = await this.folders();
    const r = this.run(dir, out, batches);
    expect(r.status, r.stderr).toBe(0);
    return { dir, out, rows: await sinkRows(out) };
  }

  /**
   * Killed at `crashAt` (checked: the child died of SIGKILL), `atKill` then sees the checkpoint as the kill left
   * it, and the restart (`restartBatches` of input, default `batches`) must end well. Returns the folders.
   */
  async killedThenRestarted(
    batches: number,
    crashAt: string,
    opts: { restartBatches?: number; atKill?: (dir: string) => Promise<void> } = {},
  ): Promise<{ dir: string; out: string }> {
    const { dir, out } = await this.folders();
    const killed = this.run(dir, out, batches, crashAt);
    expect(killed.signal, `${crashAt}: ${killed.stderr}`).toBe("SIGKILL");
    await opts.atKill?.(dir);
    const restarted = this.run(dir, out, opts.restartBatches ?? batches, undefined, "upfront");
    expect(restarted.status, `${crashAt}, restarted: ${restarted.stderr}`).toBe(0);
    return { dir, out };
  }

  async cleanup(): Promise<void> {
    for (const d of this.dirs.splice(0)) await fs.rm(d, { recursive: true, force: true });
  }
}
