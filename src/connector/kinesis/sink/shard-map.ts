/**
 * Which open shard a record lands in: Kinesis hashes the partition key with MD5 to a 128-bit integer (or takes the
 * explicit hash key) and picks the shard whose hash-key range contains it. The sink needs this only for KPL
 * aggregation, where all user records of one aggregate must belong to the same shard (the aggregate is routed by
 * the first record's hash key, readers see each user record with its own partition key).
 */
import { createHash } from "node:crypto";
import { type KinesisClient, ListShardsCommand, type Shard } from "@aws-sdk/client-kinesis";
import { type RetryPolicy, withRetry } from "../retry";

export interface ShardRange {
  readonly shardId: string;
  readonly start: bigint;
  readonly end: bigint;
}

export function hashKeyOf(partitionKey: string, explicitHashKey?: string): bigint {
  if (explicitHashKey !== undefined && explicitHashKey !== "") return BigInt(explicitHashKey);
  return BigInt(`0x${createHash("md5").update(partitionKey, "utf8").digest("hex")}`);
}

export class ShardMap {
  /** Sorted by start. */
  readonly ranges: readonly ShardRange[];

  constructor(ranges: readonly ShardRange[]) {
    this.ranges = [...ranges].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  }

  shardFor(hashKey: bigint): string | undefined {
    let lo = 0;
    let hi = this.ranges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = this.ranges[mid]!;
      if (hashKey < r.start) hi = mid - 1;
      else if (hashKey > r.end) lo = mid + 1;
      else return r.shardId;
    }
    return undefined;
  }

  static fromShards(shards: readonly Shard[]): ShardMap {
    const open = shards.filter((s) => s.SequenceNumberRange?.EndingSequenceNumber === undefined);
    return new ShardMap(
      open.map((s) => ({
        shardId: s.ShardId ?? "",
        start: BigInt(s.HashKeyRange?.StartingHashKey ?? "0"),
        end: BigInt(s.HashKeyRange?.EndingHashKey ?? "0"),
      })),
    );
  }
}

/** Every shard of `streamName`, open and closed (ListShards, paged). */
export async function listAllShards(client: KinesisClient, streamName: string, retry: RetryPolicy): Promise<Shard[]> {
  const shards: Shard[] = [];
  let token: string | undefined;
  do {
    const page = await withRetry(retry, `listing the shards of stream ${streamName}`, () =>
      client.send(new ListShardsCommand(token === undefined ? { StreamName: streamName } : { NextToken: token })),
    );
    shards.push(...(page.Shards ?? []));
    token = page.NextToken;
  } while (token !== undefined);
  return shards;
}

/** Open shards of `streamName` (ListShards, paged). */
export async function loadShardMap(client: KinesisClient, streamName: string, retry: RetryPolicy): Promise<ShardMap> {
  return ShardMap.fromShards(await listAllShards(client, streamName, retry));
}
