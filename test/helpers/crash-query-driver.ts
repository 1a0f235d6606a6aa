/**
 * The part the crash-test child processes share: run a MemoryStream query through the real engine until
 * every input batch is processed. Input batch i is re-created identically in every run: added one per
 * micro-batch ("progressive"), or all before the start ("upfront", a durable source after a restart).
 * `TSPARK_CRASH_AT` makes the engine SIGKILL the process at a chosen point along the way.
 */
import { MemoryStreamData, memoryStreamProvider, registerMemoryStream } from "../../src/connector/memory/memory-stream-source";
import type { CheckpointStore } from "../../src/engine/checkpoint/checkpoint-store";
import { LocalFileStore } from "../../src/engine/checkpoint/local-file-store";
import type { BatchRunner } from "../../src/engine/exec/batch-runner";
import { SystemClock } from "../../src/engine/exec/clock";
import { IncrementalRunner } from "../../src/engine/exec/incremental-runner";
import { MicroBatchExecution } from "../../src/engine/exec/micro-batch-execution";
import type { OutputMode, StreamSink } from "../../src/engine/exec/sink";
import type { LogicalPlan } from "../../src/engine/plan/nodes";
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

/** What a plan-level crash fixture declares; `runCrashPlanFixture` does the rest. */
export interface CrashPlanFixture {
  readonly streamId: string;
  readonly schema: StructType;
  readonly plan: LogicalPlan;
  readonly outputMode: OutputMode;
  /** Ids of the plan's StreamingRelations; each reads the driver's one source. */
  readonly relationIds: readonly number[];
  readonly input: (batch: number) => Row[];
  /** JSON.stringify replacer for the sink's files (bigints are not JSON). */
  readonly replacer?: (key: string, value: unknown) => unknown;
}

/**
 * The child-process entry shared by the plan-level crash fixtures: argv `<checkpointDir> <outDir> <batches>
 * [upfront]`, the real IncrementalRunner over `plan`, and a file sink writing one put-if-absent file per batch
 * id, so a batch re-run after a crash that wrote different rows shows up as a failed put, not a silent overwrite.
 */
export function runCrashPlanFixture(f: CrashPlanFixture): void {
  const main = async (): Promise<void> => {
    const [dir, outDir, batches, mode] = process.argv.slice(2) as [string, string, string, string | undefined];
    const out = new LocalFileStore(outDir);
    const sink: StreamSink = {
      description: "FileSink",
      async addBatch(batchId: number, rows: Row[]) {
        await out.putIfAbsent(`part-${batchId}.json`, JSON.stringify(rows, f.replacer));
      },
    };
    const store = new LocalFileStore(dir);
    const inner = new IncrementalRunner(f.plan, null, f.outputMode, store);
    // The driver feeds its one source as relation "in"; every relation of the plan reads it.
    const runner: BatchRunner = Object.assign(Object.create(inner) as BatchRunner, {
      runBatch: (input: Parameters<BatchRunner["runBatch"]>[0]) => {
        const rows = input.inputs.get("in") ?? [];
        return inner.runBatch({ ...input, inputs: new Map(f.relationIds.map((id) => [String(id), rows])) });
      },
    });
    await runCrashQuery({
      streamId: f.streamId,
      schema: f.schema,
      store,
      location: dir,
      sink,
      runner,
      input: f.input,
      batches: Number(batches),
      upfront: mode === "upfront",
    });
  };
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
