/**
 * A stream-stream join followed by a windowed aggregation (append mode), SIGKILLed in the middle of a batch
 * (child process, TSPARK_CRASH_AT): after the restart the join's four stores and the aggregation's store come back,
 * every window is emitted exactly once with its count, and none twice. `midStateCommit` kills the process after the
 * join wrote the new state version to its first store only.
 */
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CrashRuns, crashChild, sinkRows } from "../../helpers/crash-child";

const runs = new CrashRuns(crashChild(path.join(__dirname, "fixtures", "crash-chain.ts")), "tspark-chaincrash");
afterAll(() => runs.cleanup());

/** Every row the sink wrote, as JSON text, sorted. */
async function allRows(out: string): Promise<string[]> {
  return (await sinkRows(out)).map((r) => JSON.stringify(r)).sort();
}

/** Input batches 0..n-1: the windows of batches 0..n-3 are closed (see chainInput), one click each. */
function expected(n: number): string[] {
  const rows: string[] = [];
  for (let i = 0; i <= n - 3; i++) {
    const s = 1000 + 100 * i;
    rows.push(JSON.stringify([`1970-01-01 00:${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`, 1]));
  }
  return rows.sort();
}

describe("a join -> aggregation chain killed in the middle of a batch", () => {
  // two kills (each child run costs seconds under load); afterStateCommit is covered by the join crash test
  it.each([["afterAddBatch:5"], ["midStateCommit:4"]])(
    "crash at %s: the join's and the aggregation's state recovered, every window once",
    async (crashAt) => {
      const { out } = await runs.killedThenRestarted(5, crashAt, {
        restartBatches: 8,
        atKill: async (dir) => {
          expect((await fs.readdir(path.join(dir, "state"))).sort()).toEqual(["0", "1"]);
          expect((await fs.readdir(path.join(dir, "state", "1", "0"))).sort()).toEqual([
            "left-keyToNumValues",
            "left-keyWithIndexToValue",
            "right-keyToNumValues",
            "right-keyWithIndexToValue",
          ]);
        },
      });
      const rows = await allRows(out);
      expect(rows).toEqual(expected(8));
      expect(new Set(rows).size).toBe(rows.length);
    },
    120_000,
  );
});
