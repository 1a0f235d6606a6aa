import { promises as fs } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { crashChild, sinkParts } from "../../helpers/crash-child";

const SCRIPT = path.join(__dirname, "fixtures", "crash-query.ts");

const runChild = crashChild(SCRIPT);

const parts = sinkParts;

describe("a process killed in the middle of a batch", () => {
  it.each([
    ["after the offset log, before the sink", "afterOffsetLog:2"],
    ["after the sink, before the commit", "afterAddBatch:2"],
    ["after the state snapshot, before the commit", "afterStateCommit:2"],
  ])("%s: the batch is re-run with the same offsets and the sink holds no duplicates", async (_label, crashAt) => {
    const dir = await fs.mkdtemp(path.join(tmpdir(), "tspark-crash-"));
    const out = await fs.mkdtemp(path.join(tmpdir(), "tspark-crash-out-"));
    const killed = runChild(dir, out, 3, crashAt);
    expect(killed.signal).toBe("SIGKILL");
    const offsetsBefore = await fs.readFile(path.join(dir, "offsets", "2"), "utf8");
    await expect(fs.stat(path.join(dir, "commits", "2"))).rejects.toThrow();

    // The restarted process re-creates the stream and has one more batch of input available from the start.
    const restarted = runChild(dir, out, 4, undefined, "upfront");
    expect(restarted.status, restarted.stderr).toBe(0);
    expect(await fs.readFile(path.join(dir, "offsets", "2"), "utf8")).toBe(offsetsBefore);
    expect((await fs.readdir(path.join(dir, "commits"))).sort()).toEqual(["0", "1", "2", "3"]);
    const written = await parts(out);
    expect([...written.keys()].sort()).toEqual([0, 1, 2, 3]);
    // Running counts (complete mode) carry the state across the crash: 8 input rows in total.
    const last = written.get(3) as [string, number][];
    expect(last.reduce((n, [, c]) => n + c, 0)).toBe(8);
    expect(last).toEqual([
      ["k0", 4],
      ["k1", 3],
      ["k2", 1],
    ]);
  });

  it.each([
    ["before the offset log: the batch is planned afresh", "beforeOffsetLog:2", false],
    ["after the commit, before the sources are told: the next batch follows", "afterCommitLog:2", true],
  ])("%s; counts stay exact", async (_label, crashAt, committed) => {
    const dir = await fs.mkdtemp(path.join(tmpdir(), "tspark-crash-"));
    const out = await fs.mkdtemp(path.join(tmpdir(), "tspark-crash-out-"));
    const killed = runChild(dir, out, 3, crashAt);
    expect(killed.signal).toBe("SIGKILL");
    expect((await fs.readdir(path.join(dir, "offsets"))).includes("2")).toBe(committed);
    expect((await fs.readdir(path.join(dir, "commits"))).includes("2")).toBe(committed);
    const restarted = runChild(dir, out, 4, undefined, "upfront");
    expect(restarted.status, restarted.stderr).toBe(0);
    const written = await parts(out);
    const lastId = Math.max(...written.keys());
    const last = written.get(lastId) as [string, number][];
    expect(last).toEqual([
      ["k0", 4],
      ["k1", 3],
      ["k2", 1],
    ]);
  });
});

describe("a query with two stateful operators killed in the middle of a batch", () => {
  const runTwo = crashChild(path.join(__dirname, "fixtures", "crash-two-operators.ts"));

  // One crash point (the other is covered for one operator above): each child run costs seconds under load.
  it.each([["afterAddBatch:2"]])(
    "crash at %s: both operators' state (dedup keys, counts) comes back and the answer is the uncrashed one",
    async (crashAt) => {
      const dir = await fs.mkdtemp(path.join(tmpdir(), "tspark-crash2-"));
      const out = await fs.mkdtemp(path.join(tmpdir(), "tspark-crash2-out-"));
      const killed = runTwo(dir, out, 3, crashAt);
      expect(killed.signal, killed.stderr).toBe("SIGKILL");
      // each operator keeps its own state directory: the aggregation is operator 0, the deduplication 1
      expect((await fs.readdir(path.join(dir, "state"))).sort()).toEqual(["0", "1"]);
      const restarted = runTwo(dir, out, 4, undefined, "upfront");
      expect(restarted.status, restarted.stderr).toBe(0);
      const written = await parts(out);
      expect([...written.keys()].sort()).toEqual([0, 1, 2, 3]);
      // keys 0..3 once each (the repeated key of every batch is dropped across batches): even {0, 2}, odd {1, 3}
      expect(written.get(3)).toEqual([
        ["even", 2],
        ["odd", 2],
      ]);
    },
  );
});
