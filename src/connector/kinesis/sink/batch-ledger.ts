/**
 * The sink's memory of which batches it fully wrote, so a batch the engine re-runs after a crash (same id, same
 * rows: Spark's Sink.addBatch contract) is not written twice.
 *
 * One entry per batch, `committed/<batchId>` under the sink's checkpoint directory (`<checkpoint>/sinks/0`), on
 * whatever store the checkpoint lives (local, s3://, dynamodb://), written with put-if-absent only after every
 * PutRecords of the batch succeeded. A batch id at or below the newest entry is skipped. Entries older than the
 * newest `minBatchesToRetain` are deleted as new ones are written. Without a checkpoint directory the ledger lives
 * in memory only (the connector's behaviour: protects against re-runs within one run, not across restarts).
 */
import type { CheckpointStore } from "../../../engine/checkpoint/checkpoint-store";

const DIR = "committed";

export interface LedgerEntry {
  readonly batchId: number;
  readonly stream: string;
  /** Input rows written. */
  readonly rows: number;
  /** Kinesis records (aggregates count once). */
  readonly kinesisRecords: number;
  readonly committedAt: string;
}

export class BatchLedger {
  private ids: number[] | undefined;

  constructor(
    private readonly store: CheckpointStore | undefined,
    private readonly retain: number,
  ) {}

  /** Where it is kept, for logs. */
  get location(): string {
    return this.store ? `${this.store.location.replace(/\/$/, "")}/${DIR}` : "memory";
  }

  private async load(): Promise<number[]> {
    if (this.ids === undefined) {
      const names = this.store ? await this.store.list(DIR) : [];
      this.ids = names.filter((n) => /^\d+$/.test(n)).map(Number).sort((a, b) => a - b);
    }
    return this.ids;
  }

  async lastCommitted(): Promise<number | undefined> {
    const ids = await this.load();
    return ids.length === 0 ? undefined : ids[ids.length - 1];
  }

  async isCommitted(batchId: number): Promise<boolean> {
    const last = await this.lastCommitted();
    return last !== undefined && batchId <= last;
  }

  async commit(entry: LedgerEntry): Promise<void> {
    const ids = await this.load();
    // false = another run of this query recorded it first; either way the batch is written.
    if (this.store) await this.store.putIfAbsent(`${DIR}/${entry.batchId}`, `${JSON.stringify(entry)}\n`);
    if (!ids.includes(entry.batchId)) {
      ids.push(entry.batchId);
      ids.sort((a, b) => a - b);
    }
    while (ids.length > this.retain) {
      const old = ids.shift()!;
      if (this.store) await this.store.delete(`${DIR}/${old}`);
    }
  }
}
