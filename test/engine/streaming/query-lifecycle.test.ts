import { promises as fs } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { MemoryStreamData, memoryStreamProvider, registerMemoryStream } from "../../../src/connector/memory/memory-stream-source";
import { StreamingQueryManager } from "../../../src/engine/api/query-manager";
import { StreamingQuery } from "../../../src/engine/api/streaming-query";
import { LocalFileStore } from "../../../src/engine/checkpoint/local-file-store";
import type { BatchRunner } from "../../../src/engine/exec/batch-runner";
import { SystemClock } from "../../../src/engine/exec/clock";
import { MicroBatchExecution } from "../../../src/engine/exec/micro-batch-execution";
import { StreamingQueryException } from "../../../src/engine/errors";
import { StructType } from "../../../src/engine/types/struct-type";
import { passThroughRunner, RecordingSink } from "./protocol-fixtures";

let n = 0;

/** Wires a query the way DataStreamWriter.start does, over a MemoryStream and a recording sink. */
async function startQuery(manager: StreamingQueryManager, runner: BatchRunner = passThroughRunner()) {
  const data = new MemoryStreamData(`life-${n++}`, StructType().add("v", "string"));
  registerMemoryStream(data);
  const dir = await fs.mkdtemp(path.join(tmpdir(), "tspark-life-"));
  const source = await memoryStreamProvider.createSource({ options: new Map([["id", data.id]]), metadataPath: dir, queryId: "q", session: null });
  const query = new StreamingQuery(`q-${n}`, `r-${n}`, `name${n}`, (q) => manager.notifyTerminated(q));
  const sink = new RecordingSink();
  const execution = new MicroBatchExecution({
    queryId: query.id,
    runId: query.runId,
    name: query.name,
    store: new LocalFileStore(dir),
    sources: [{ relationId: "0", source }],
    sink,
    runner,
    trigger: { kind: "ProcessingTime", intervalMs: 0 },
    clock: new SystemClock(),
    conf: {},
    minBatchesToRetain: 100,
    events: {
      onProgress: (p) => {
        query.recordProgress(p);
        manager.notifyProgress(p);
      },
      onIdle: () => manager.notifyIdle(query),
      onStatus: (s) => query.recordStatus(s),
    },
  });
  manager.notifyStarted(query);
  await execution.prepare();
  query.attach({ execution, done: execution.run(), explain: () => "plan", cleanup: async () => {} });
  return { query, data, sink };
}

describe("StreamingQuery and spark.streams", () => {
  it("reports started, progress, idle and terminated to listeners; stop ends the query", async () => {
    const manager = new StreamingQueryManager(null);
    const events: string[] = [];
    manager.addListener({
      onQueryStarted: (e) => void events.push(`started ${e.name}`),
      onQueryProgress: (e) => void events.push(`progress ${e.progress.batchId}`),
      onQueryIdle: () => {
        if (events[events.length - 1] !== "idle") events.push("idle");
      },
      onQueryTerminated: (e) => void events.push(`terminated ${e.exception}`),
    });
    const { query, data } = await startQuery(manager);
    expect(manager.active).toEqual([query]);
    expect(manager.get(query.id)).toBe(query);
    data.add([["x"]]);
    await query.processAllAvailable();
    expect(query.lastProgress?.numInputRows).toBe(1);
    expect(query.status).toEqual({ message: "Waiting for data to arrive", isDataAvailable: false, isTriggerActive: false });
    expect(await query.awaitTermination(20)).toBe(false);
    await query.stop();
    expect(query.isActive).toBe(false);
    expect(await query.awaitTermination(20)).toBe(true);
    expect(manager.active).toEqual([]);
    expect(events[0]).toMatch(/^started name/);
    expect(events).toContain("progress 0");
    expect(events).toContain("idle");
    expect(events[events.length - 1]).toBe("terminated null");
  });

  it("a failing batch ends the query with a StreamingQueryException naming it", async () => {
    const manager = new StreamingQueryManager(null);
    const failing: BatchRunner = {
      ...passThroughRunner(),
      async runBatch() {
        throw new Error("boom in batch");
      },
    };
    const { query, data } = await startQuery(manager, failing);
    data.add([["x"]]);
    const err = await query.awaitTermination().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StreamingQueryException);
    expect((err as Error).message).toMatch(/terminated with exception: boom in batch/);
    expect(query.exception).toBe(err);
    await expect(manager.awaitAnyTermination()).rejects.toBe(err);
    manager.resetTerminated();
    expect(await manager.awaitAnyTermination(10)).toBe(false);
    await expect(query.processAllAvailable()).rejects.toBe(err);
  });
});
