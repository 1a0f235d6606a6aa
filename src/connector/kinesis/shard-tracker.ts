/**
 * Shard discovery and lineage. ListShards (paged with NextToken, MaxResults 1000) at most once per
 * `kinesis.describeShardInterval`; a shard is readable only when every parent we track is read to its end, which
 * keeps per-partition-key order across split, merge and UpdateShardCount (Flink/KCL behaviour; the connector reads
 * parents and children in parallel).
 */
import { type KinesisClient, ListShardsCommand, type Shard } from "@aws-sdk/client-kinesis";
import type { ShardEntry } from "./positions";
import { type RetryPolicy, withRetry } from "./retry";

export interface ShardInfo {
  readonly shardId: string;
  readonly parents: readonly string[];
  /** Closed shards have an ending sequence number (kinesis-local's is always 2^63-1: only its presence counts). */
  readonly closed: boolean;
  readonly hashKeyRange: readonly [string, string];
  readonly startingSequenceNumber: string;
}

export function toShardInfo(s: Shard): ShardInfo {
  const parents = [s.ParentShardId, s.AdjacentParentShardId].filter((p): p is string => typeof p === "string" && p !== "");
  return {
    shardId: s.ShardId ?? "",
    parents,
    closed: s.SequenceNumberRange?.EndingSequenceNumber !== undefined && s.SequenceNumberRange?.EndingSequenceNumber !== null,
    hashKeyRange: [s.HashKeyRange?.StartingHashKey ?? "", s.HashKeyRange?.EndingHashKey ?? ""],
    startingSequenceNumber: s.SequenceNumberRange?.StartingSequenceNumber ?? "",
  };
}

/** Every shard of the stream, following NextToken; `pageSize` is the ListShards MaxResults (1000 = AWS maximum). */
export async function listShards(
  client: KinesisClient,
  streamName: string,
  retry: RetryPolicy,
  pageSize = 1000,
): Promise<ShardInfo[]> {
  const out: ShardInfo[] = [];
  let nextToken: string | undefined;
  do {
    const token = nextToken;
    const page = await withRetry(retry, `listing the shards of stream '${streamName}'`, () =>
      client.send(
        new ListShardsCommand(token ? { NextToken: token, MaxResults: pageSize } : { StreamName: streamName, MaxResults: pageSize }),
      ),
    );
    for (const s of page.Shards ?? []) out.push(toShardInfo(s));
    nextToken = page.NextToken;
  } while (nextToken);
  return out.sort((a, b) => a.shardId.localeCompare(b.shardId));
}

/** Shards that may be read now: not at SHARD_END, and every tracked parent at SHARD_END. */
export function readableShards(entries: ReadonlyMap<string, ShardEntry>): string[] {
  const out: string[] = [];
  for (const [id, e] of entries) {
    if (e.position.iteratorType === "SHARD_END") continue;
    const blocked = e.parents.some((p) => {
      const parent = entries.get(p);
      return parent !== undefined && parent.position.iteratorType !== "SHARD_END";
    });
    if (!blocked) out.push(id);
  }
  return out.sort();
}

/** Lineage depth (0 = no tracked parent): rows are emitted parents first, so order per key survives resharding. */
export function lineageDepths(entries: ReadonlyMap<string, { readonly parents: readonly string[] }>): Map<string, number> {
  const depth = new Map<string, number>();
  const visit = (id: string, seen: Set<string>): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    const e = entries.get(id);
    if (e === undefined || seen.has(id)) return -1;
    seen.add(id);
    const d = 1 + Math.max(-1, ...e.parents.map((p) => visit(p, seen)));
    depth.set(id, d);
    return d;
  };
  for (const id of entries.keys()) visit(id, new Set());
  return depth;
}

/** Shard ids ordered for output: parents before children, then by id. */
export function outputOrder(entries: ReadonlyMap<string, { readonly parents: readonly string[] }>): string[] {
  const depth = lineageDepths(entries);
  return [...entries.keys()].sort((a, b) => (depth.get(a) ?? 0) - (depth.get(b) ?? 0) || a.localeCompare(b));
}
