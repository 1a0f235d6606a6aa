/**
 * GetRecords polling for one shard. Keeps its iterator between batches; paces calls to at most one per
 * `fetchIntervalMs` (AWS allows 5 reads/s per shard shared by all consumers); on ExpiredIteratorException asks for
 * a new iterator AFTER the last sequence number it returned, so nothing is skipped or repeated.
 */
import {
  type _Record,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type GetShardIteratorCommandInput,
  type KinesisClient,
} from "@aws-sdk/client-kinesis";
import { kinesisError } from "./errors";
import type { FetchResult, RecordFetcher } from "./fetcher";
import type { ShardPosition } from "./positions";
import { errorName, type RetryPolicy, withRetry } from "./retry";

export interface PollingSettings {
  readonly client: KinesisClient;
  readonly streamName: string;
  readonly shardId: string;
  readonly retry: RetryPolicy;
  readonly recordsPerFetch: number;
  readonly fetchIntervalMs: number;
  readonly failOnDataLoss: boolean;
  /** See SourceOptions.skipUnknownPositions. */
  readonly skipUnknownPositions?: boolean;
  readonly onExpired?: () => void;
  readonly onLog?: (message: string) => void;
}

/** GetShardIterator arguments for "continue from this position" (partial aggregates restart AT their record). */
export function iteratorRequest(streamName: string, shardId: string, from: ShardPosition): GetShardIteratorCommandInput {
  const base = { StreamName: streamName, ShardId: shardId };
  switch (from.iteratorType) {
    case "TRIM_HORIZON":
    case "LATEST":
      return { ...base, ShardIteratorType: from.iteratorType };
    case "AT_TIMESTAMP":
      return { ...base, ShardIteratorType: "AT_TIMESTAMP", Timestamp: new Date(Number(from.iteratorPosition)) };
    case "AT_SEQUENCE_NUMBER":
      return { ...base, ShardIteratorType: "AT_SEQUENCE_NUMBER", StartingSequenceNumber: from.iteratorPosition };
    case "AFTER_SEQUENCE_NUMBER":
      return from.subSequenceNumber >= 0 && !from.isLast
        ? { ...base, ShardIteratorType: "AT_SEQUENCE_NUMBER", StartingSequenceNumber: from.iteratorPosition }
        : { ...base, ShardIteratorType: "AFTER_SEQUENCE_NUMBER", StartingSequenceNumber: from.iteratorPosition };
    case "SHARD_END":
      throw new Error(`shard ${shardId} is already read to its end`);
  }
}

/**
 * GetShardIterator refusing a sequence number the shard does not have: kinesis-local answers ResourceNotFound
 * ("Unable to find record with provided SequenceNumber ... in stream ..."), AWS InvalidArgument ("... did not come
 * from this stream"). Either way the checkpoint belongs to records this stream no longer has; reporting it as
 * "stream not found" (the generic ResourceNotFound translation) would send the user looking for the wrong thing.
 */
function isUnknownSequenceNumber(error: unknown, from: ShardPosition): boolean {
  if (from.iteratorType !== "AFTER_SEQUENCE_NUMBER" && from.iteratorType !== "AT_SEQUENCE_NUMBER") return false;
  const name = errorName(error);
  const text = String((error as Error)?.message ?? "");
  return (name === "ResourceNotFoundException" || name === "InvalidArgumentException") && /sequence ?number/i.test(text);
}

export function unknownPositionMessage(stream: string, shardId: string, sequenceNumber: string): string {
  return (
    `The checkpoint points at sequence number ${sequenceNumber} in shard ${shardId} of stream '${stream}', which the stream does not have: ` +
    "its records are gone (the stream was re-created, the embedded services started with --fresh, or the records passed the retention period). " +
    "Start the query with a new checkpointLocation (or delete the old one), or set kinesis.failOnDataLoss=false to read that shard from its oldest record instead."
  );
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Half of GetRecords' 10 MiB response cap: a smaller response was not cut short by size. */
const TIP_MAX_BYTES = 5 * 1024 * 1024;

/**
 * Whether a GetRecords response reached the tip: MillisBehindLatest 0 alone is not enough on the emulators
 * (kinesalite always answers 0; kinesis-local answers 0 for a response cut at its 10 MB cap with records left),
 * so the response must also be short of both the record limit and the size cap.
 */
export function reachedTip(records: readonly _Record[], millisBehindLatest: number | undefined, limit: number): boolean {
  if (millisBehindLatest !== 0 || records.length >= limit) return false;
  let bytes = 0;
  for (const r of records) bytes += (r.Data?.length ?? 0) + (r.PartitionKey?.length ?? 0);
  return bytes < TIP_MAX_BYTES;
}

export class PollingFetcher implements RecordFetcher {
  /** undefined = not acquired yet; null = shard end reached. */
  private iterator: string | null | undefined;
  private lastSeq: string | undefined;
  private lastCallAt = 0;
  private closed = false;

  constructor(
    private readonly s: PollingSettings,
    private readonly from: ShardPosition,
  ) {}

  private async acquire(): Promise<string | null> {
    const from: ShardPosition = this.lastSeq
      ? { iteratorType: "AFTER_SEQUENCE_NUMBER", iteratorPosition: this.lastSeq, subSequenceNumber: -1, isLast: true }
      : this.from;
    return this.acquireFrom(from);
  }

  private async acquireFrom(from: ShardPosition): Promise<string | null> {
    try {
      const out = await withRetry(this.s.retry, `getting a shard iterator for ${this.s.shardId}`, () =>
        this.s.client.send(new GetShardIteratorCommand(iteratorRequest(this.s.streamName, this.s.shardId, from))),
      );
      return out.ShardIterator ?? null;
    } catch (error) {
      if (isUnknownSequenceNumber(error, from)) {
        const message = unknownPositionMessage(this.s.streamName, this.s.shardId, from.iteratorPosition);
        if (!this.s.skipUnknownPositions) throw kinesisError("IllegalStateException", message, error);
        this.s.onLog?.(`${message.split(":")[0]}; reading shard ${this.s.shardId} from TRIM_HORIZON (kinesis.failOnDataLoss=false)`);
        this.lastSeq = undefined;
        return this.acquireFrom({ iteratorType: "TRIM_HORIZON", iteratorPosition: "", subSequenceNumber: -1, isLast: true });
      }
      if (errorName(error) === "ResourceNotFoundException" && /shard/i.test(String((error as Error).message))) {
        if (this.s.failOnDataLoss) {
          throw kinesisError(
            "IllegalStateException",
            `Shard ${this.s.shardId} of stream '${this.s.streamName}' no longer exists (expired or deleted): some data may have been lost. Set kinesis.failOnDataLoss=false to continue without it.`,
            error,
          );
        }
        this.s.onLog?.(`shard ${this.s.shardId} no longer exists; treating it as read to its end`);
        return null;
      }
      throw error;
    }
  }

  async fetch(deadline: number): Promise<FetchResult> {
    if (this.iterator === undefined) this.iterator = await this.acquire();
    if (this.iterator === null || this.closed) return { records: [], ended: this.iterator === null, millisBehindLatest: 0 };
    const wait = this.lastCallAt + this.s.fetchIntervalMs - Date.now();
    if (wait > 0) await sleep(Math.min(wait, Math.max(0, deadline - Date.now())));
    let iterator: string = this.iterator;
    for (let expiredRenewals = 0; ; expiredRenewals++) {
      try {
        this.lastCallAt = Date.now();
        const out = await withRetry(this.s.retry, `reading shard ${this.s.shardId} with GetRecords`, () =>
          this.s.client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: this.s.recordsPerFetch })),
        );
        const records = out.Records ?? [];
        if (records.length > 0) this.lastSeq = records[records.length - 1].SequenceNumber;
        this.iterator = out.NextShardIterator ?? null;
        return {
          records,
          millisBehindLatest: out.MillisBehindLatest,
          ended: this.iterator === null,
          atTip: reachedTip(records, out.MillisBehindLatest, this.s.recordsPerFetch),
        };
      } catch (error) {
        if (errorName(error) !== "ExpiredIteratorException" || expiredRenewals >= 3) throw error;
        this.s.onExpired?.();
        const renewed = await this.acquire();
        this.iterator = renewed;
        if (renewed === null) return { records: [], ended: true, millisBehindLatest: 0 };
        iterator = renewed;
      }
    }
  }

  close(): void {
    this.closed = true;
  }
}
