/**
 * The part the crash-test child processes share: run a MemoryStream query through the real engine until
 * every input batch is processed. Input batch i is re-created identically in every run: added one per
 * micro-batch ("progressive"), or all before the start ("upfront", a durable source after a restart).
 * `TSPARK_CRASH_AT` makes the engine SIGKILL the process at a chosen point along the way.
 */
import { MemoryStreamData, memoryStreamProvider, registerMemoryStream } from "../../src/connector/memory/memory-stream-source";
import type { CheckpointStore } from "../../src/engine/checkpoint/checkpoint-store";
import type { BatchRunner } from "../../src/engine/exec/batch-runner";
import { SystemClock } from "../../src/engine/exec/clock";
import { MicroBatchExecution } from "../../src/engine/exec/micro-batch-execution";
import type { StreamSink } from "../../src/engine/exec/sink";
import type { StructType } from "../../src/engine/types/struct-type";
import type { Row } from "../../src/engine/types/values";

export interface CrashQuery {
  readonly streamId: string;
  readonly schema: StructType;
  readonly store: CheckpointStore;
  /** Checkpoint location as a path or URI (the source keeps its files below it). */
  readonly location: string;
  readonly sink: StreamSink;
  readonly runner: BatchRunner;
  readonly input: (batch: number) => Row[];
  readonly batches: number;
  readonly upfront: boolean;
}

export async function runCrashQuery(q: CrashQuery): Promise<void> {
  const data = new MemoryStreamData(q.streamId, q.schema);
  registerMemoryStream(data);
  if (q.upfront) for (let i = 0; i < q.batches; i++) data.add(q.input(i));
  const source = await memoryStreamProvider.createSource({
    options: new Map([["id", q.streamId]]),
    metadataPath: `${q.location}/sources/0`,
    queryId: "q",
    session: null,
  });
  const exec = new MicroBatchExecution({
    queryId: "q",
    runId: String(process.pid),
    name: null,
    store: q.store,
    sources: [{ relationId: "in", source }],
    sink: q.sink,
    runner: q.runner,
    trigger: { kind: "ProcessingTime", intervalMs: 0 },
    clock: new SystemClock(),
    conf: {},
    minBatchesToRetain: 100,
    events: { onProgress: () => {}, onIdle: () => {}, onStatus: () => {} },
  });
  await exec.prepare();
  const done = exec.run();
  if (q.upfront) await exec.awaitNoNewData();
  else {
    for (let i = 0; i < q.batches; i++) {
      data.add(q.input(i));
      await exec.awaitNoNewData();
    }
  }
  exec.stop();
  await done;
}
