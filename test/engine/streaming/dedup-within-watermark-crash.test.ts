import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CrashRuns, crashChild, sinkRows } from "../../helpers/crash-child";

const runs = new CrashRuns(crashChild(path.join(__dirname, "fixtures", "crash-dedup-within-watermark.ts")), "tspark-ddww");
afterAll(() => runs.cleanup());

describe("dropDuplicatesWithinWatermark killed with kill -9", () => {
  it("a batch re-run after kill -9 starts from the state the no-data batch left (the key it forgot is new again)", async () => {
    const { rows: expected } = await runs.clean(3);
    expect(expected).toEqual([
      ["a", 10],
      ["b", 30],
      ["a", 26],
    ]);
    // batches: 0 (a 10 s), 1 no-data (watermark 5 s), 2 (a 12 s dropped, b 30 s), 3 no-data (watermark 25 s:
    // a forgotten), 4 (a 26 s new again). Killed after batch 4's offsets: the restart re-runs it on the state
    // batch 3 left, in which a is gone, so a is emitted as in the uncrashed run.
    const { out } = await runs.killedThenRestarted(3, "afterOffsetLog:4");
    expect(await sinkRows(out)).toEqual(expected);
  }, 150_000);

  it("a batch re-run after kill -9 still drops a duplicate within the watermark", async () => {
    // Killed after batch 2's offsets: the re-run remembers a (from batch 0), so ("a", 12 s) stays dropped.
    // (Whether ("a", 26 s) is emitted then depends on whether a no-data batch runs before it, as in Spark,
    // which also evicts at the end of a batch: after the restart all input is there at once, so it is not.)
    const { out } = await runs.killedThenRestarted(3, "afterOffsetLog:2");
    const rows = await sinkRows(out);
    expect(rows.slice(0, 2)).toEqual([
      ["a", 10],
      ["b", 30],
    ]);
    expect(rows).not.toContainEqual(["a", 12]);
  }, 150_000);
});
