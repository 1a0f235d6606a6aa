/**
 * Kinesis API retry, shared by the source and the sink.
 *
 * Same knobs as the connector (`kinesis.clientNumRetries`, `clientRetryIntervalsMs`, `clientMaxRetryIntervalMs`)
 * but with full jitter (sleep uniformly in [0, min(max, base * 2^attempt)]) so many shard readers throttled at the
 * same moment do not retry in lock-step. Retried: throughput/limit errors, 5xx, connection resets and timeouts.
 */
import { IllegalStateException } from "../../engine/errors";

export interface RetryPolicy {
  /** Retries after the first attempt. */
  readonly numRetries: number;
  readonly baseMs: number;
  readonly maxMs: number;
  /** Injected for tests; defaults to Math.random. */
  readonly random?: () => number;
  /** Injected for tests; defaults to setTimeout. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Called before each sleep (metrics, logs). */
  readonly onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

export const DEFAULT_RETRY: RetryPolicy = { numRetries: 5, baseMs: 1000, maxMs: 10_000 };

/** The connector's "Gave up after N retries while ..." (IllegalStateException); the last error is the cause. */
export class RetriesExhaustedError extends IllegalStateException {
  constructor(message: string, cause: unknown) {
    super(message, { cause });
    this.name = "IllegalStateException";
  }
}

const RETRYABLE_NAMES = new Set([
  "ProvisionedThroughputExceededException",
  "LimitExceededException",
  "ThrottlingException",
  "KMSThrottlingException",
  "InternalFailure",
  "InternalFailureException",
  "ServiceUnavailable",
  "ServiceUnavailableException",
  "RequestTimeout",
  "RequestTimeoutException",
  "TimeoutError",
  "AbortedException",
]);

const RETRYABLE_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "ECONNABORTED", "EAI_AGAIN"]);

function field(error: unknown, name: string): unknown {
  return typeof error === "object" && error !== null ? (error as Record<string, unknown>)[name] : undefined;
}

/** HTTP status of an SDK error, if any. */
export function httpStatus(error: unknown): number | undefined {
  const meta = field(error, "$metadata");
  const status = field(meta, "httpStatusCode");
  return typeof status === "number" ? status : undefined;
}

export function errorName(error: unknown): string {
  const name = field(error, "name");
  return typeof name === "string" ? name : "Error";
}

export function isRetryable(error: unknown): boolean {
  if (RETRYABLE_NAMES.has(errorName(error))) return true;
  const status = httpStatus(error);
  if (status !== undefined && status >= 500) return true;
  const code = field(error, "code");
  if (typeof code === "string" && RETRYABLE_CODES.has(code)) return true;
  const cause = field(error, "cause");
  if (cause !== undefined && cause !== error && isRetryable(cause)) return true;
  const message = field(error, "message");
  return typeof message === "string" && /socket hang up|ECONNRESET|EPIPE/.test(message);
}

/** Full-jitter delay for attempt `attempt` (0-based). */
export function backoffDelay(policy: RetryPolicy, attempt: number): number {
  const cap = Math.min(policy.maxMs, policy.baseMs * 2 ** attempt);
  return Math.floor((policy.random ?? Math.random)() * cap);
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Run `fn`, retrying retryable errors. `what` completes the sentence "Gave up after N retries while ...".
 * `shouldRetry` may widen the set (e.g. ResourceInUse for SubscribeToShard).
 */
export async function withRetry<T>(
  policy: RetryPolicy,
  what: string,
  fn: (attempt: number) => Promise<T>,
  shouldRetry: (error: unknown) => boolean = isRetryable,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (!shouldRetry(error)) throw error;
      if (attempt >= policy.numRetries) {
        throw new RetriesExhaustedError(
          `Gave up after ${policy.numRetries} retries while ${what}: ${errorName(error)}: ${describe(error)}`,
          error,
        );
      }
      const delay = backoffDelay(policy, attempt);
      policy.onRetry?.(error, attempt + 1, delay);
      await (policy.sleep ?? defaultSleep)(delay);
    }
  }
}

function describe(error: unknown): string {
  const message = field(error, "message");
  return typeof message === "string" && message !== "" ? message : String(error);
}
