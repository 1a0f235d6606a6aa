/**
 * `.shards <stream>` in the shell: the stream's shards with hash ranges, lineage and state, and how far behind each
 * shard's reader is when a query in this process reads the stream.
 */
import type { KinesisClient } from "@aws-sdk/client-kinesis";
import { knownLag } from "./active-sources";
import { createKinesisClient, type KinesisConnection, resolveConnection } from "./connection";
import { explainKinesisError } from "./errors";
import { KinesisOptions } from "./options";
import { DEFAULT_RETRY } from "./retry";
import { listShards } from "./shard-tracker";

export interface ShardRow {
  readonly shardId: string;
  /** "start..end" of the hash key range. */
  readonly hashRange: string;
  /** Parent shard ids, comma-separated ("" for none). */
  readonly parents: string;
  readonly state: "open" | "closed";
  /** Milliseconds behind the tip, when a running source knows it. */
  readonly lagMs?: number;
}

/** A connection from options as the shell holds them (endpoint/region/credentials keys, or the local default). */
export function connectionFromOptions(options: ReadonlyMap<string, string> | Record<string, string> = {}): KinesisConnection {
  return resolveConnection(new KinesisOptions(options));
}

export async function describeShards(
  conn: KinesisConnection,
  stream: string,
  lagByShard?: ReadonlyMap<string, number>,
  client?: KinesisClient,
): Promise<ShardRow[]> {
  const c = client ?? createKinesisClient(conn);
  const lag = lagByShard ?? knownLag(stream);
  try {
    const shards = await listShards(c, stream, { ...DEFAULT_RETRY, numRetries: 2, baseMs: 200 });
    return shards.map((s) => ({
      shardId: s.shardId,
      hashRange: `${s.hashKeyRange[0]}..${s.hashKeyRange[1]}`,
      parents: s.parents.join(","),
      state: s.closed ? "closed" : "open",
      ...(lag.has(s.shardId) ? { lagMs: lag.get(s.shardId) } : {}),
    }));
  } catch (error) {
    throw explainKinesisError(error, conn, stream, "listing shards");
  } finally {
    if (!client) c.destroy();
  }
}
