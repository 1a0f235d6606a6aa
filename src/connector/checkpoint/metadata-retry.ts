/**
 * Retry for checkpoint and shard-metadata stores (S3, DynamoDB), with the connector's option names:
 * `kinesis.metadataNumRetries` (5), `kinesis.metadataRetryIntervalsMs` (1000), `kinesis.metadataMaxRetryIntervalMs`
 * (10000). The connector doubles the interval up to the max; we use the same bound but full jitter (retry.ts), so
 * several queries throttled on one table do not retry in lock-step.
 */
import { KinesisOptions } from "../kinesis/options";
import { errorName, isRetryable, type RetryPolicy, withRetry } from "../kinesis/retry";

export interface MetadataRetryOptions {
  readonly numRetries: number;
  readonly intervalMs: number;
  readonly maxIntervalMs: number;
}

export const DEFAULT_METADATA_RETRY: MetadataRetryOptions = { numRetries: 5, intervalMs: 1000, maxIntervalMs: 10_000 };

export function metadataRetryFromOptions(options: ReadonlyMap<string, string> | KinesisOptions): MetadataRetryOptions {
  const o = options instanceof KinesisOptions ? options : new KinesisOptions(options);
  return {
    numRetries: o.int("kinesis.metadataNumRetries", DEFAULT_METADATA_RETRY.numRetries, 0),
    intervalMs: o.int("kinesis.metadataRetryIntervalsMs", DEFAULT_METADATA_RETRY.intervalMs, 0),
    maxIntervalMs: o.int("kinesis.metadataMaxRetryIntervalMs", DEFAULT_METADATA_RETRY.maxIntervalMs, 0),
  };
}

export function toRetryPolicy(r: MetadataRetryOptions = DEFAULT_METADATA_RETRY): RetryPolicy {
  return { numRetries: r.numRetries, baseMs: r.intervalMs, maxMs: Math.max(r.intervalMs, r.maxIntervalMs) };
}

/** DynamoDB and S3 throttling / transient names on top of the Kinesis ones retry.ts knows. */
const STORE_RETRYABLE = new Set([
  "ProvisionedThroughputExceededException",
  "RequestLimitExceeded",
  "ThrottlingException",
  "InternalServerError",
  "InternalError",
  "SlowDown",
  "ServiceUnavailable",
  "TransactionConflictException",
  // S3: another conditional write to the same key is in flight; retrying settles who won.
  "ConditionalRequestConflict",
]);

export function isStoreRetryable(error: unknown): boolean {
  return STORE_RETRYABLE.has(errorName(error)) || isRetryable(error);
}

export function withStoreRetry<T>(retry: MetadataRetryOptions, what: string, fn: () => Promise<T>): Promise<T> {
  return withRetry(toRetryPolicy(retry), what, () => fn(), isStoreRetryable);
}
