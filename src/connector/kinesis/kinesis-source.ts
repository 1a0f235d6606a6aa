/**
 * The aws-kinesis StreamSource.
 *
 * latestOffset(start) reads ahead: one reader per readable shard, concurrently, each until it has caught up
 * (MillisBehindLatest 0), hit `maxFetchRecordsPerShard`, or used `maxFetchTimePerShardSec`; the records are buffered
 * and the returned offset holds every shard's END position. getBatch(start, end) hands out the buffer, or, after a
 * restart, re-reads exactly (start, end] per shard with GetRecords. Readers stay open between batches, so a steady
 * query costs one GetRecords per shard per batch and no GetShardIterator.
 */
import type { KinesisClient } from "@aws-sdk/client-kinesis";
import type { ReadLimit, SourceOffset, StreamSource } from "../../engine/exec/source";
import type { StructType } from "../../engine/types/struct-type";
import type { Row } from "../../engine/types/values";
import { trackSource, untrackSource } from "./active-sources";
import type { KinesisConnection } from "./connection";
import { explainKinesisError, kinesisError } from "./errors";
import type { RecordFetcher } from "./fetcher";
import { PollingFetcher } from "./polling-fetcher";
import {
  atTimestamp,
  type KinesisOffset,
  parseOffset,
  positionText,
  type ShardEntry,
  type ShardPosition,
  samePosition,
  serializeOffset,
  TRIM_HORIZON,
} from "./positions";
import { kinesisSourceSchema } from "./schema";
import type { RetryPolicy } from "./retry";
import { ShardReader, type UserRecordOut } from "./shard-reader";
import { listShards, outputOrder, readableShards, type ShardInfo } from "./shard-tracker";
import type { SourceOptions } from "./source-options";

/** Builds fan-out fetchers; absent for GetRecords. */
export interface FanOutFactory {
  fetcher(shardId: string, from: ShardPosition): RecordFetcher;
  describe(): string;
  /** SubscribeToShard calls that established a subscription (initial + renewals). */
  subscriptionCount(): number;
  stop(): Promise<void>;
}

export interface KinesisSourceDeps {
  readonly conn: KinesisConnection;
  readonly opts: SourceOptions;
  readonly client: KinesisClient;
  readonly fanOut?: FanOutFactory;
  readonly log?: (message: string) => void;
}

interface Counters {
  recordsRead: number;
  retries: number;
  expiredIterators: number;
  reReads: number;
}

export class KinesisSource implements StreamSource {
  readonly schema: StructType = kinesisSourceSchema();
  readonly description: string;
  private readonly createdAt = Date.now();
  private shards = new Map<string, ShardInfo>();
  private lastListAt = Number.NEGATIVE_INFINITY;
  private readonly readers = new Map<string, ShardReader>();
  private readonly fanOutReaders = new Set<string>();
  private readonly buffered = new Map<string, { start: string | null; rows: Row[] }>();
  private lastEntries: ReadonlyMap<string, ShardEntry> = new Map();
  private cutoffMs: number | undefined;
  private stopped = false;
  private readonly retry: RetryPolicy;
  readonly counters: Counters = { recordsRead: 0, retries: 0, expiredIterators: 0, reReads: 0 };

  constructor(private readonly d: KinesisSourceDeps) {
    this.description = `KinesisV2[stream=${d.opts.streamName}, consumer=${d.opts.consumerType}]`;
    const userRetry = d.opts.retry.onRetry;
    this.retry = {
      ...d.opts.retry,
      onRetry: (e, attempt, delay) => {
        this.counters.retries++;
        userRetry?.(e, attempt, delay);
      },
    };
    trackSource(this);
  }

  get streamName(): string {
    return this.d.opts.streamName;
  }

  get endpointDescription(): string {
    return this.d.conn.describe;
  }

  private fail(error: unknown, action: string): never {
    throw explainKinesisError(error, this.d.conn, this.streamName, action);
  }

  /** ListShards when the interval allows (or `force`), merging new shards into `entries`. */
  private async refreshShards(entries: Map<string, ShardEntry>, fresh: boolean, force: boolean): Promise<void> {
    const now = Date.now();
    if (!force && now - this.lastListAt < this.d.opts.describeShardIntervalMs) return;
    let listed: ShardInfo[];
    try {
      listed = await listShards(this.d.client, this.streamName, this.retry);
    } catch (error) {
      this.fail(error, "listing shards");
    }
    this.lastListAt = Date.now();
    this.shards = new Map(listed.map((s) => [s.shardId, s]));
    for (const [id, entry] of entries) {
      const info = this.shards.get(id);
      if (info === undefined) {
        if (entry.position.iteratorType !== "SHARD_END") {
          const message = `Shard ${id} of stream '${this.streamName}' disappeared (expired past retention or deleted) before it was read to its end (at ${positionText(entry.position)}): some data may have been lost.`;
          if (this.d.opts.failOnDataLoss) throw kinesisError("IllegalStateException", `${message} Set kinesis.failOnDataLoss=false to continue without it.`);
          this.d.log?.(message);
        }
        entries.delete(id);
        this.closeReader(id);
        continue;
      }
      if (info.closed && !entry.closed) entries.set(id, { ...entry, closed: true });
      if (info.closed && this.fanOutReaders.has(id)) {
        // kinesis-local never ends a fan-out subscription on a closed shard: drain the tail with GetRecords.
        this.readers.get(id)?.replaceFetcher((from) => this.pollingFetcher(id, from));
        this.fanOutReaders.delete(id);
      }
    }
    for (const info of listed) {
      if (entries.has(info.shardId)) continue;
      const start = this.initialPosition(info, fresh);
      entries.set(info.shardId, { position: start, parents: info.parents, closed: info.closed, start });
    }
  }

  /** Starting position for a shard not in the checkpoint. */
  private initialPosition(info: ShardInfo, fresh: boolean): ShardPosition {
    // A shard that appears after the first batch was created after we started: all of it is new data.
    if (!fresh) return TRIM_HORIZON;
    const sp = this.d.opts.startingPosition;
    switch (sp.kind) {
      case "TRIM_HORIZON":
        return TRIM_HORIZON;
      case "AT_TIMESTAMP":
        return atTimestamp(sp.ms);
      case "PER_SHARD": {
        const given = sp.shards.get(info.shardId);
        if (given) return given.iteratorType === "LATEST" ? atTimestamp(this.createdAt) : given;
        return atTimestamp(this.createdAt);
      }
      case "LATEST":
        // LATEST is pinned to the query's start time (as the connector does), so a re-run batch and a restart
        // agree on where "latest" was; a closed shard has nothing after that.
        return atTimestamp(this.createdAt);
    }
  }

  private pollingFetcher(shardId: string, from: ShardPosition): RecordFetcher {
    const o = this.d.opts;
    return new PollingFetcher(
      {
        client: this.d.client,
        streamName: this.streamName,
        shardId,
        retry: this.retry,
        recordsPerFetch: o.recordsPerFetch,
        fetchIntervalMs: o.fetchIntervalMs,
        failOnDataLoss: o.failOnDataLoss,
        onExpired: () => this.counters.expiredIterators++,
        onLog: this.d.log,
      },
      from,
    );
  }

  private closeReader(id: string): void {
    this.readers.get(id)?.close();
    this.readers.delete(id);
    this.fanOutReaders.delete(id);
  }

  /** The live reader for `id` if it stands exactly at `position`, else a new one there. */
  private readerAt(id: string, entry: ShardEntry): ShardReader {
    const existing = this.readers.get(id);
    if (existing && samePosition(existing.position, entry.position)) return existing;
    this.closeReader(id);
    const useFanOut = this.d.fanOut !== undefined && !entry.closed;
    const fetcher = useFanOut ? this.d.fanOut!.fetcher(id, entry.position) : this.pollingFetcher(id, entry.position);
    const reader = new ShardReader(id, entry.position, fetcher);
    this.readers.set(id, reader);
    if (useFanOut) this.fanOutReaders.add(id);
    return reader;
  }

  /** Structure only: the stream is checked when the offset is used (with its own message). */
  deserializeOffset(text: SourceOffset): void {
    parseOffset(text);
  }

  /** An offset from the checkpoint; one written for another stream cannot be resumed here. */
  private parseOwnOffset(text: string): KinesisOffset {
    const offset = parseOffset(text);
    if (offset.streamName !== "" && offset.streamName !== this.streamName) {
      throw kinesisError(
        "IllegalStateException",
        `The checkpoint holds positions of stream '${offset.streamName}', but kinesis.streamName is '${this.streamName}': use a new checkpointLocation to read another stream.`,
      );
    }
    return offset;
  }

  private toRow(r: UserRecordOut): Row {
    return [r.data, this.streamName, r.partitionKey, r.sequenceNumber, BigInt(r.arrivalMs) * 1000n, r.shardId];
  }

  async latestOffset(startText: SourceOffset | null, limit: ReadLimit): Promise<SourceOffset | null> {
    if (this.stopped) return startText;
    const start = startText === null ? null : this.parseOwnOffset(startText);
    const entries = new Map<string, ShardEntry>();
    for (const [id, e] of start?.shards ?? []) entries.set(id, { position: e.position, parents: e.parents, closed: e.closed });
    await this.refreshShards(entries, start === null, start === null || this.shards.size === 0);

    const rowsByShard = new Map<string, UserRecordOut[]>();
    const readThisCall = new Set<string>();
    const o = this.d.opts;
    const deadline = o.maxFetchTimePerShardMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + o.maxFetchTimePerShardMs;
    let remaining = limit.maxRows ?? Number.POSITIVE_INFINITY;
    while (remaining > 0) {
      const toRead = readableShards(entries).filter((id) => !readThisCall.has(id));
      if (toRead.length === 0) break;
      const cap = Math.max(1, Math.min(o.maxFetchRecordsPerShard, Math.ceil(remaining / toRead.length)));
      let ended = false;
      await Promise.all(
        toRead.map(async (id) => {
          readThisCall.add(id);
          const entry = entries.get(id)!;
          const reader = this.readerAt(id, entry);
          let records: UserRecordOut[];
          try {
            records = await reader.read({ maxRecords: cap, deadline, cutoffMs: this.cutoffMs });
          } catch (error) {
            this.closeReader(id);
            this.fail(error, `reading shard ${id}`);
          }
          rowsByShard.set(id, [...(rowsByShard.get(id) ?? []), ...records]);
          remaining -= records.length;
          this.counters.recordsRead += records.length;
          entries.set(id, { ...entry, position: reader.position, closed: entry.closed || reader.ended });
          if (reader.ended) {
            ended = true;
            this.closeReader(id);
          }
        }),
      );
      if (!ended || Date.now() >= deadline) break;
      // A shard was read to its end: its children (maybe not listed yet) can be read in this same batch, after it.
      const childrenKnown = [...entries.values()].some(
        (e) => e.position.iteratorType !== "SHARD_END" && e.parents.some((p) => entries.get(p)?.position.iteratorType === "SHARD_END"),
      );
      await this.refreshShards(entries, false, !childrenKnown);
    }

    this.lastEntries = entries;
    const endOffset: KinesisOffset = { streamName: this.streamName, batchId: (start?.batchId ?? -1) + 1, shards: entries };
    if (start !== null && !changed(start.shards, entries) && this.d.opts.avoidEmptyBatches) return startText;
    if (start === null && entries.size === 0) return null;
    const endText = serializeOffset(endOffset);
    const rows: Row[] = [];
    for (const id of outputOrder(entries)) for (const r of rowsByShard.get(id) ?? []) rows.push(this.toRow(r));
    this.buffered.set(endText, { start: startText, rows });
    return endText;
  }

  async getBatch(startText: SourceOffset | null, endText: SourceOffset): Promise<Row[]> {
    const hit = this.buffered.get(endText);
    if (hit && hit.start === startText) return hit.rows;
    this.counters.reReads++;
    const start = startText === null ? null : this.parseOwnOffset(startText);
    const end = this.parseOwnOffset(endText);
    const rowsByShard = new Map<string, UserRecordOut[]>();
    await Promise.all(
      [...end.shards].map(async ([id, e]) => {
        const from = start?.shards.get(id)?.position ?? e.start;
        if (from === undefined) {
          throw kinesisError("IllegalStateException", `Offset for batch ${end.batchId} has no starting point for new shard ${id}`);
        }
        if (from.iteratorType === "SHARD_END" || samePosition(from, e.position)) return;
        if (e.position.iteratorType !== "AFTER_SEQUENCE_NUMBER" && e.position.iteratorType !== "SHARD_END") return;
        const reader = new ShardReader(id, from, this.pollingFetcher(id, from));
        try {
          rowsByShard.set(id, await reader.read({ maxRecords: Number.POSITIVE_INFINITY, deadline: Number.POSITIVE_INFINITY, until: e.position }));
        } catch (error) {
          this.fail(error, `re-reading shard ${id} for batch ${end.batchId}`);
        } finally {
          reader.close();
        }
      }),
    );
    const rows: Row[] = [];
    for (const id of outputOrder(end.shards)) for (const r of rowsByShard.get(id) ?? []) rows.push(this.toRow(r));
    return rows;
  }

  async commit(end: SourceOffset): Promise<void> {
    if (!this.buffered.has(end)) return;
    for (const key of [...this.buffered.keys()]) {
      this.buffered.delete(key);
      if (key === end) break;
    }
  }

  async prepareForAvailableNow(): Promise<void> {
    this.cutoffMs = Date.now();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    untrackSource(this);
    for (const id of [...this.readers.keys()]) this.closeReader(id);
    this.buffered.clear();
    try {
      await this.d.fanOut?.stop();
    } finally {
      this.d.client.destroy();
    }
  }

  async explainLines(): Promise<string[]> {
    const lines = [
      `Kinesis stream '${this.streamName}' at ${this.d.conn.describe}, consumer ${this.d.fanOut ? this.d.fanOut.describe() : "GetRecords (polling)"}`,
    ];
    const entries = this.lastEntries;
    for (const id of outputOrder(entries)) {
      const e = entries.get(id)!;
      const info = this.shards.get(id);
      const state = e.position.iteratorType === "SHARD_END" ? "finished" : e.closed ? "closed" : "open";
      const blocked = e.parents.some((p) => entries.get(p) && entries.get(p)!.position.iteratorType !== "SHARD_END");
      const lag = this.readers.get(id)?.millisBehindLatest;
      lines.push(
        `  ${id} ${state}${info ? ` hash ${info.hashKeyRange[0]}..${info.hashKeyRange[1]}` : ""}` +
          `${e.parents.length ? ` parents ${e.parents.join(",")}` : ""} at ${positionText(e.position)}` +
          `${blocked ? " (waiting for parents)" : ""}${lag !== undefined ? ` ${lag} ms behind` : ""}`,
      );
    }
    return lines;
  }

  /** Per-shard MillisBehindLatest of the live readers (for `.shards`). */
  lagByShard(): Map<string, number> {
    const out = new Map<string, number>();
    for (const [id, r] of this.readers) if (r.millisBehindLatest !== undefined) out.set(id, r.millisBehindLatest);
    return out;
  }

  metrics(): Record<string, string> {
    const lags = [...this.readers.values()].map((r) => r.millisBehindLatest).filter((l): l is number => l !== undefined);
    const entries = [...this.lastEntries.values()];
    return {
      shards: String(entries.length),
      openShards: String(entries.filter((e) => !e.closed).length),
      finishedShards: String(entries.filter((e) => e.position.iteratorType === "SHARD_END").length),
      recordsRead: String(this.counters.recordsRead),
      avgMsBehindLatest: lags.length ? String(Math.round(lags.reduce((a, b) => a + b, 0) / lags.length)) : "0",
      maxMsBehindLatest: lags.length ? String(Math.max(...lags)) : "0",
      retries: String(this.counters.retries),
      expiredIterators: String(this.counters.expiredIterators),
      reReads: String(this.counters.reReads),
      ...(this.d.fanOut ? { subscriptions: String(this.d.fanOut.subscriptionCount()) } : {}),
      // Per-shard lag for `.watch` (one chart line per shard).
      ...Object.fromEntries([...this.lagByShard()].map(([id, ms]) => [`msBehindLatest.${id}`, String(ms)])),
    };
  }
}

function changed(before: ReadonlyMap<string, ShardEntry>, after: ReadonlyMap<string, ShardEntry>): boolean {
  if (before.size !== after.size) return true;
  for (const [id, a] of after) {
    const b = before.get(id);
    if (!b || b.closed !== a.closed || !samePosition(b.position, a.position)) return true;
  }
  return false;
}
