/**
 * Delivers PutRecords entries: requests within the service limits (500 entries, 5 MiB of data + partition keys),
 * at most `maxConnections` calls in flight, and only the failed entries resent.
 *
 * Works in rounds: send every pending entry; entries the service rejected with a retryable code
 * (ProvisionedThroughputExceededException, InternalFailure, KMSThrottlingException) and entries of calls that
 * failed as a whole with a retryable error (throttling, 5xx, connection reset) form the next round, after a
 * full-jitter backoff. When a record has been failing for longer than `recordTtlMs` (the connector's
 * kinesis.sink.recordTtl), or a non-retryable error occurs, the batch fails; entries delivered before stay
 * delivered (the sink's intent and reconciliation make the re-run send only the others, see kinesis-sink.ts).
 *
 * A call that failed without an answer that says what happened (a 5xx, a reset or timeout: Kinesis may have written
 * its records) is ambiguous: resending it blindly would duplicate what was written. With `settleAmbiguous` the
 * sender asks the sink which of those entries are not in the stream, and resends only those.
 */
import {
  type KinesisClient,
  PutRecordsCommand,
  type PutRecordsCommandOutput,
  type PutRecordsRequestEntry,
} from "@aws-sdk/client-kinesis";
import { IllegalStateException } from "../../../engine/errors";
import { backoffDelay, errorName, isRetryable, type RetryPolicy } from "../retry";
import type { PutEntry } from "./aggregation";
import { MAX_RECORDS_PER_REQUEST } from "./sink-options";

export interface SendOptions {
  readonly streamName: string;
  readonly maxConnections: number;
  readonly maxRequestBytes: number;
  readonly recordTtlMs: number;
  readonly retry: RetryPolicy;
  readonly now?: () => number;
  /** Called after each PutRecords response was taken in (the sink's crash points hang here). */
  readonly afterResponse?: () => void;
  /**
   * Entries of calls that failed ambiguously, and every entry delivered so far: returns those of `ambiguous` that
   * must be resent (not found in the stream). Without it, ambiguous entries are resent (at-least-once).
   */
  readonly settleAmbiguous?: (ambiguous: readonly PutEntry[], delivered: readonly PutEntry[]) => Promise<readonly PutEntry[]>;
}

/** Whole-call errors that say the records were not written (throttling, limits); any other may have written them. */
const UNWRITTEN_CALL_ERRORS = new Set([
  "ProvisionedThroughputExceededException",
  "LimitExceededException",
  "ThrottlingException",
  "Throttling",
  "KMSThrottlingException",
  "TooManyRequestsException",
  "RequestLimitExceeded",
]);

export interface SendStats {
  putRecordsCalls: number;
  /** Entries resent after a per-entry failure or a failed call. */
  retriedEntries: number;
  failedCalls: number;
  bytes: number;
  /** Entries of ambiguously failed calls found in the stream, so not resent. */
  settledEntries?: number;
}

/** Entry codes worth resending (PutRecords result entries). */
const RETRYABLE_ENTRY_CODES = new Set(["ProvisionedThroughputExceededException", "InternalFailure", "KMSThrottlingException"]);

/** Groups entries into requests of at most 500 entries and `maxBytes` bytes, in order. */
export function chunkRequests(entries: readonly PutEntry[], maxBytes: number): PutEntry[][] {
  const out: PutEntry[][] = [];
  let cur: PutEntry[] = [];
  let bytes = 0;
  for (const e of entries) {
    if (cur.length > 0 && (cur.length >= MAX_RECORDS_PER_REQUEST || bytes + e.size > maxBytes)) {
      out.push(cur);
      cur = [];
      bytes = 0;
    }
    cur.push(e);
    bytes += e.size;
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

function toRequestEntry(e: PutEntry): PutRecordsRequestEntry {
  return e.explicitHashKey === undefined
    ? { PartitionKey: e.partitionKey, Data: e.data }
    : { PartitionKey: e.partitionKey, ExplicitHashKey: e.explicitHashKey, Data: e.data };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Runs `tasks` with at most `limit` running at once; rejects with the first error after the running ones settle. */
async function runBounded(tasks: (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  let firstError: unknown;
  let failed = false;
  const worker = async () => {
    while (!failed && next < tasks.length) {
      const task = tasks[next++]!;
      try {
        await task();
      } catch (error) {
        if (!failed) firstError = error;
        failed = true;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  if (failed) throw firstError;
}

function rowsOf(entries: readonly PutEntry[], max = 5): string {
  const rows = entries.flatMap((e) => e.rows);
  return rows.slice(0, max).join(", ") + (rows.length > max ? ` and ${rows.length - max} more` : "");
}

export async function sendEntries(
  client: KinesisClient,
  entries: readonly PutEntry[],
  opts: SendOptions,
  stats: SendStats = { putRecordsCalls: 0, retriedEntries: 0, failedCalls: 0, bytes: 0 },
): Promise<SendStats> {
  const now = opts.now ?? Date.now;
  const started = now();
  let pending: PutEntry[] = [...entries];
  const delivered: PutEntry[] = [];
  for (let round = 0; pending.length > 0; round++) {
    const failed: PutEntry[] = [];
    const ambiguous = new Set<PutEntry>();
    let lastCode = "";
    const tasks = chunkRequests(pending, opts.maxRequestBytes).map((request) => async () => {
      stats.putRecordsCalls++;
      let out: PutRecordsCommandOutput;
      try {
        out = await client.send(new PutRecordsCommand({ StreamName: opts.streamName, Records: request.map(toRequestEntry) }));
      } catch (error) {
        if (!isRetryable(error)) throw error;
        stats.failedCalls++;
        lastCode = errorName(error);
        failed.push(...request);
        if (!UNWRITTEN_CALL_ERRORS.has(lastCode)) for (const e of request) ambiguous.add(e);
        return;
      }
      const results = out.Records ?? [];
      request.forEach((entry, i) => {
        const code = results[i]?.ErrorCode;
        if (code === undefined || code === null || code === "") {
          stats.bytes += entry.size;
          delivered.push(entry);
          return;
        }
        if (!RETRYABLE_ENTRY_CODES.has(code)) {
          throw new IllegalStateException(
            `Kinesis refused the record of row${entry.rows.length > 1 ? "s" : ""} ${rowsOf([entry])} for stream '${opts.streamName}': ${code}: ${results[i]?.ErrorMessage ?? ""}`,
          );
        }
        lastCode = code;
        failed.push(entry);
      });
      opts.afterResponse?.();
    });
    await runBounded(tasks, opts.maxConnections);
    if (ambiguous.size > 0 && opts.settleAmbiguous) {
      const resend = new Set(await opts.settleAmbiguous([...ambiguous], delivered));
      for (const e of ambiguous) if (!resend.has(e)) delivered.push(e);
      stats.settledEntries = (stats.settledEntries ?? 0) + ambiguous.size - resend.size;
      for (let i = failed.length - 1; i >= 0; i--) if (ambiguous.has(failed[i]!) && !resend.has(failed[i]!)) failed.splice(i, 1);
    }
    if (failed.length === 0) return stats;
    stats.retriedEntries += failed.length;
    const elapsed = now() - started;
    if (elapsed >= opts.recordTtlMs) {
      throw new IllegalStateException(
        `${failed.length} record(s) for Kinesis stream '${opts.streamName}' were still failing (${lastCode}) after ${elapsed} ms ` +
          `and ${round + 1} attempts, over kinesis.sink.recordTtl (${opts.recordTtlMs} ms); rows ${rowsOf(failed)}. ` +
          "Records of this batch sent before were delivered and will be sent again when the batch is re-run. " +
          "Raise kinesis.sink.recordTtl, add shards, or lower the write rate.",
      );
    }
    await (opts.retry.sleep ?? sleep)(Math.min(backoffDelay(opts.retry, round), Math.max(0, opts.recordTtlMs - elapsed)));
    pending = failed;
  }
  return stats;
}
