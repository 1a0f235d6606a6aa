import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CrashRuns, crashChild, sinkRows } from "../../helpers/crash-child";

const runs = new CrashRuns(crashChild(path.join(__dirname, "fixtures", "crash-groups-with-state.ts")), "tspark-fmgws");
afterAll(() => runs.cleanup());

describe("flatMapGroupsWithState killed with kill -9", () => {
  it("recovers the per-key state and timeouts of the last committed version: the same sessions come out", async () => {
    const { rows: expected } = await runs.clean(3);
    // a's and b's sessions end in the no-data batch at watermark 35 s; a's second session and c's are still open
    expect(expected).toEqual([
      ["a", 2, 10, 18],
      ["b", 1, 12, 12],
    ]);
    // killed before the no-data batch that times the sessions out runs (its offsets written), and after batch 4's
    // offsets: the restart re-runs that batch on the state version before it.
    for (const crashAt of ["afterOffsetLog:3", "afterOffsetLog:4"]) {
      const { out } = await runs.killedThenRestarted(3, crashAt);
      expect(await sinkRows(out), crashAt).toEqual(expected);
    }

    // Killed after batch 2's state was committed but not its commit log: the restart re-runs batch 2 on state
    // version 2, then all the rest is there at once, so batch 3 has data (a at 41 s) at watermark 35 s. As in
    // Spark, a key with new rows is called with them before timeouts are looked at: a's session goes on
    // (10 s..41 s) instead of ending, and only b's ends. The state the re-run started from is what the crash left.
    const { out } = await runs.killedThenRestarted(3, "afterStateCommit:2");
    expect(await sinkRows(out)).toEqual([["b", 1, 12, 12]]);
  }, 240_000);
});
