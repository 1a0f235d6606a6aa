/**
 * Reads back what reached the target stream since a time, for the recovery of a batch whose PutRecords may have
 * been cut short: every shard (open and closed: a reshard may have happened meanwhile) from GetShardIterator
 * AT_TIMESTAMP up to the shard's tip, KPL aggregates unpacked, each user record counted by its digest.
 *
 * Only recovery pays for this; the normal path never reads the target.
 */
import { GetRecordsCommand, GetShardIteratorCommand, type KinesisClient } from "@aws-sdk/client-kinesis";
import { deaggregate } from "../kpl/aggregate";
import { type RetryPolicy, withRetry } from "../retry";
import { DigestCounts, recordDigest } from "./record-digest";
import { listAllShards } from "./shard-map";

export interface TargetReadStats {
  shards: number;
  getRecordsCalls: number;
  /** User records read (aggregates unpacked). */
  records: number;
}

/** How long an emulator may take to answer GetShardIterator AT_TIMESTAMP before the exact fallback is used. */
const EMULATOR_AT_TIMESTAMP_WAIT_MS = 2_000;

/**
 * An iterator at the first record that arrived at or after `sinceMs`, and whether records before it must still be
 * skipped by their arrival time (the emulator fallback). kinesalite never answers AT_TIMESTAMP when no record of the
 * shard arrived at or after the timestamp (AWS and kinesis-local return an iterator at the tip): on a local emulator
 * an answer that takes over 2 s is abandoned for TRIM_HORIZON, filtered by ApproximateArrivalTimestamp, which
 * reads the same records.
 */
async function iteratorSince(
  client: KinesisClient,
  streamName: string,
  shardId: string,
  sinceMs: number,
  retry: RetryPolicy,
  emulator: boolean,
): Promise<{ iterator: string | undefined; filter: boolean }> {
  const what = `reading back shard ${shardId} of stream ${streamName}`;
  const atTimestamp = (signal?: AbortSignal) =>
    withRetry(retry, what, () =>
      client.send(
        new GetShardIteratorCommand({ StreamName: streamName, ShardId: shardId, ShardIteratorType: "AT_TIMESTAMP", Timestamp: new Date(sinceMs) }),
        signal ? { abortSignal: signal } : {},
      ),
    );
  if (!emulator) return { iterator: (await atTimestamp()).ShardIterator, filter: false };
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"late">((resolve) => {
    timer = setTimeout(() => resolve("late"), EMULATOR_AT_TIMESTAMP_WAIT_MS);
  });
  try {
    const answer = await Promise.race([atTimestamp(abort.signal), late]);
    if (answer !== "late") return { iterator: answer.ShardIterator, filter: false };
  } finally {
    clearTimeout(timer);
  }
  abort.abort();
  const out = await withRetry(retry, what, () =>
    client.send(new GetShardIteratorCommand({ StreamName: streamName, ShardId: shardId, ShardIteratorType: "TRIM_HORIZON" })),
  );
  return { iterator: out.ShardIterator, filter: true };
}

export async function readTargetSince(
  client: KinesisClient,
  streamName: string,
  sinceMs: number,
  retry: RetryPolicy,
  /** True for a local emulator endpoint (see iteratorSince). */
  emulator = false,
): Promise<{ counts: DigestCounts; stats: TargetReadStats }> {
  const counts = new DigestCounts();
  const stats: TargetReadStats = { shards: 0, getRecordsCalls: 0, records: 0 };
  const shards = await listAllShards(client, streamName, retry);
  for (const shard of shards) {
    stats.shards++;
    const shardId = shard.ShardId ?? "";
    const since = await iteratorSince(client, streamName, shardId, sinceMs, retry, emulator);
    let iterator = since.iterator;
    while (iterator) {
      const it = iterator;
      const page = await withRetry(retry, `reading back shard ${shardId} of stream ${streamName}`, () =>
        client.send(new GetRecordsCommand({ ShardIterator: it, Limit: 10_000 })),
      );
      stats.getRecordsCalls++;
      for (const r of page.Records ?? []) {
        if (since.filter && (r.ApproximateArrivalTimestamp?.getTime() ?? 0) < sinceMs) continue;
        const data = r.Data ?? new Uint8Array();
        const users = deaggregate(data);
        if (users === null) {
          counts.add(recordDigest(r.PartitionKey ?? "", data));
          stats.records++;
        } else {
          for (const u of users) counts.add(recordDigest(u.partitionKey, u.data));
          stats.records += users.length;
        }
      }
      // At the tip of an open shard (nothing more, not behind), or at the end of a closed one (no next iterator).
      if ((page.Records ?? []).length === 0 && (page.MillisBehindLatest ?? 0) === 0) break;
      iterator = page.NextShardIterator;
    }
  }
  return { counts, stats };
}
