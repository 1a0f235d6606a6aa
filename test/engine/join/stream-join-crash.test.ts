/**
 * A stream-stream inner join SIGKILLed in the middle of a batch (child process, TSPARK_CRASH_AT): after the
 * restart both sides' state comes back (a right row of a later batch still meets the left row of batch 0) and
 * every joined pair is in the sink exactly once.
 */
import { promises as fs } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { crashChild, sinkParts } from "../../helpers/crash-child";

const SCRIPT = path.join(__dirname, "fixtures", "crash-stream-join.ts");

const runChild = crashChild(SCRIPT);

/** The batch ids the sink wrote, and every row as JSON text, sorted. */
async function allRows(out: string): Promise<{ batches: number[]; rows: string[] }> {
  const parts = await sinkParts(out);
  return { batches: [...parts.keys()], rows: [...parts.values()].flat().map((r) => JSON.stringify(r)).sort() };
}

/** Batch i >= 1 joins the left row of batch i-1 and the left row of batch 0 (see streamJoinInput). */
function expected(batches: number): string[] {
  const rows: string[] = [];
  for (let i = 1; i < batches; i++) {
    rows.push(JSON.stringify([i - 1, "L", `l${i - 1}`, "R", `r${i}a`]), JSON.stringify([0, "L", "l0", "R", `r${i}b`]));
  }
  return rows.sort();
}

describe("a stream-stream join killed in the middle of a batch", () => {
  // Two crash points (each child run costs seconds under load): after the sink wrote batch 2 but before its state
  // and commit, and after its state snapshot but before the commit log.
  it.each([["afterAddBatch:2"], ["afterStateCommit:2"]])(
    "crash at %s: both sides' state recovered, no joined row emitted twice",
    async (crashAt) => {
      const dir = await fs.mkdtemp(path.join(tmpdir(), "tspark-joincrash-"));
      const out = await fs.mkdtemp(path.join(tmpdir(), "tspark-joincrash-out-"));
      const killed = runChild(dir, out, 3, crashAt);
      expect(killed.signal, killed.stderr).toBe("SIGKILL");
      expect(await fs.readdir(path.join(dir, "state"))).toEqual(["0"]);
      const restarted = runChild(dir, out, 5, undefined, "upfront");
      expect(restarted.status, restarted.stderr).toBe(0);
      const { batches, rows } = await allRows(out);
      expect(batches).toEqual([0, 1, 2, 3]);
      expect(rows).toEqual(expected(5));
      expect(new Set(rows).size).toBe(rows.length);
    },
    120_000,
  );
});
