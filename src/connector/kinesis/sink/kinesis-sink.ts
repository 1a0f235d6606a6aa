/**
 * The aws-kinesis StreamSink: per batch, skip it if the ledger says it was written; otherwise turn the rows into
 * records (every row checked before anything is sent), aggregate them per shard if enabled, PutRecords them all
 * (retrying failed entries), then record the batch in the ledger.
 */
import type { KinesisClient } from "@aws-sdk/client-kinesis";
import type { StreamSink } from "../../../engine/exec/sink";
import type { StructType } from "../../../engine/types/struct-type";
import type { Row } from "../../../engine/types/values";
import type { KinesisConnection } from "../connection";
import { explainKinesisError } from "../errors";
import { DEFAULT_RETRY } from "../retry";
import { toPutEntries } from "./aggregation";
import type { BatchLedger } from "./batch-ledger";
import { type SendStats, sendEntries } from "./put-records-sender";
import { loadShardMap } from "./shard-map";
import type { SinkOptions } from "./sink-options";
import { buildSinkRecords, resolveSinkColumns } from "./sink-records";

/** What the last addBatch did (for progress metrics and tests). */
export interface SinkBatchReport extends SendStats {
  readonly batchId: number;
  readonly skipped: boolean;
  readonly rows: number;
  readonly kinesisRecords: number;
}

export class KinesisSink implements StreamSink {
  readonly description: string;
  lastReport: SinkBatchReport | undefined;

  constructor(
    private readonly opts: SinkOptions,
    private readonly conn: KinesisConnection,
    /** Public so progress reporting and tests can add SDK middleware (e.g. fault injection). */
    readonly client: KinesisClient,
    private readonly ledger: BatchLedger,
    private readonly log?: (message: string) => void,
  ) {
    this.description = `KinesisSink[${opts.streamName}]`;
  }

  async addBatch(batchId: number, rows: Row[], schema: StructType): Promise<void> {
    if (await this.ledger.isCommitted(batchId)) {
      this.log?.(`batch ${batchId} was already written to ${this.opts.streamName} (${this.ledger.location}): skipped`);
      this.lastReport = { batchId, skipped: true, rows: rows.length, kinesisRecords: 0, putRecordsCalls: 0, retriedEntries: 0, failedCalls: 0, bytes: 0 };
      return;
    }
    const cols = resolveSinkColumns(schema);
    const records = buildSinkRecords(rows, cols, batchId, this.opts.streamName, this.opts.maxRecordSizeBytes);
    let stats: SendStats = { putRecordsCalls: 0, retriedEntries: 0, failedCalls: 0, bytes: 0 };
    let kinesisRecords = 0;
    if (records.length > 0) {
      try {
        const shardMap = this.opts.aggregationEnabled
          ? await loadShardMap(this.client, this.opts.streamName, { ...DEFAULT_RETRY, baseMs: this.opts.retry.baseMs, maxMs: this.opts.retry.maxMs })
          : undefined;
        const entries = toPutEntries(records, shardMap);
        kinesisRecords = entries.length;
        stats = await sendEntries(this.client, entries, {
          streamName: this.opts.streamName,
          maxConnections: this.opts.maxConnections,
          maxRequestBytes: this.opts.maxRequestBytes,
          recordTtlMs: this.opts.recordTtlMs,
          retry: this.opts.retry,
        });
      } catch (error) {
        throw explainKinesisError(error, this.conn, this.opts.streamName, `writing batch ${batchId}`);
      }
      await this.ledger.commit({
        batchId,
        stream: this.opts.streamName,
        rows: rows.length,
        kinesisRecords,
        committedAt: new Date().toISOString(),
      });
    }
    this.lastReport = { batchId, skipped: false, rows: rows.length, kinesisRecords, ...stats };
  }

  async stop(): Promise<void> {
    this.client.destroy();
  }
}
