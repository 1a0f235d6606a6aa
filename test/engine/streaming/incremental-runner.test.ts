import { promises as fs } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { MemoryStreamData, memoryStreamProvider, registerMemoryStream } from "../../../src/connector/memory/memory-stream-source";
import { LocalFileStore } from "../../../src/engine/checkpoint/local-file-store";
import { SystemClock } from "../../../src/engine/exec/clock";
import { IncrementalRunner } from "../../../src/engine/exec/incremental-runner";
import { MicroBatchExecution } from "../../../src/engine/exec/micro-batch-execution";
import type { StreamingQueryProgress } from "../../../src/engine/exec/progress";
import type { OutputMode } from "../../../src/engine/exec/sink";
import * as A from "../../../src/engine/expr/ast";
import { StringType } from "../../../src/engine/types/data-types";
import { type LogicalPlan, node } from "../../../src/engine/plan/nodes";
import { StructType } from "../../../src/engine/types/struct-type";
import type { Row } from "../../../src/engine/types/values";
import { RecordingSink } from "./protocol-fixtures";

let ids = 1000;
const sec = (s: number) => BigInt(s) * 1_000_000n;
const countStar = A.alias(A.call("count", [], false, { star: true }), "count");

function relation(data: MemoryStreamData, id: number): LogicalPlan {
  return node({ kind: "StreamingRelation", id, format: "memory-stream", options: new Map([["id", data.id]]), schema: data.schema });
}

/** Runs a plan over a MemoryStream on a checkpoint; `step` adds rows and returns the batches they produced. */
async function harness(schema: StructType, makePlan: (rel: LogicalPlan) => LogicalPlan, mode: OutputMode, dir?: string, data?: MemoryStreamData) {
  const stream = data ?? new MemoryStreamData(`ir-${ids}`, schema);
  registerMemoryStream(stream);
  const relId = ids++;
  const checkpoint = dir ?? (await fs.mkdtemp(path.join(tmpdir(), "tspark-ir-")));
  const store = new LocalFileStore(checkpoint);
  const source = await memoryStreamProvider.createSource({ options: new Map([["id", stream.id]]), metadataPath: checkpoint, queryId: "q", session: null });
  const sink = new RecordingSink();
  const progress: StreamingQueryProgress[] = [];
  const exec = new MicroBatchExecution({
    queryId: "q",
    runId: `r${relId}`,
    name: null,
    store,
    sources: [{ relationId: String(relId), source }],
    sink,
    runner: new IncrementalRunner(makePlan(relation(stream, relId)), null, mode, store),
    trigger: { kind: "ProcessingTime", intervalMs: 0 },
    clock: new SystemClock(),
    conf: {},
    minBatchesToRetain: 100,
    events: { onProgress: (p) => progress.push(p), onIdle: () => {}, onStatus: () => {} },
  });
  await exec.prepare();
  const done = exec.run();
  let seen = 0;
  return {
    stream,
    checkpoint,
    progress,
    async step(...rows: Row[]): Promise<Row[][]> {
      if (rows.length > 0) stream.add(rows);
      await exec.awaitNoNewData();
      const ids = [...sink.batches.keys()].sort((a, b) => a - b).slice(seen);
      seen += ids.length;
      return ids.map((i) => sink.batches.get(i)!);
    },
    async stop() {
      exec.stop();
      await done;
    },
  };
}

const words = StructType().add("word", "string");
const countByWord = (rel: LogicalPlan): LogicalPlan =>
  node({ kind: "Aggregate", child: rel, grouping: [A.colRef(["word"])], aggregates: [A.colRef(["word"]), countStar] });
const sorted = (rows: Row[]) => [...rows].sort((a, b) => String(a[0]).localeCompare(String(b[0])));

describe("stateful plans across micro-batches", () => {
  it("counts per key in update mode (only changed keys) and complete mode (all keys)", async () => {
    const upd = await harness(words, countByWord, "update");
    expect((await upd.step(["a"], ["b"], ["a"])).map(sorted)).toEqual([[["a", 2n], ["b", 1n]]]);
    expect(await upd.step(["a"])).toEqual([[["a", 3n]]]);
    expect(upd.progress[1]!.stateOperators[0]).toMatchObject({ numRowsTotal: 2, numRowsUpdated: 1 });
    await upd.stop();

    const all = await harness(words, countByWord, "complete");
    await all.step(["a"], ["b"], ["a"]);
    expect((await all.step(["b"])).map(sorted)).toEqual([[["a", 2n], ["b", 2n]]]);
    await all.stop();
  });

  it("continues with the same state after a restart on the checkpoint", async () => {
    const first = await harness(words, countByWord, "update");
    await first.step(["a"], ["a"]);
    await first.stop();
    first.stream.add([["a"], ["b"]]);
    const second = await harness(words, countByWord, "update", first.checkpoint, first.stream);
    expect((await second.step()).map(sorted)).toEqual([[["a", 3n], ["b", 1n]]]);
    expect(second.progress[0]!.batchId).toBe(1);
    await second.stop();
  });

  it("windowed counts with a watermark in append mode: emitted when the watermark passes, late rows dropped", async () => {
    const times = StructType().add("t", "timestamp");
    const windowExpr = A.call("window", [A.colRef(["t"]), A.lit("10 seconds", StringType())]);
    const plan = (rel: LogicalPlan): LogicalPlan =>
      node({
        kind: "Aggregate",
        child: node({ kind: "EventTimeWatermark", child: rel, column: "t", delay: "10 seconds" }),
        grouping: [windowExpr],
        aggregates: [windowExpr, countStar],
      });
    const q = await harness(times, plan, "append");
    const w = (s: number) => [sec(s), sec(s + 10)];
    const emitted = async (...rows: Row[]) => (await q.step(...rows)).flat();
    expect(await emitted([sec(10)], [sec(11)], [sec(12)], [sec(13)], [sec(14)], [sec(15)])).toEqual([]); // watermark -> 5 s
    expect(await emitted([sec(25)])).toEqual([]); // watermark -> 15 s, [10, 20) still open
    expect(await emitted([sec(35)])).toEqual([[w(10), 6n]]); // watermark -> 25 s closes [10, 20)
    expect(await emitted([sec(10)])).toEqual([]); // late: dropped
    expect(q.progress[q.progress.length - 1]!.stateOperators[0]!.numRowsDroppedByWatermark).toBe(1);
    expect(await emitted([sec(45)])).toEqual([[w(20), 1n]]); // watermark -> 35 s closes [20, 30)
    const last = q.progress[q.progress.length - 1]!;
    expect(last.eventTime.watermark).toBe("1970-01-01T00:00:35.000Z");
    await q.stop();
    const offsets = await fs.readFile(path.join(q.checkpoint, "offsets", String(last.batchId)), "utf8");
    expect(offsets.split("\n")[1]).toMatch(/^\{"batchWatermarkMs":35000,/);
  });

  it("update mode emits changed windows and evicts those the watermark passed", async () => {
    const times = StructType().add("t", "timestamp");
    const windowExpr = A.call("window", [A.colRef(["t"]), A.lit("10 seconds", StringType())]);
    const plan = (rel: LogicalPlan): LogicalPlan =>
      node({
        kind: "Aggregate",
        child: node({ kind: "EventTimeWatermark", child: rel, column: "t", delay: "5 seconds" }),
        grouping: [windowExpr],
        aggregates: [windowExpr, countStar],
      });
    const q = await harness(times, plan, "update");
    const w = (s: number) => [sec(s), sec(s + 10)];
    expect((await q.step([sec(1)], [sec(2)])).flat()).toEqual([[w(0), 2n]]);
    expect((await q.step([sec(3)], [sec(12)])).flat().sort()).toEqual([[w(0), 3n], [w(10), 1n]].sort());
    // watermark 12 - 5 = 7 s: nothing expired yet; then 30 s moves it to 25 s and [0, 10), [10, 20) leave the state.
    await q.step([sec(30)]);
    const ops = q.progress.map((p) => p.stateOperators[0]!);
    expect(ops[ops.length - 1]).toMatchObject({ numRowsTotal: 1 });
    expect(ops.reduce((n, o) => n + o.numRowsRemoved, 0)).toBe(2);
    await q.stop();
  });

  it("sliding windows count a row in every window that holds it", async () => {
    const times = StructType().add("t", "timestamp");
    const windowExpr = A.call("window", [A.colRef(["t"]), A.lit("10 seconds", StringType()), A.lit("5 seconds", StringType())]);
    const plan = (rel: LogicalPlan): LogicalPlan =>
      node({ kind: "Aggregate", child: rel, grouping: [windowExpr], aggregates: [windowExpr, countStar] });
    const q = await harness(times, plan, "complete");
    const rows = (await q.step([sec(7)])).flat();
    expect(rows.sort((a, b) => Number((a[0] as bigint[])[0]! - (b[0] as bigint[])[0]!))).toEqual([
      [[sec(0), sec(10)], 1n],
      [[sec(5), sec(15)], 1n],
    ]);
    await q.stop();
  });
});

describe("checkpoints written before the operator tree", () => {
  it("a single-operator query restores its state from state/0/0 and continues", async () => {
    // fixtures/checkpoint-before-operator-tree: groupBy(word).count() in complete mode, two batches
    // (a, b, a) and (a, c), written by the engine as it was before stateful operators became tree nodes.
    const dir = await fs.mkdtemp(path.join(tmpdir(), "tspark-legacy-"));
    await fs.cp(path.join(__dirname, "fixtures", "checkpoint-before-operator-tree"), dir, { recursive: true });
    const data = new MemoryStreamData(`legacy-${ids}`, words);
    data.add([["a"], ["b"], ["a"]]);
    data.add([["a"], ["c"]]);
    data.add([["b"]]);
    const q = await harness(words, countByWord, "complete", dir, data);
    expect((await q.step()).map(sorted)).toEqual([
      [
        ["a", 3n],
        ["b", 2n],
        ["c", 1n],
      ],
    ]);
    expect(q.progress[0]!.batchId).toBe(2);
    await q.stop();
  });
});
