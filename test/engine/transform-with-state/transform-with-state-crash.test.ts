import { promises as fs } from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CrashRuns, crashChild, sinkRows } from "../../helpers/crash-child";

const runs = new CrashRuns(crashChild(path.join(__dirname, "fixtures", "crash-transform-with-state.ts")), "tspark-tws");
afterAll(() => runs.cleanup());

describe("transformWithState killed with kill -9", () => {
  it("recovers the state variables and timers of the last committed version: the same sessions come out", async () => {
    const { dir: cleanCp, rows: expected } = await runs.clean(3);
    // a's and b's sessions end in the no-data batch at watermark 35 s, earliest timer first (b's at 22 s, a's at
    // 28 s); a's second session and c's are still open
    expect(expected).toEqual([
      ["b", 1, 12, 12],
      ["a", 2, 10, 18],
    ]);
    // one store per state variable (Spark's column families) and one for the timers
    expect((await fs.readdir(path.join(cleanCp, "state", "0", "0"))).sort()).toEqual(["$timers", "session"]);
    // killed before the no-data batch that fires the timers runs (its offsets written), after batch 4's offsets,
    // and between the timers' store and the variable's store of one version
    for (const crashAt of ["afterOffsetLog:3", "afterOffsetLog:4", "midStateCommit:3"]) {
      const { out } = await runs.killedThenRestarted(3, crashAt);
      expect(await sinkRows(out), crashAt).toEqual(expected);
    }
  }, 240_000);
});
