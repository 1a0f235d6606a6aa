import type { BatchInput, BatchOutput, BatchRunner } from "../../../src/engine/exec/batch-runner";
import type { CheckpointStore } from "../../../src/engine/checkpoint/checkpoint-store";
import { StateStoreFiles } from "../../../src/engine/checkpoint/state-store";
import type { StreamSink } from "../../../src/engine/exec/sink";
import type { StructType } from "../../../src/engine/types/struct-type";
import type { Row } from "../../../src/engine/types/values";

/** The plan-free runners below let the execution protocol be tested on its own. */
const NO_SCHEMA = { fields: [] } as unknown as StructType;

/** Passes every input row through (a stateless query). */
export function passThroughRunner(): BatchRunner {
  return {
    outputSchema: NO_SCHEMA,
    isStateful: false,
    watermarkDelayMs: undefined,
    outputMode: "append",
    async restoreState() {},
    async runBatch(input: BatchInput): Promise<BatchOutput> {
      return { rows: [...input.inputs.values()].flat(), stateOperators: [] };
    },
    async commitState() {},
    async purgeState() {},
    explain: () => "PassThrough",
  };
}

/** Running count per first column, kept in the checkpoint's state store (complete mode output). */
export function countingRunner(store: CheckpointStore): BatchRunner & { counts: Map<string, number> } {
  const files = new StateStoreFiles(store, 0);
  const runner = {
    counts: new Map<string, number>(),
    outputSchema: NO_SCHEMA,
    isStateful: true,
    watermarkDelayMs: undefined,
    outputMode: "complete" as const,
    async restoreState(version: number) {
      const snap = (await files.load(version)) as [string, number][] | null;
      runner.counts = new Map(snap ?? []);
    },
    async runBatch(input: BatchInput): Promise<BatchOutput> {
      for (const row of [...input.inputs.values()].flat()) {
        const k = String(row[0]);
        runner.counts.set(k, (runner.counts.get(k) ?? 0) + 1);
      }
      const rows = [...runner.counts.entries()].sort().map(([k, n]) => [k, n]);
      return { rows, stateOperators: [] };
    },
    async commitState(version: number) {
      await files.commit(version, [...runner.counts.entries()]);
    },
    async purgeState(min: number) {
      await files.purge(min);
    },
    explain: () => "Count",
  };
  return runner;
}

/** Records every addBatch call (including replays) and keeps one copy per batch id. */
export class RecordingSink implements StreamSink {
  readonly description = "RecordingSink";
  readonly calls: number[] = [];
  readonly batches = new Map<number, Row[]>();

  async addBatch(batchId: number, rows: Row[]): Promise<void> {
    this.calls.push(batchId);
    if (!this.batches.has(batchId)) this.batches.set(batchId, rows);
  }

  allRows(): Row[] {
    return [...this.batches.keys()].sort((a, b) => a - b).flatMap((id) => this.batches.get(id)!);
  }
}
