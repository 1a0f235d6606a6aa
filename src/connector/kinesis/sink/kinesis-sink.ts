/**
 * The aws-kinesis StreamSink. Per batch: turn the rows into records (every row checked before anything is sent) and
 * digest each one; then
 *   - the ledger has this batch with the same content and target: skip it (a re-run after a crash);
 *   - the ledger has it with other content (its offsets changed: offsets/N or commits/N edited or deleted), or an
 *     intent of it without a ledger entry (a crash in the middle of PutRecords): read the target stream back from
 *     when the batch was first begun and send only the records not found there (a multiset: identical records
 *     count one by one), saying so;
 *   - otherwise (the normal path): write the intent entry, send every record;
 * aggregate per shard if enabled, PutRecords (retrying failed entries), then record the batch in the ledger.
 * So a crash at any point writes each record once (docs/kinesis-sink.md states the one residual case).
 */
import type { KinesisClient } from "@aws-sdk/client-kinesis";
import type { StreamSink } from "../../../engine/exec/sink";
import type { StructType } from "../../../engine/types/struct-type";
import type { Row } from "../../../engine/types/values";
import type { KinesisConnection } from "../connection";
import { explainKinesisError } from "../errors";
import { DEFAULT_RETRY, type RetryPolicy } from "../retry";
import { type PutEntry, toPutEntries } from "./aggregation";
import type { BatchLedger } from "./batch-ledger";
import { sinkCrashPoint } from "./crash-point";
import { chunkRequests, type SendStats, sendEntries } from "./put-records-sender";
import { batchDigest, recordDigest } from "./record-digest";
import { loadShardMap } from "./shard-map";
import type { SinkOptions } from "./sink-options";
import { buildSinkRecords, resolveSinkColumns, type SinkRecord } from "./sink-records";
import { otherTargetError, type SinkTarget } from "./sink-target";
import { readTargetSince } from "./target-reader";

/** How a batch was reconciled with the target stream before sending. */
export interface Reconciliation {
  /** interrupted: an intent without a ledger entry; content-changed: an entry for other content. */
  readonly reason: "interrupted" | "content-changed";
  /** The time the target was read back from (the batch's first intent). */
  readonly since: string;
  /** Records of the batch found in the target (not sent again) and records sent. */
  readonly found: number;
  readonly sent: number;
  /** User records read back, shards read, and how long reading took. */
  readonly recordsRead: number;
  readonly shardsRead: number;
  readonly readMs: number;
}

/** What the last addBatch did (for progress metrics and tests). */
export interface SinkBatchReport extends SendStats {
  readonly batchId: number;
  readonly skipped: boolean;
  readonly rows: number;
  readonly kinesisRecords: number;
  readonly reconciled?: Reconciliation;
}

const stderrWarn = (stream: string) => (m: string) => process.stderr.write(`WARN KinesisSink[${stream}]: ${m}\n`);

export class KinesisSink implements StreamSink {
  readonly description: string;
  lastReport: SinkBatchReport | undefined;
  private readonly warn: (message: string) => void;

  constructor(
    private readonly opts: SinkOptions,
    private readonly conn: KinesisConnection,
    /** Public so progress reporting and tests can add SDK middleware (e.g. fault injection). */
    readonly client: KinesisClient,
    private readonly ledger: BatchLedger,
    private readonly log?: (message: string) => void,
    warn?: (message: string) => void,
  ) {
    this.description = `KinesisSink[${opts.streamName}]`;
    this.warn = warn ?? stderrWarn(opts.streamName);
  }

  private get metadataRetry(): RetryPolicy {
    return { ...DEFAULT_RETRY, baseMs: this.opts.retry.baseMs, maxMs: this.opts.retry.maxMs };
  }

  private skip(batchId: number, rows: number, message: string, warn: boolean): void {
    (warn ? this.warn : this.log)?.(message);
    this.lastReport = { batchId, skipped: true, rows, kinesisRecords: 0, putRecordsCalls: 0, retriedEntries: 0, failedCalls: 0, bytes: 0 };
  }

  async addBatch(batchId: number, rows: Row[], schema: StructType): Promise<void> {
    const stream = this.opts.streamName;
    const cols = resolveSinkColumns(schema);
    const records = buildSinkRecords(rows, cols, batchId, stream, this.opts.maxRecordSizeBytes);
    const digests = records.map((r) => recordDigest(r.partitionKey, r.data));
    const digest = batchDigest(digests);

    // Where the target must be read back from before sending (undefined: the normal path, send everything).
    let since: number | undefined;
    let reason: Reconciliation["reason"] = "interrupted";
    let replace = false;
    let startedAt: number | undefined;
    const last = await this.ledger.lastCommitted();
    if (last !== undefined && batchId <= last) {
      const entry = await this.ledger.entry(batchId);
      if (entry === null) {
        const ids = await this.ledger.committedIds();
        this.skip(
          batchId,
          rows.length,
          `batch ${batchId} is older than the sink ledger's retained entries (${ids[0]}..${last}, ${this.ledger.location}): ` +
            `taken as written to '${stream}' without checking its content (raise kinesis.minBatchesToRetain to keep more)`,
          true,
        );
        return;
      }
      if (entry.stream !== stream) throw otherTargetError(this.ledger.location, `'${entry.stream}'`, this.target);
      if (entry.digest === undefined || entry.startedAt === undefined) {
        this.skip(
          batchId,
          rows.length,
          `batch ${batchId} was recorded as written to '${stream}' by an older tspark that kept no content digest ` +
            `(${this.ledger.location}/committed/${batchId}): taken as written without checking its content`,
          true,
        );
        return;
      }
      if (entry.digest === digest && entry.records === records.length) {
        this.skip(batchId, rows.length, `batch ${batchId} was already written to '${stream}' (${this.ledger.location}): skipped`, false);
        return;
      }
      this.warn(
        `batch ${batchId} was recorded as written to '${stream}' with ${entry.records} record(s) at ${entry.committedAt}, ` +
          `but batch ${batchId} now has ${records.length} record(s) with other content (were offsets/${batchId} or ` +
          `commits/${batchId} of the checkpoint edited or deleted?). Reading '${stream}' back from ` +
          `${new Date(entry.startedAt).toISOString()} and sending only the records not found there.`,
      );
      since = entry.startedAt;
      startedAt = entry.startedAt;
      reason = "content-changed";
      replace = true;
    } else if (records.length > 0) {
      startedAt = Date.now();
      const earlier = await this.ledger.beginIntent({ batchId, stream, startedAt, digest, recordDigests: digests });
      if (earlier !== null) {
        since = earlier.startedAt;
        startedAt = earlier.startedAt;
        this.warn(
          `batch ${batchId} was being written to '${stream}' when the query stopped (begun at ` +
            `${new Date(earlier.startedAt).toISOString()}, not recorded as finished in ${this.ledger.location})` +
            `${earlier.digest === digest ? "" : `, and its content has changed since (${earlier.recordDigests.length} record(s) then, ${records.length} now)`}: ` +
            "reading the stream back from then and sending only the records not found there.",
        );
      }
      sinkCrashPoint("sinkAfterIntent", batchId);
    }

    let toSend: readonly SinkRecord[] = records;
    let reconciled: Reconciliation | undefined;
    const foundDigests: string[] = [];
    if (since !== undefined && records.length > 0) {
      const t0 = performance.now();
      try {
        const { counts, stats } = await readTargetSince(this.client, stream, since, this.metadataRetry, this.conn.local);
        toSend = records.filter((_, i) => {
          const there = counts.take(digests[i]!);
          if (there) foundDigests.push(digests[i]!);
          return !there;
        });
        reconciled = {
          reason,
          since: new Date(since).toISOString(),
          found: records.length - toSend.length,
          sent: toSend.length,
          recordsRead: stats.records,
          shardsRead: stats.shards,
          readMs: Math.round(performance.now() - t0),
        };
      } catch (error) {
        throw explainKinesisError(error, this.conn, stream, `reading back batch ${batchId} to reconcile it`);
      }
      this.warn(
        `batch ${batchId}: ${reconciled.found} of ${records.length} record(s) were already in '${stream}', ` +
          `sending the other ${reconciled.sent} (read ${reconciled.recordsRead} record(s) of ${reconciled.shardsRead} shard(s) in ${reconciled.readMs} ms)`,
      );
    }

    let stats: SendStats = { putRecordsCalls: 0, retriedEntries: 0, failedCalls: 0, bytes: 0 };
    let kinesisRecords = 0;
    if (toSend.length > 0) {
      try {
        const shardMap = this.opts.aggregationEnabled ? await loadShardMap(this.client, stream, this.metadataRetry) : undefined;
        const entries = toPutEntries(toSend, shardMap);
        kinesisRecords = entries.length;
        const requests = chunkRequests(entries, this.opts.maxRequestBytes).length;
        let answered = 0;
        stats = await sendEntries(this.client, entries, {
          streamName: stream,
          maxConnections: this.opts.maxConnections,
          maxRequestBytes: this.opts.maxRequestBytes,
          recordTtlMs: this.opts.recordTtlMs,
          retry: this.opts.retry,
          afterResponse: () => {
            if (++answered === 1 && requests > 1) sinkCrashPoint("sinkBetweenPutRecords", batchId);
          },
          settleAmbiguous: (ambiguous, delivered) =>
            this.settleAmbiguous(batchId, startedAt ?? Date.now(), records, digests, foundDigests, ambiguous, delivered),
        });
      } catch (error) {
        throw explainKinesisError(error, this.conn, stream, `writing batch ${batchId}`);
      }
      sinkCrashPoint("sinkBeforeLedger", batchId);
    }
    if (startedAt !== undefined) {
      await this.ledger.commit(
        {
          batchId,
          stream,
          rows: rows.length,
          kinesisRecords,
          records: records.length,
          digest,
          startedAt,
          committedAt: new Date().toISOString(),
        },
        replace,
      );
    }
    this.lastReport = { batchId, skipped: false, rows: rows.length, kinesisRecords, ...stats, ...(reconciled ? { reconciled } : {}) };
  }

  /**
   * Which entries of PutRecords calls that failed without a clear answer (5xx, reset, timeout) are not in the
   * stream: read it back from the batch's start, take away the records of this batch known to be there (found by a
   * reconciliation, or in calls that succeeded), and an ambiguous entry whose records remain was written. A KPL
   * aggregate is one Kinesis record: its first user record stands for all of it.
   */
  private async settleAmbiguous(
    batchId: number,
    since: number,
    records: readonly SinkRecord[],
    digests: readonly string[],
    foundDigests: readonly string[],
    ambiguous: readonly PutEntry[],
    delivered: readonly PutEntry[],
  ): Promise<readonly PutEntry[]> {
    const stream = this.opts.streamName;
    const { counts } = await readTargetSince(this.client, stream, since, this.metadataRetry, this.conn.local);
    const digestOfRow = new Map<number, string>();
    for (const [i, r] of records.entries()) digestOfRow.set(r.row, digests[i]!);
    for (const d of foundDigests) counts.take(d);
    for (const e of delivered) for (const row of e.rows) counts.take(digestOfRow.get(row)!);
    const resend = ambiguous.filter((e) => {
      const [first, ...rest] = e.rows.map((row) => digestOfRow.get(row)!);
      if (first === undefined || !counts.take(first)) return true;
      for (const d of rest) counts.take(d);
      return false;
    });
    this.warn(
      `batch ${batchId}: ${ambiguous.length} record(s) were in PutRecords calls that failed without an answer; ` +
        `${ambiguous.length - resend.length} of them reached '${stream}' anyway (read back), resending the other ${resend.length}`,
    );
    return resend;
  }

  private get target(): SinkTarget {
    return { streamName: this.opts.streamName, region: this.conn.region, endpoint: this.conn.endpoint };
  }

  async stop(): Promise<void> {
    this.client.destroy();
  }
}
