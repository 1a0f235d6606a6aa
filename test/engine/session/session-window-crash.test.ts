/**
 * A streaming session-window aggregation killed with kill -9 at points of the checkpoint protocol, then restarted
 * on the same checkpoint: the open sessions come back from the state store version the last committed batch wrote,
 * so the output (one file per batch id, put-if-absent) equals an uncrashed run's.
 */
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CrashRuns, crashChild, sinkRows } from "../../helpers/crash-child";

const BATCHES = 5;
const runs = new CrashRuns(crashChild(path.join(__dirname, "fixtures", "crash-session-window.ts")), "tspark-sess");
afterAll(() => runs.cleanup());

describe("session windows killed with kill -9", () => {
  it("recover their open sessions from the state store and give the uncrashed run's sessions", async () => {
    const { rows: expected } = await runs.clean(BATCHES);
    // a [10, 20] closed by the 25 s watermark; a [22, 40] (22 joined [30, 40]) closed by 55 s; (a, 45) late;
    // b [60, 75] (65 extended it) closed by 95 s
    expect(expected).toEqual([
      [[10, 20], "a", 1],
      [[22, 40], "a", 2],
      [[60, 75], "b", 2],
    ]);
    // batches of the progressive run: 0 (input 0), 1 no-data, 2 (input 1), 3 (input 2), 4 no-data, 5 (input 3),
    // 6 (input 4), 7 no-data. Killed before batch 3's state is committed; after batch 3's state (version 4) but
    // before its commit log, so the re-run must start again from version 3 and not count b twice; and after the
    // no-data batch 4 handed a's session to the sink but before its state commit, so the re-run evicts it again.
    // The restart then gets all later input at once (a durable source), as in Spark. (A kill before batch 3's
    // offsets would put (a, 45) in the same batch as b, before the watermark reached 55 s, so it would not be
    // late: a different answer in Spark too.)
    for (const crashAt of ["afterOffsetLog:3", "afterStateCommit:3", "afterAddBatch:4"]) {
      const { out } = await runs.killedThenRestarted(BATCHES, crashAt);
      expect(await sinkRows(out), crashAt).toEqual(expected);
    }
  }, 300_000);
});
