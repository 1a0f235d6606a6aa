import { promises as fs } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { Trigger } from "../../../src/engine/api/trigger";
import { LocalFileStore } from "../../../src/engine/checkpoint/local-file-store";
import type { BatchRunner } from "../../../src/engine/exec/batch-runner";
import { type Clock, ManualClock, SystemClock } from "../../../src/engine/exec/clock";
import { MicroBatchExecution } from "../../../src/engine/exec/micro-batch-execution";
import type { StreamingQueryProgress } from "../../../src/engine/exec/progress";
import type { StructType } from "../../../src/engine/types/struct-type";
import {
  MemoryStreamData,
  memoryStreamProvider,
  registerMemoryStream,
} from "../../../src/connector/memory/memory-stream-source";
import { countingRunner, passThroughRunner, RecordingSink } from "./protocol-fixtures";

let nextId = 0;
function memoryData(): MemoryStreamData {
  const data = new MemoryStreamData(`protocol-${nextId++}`, { fields: [] } as unknown as StructType);
  registerMemoryStream(data);
  return data;
}

async function run(opts: {
  dir: string;
  data: MemoryStreamData;
  sink: RecordingSink;
  runner?: BatchRunner;
  trigger?: Trigger;
  clock?: Clock;
}) {
  const store = new LocalFileStore(opts.dir);
  const source = await memoryStreamProvider.createSource({
    options: new Map([["id", opts.data.id]]),
    metadataPath: `${opts.dir}/sources/0`,
    queryId: "q",
    session: null,
  });
  const progress: StreamingQueryProgress[] = [];
  const statuses: string[] = [];
  const exec = new MicroBatchExecution({
    queryId: "q",
    runId: `r${nextId++}`,
    name: null,
    store,
    sources: [{ relationId: "in", source }],
    sink: opts.sink,
    runner: opts.runner ?? passThroughRunner(),
    trigger: opts.trigger ?? { kind: "ProcessingTime", intervalMs: 0 },
    clock: opts.clock ?? new SystemClock(),
    conf: {},
    minBatchesToRetain: 100,
    events: { onProgress: (p) => progress.push(p), onIdle: () => {}, onStatus: (st) => statuses.push(st.message) },
  });
  await exec.prepare();
  const done = exec.run();
  return { exec, progress, done, store, statuses };
}

const tempDir = () => fs.mkdtemp(path.join(tmpdir(), "tspark-mbe-"));

/** Resolves when `cond` holds, checking on each turn of the event loop (no timers: they may be faked). */
async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 1_000_000 && !cond(); i++) await new Promise((r) => setImmediate(r));
  if (!cond()) throw new Error("condition never held");
}

describe("MicroBatchExecution protocol", () => {
  it("starts the next trigger at once when a source says data arrived (default trigger, no poll pause)", async () => {
    const dir = await tempDir();
    const data = memoryData();
    const sink = new RecordingSink();
    // With setTimeout faked and never advanced, the idle poll pause never ends by itself: only the
    // source's dataArrived call can start the trigger that finds the new rows.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      const q = await run({ dir, data, sink });
      await until(() => q.statuses.at(-1) === "Waiting for data to arrive");
      data.add([["a"]]);
      q.exec.dataArrived();
      await until(() => sink.calls.length === 1);
      // and while a batch runs: the word is kept, the pause skipped
      data.add([["b"]]);
      q.exec.dataArrived();
      await until(() => sink.calls.length === 2);
      expect(sink.allRows()).toEqual([["a"], ["b"]]);
      q.exec.stop();
      await q.done;
    } finally {
      vi.useRealTimers();
    }
  });

  it("writes offsets before and commits after each batch, one batch per new data", async () => {
    const dir = await tempDir();
    const data = memoryData();
    const sink = new RecordingSink();
    const q = await run({ dir, data, sink });
    data.add([["a"], ["b"]]);
    await q.exec.awaitNoNewData();
    data.add([["c"]]);
    await q.exec.awaitNoNewData();
    q.exec.stop();
    await q.done;
    expect(sink.calls).toEqual([0, 1]);
    expect(sink.allRows()).toEqual([["a"], ["b"], ["c"]]);
    expect((await fs.readFile(path.join(dir, "offsets", "1"), "utf8")).split("\n")).toEqual([
      "v1",
      expect.stringMatching(/^\{"batchWatermarkMs":0,"batchTimestampMs":\d+,"conf":\{\}\}$/),
      "1",
    ]);
    expect(await fs.readFile(path.join(dir, "commits", "1"), "utf8")).toBe('v1\n{"nextBatchWatermarkMs":0}');
    expect(q.progress.map((p) => [p.batchId, p.numInputRows, p.sources[0]!.startOffset, p.sources[0]!.endOffset])).toEqual([
      [0, 2, null, 0],
      [1, 1, 0, 1],
    ]);
    const p1 = q.progress[1] as StreamingQueryProgress & { prettyJson: string; json: string };
    // Like Spark's (checked on Spark 4.3 by the Spark oracle), the JSON leaves out empty maps (eventTime, metrics).
    const dropEmpty = (v: unknown): unknown =>
      v !== null && typeof v === "object" && !Array.isArray(v)
        ? Object.fromEntries(
            Object.entries(v)
              .filter(([, x]) => !(x !== null && typeof x === "object" && !Array.isArray(x) && Object.keys(x).length === 0))
              .map(([k, x]) => [k, dropEmpty(x)]),
          )
        : Array.isArray(v)
          ? v.map(dropEmpty)
          : v;
    expect(JSON.parse(p1.json)).toEqual(dropEmpty(JSON.parse(JSON.stringify(p1))));
    expect(JSON.parse(p1.json)).not.toHaveProperty("eventTime");
    expect(p1.inputRowsPerSecond).toBeGreaterThan(0);
    expect(q.progress[0]!.inputRowsPerSecond).toBe(0);
    expect(p1.prettyJson).toContain('\n  "batchId": 1,');
    expect(Object.keys(q.progress[1]!.durationMs).sort()).toEqual(
      ["addBatch", "commitOffsets", "getBatch", "latestOffset", "queryPlanning", "triggerExecution", "walCommit"].sort(),
    );
  });

  it("continues with the next batch and the same state after a restart", async () => {
    const dir = await tempDir();
    const data = memoryData();
    const sink1 = new RecordingSink();
    const store = new LocalFileStore(dir);
    const first = await run({ dir, data, sink: sink1, runner: countingRunner(store) });
    data.add([["a"], ["b"], ["a"]]);
    await first.exec.awaitNoNewData();
    first.exec.stop();
    await first.done;
    data.add([["a"]]);
    const sink2 = new RecordingSink();
    const second = await run({ dir, data, sink: sink2, runner: countingRunner(store) });
    await second.exec.awaitNoNewData();
    second.exec.stop();
    await second.done;
    expect(sink2.calls).toEqual([1]);
    expect(sink2.batches.get(1)).toEqual([
      ["a", 3],
      ["b", 1],
    ]);
  });

  it("re-runs a batch whose offsets were written but not committed, with the same offsets", async () => {
    const dir = await tempDir();
    const data = memoryData();
    const sink = new RecordingSink();
    const first = await run({ dir, data, sink });
    data.add([["a"]]);
    await first.exec.awaitNoNewData();
    first.exec.stop();
    await first.done;
    // Batch 1 planned to end at offset 1, then the process died before the commit.
    data.add([["b"]]);
    data.add([["c"]]);
    await fs.writeFile(path.join(dir, "offsets", "1"), 'v1\n{"batchWatermarkMs":0,"batchTimestampMs":5,"conf":{}}\n1');
    const second = await run({ dir, data, sink });
    await second.exec.awaitNoNewData();
    second.exec.stop();
    await second.done;
    expect(sink.calls).toEqual([0, 1, 2]);
    expect(sink.batches.get(1)).toEqual([["b"]]);
    expect(sink.batches.get(2)).toEqual([["c"]]);
    expect(second.progress[0]!.timestamp).toBeDefined();
  });

  it("Once runs one batch and stops; with no data it runs none", async () => {
    const data = memoryData();
    const sink = new RecordingSink();
    const empty = await run({ dir: await tempDir(), data, sink, trigger: Trigger.Once() });
    await empty.done;
    expect(sink.calls).toEqual([]);
    data.add([["a"]]);
    data.add([["b"]]);
    const once = await run({ dir: await tempDir(), data, sink, trigger: Trigger.Once() });
    await once.done;
    expect(sink.calls).toEqual([0]);
    expect(sink.allRows()).toEqual([["a"], ["b"]]);
  });

  it("AvailableNow processes what was there at start, then stops", async () => {
    const data = memoryData();
    data.add([["a"]]);
    const sink = new RecordingSink();
    const q = await run({ dir: await tempDir(), data, sink, trigger: Trigger.AvailableNow() });
    data.add([["late"]]); // arrives after start: not part of this run
    await q.done;
    expect(sink.allRows()).toEqual([["a"]]);
  });

  it("ProcessingTime paces batches on interval boundaries of the query clock", async () => {
    const clock = new ManualClock(0);
    const data = memoryData();
    const sink = new RecordingSink();
    data.add([["a"]]);
    const q = await run({ dir: await tempDir(), data, sink, trigger: Trigger.ProcessingTime("10 seconds"), clock });
    await waitFor(() => clock.isWaiting());
    expect(sink.calls).toEqual([0]); // first trigger at t=0 ran at once
    data.add([["b"]]);
    clock.advance(5_000);
    await new Promise((r) => setTimeout(r, 30));
    expect(sink.calls).toEqual([0]); // not yet: next boundary is t=10s
    clock.advance(5_000);
    await waitFor(() => sink.calls.length === 2 && clock.isWaiting());
    expect(q.progress.map((p) => p.timestamp)).toEqual(["1970-01-01T00:00:00.000Z", "1970-01-01T00:00:10.000Z"]);
    q.exec.stop();
    await q.done;
  });
});

async function waitFor(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!cond()) throw new Error("condition not reached");
}
