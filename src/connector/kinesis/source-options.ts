/**
 * Every `kinesis.*` source option, with the connector's names and defaults (kinesis-connector.md §1), resolved once.
 * Options the connector has for its own metadata store (we keep positions in the engine's offset log) are accepted
 * and ignored so existing jobs keep working.
 */
import { KinesisOptionError, KinesisOptions, parseTimeString, rejectUnknownKeys } from "./options";
import { parseStartingPosition, type StartingPosition } from "./positions";
import type { RetryPolicy } from "./retry";
import { parseStreamArn } from "./stream-arn";

export const SOURCE_OPTION_KEYS = [
  "kinesis.endpointUrl",
  "kinesis.streamName",
  "kinesis.region",
  "kinesis.kinesisRegion",
  "kinesis.consumerType",
  "kinesis.consumerName",
  "kinesis.consumerArn",
  "kinesis.deregisterConsumerOnStop",
  "kinesis.startingPosition",
  "kinesis.failOnDataLoss",
  "kinesis.maxFetchRecordsPerShard",
  "kinesis.maxFetchTimePerShardSec",
  "kinesis.describeShardInterval",
  "kinesis.minBatchesToRetain",
  "kinesis.checkNewRecordThreads",
  "kinesis.metadataCommitterType",
  "kinesis.metadataPath",
  "kinesis.dynamodb.tableName",
  "kinesis.metadataNumRetries",
  "kinesis.metadataRetryIntervalsMs",
  "kinesis.metadataMaxRetryIntervalMs",
  "kinesis.clientNumRetries",
  "kinesis.clientRetryIntervalsMs",
  "kinesis.clientMaxRetryIntervalMs",
  "kinesis.subscribeToShard.timeoutSec",
  "kinesis.subscribeToShard.maxRetries",
  "kinesis.getRecords.numberOfRecordsPerFetch",
  "kinesis.getRecords.fetchIntervalMs",
  "kinesis.stsRoleArn",
  "kinesis.stsSessionName",
  "kinesis.stsEndpointUrl",
  "kinesis.awsAccessKeyId",
  "kinesis.awsSecretKey",
  "kinesis.sessionToken",
  "kinesis.credentialProviderClass",
  "kinesis.credentialProviderParam",
  "kinesis.internal.avoidEmptyBatches",
  "kinesis.internal.dataQueueCapacity",
  "kinesis.internal.maxDataQueueEmptyCount",
  "kinesis.internal.dataQueueWaitTimeoutSec",
  "kinesis.internal.maintenanceTaskIntervalSec",
  "kinesis.internal.subscriptionRenewalMs",
  // tspark: the source's proxy (the connector has one for its sink only, kinesis.sink.proxy*).
  "kinesis.proxyAddress",
  "kinesis.proxyPort",
  "kinesis.proxyUsername",
  "kinesis.proxyPassword",
] as const;

export type ConsumerType = "GetRecords" | "SubscribeToShard";

export interface SourceOptions {
  readonly streamName: string;
  readonly consumerType: ConsumerType;
  readonly consumerName?: string;
  readonly consumerArn?: string;
  readonly deregisterConsumerOnStop: boolean;
  readonly startingPosition: StartingPosition;
  /** The option as given (undefined = the default LATEST), to say when a checkpoint overrides it. */
  readonly startingPositionText?: string;
  readonly failOnDataLoss: boolean;
  /**
   * A checkpointed sequence number the stream does not have (stream re-created, emulator started fresh) is an
   * error unless `kinesis.failOnDataLoss` is set to false explicitly: then that shard is read from TRIM_HORIZON.
   */
  readonly skipUnknownPositions: boolean;
  readonly maxFetchRecordsPerShard: number;
  /** Undefined = no time cap (a batch still ends as soon as the readers catch up). */
  readonly maxFetchTimePerShardMs?: number;
  readonly describeShardIntervalMs: number;
  readonly retry: RetryPolicy;
  readonly subscribeTimeoutMs: number;
  readonly subscribeMaxRetries: number;
  readonly recordsPerFetch: number;
  readonly fetchIntervalMs: number;
  readonly avoidEmptyBatches: boolean;
  readonly dataQueueCapacity: number;
  /** Test hook: end fan-out subscriptions after this long (AWS ends them after 5 minutes). */
  readonly subscriptionRenewalMs?: number;
}

export function parseSourceOptions(options: ReadonlyMap<string, string> | KinesisOptions): SourceOptions {
  const o = options instanceof KinesisOptions ? options : new KinesisOptions(options);
  rejectUnknownKeys(o, SOURCE_OPTION_KEYS, "aws-kinesis source");
  const streamName = streamNameOption(o);
  const typeRaw = o.string("kinesis.consumerType", "GetRecords");
  let consumerType: ConsumerType;
  if (typeRaw.toLowerCase() === "getrecords") consumerType = "GetRecords";
  else if (typeRaw.toLowerCase() === "subscribetoshard") consumerType = "SubscribeToShard";
  else throw new KinesisOptionError(`Invalid kinesis.consumerType '${typeRaw}': use GetRecords or SubscribeToShard`);
  const consumerName = o.get("kinesis.consumerName");
  const consumerArn = o.get("kinesis.consumerArn");
  if (consumerType === "SubscribeToShard" && consumerName === undefined && consumerArn === undefined) {
    throw new KinesisOptionError("kinesis.consumerName must be specified when kinesis.consumerType is SubscribeToShard");
  }
  if (o.has("kinesis.credentialProviderClass")) {
    throw new KinesisOptionError(
      "kinesis.credentialProviderClass (a JVM class) is not supported by tspark: use kinesis.awsAccessKeyId/kinesis.awsSecretKey, kinesis.stsRoleArn/kinesis.stsSessionName, or the AWS default credential chain (environment, profile, instance role)",
    );
  }
  const maxFetchMs = maxFetchTimeMs(o);
  const committer = o.string("kinesis.metadataCommitterType", "HDFS").toUpperCase();
  if (committer !== "HDFS" && committer !== "DYNAMODB") {
    throw new KinesisOptionError(`Unsupported committer type ${committer}: use HDFS or DYNAMODB (both are accepted; tspark keeps positions in the offset log)`);
  }
  return {
    streamName,
    consumerType,
    consumerName,
    consumerArn,
    // Deregister only what we registered ourselves: a given ARN belongs to someone else.
    deregisterConsumerOnStop: o.bool("kinesis.deregisterConsumerOnStop", consumerArn === undefined),
    startingPosition: parseStartingPosition(o.get("kinesis.startingPosition")),
    startingPositionText: o.get("kinesis.startingPosition"),
    failOnDataLoss: o.bool("kinesis.failOnDataLoss", false),
    skipUnknownPositions: o.has("kinesis.failOnDataLoss") && !o.bool("kinesis.failOnDataLoss", false),
    maxFetchRecordsPerShard: o.int("kinesis.maxFetchRecordsPerShard", 100_000, 1),
    // The connector insists on >= 10 s because its tasks idle ~10 s anyway; ours end when caught up, so any
    // positive number of seconds is meaningful.
    maxFetchTimePerShardMs: maxFetchMs,
    describeShardIntervalMs: o.durationMs("kinesis.describeShardInterval", 1000),
    retry: {
      numRetries: o.int("kinesis.clientNumRetries", 5, 0),
      baseMs: o.int("kinesis.clientRetryIntervalsMs", 1000, 0),
      maxMs: o.int("kinesis.clientMaxRetryIntervalMs", 10_000, 0),
    },
    subscribeTimeoutMs: o.int("kinesis.subscribeToShard.timeoutSec", 60, 1) * 1000,
    subscribeMaxRetries: o.int("kinesis.subscribeToShard.maxRetries", 10, 0),
    recordsPerFetch: rangeCheck(o.int("kinesis.getRecords.numberOfRecordsPerFetch", 10_000, 1), 10_000, "kinesis.getRecords.numberOfRecordsPerFetch"),
    fetchIntervalMs: o.int("kinesis.getRecords.fetchIntervalMs", 200, 0),
    avoidEmptyBatches: o.bool("kinesis.internal.avoidEmptyBatches", true),
    dataQueueCapacity: o.int("kinesis.internal.dataQueueCapacity", 1000, 1),
    subscriptionRenewalMs: o.optionalInt("kinesis.internal.subscriptionRenewalMs", 1),
  };
}

/**
 * `kinesis.streamName`: a name, or a stream ARN (the connector's #12: consoles and IaC outputs hand out ARNs); the
 * ARN's region is used when no region is given (resolve-connection.ts). A malformed ARN is refused with the shape.
 */
export function streamNameOption(o: KinesisOptions): string {
  const raw = o.required("kinesis.streamName");
  if (!raw.startsWith("arn:")) return raw;
  const arn = parseStreamArn(raw);
  if (!arn) {
    throw new KinesisOptionError(
      `kinesis.streamName '${raw}' is not a Kinesis stream ARN: use the stream's name, or arn:aws:kinesis:<region>:<account>:stream/<name>`,
    );
  }
  return arn.streamName;
}

/**
 * `kinesis.maxFetchTimePerShardSec`: whole seconds as in the connector, or a Spark time string ("30s", "1min"),
 * which the connector refuses (its #50). Any positive duration: the connector's floor of 10 s exists because its
 * tasks idle ~10 s; ours end when caught up (an export raises it to 10 with a warning).
 */
function maxFetchTimeMs(o: KinesisOptions): number | undefined {
  const raw = o.get("kinesis.maxFetchTimePerShardSec");
  if (raw === undefined) return undefined;
  const ms = parseTimeString(raw, "s");
  if (ms === undefined || ms <= 0) {
    throw new KinesisOptionError(
      `Invalid value '${raw}' for option 'kinesis.maxFetchTimePerShardSec', must be a positive integer (seconds) or a duration such as 30s or 2min`,
    );
  }
  return ms;
}

function rangeCheck(value: number, max: number, key: string): number {
  if (value > max) throw new KinesisOptionError(`Invalid value '${value}' for option ${key}: Kinesis allows at most ${max}.`);
  return value;
}
