/**
 * Kinesis failures turned into errors a user can act on. Branches on `error.name` (SDK v3 exception classes);
 * messages name the stream, the endpoint and region (never credentials) and the option to fix.
 */
import { IllegalArgumentException, IllegalStateException, SparkThrowable } from "../../engine/errors";
import type { KinesisConnection } from "./connection";
import { errorName, httpStatus, RetriesExhaustedError } from "./retry";

export type KinesisErrorKind = "IllegalArgumentException" | "IllegalStateException" | "AccessDeniedException";

/** A Spark-named error (engine classes, so `instanceof IllegalStateException` holds) with the SDK error as cause. */
export function kinesisError(kind: KinesisErrorKind, message: string, cause?: unknown): SparkThrowable {
  const options = cause === undefined ? {} : { cause };
  if (kind === "IllegalArgumentException") return new IllegalArgumentException(message, options);
  if (kind === "IllegalStateException") return new IllegalStateException(message, options);
  const denied = new SparkThrowable(message, options);
  denied.name = "AccessDeniedException";
  return denied;
}

const CREDENTIAL_ERRORS = new Set([
  "UnrecognizedClientException",
  "InvalidSignatureException",
  "IncompleteSignature",
  "IncompleteSignatureException",
  "MissingAuthenticationToken",
  "MissingAuthenticationTokenException",
  "ExpiredTokenException",
  "InvalidClientTokenId",
  "SignatureDoesNotMatch",
  "CredentialsProviderError",
]);

/** Where credentials are looked for, in the order the SDK's default chain tries them (after the options). */
export const CREDENTIAL_SOURCES =
  "the options kinesis.awsAccessKeyId / kinesis.awsSecretKey (/ kinesis.sessionToken) or kinesis.stsRoleArn; then the default chain: " +
  "the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), ~/.aws/credentials and ~/.aws/config (AWS_PROFILE, SSO), " +
  "a web identity token (AWS_WEB_IDENTITY_TOKEN_FILE), the container or EC2 instance role";

export const NO_CREDENTIALS = `No AWS credentials were found. tspark looks in ${CREDENTIAL_SOURCES}. Set one of these, or leave out --aws to use the embedded local services`;

const UNREACHABLE_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "ETIMEDOUT", "EAI_AGAIN"]);

function code(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const c = (error as { code?: unknown }).code;
  if (typeof c === "string") return c;
  const cause = (error as { cause?: unknown }).cause;
  return cause !== undefined && cause !== error ? code(cause) : undefined;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Translate an SDK error from an operation on `stream`; unknown errors pass through unchanged. */
export function explainKinesisError(error: unknown, conn: KinesisConnection, stream: string, action: string): unknown {
  if (error instanceof SparkThrowable && !(error instanceof RetriesExhaustedError)) return error;
  const inner = error instanceof RetriesExhaustedError ? error.cause : error;
  const name = errorName(inner);
  // A position the stream does not have (a checkpoint outliving its records; polling-fetcher.ts names the shard):
  // kinesis-local's message mentions the stream too, and must not become "Stream not found".
  if ((name === "ResourceNotFoundException" || name === "InvalidArgumentException") && /sequence ?number/i.test(message(inner))) {
    return kinesisError(
      "IllegalStateException",
      `The checkpoint points at a position stream '${stream}' does not have (${message(inner)}) while ${action}: its records are gone. ` +
        "Start the query with a new checkpointLocation (or delete the old one).",
      error,
    );
  }
  if (name === "ResourceNotFoundException" && /stream/i.test(message(inner)) && !/consumer|shard/i.test(message(inner))) {
    return kinesisError(
      "IllegalArgumentException",
      `Stream '${stream}' not found in ${conn.describe}: create it or check kinesis.streamName (and kinesis.endpointUrl / kinesis.region)`,
      error,
    );
  }
  if (name === "CredentialsProviderError") {
    // Nothing was sent: the SDK found no credentials at all (not the same as credentials AWS refused).
    return kinesisError("IllegalArgumentException", `${NO_CREDENTIALS} (while ${action} at ${conn.describe})`, error);
  }
  if (CREDENTIAL_ERRORS.has(name) || name === "AccessDeniedException" || httpStatus(inner) === 403) {
    const denied = name === "AccessDeniedException";
    return kinesisError(
      denied ? "AccessDeniedException" : "IllegalArgumentException",
      denied
        ? `Access denied while ${action} on stream '${stream}' at ${conn.describe}: the credentials lack a Kinesis permission (${message(inner).replace(/arn:\S+/g, "<arn>")})`
        : `The AWS credentials were rejected (${name}) while ${action} at ${conn.describe}: check kinesis.awsAccessKeyId / kinesis.awsSecretKey / kinesis.sessionToken, kinesis.stsRoleArn, or the default credential chain`,
      error,
    );
  }
  const c = code(inner);
  if ((c !== undefined && UNREACHABLE_CODES.has(c)) || name === "TimeoutError") {
    return kinesisError(
      "IllegalStateException",
      `Cannot reach Kinesis at ${conn.describe} while ${action} (${c ?? name}): check kinesis.endpointUrl and that the service is running`,
      error,
    );
  }
  return error;
}
