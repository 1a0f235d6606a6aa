/**
 * The aws-kinesis source's shard-metadata committer: per micro-batch, the end position of every shard, written by
 * the reader when it finished that shard (connector `MetadataCommitter`, `HDFSMetadataCommitter`,
 * `DynamodbMetadataCommitter`). A restarted query re-plans an uncommitted batch N from these entries so the replay
 * stops exactly where the first run did.
 *
 * API (for the source):
 *
 *   const committer = await createMetadataCommitterFromOptions(options, {
 *     checkpointDir: "<checkpoint>/sources/0", streamName, consumerName });   // parses kinesis.* options
 *   // or, with everything explicit:
 *   const committer = await createMetadataCommitter({ type: "DYNAMODB", region, streamName, connection });
 *   // connection: the shared AwsConnection (src/connector/aws/connection.ts) or { dynamodb?, s3? } per service
 *
 *   await committer.add(7, "shardId-000000000001", shardInfoJson)  // true if written; false if batch 7 already has an
 *                                                                 // entry for that shard (first writer wins; the
 *                                                                 // value is then NOT replaced)
 *   await committer.get(7)             // Map shardId -> shardInfoJson (empty map when nothing was recorded)
 *   await committer.latestBatchId()    // highest batch id with any entry, or undefined
 *   await committer.purge(5)           // deletes every batch < 5
 *   await purgeToRetain(committer, minBatchesToRetain)  // keeps the last N batches (connector maintenance task)
 *
 * Types (`kinesis.metadataCommitterType`, case-insensitive; anything else: "Unsupported committer type"):
 *   HDFS      files `<path>/shard-source/<batchId>/<shardId>`; `path` is `kinesis.metadataPath` or the source's
 *             checkpoint dir; a local path or `s3://bucket/prefix`. Put-if-absent = link (local) / If-None-Match (S3).
 *   DYNAMODB  table `kinesis.dynamodb.tableName`, default `kdsc_<region>_<streamName>` (GetRecords) or
 *             `kdsc_<region>_<streamName>_<consumerName>` (SubscribeToShard); hash key `metadataKey` (S, batch id),
 *             range key `metadataSortKey` (S, shard id), attribute `metadataValue` (S, the JSON); created on demand
 *             (PAY_PER_REQUEST), conditional puts, consistent reads.
 * Every call is retried on throttling/5xx with `kinesis.metadataNumRetries` / `metadataRetryIntervalsMs` /
 * `metadataMaxRetryIntervalMs` (5 / 1000 / 10000).
 */
import { KinesisOptionError, KinesisOptions } from "../kinesis/options";
import { createDynamoDBMetadataCommitter } from "./dynamodb-metadata-committer";
import { createFileMetadataCommitter } from "./file-metadata-committer";
import { DEFAULT_METADATA_RETRY, type MetadataRetryOptions, metadataRetryFromOptions } from "./metadata-retry";
import type { AwsConnection } from "../aws/connection";
import { resolveServiceConnection, type ServiceConnection, serviceConnectionFrom } from "./store-connection";

export interface ShardMetadataCommitter {
  /** Records `shardInfoJson` for (batchId, shardId) unless an entry exists; true when this call wrote it. */
  add(batchId: number, shardId: string, shardInfoJson: string): Promise<boolean>;
  /** shardId -> shardInfoJson of one batch. */
  get(batchId: number): Promise<Map<string, string>>;
  latestBatchId(): Promise<number | undefined>;
  /** Deletes all batches with id < keepFromBatchId. */
  purge(keepFromBatchId: number): Promise<void>;
  /** Where it writes, for logs and errors ("dynamodb table kdsc_us-east-1_s", "/tmp/cp/sources/0/shard-source"). */
  readonly description: string;
}

export type MetadataCommitterType = "HDFS" | "DYNAMODB";

/** `kinesis.metadataCommitterType`: HDFS (default) or DYNAMODB, case-insensitive. */
export function parseMetadataCommitterType(value: string | undefined): MetadataCommitterType {
  if (value === undefined || value.trim() === "") return "HDFS";
  const upper = value.trim().toUpperCase();
  if (upper === "HDFS" || upper === "DYNAMODB") return upper;
  throw new KinesisOptionError(
    `Unsupported committer type ${value} for kinesis.metadataCommitterType: use HDFS (files under kinesis.metadataPath or the checkpoint) or DYNAMODB`,
  );
}

/** Connections the committers may need: DynamoDB for DYNAMODB, S3 for an HDFS path on s3://. */
export interface CommitterConnection {
  readonly dynamodb?: ServiceConnection;
  readonly s3?: ServiceConnection;
}

export interface MetadataCommitterOptions {
  readonly type: MetadataCommitterType;
  /** HDFS: directory (local path or s3://bucket/prefix) under which `shard-source/` lives. */
  readonly path?: string;
  /** DYNAMODB: table name; default from region, stream and consumer. */
  readonly tableName?: string;
  readonly region: string;
  readonly streamName: string;
  /** Set for SubscribeToShard (EFO): part of the default table name. */
  readonly consumerName?: string;
  /** Per-service connections, or the shared AwsConnection (src/connector/aws) they are taken from. */
  readonly connection: CommitterConnection | AwsConnection;
  readonly retry?: MetadataRetryOptions;
}

function isAwsConnection(c: CommitterConnection | AwsConnection): c is AwsConnection {
  return typeof (c as AwsConnection).region === "string";
}

/** The connector's default table name. */
export function defaultMetadataTableName(region: string, streamName: string, consumerName?: string): string {
  return consumerName ? `kdsc_${region}_${streamName}_${consumerName}` : `kdsc_${region}_${streamName}`;
}

export async function createMetadataCommitter(opts: MetadataCommitterOptions): Promise<ShardMetadataCommitter> {
  const retry = opts.retry ?? DEFAULT_METADATA_RETRY;
  const connection: CommitterConnection = isAwsConnection(opts.connection)
    ? { dynamodb: serviceConnectionFrom(opts.connection, "dynamodb"), s3: serviceConnectionFrom(opts.connection, "s3") }
    : opts.connection;
  if (opts.type === "DYNAMODB") {
    const conn = connection.dynamodb;
    if (!conn) throw new KinesisOptionError("The DYNAMODB metadata committer needs a DynamoDB connection");
    const table = opts.tableName ?? defaultMetadataTableName(opts.region, opts.streamName, opts.consumerName);
    return createDynamoDBMetadataCommitter(table, conn, retry);
  }
  if (opts.path === undefined || opts.path === "") {
    throw new KinesisOptionError("The HDFS metadata committer needs a path: set kinesis.metadataPath or a checkpointLocation");
  }
  return createFileMetadataCommitter(opts.path, connection.s3, retry);
}

/**
 * Everything from the source's options: `kinesis.metadataCommitterType`, `kinesis.metadataPath` (default
 * `checkpointDir`), `kinesis.dynamodb.tableName`, `kinesis.region`, the metadata retry options and the connection
 * rules of store-connection.ts.
 */
export async function createMetadataCommitterFromOptions(
  options: ReadonlyMap<string, string>,
  defaults: { checkpointDir?: string; streamName: string; consumerName?: string; region?: string },
): Promise<ShardMetadataCommitter> {
  const o = new KinesisOptions(options);
  const type = parseMetadataCommitterType(o.get("kinesis.metadataCommitterType"));
  const retry = metadataRetryFromOptions(o);
  if (type === "DYNAMODB") {
    const dynamodb = resolveServiceConnection("dynamodb", o);
    return createMetadataCommitter({
      type,
      tableName: o.get("kinesis.dynamodb.tableName"),
      region: o.get("kinesis.region") ?? defaults.region ?? dynamodb.region,
      streamName: defaults.streamName,
      consumerName: defaults.consumerName,
      connection: { dynamodb },
      retry,
    });
  }
  const path = o.get("kinesis.metadataPath") ?? defaults.checkpointDir;
  const s3 = path?.toLowerCase().startsWith("s3://") ? resolveServiceConnection("s3", o) : undefined;
  return createMetadataCommitter({
    type,
    path,
    region: o.get("kinesis.region") ?? defaults.region ?? "",
    streamName: defaults.streamName,
    connection: { s3 },
    retry,
  });
}

/** Spark's spark.sql.streaming.minBatchesToRetain default. */
export const DEFAULT_MIN_BATCHES_TO_RETAIN = 100;

/** `kinesis.minBatchesToRetain`, else the session's spark.sql.streaming.minBatchesToRetain, else 100. */
export function minBatchesToRetain(options: ReadonlyMap<string, string>, sessionDefault = DEFAULT_MIN_BATCHES_TO_RETAIN): number {
  return new KinesisOptions(options).int("kinesis.minBatchesToRetain", sessionDefault, 1);
}

/** Keeps the newest `retain` batches (by id), like the connector's maintenance task. */
export async function purgeToRetain(committer: ShardMetadataCommitter, retain: number): Promise<void> {
  const latest = await committer.latestBatchId();
  if (latest === undefined) return;
  const keepFrom = latest - retain + 1;
  if (keepFrom > 0) await committer.purge(keepFrom);
}
