import { promises as fs } from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CrashRuns, crashChild, sinkParts } from "../../helpers/crash-child";

const runs = new CrashRuns(crashChild(path.join(__dirname, "fixtures", "crash-query.ts")), "tspark-crash");
const runsTwo = new CrashRuns(crashChild(path.join(__dirname, "fixtures", "crash-two-operators.ts")), "tspark-crash2");
afterAll(async () => {
  await runs.cleanup();
  await runsTwo.cleanup();
});

describe("a process killed in the middle of a batch", () => {
  it.each([
    ["after the offset log, before the sink", "afterOffsetLog:2"],
    ["after the sink, before the commit", "afterAddBatch:2"],
    ["after the state snapshot, before the commit", "afterStateCommit:2"],
  ])("%s: the batch is re-run with the same offsets and the sink holds no duplicates", async (_label, crashAt) => {
    let offsetsBefore = "";
    // The restarted process re-creates the stream and has one more batch of input available from the start.
    const { dir, out } = await runs.killedThenRestarted(3, crashAt, {
      restartBatches: 4,
      atKill: async (dir) => {
        offsetsBefore = await fs.readFile(path.join(dir, "offsets", "2"), "utf8");
        await expect(fs.stat(path.join(dir, "commits", "2"))).rejects.toThrow();
      },
    });
    expect(await fs.readFile(path.join(dir, "offsets", "2"), "utf8")).toBe(offsetsBefore);
    expect((await fs.readdir(path.join(dir, "commits"))).sort()).toEqual(["0", "1", "2", "3"]);
    const written = await sinkParts(out);
    expect([...written.keys()].sort()).toEqual([0, 1, 2, 3]);
    // Running counts (complete mode) carry the state across the crash: 8 input rows in total.
    const last = written.get(3) as [string, number][];
    expect(last.reduce((n, [, c]) => n + c, 0)).toBe(8);
    expect(last).toEqual([
      ["k0", 4],
      ["k1", 3],
      ["k2", 1],
    ]);
  }, 120_000); // two child processes, each seconds under load

  it.each([
    ["before the offset log: the batch is planned afresh", "beforeOffsetLog:2", false],
    ["after the commit, before the sources are told: the next batch follows", "afterCommitLog:2", true],
  ])("%s; counts stay exact", async (_label, crashAt, committed) => {
    const { out } = await runs.killedThenRestarted(3, crashAt, {
      restartBatches: 4,
      atKill: async (dir) => {
        expect((await fs.readdir(path.join(dir, "offsets"))).includes("2")).toBe(committed);
        expect((await fs.readdir(path.join(dir, "commits"))).includes("2")).toBe(committed);
      },
    });
    const written = await sinkParts(out);
    const lastId = Math.max(...written.keys());
    const last = written.get(lastId) as [string, number][];
    expect(last).toEqual([
      ["k0", 4],
      ["k1", 3],
      ["k2", 1],
    ]);
  }, 120_000); // two child processes, each seconds under load
});

describe("a query with two stateful operators killed in the middle of a batch", () => {
  // One crash point (the other is covered for one operator above): each child run costs seconds under load.
  it.each([["afterAddBatch:2"]])(
    "crash at %s: both operators' state (dedup keys, counts) comes back and the answer is the uncrashed one",
    async (crashAt) => {
      const { out } = await runsTwo.killedThenRestarted(3, crashAt, {
        restartBatches: 4,
        // each operator keeps its own state directory: the aggregation is operator 0, the deduplication 1
        atKill: async (dir) => expect((await fs.readdir(path.join(dir, "state"))).sort()).toEqual(["0", "1"]),
      });
      const written = await sinkParts(out);
      expect([...written.keys()].sort()).toEqual([0, 1, 2, 3]);
      // keys 0..3 once each (the repeated key of every batch is dropped across batches): even {0, 2}, odd {1, 3}
      expect(written.get(3)).toEqual([
        ["even", 2],
        ["odd", 2],
      ]);
    },
    120_000,
  );
});
