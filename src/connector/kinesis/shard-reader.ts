/**
 * Reads one shard into user records with exact positions. Owns KPL de-aggregation and the "resume inside an
 * aggregate" filter, so every fetcher (polling, fan-out, the drain after fan-out) yields the same records.
 *
 * `position` is always the end of what this reader handed out; records fetched but not handed out (limits hit in the
 * middle of a response) stay in `pending` for the next read, so the next batch starts exactly after.
 */
import type { _Record } from "@aws-sdk/client-kinesis";
import { IllegalStateException } from "../../engine/errors";
import type { FetchResult, RecordFetcher } from "./fetcher";
import { deaggregate } from "./kpl/aggregate";
import { afterRecord, compareSeq, type ShardPosition, shardEnd } from "./positions";

export interface UserRecordOut {
  readonly shardId: string;
  readonly sequenceNumber: string;
  readonly subSequenceNumber: number;
  readonly isLast: boolean;
  readonly partitionKey: string;
  readonly data: Uint8Array;
  readonly arrivalMs: number;
}

export interface ReadStop {
  readonly maxRecords: number;
  /** Epoch ms; reading stops at the first fetch boundary after it. */
  readonly deadline: number;
  /** Re-read mode: read exactly up to this end position (AFTER_SEQUENCE_NUMBER or SHARD_END). */
  readonly until?: ShardPosition;
  /** Trigger.AvailableNow: records that arrived after this epoch ms are not read. */
  readonly cutoffMs?: number;
}

/** Records of a recorded batch range are gone (trimmed) while re-reading it. */
export class DataLossError extends IllegalStateException {
  constructor(message: string) {
    super(message);
    this.name = "IllegalStateException";
  }
}

export class ShardReader {
  position: ShardPosition;
  ended = false;
  millisBehindLatest: number | undefined;
  recordsRead = 0;
  private pending: UserRecordOut[] = [];
  private fetcherEnded = false;
  private lastSeq: string;
  /** Sequence number of the last Kinesis record fetched (pending or handed out). */
  private lastFetchedSeq: string | undefined;
  /** Epoch ms just before the latest fetch that reached the shard's tip (FetchResult.atTip); else undefined. */
  private tipReachedAt: number | undefined;
  /** Sub-records of this aggregate up to this index were read before we (re)started. */
  private skip: { seq: string; sub: number } | undefined;

  constructor(
    readonly shardId: string,
    start: ShardPosition,
    private fetcher: RecordFetcher,
  ) {
    this.position = start;
    this.lastSeq = start.iteratorType === "AFTER_SEQUENCE_NUMBER" || start.iteratorType === "SHARD_END" ? start.iteratorPosition : "";
    if (start.iteratorType === "AFTER_SEQUENCE_NUMBER" && start.subSequenceNumber >= 0 && !start.isLast) {
      this.skip = { seq: start.iteratorPosition, sub: start.subSequenceNumber };
    }
    if (start.iteratorType === "SHARD_END") this.ended = true;
  }

  /**
   * Fan-out on kinesis-local never reports shard end: when ListShards says the shard is closed, the source swaps in
   * a GetRecords fetcher that continues after the last fetched record and drains the tail.
   */
  replaceFetcher(make: (after: ShardPosition) => RecordFetcher): void {
    this.fetcher.close();
    const fetched = this.lastFetchedSeq;
    const from = fetched ? afterRecord(fetched, -1, true) : this.position;
    this.fetcher = make(from);
    this.fetcherEnded = false;
    this.tipReachedAt = undefined;
  }

  close(): void {
    this.fetcher.close();
  }

  async read(stop: ReadStop): Promise<UserRecordOut[]> {
    const out: UserRecordOut[] = [];
    if (this.ended) return out;
    let fetches = 0;
    let emptyAtTip = 0;
    for (;;) {
      while (this.pending.length > 0 && out.length < stop.maxRecords) {
        const r = this.pending[0];
        if (stop.cutoffMs !== undefined && r.arrivalMs > stop.cutoffMs) return out;
        if (stop.until?.iteratorType === "AFTER_SEQUENCE_NUMBER" && compareSeq(r.sequenceNumber, stop.until.iteratorPosition) > 0) {
          return out; // never read past a recorded end
        }
        this.pending.shift();
        out.push(r);
        this.recordsRead++;
        this.lastSeq = r.sequenceNumber;
        this.position = afterRecord(r.sequenceNumber, r.subSequenceNumber, r.isLast);
        if (stop.until && reached(r, stop.until)) return out;
      }
      if (out.length >= stop.maxRecords) return out;
      if (this.fetcherEnded && this.pending.length === 0) {
        this.ended = true;
        this.position = shardEnd(this.lastSeq);
        return out;
      }
      const caughtUp = fetches > 0 && (this.millisBehindLatest ?? 0) === 0;
      if (stop.until === undefined && caughtUp) return out;
      // Trigger.AvailableNow: a fetch issued after the cutoff reached the tip and everything it returned is handed
      // out, so nothing that arrived before the cutoff is left: no need to probe the shard again.
      if (stop.cutoffMs !== undefined && this.tipReachedAt !== undefined && this.tipReachedAt >= stop.cutoffMs) return out;
      if (stop.until !== undefined && caughtUp && emptyAtTip >= 3 && stop.until.iteratorType !== "SHARD_END") {
        throw new DataLossError(
          `Records of shard ${this.shardId} up to ${stop.until.iteratorPosition} are no longer available (trimmed?) while re-reading a batch`,
        );
      }
      if (Date.now() >= stop.deadline && fetches > 0) return out;
      const calledAt = Date.now();
      const res: FetchResult = await this.fetcher.fetch(stop.deadline);
      fetches++;
      this.tipReachedAt = res.atTip ? calledAt : undefined;
      this.millisBehindLatest = res.millisBehindLatest;
      this.fetcherEnded = res.ended;
      emptyAtTip = res.records.length === 0 && (res.millisBehindLatest ?? 0) === 0 ? emptyAtTip + 1 : 0;
      for (const rec of res.records) this.addFetched(rec);
    }
  }

  private addFetched(rec: _Record): void {
    const seq = rec.SequenceNumber ?? "";
    this.lastFetchedSeq = seq;
    const data = rec.Data ?? new Uint8Array(0);
    const arrivalMs = rec.ApproximateArrivalTimestamp?.getTime() ?? 0;
    const pk = rec.PartitionKey ?? "";
    const users = deaggregate(data);
    if (users === null) {
      if (this.skip?.seq === seq) return; // the whole record was read before
      this.pending.push({ shardId: this.shardId, sequenceNumber: seq, subSequenceNumber: -1, isLast: true, partitionKey: pk, data, arrivalMs });
      return;
    }
    users.forEach((u, i) => {
      if (this.skip && this.skip.seq === seq && i <= this.skip.sub) return;
      this.pending.push({
        shardId: this.shardId,
        sequenceNumber: seq,
        subSequenceNumber: i,
        isLast: i === users.length - 1,
        partitionKey: u.partitionKey,
        data: u.data,
        arrivalMs,
      });
    });
    if (this.skip && this.skip.seq !== seq) this.skip = undefined;
  }
}

function reached(r: UserRecordOut, until: ShardPosition): boolean {
  if (until.iteratorType !== "AFTER_SEQUENCE_NUMBER") return false;
  if (r.sequenceNumber !== until.iteratorPosition) return false;
  return until.subSequenceNumber < 0 || r.subSequenceNumber >= until.subSequenceNumber;
}
