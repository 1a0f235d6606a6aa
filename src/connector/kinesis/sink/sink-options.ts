/**
 * Every aws-kinesis sink option, with the connector's names and defaults (kinesis-connector.md §2), resolved once at
 * start(). The connector hands most of them to the KPL; tspark calls PutRecords itself, so each is mapped onto that:
 *
 *   kinesis.sink.maxConnections (1)          PutRecords calls in flight at once.
 *   kinesis.sink.aggregationEnabled (true)   KPL aggregation of user records bound for the same shard.
 *   kinesis.sink.recordTtl (30000 ms)        how long a record may keep failing (throttled) before the batch fails.
 *   kinesis.sink.recordMaxBufferedTimeMs, kinesis.sink.flushWaitTimeMs
 *                                            validated, no effect: every batch is sent and flushed before addBatch
 *                                            returns, so nothing waits in a buffer.
 *   kinesis.sink.maxRecordSizeBytes (1 MiB)  tspark: the stream's max record size, for streams raised up to 10 MiB.
 *   kinesis.sink.proxyAddress/proxyPort/proxyUsername/proxyPassword
 *                                            the PutRecords client goes through this HTTP(S) proxy (KPL's proxy there).
 *   kinesis.clientRetryIntervalsMs (100) / kinesis.clientMaxRetryIntervalMs (1000)
 *                                            full-jitter backoff between resends (the source's defaults are 1 s / 10 s;
 *                                            a sink throttled per 1-second shard window wants shorter waits).
 * Keys are case-insensitive; unknown `kinesis.*` keys fail with a "did you mean" unless they are source options
 * (one options map shared by a reader and a writer is common in pyspark code).
 */
import { KinesisOptionError, KinesisOptions, rejectUnknownKeys } from "../options";
import type { RetryPolicy } from "../retry";
import { SOURCE_OPTION_KEYS, streamNameOption } from "../source-options";

export const SINK_OPTION_KEYS = [
  "kinesis.streamName",
  "kinesis.region",
  "kinesis.kinesisRegion",
  "kinesis.endpointUrl",
  "kinesis.sink.flushWaitTimeMs",
  "kinesis.sink.recordMaxBufferedTimeMs",
  "kinesis.sink.maxConnections",
  "kinesis.sink.aggregationEnabled",
  "kinesis.sink.recordTtl",
  "kinesis.sink.maxRecordSizeBytes",
  "kinesis.sink.proxyAddress",
  "kinesis.sink.proxyPort",
  "kinesis.sink.proxyUsername",
  "kinesis.sink.proxyPassword",
  "kinesis.clientRetryIntervalsMs",
  "kinesis.clientMaxRetryIntervalMs",
  "kinesis.stsRoleArn",
  "kinesis.stsSessionName",
  "kinesis.stsEndpointUrl",
  "kinesis.awsAccessKeyId",
  "kinesis.awsSecretKey",
  "kinesis.sessionToken",
  "kinesis.credentialProviderClass",
  "kinesis.credentialProviderParam",
  "kinesis.minBatchesToRetain",
  "kinesis.metadataNumRetries",
  "kinesis.metadataRetryIntervalsMs",
  "kinesis.metadataMaxRetryIntervalMs",
  "kinesis.dynamodb.endpointUrl",
  "kinesis.s3.endpointUrl",
] as const;

export const MIB = 1024 * 1024;
/** PutRecords: at most 500 entries per call. */
export const MAX_RECORDS_PER_REQUEST = 500;
/** PutRecords: 5 MiB per call (data + partition keys), or the record size when a stream allows larger records. */
export const DEFAULT_MAX_REQUEST_BYTES = 5 * MIB;

export interface SinkOptions {
  readonly streamName: string;
  readonly maxConnections: number;
  readonly aggregationEnabled: boolean;
  readonly recordTtlMs: number;
  readonly maxRecordSizeBytes: number;
  readonly maxRequestBytes: number;
  readonly retry: RetryPolicy;
  readonly minBatchesToRetain: number;
}

/** Unprefixed spellings some jobs use (qubole's connector): `streamName`, `region`, `endpointUrl`. */
const ALIASES: Readonly<Record<string, string>> = {
  streamname: "kinesis.streamName",
  region: "kinesis.region",
  endpointurl: "kinesis.endpointUrl",
};

/** The options with unprefixed aliases moved to their `kinesis.` names (the prefixed key wins). */
export function withAliases(options: ReadonlyMap<string, string>): Map<string, string> {
  const out = new Map(options);
  const lowerKeys = new Set([...options.keys()].map((k) => k.toLowerCase()));
  for (const [key, value] of options) {
    const target = ALIASES[key.toLowerCase()];
    if (target !== undefined && !lowerKeys.has(target.toLowerCase())) out.set(target, value);
  }
  return out;
}

export function parseSinkOptions(options: ReadonlyMap<string, string>, sessionMinBatchesToRetain = 100): SinkOptions {
  const o = new KinesisOptions(withAliases(options));
  rejectUnknownKeys(o, [...SINK_OPTION_KEYS, ...SOURCE_OPTION_KEYS], "aws-kinesis sink");
  if (o.get("kinesis.streamName") === undefined) {
    throw new KinesisOptionError(
      "kinesis.streamName is not specified: the aws-kinesis sink needs .option(\"kinesis.streamName\", \"<stream to write to>\")",
    );
  }
  const streamName = streamNameOption(o); // a name or a stream ARN
  if (streamName.includes(",")) {
    throw new KinesisOptionError(
      `kinesis.streamName '${streamName}' names several streams: the aws-kinesis sink writes to one (several streams are for readers); use one writer per stream`,
    );
  }
  // kinesis.sink.proxy*: resolved with the connection (resolve-connection.ts proxyOf), used by the SDK client.
  for (const key of ["kinesis.credentialProviderClass", "kinesis.credentialProviderParam"]) {
    if (o.has(key)) {
      throw new KinesisOptionError(
        `${key} names a Java class, which tspark cannot load: use kinesis.awsAccessKeyId/kinesis.awsSecretKey, kinesis.stsRoleArn, or the default credential chain`,
      );
    }
  }
  // Validated for compatibility; see the header for why they have no effect.
  o.int("kinesis.sink.flushWaitTimeMs", 100, 0);
  o.int("kinesis.sink.recordMaxBufferedTimeMs", 1000, 0);
  const maxRecordSizeBytes = o.int("kinesis.sink.maxRecordSizeBytes", MIB, 1);
  if (maxRecordSizeBytes > 10 * MIB) {
    throw new KinesisOptionError(
      `Invalid value '${maxRecordSizeBytes}' for option kinesis.sink.maxRecordSizeBytes: Kinesis records are at most 10 MiB (10485760 bytes).`,
    );
  }
  const baseMs = o.int("kinesis.clientRetryIntervalsMs", 100, 0);
  return {
    streamName,
    maxConnections: o.int("kinesis.sink.maxConnections", 1, 1),
    aggregationEnabled: o.bool("kinesis.sink.aggregationEnabled", true),
    recordTtlMs: o.int("kinesis.sink.recordTtl", 30_000, 0),
    maxRecordSizeBytes,
    maxRequestBytes: Math.max(DEFAULT_MAX_REQUEST_BYTES, maxRecordSizeBytes),
    retry: { numRetries: Number.MAX_SAFE_INTEGER, baseMs, maxMs: Math.max(baseMs, o.int("kinesis.clientMaxRetryIntervalMs", 1000, 0)) },
    minBatchesToRetain: o.int("kinesis.minBatchesToRetain", sessionMinBatchesToRetain, 1),
  };
}
