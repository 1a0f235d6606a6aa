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

export async function readTargetSince(
  client: KinesisClient,
  streamName: string,
  sinceMs: number,
  retry: RetryPolicy,
): Promise<{ counts: DigestCounts; stats: TargetReadStats }> {
  const counts = new DigestCounts();
  const stats: TargetReadStats = { shards: 0, getRecordsCalls: 0, records: 0 };
  const shards = await listAllShards(client, streamName, retry);
  for (const shard of shards) {
    // A shard closed before the batch started holds none of its records.
    stats.shards++;
    let iterator = (
      await withRetry(retry, `reading back shard ${shard.ShardId} of stream ${streamName}`, () =>
        client.send(
          new GetShardIteratorCommand({
            StreamName: streamName,
            ShardId: shard.ShardId,
            ShardIteratorType: "AT_TIMESTAMP",
            Timestamp: new Date(sinceMs),
          }),
        ),
      )
    ).ShardIterator;
    while (iterator) {
      const it = iterator;
      const page = await withRetry(retry, `reading back shard ${shard.ShardId} of stream ${streamName}`, () =>
        client.send(new GetRecordsCommand({ ShardIterator: it, Limit: 10_000 })),
      );
      stats.getRecordsCalls++;
      for (const r of page.Records ?? []) {
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
