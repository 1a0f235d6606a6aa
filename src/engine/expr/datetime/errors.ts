/**
 * Typed datetime errors. Each carries Spark's error class, SQLSTATE and the JVM exception class
 * Spark would raise, so the expression layer can map them onto src/engine/errors.ts without parsing
 * message text. Messages follow Spark 4's wording (`[CLASS] text`).
 */
import {
  ArithmeticException,
  SparkArithmeticException,
  IllegalArgumentException,
  type SparkErrorOptions,
  SparkDateTimeException,
  SparkIllegalArgumentException,
  SparkNumberFormatException,
  SparkRuntimeException,
  SparkThrowable,
} from "../../errors";
import { taggedSparkError } from "../tagged-error";

export type DateTimeExceptionClass =
  | "SparkDateTimeException"
  | "SparkUpgradeException"
  | "SparkIllegalArgumentException"
  | "IllegalArgumentException"
  | "ArithmeticException"
  | "SparkArithmeticException"
  | "SparkNumberFormatException";

/** Spark's org.apache.spark.SparkUpgradeException (not needed elsewhere in the engine yet). */
export class SparkUpgradeException extends SparkRuntimeException {}

const ENGINE_CLASSES: Readonly<Record<DateTimeExceptionClass, new (message: string, options?: SparkErrorOptions) => SparkThrowable>> = {
  SparkDateTimeException,
  SparkUpgradeException,
  SparkIllegalArgumentException,
  IllegalArgumentException,
  ArithmeticException,
  SparkArithmeticException,
  SparkNumberFormatException,
};

/**
 * The errors this library throws: instances of the engine's Spark exception classes
 * (src/engine/errors.ts, e.g. SparkDateTimeException) that also carry `exceptionClass`, the JVM
 * class name Spark reports. `err instanceof DateTimeError` recognises them; build them with
 * `dateTimeError(...)`.
 */
export class DateTimeError extends SparkThrowable {
  declare readonly exceptionClass: DateTimeExceptionClass;
  static override [Symbol.hasInstance](x: unknown): boolean {
    return x instanceof SparkThrowable && typeof (x as { exceptionClass?: unknown }).exceptionClass === "string";
  }
}

/** Builds a DateTimeError: message `[CLASS] text SQLSTATE: xxxxx` like Spark 4, or the plain JVM text. */
export function dateTimeError(
  errorClass: string | null,
  sqlState: string | null,
  exceptionClass: DateTimeExceptionClass,
  message: string,
  messageParameters: Readonly<Record<string, string>> = {},
): DateTimeError {
  return taggedSparkError(ENGINE_CLASSES[exceptionClass], errorClass, sqlState, exceptionClass, message, messageParameters) as DateTimeError;
}

export function castInvalidInput(value: string, targetType: "DATE" | "TIMESTAMP" | "TIMESTAMP_NTZ"): DateTimeError {
  return dateTimeError(
    "CAST_INVALID_INPUT",
    "22018",
    "SparkDateTimeException",
    `The value '${value}' of the type "STRING" cannot be cast to "${targetType}" because it is malformed. ` +
      "Correct the value as per the syntax, or change its target type. " +
      "Use `try_cast` to tolerate malformed input and return NULL instead.",
    { expression: `'${value}'`, sourceType: '"STRING"', targetType: `"${targetType}"` },
  );
}

export function cannotParseTimestamp(detail: string, tryFunction = "try_to_timestamp"): DateTimeError {
  return dateTimeError(
    "CANNOT_PARSE_TIMESTAMP",
    "22007",
    "SparkDateTimeException",
    `${detail}. Use \`${tryFunction}\` to tolerate invalid input string and return NULL instead.`,
    { message: detail, func: `\`${tryFunction}\`` },
  );
}

/**
 * An out-of-range datetime field under ANSI. Spark 4.3 (checked on the Spark oracle, docs/spark-oracle.md)
 * raises the WITHOUT_SUGGESTION subclass: the text is the range message and an empty suggestion.
 */
export function fieldOutOfBounds(detail: string): DateTimeError {
  return dateTimeError("DATETIME_FIELD_OUT_OF_BOUNDS.WITHOUT_SUGGESTION", "22023", "SparkDateTimeException", `${detail}. `, {
    rangeMessage: detail,
  });
}

/** timestamp_seconds/timestamp_millis past the long range of micros: Spark's DATETIME_OVERFLOW (any ANSI mode). */
export function timestampOverflow(value: bigint, unit: "seconds" | "milliseconds"): DateTimeError {
  const operation = `create a TIMESTAMP from ${value}L ${unit} since the epoch`;
  return dateTimeError("DATETIME_OVERFLOW", "22008", "SparkArithmeticException", `Datetime operation overflow: ${operation}.`, { operation });
}

export function invalidTimeZone(zone: string): DateTimeError {
  return dateTimeError(
    "INVALID_TIMEZONE",
    "22009",
    "SparkDateTimeException",
    `The timezone: ${zone} is invalid. The timezone must be either a region-based zone ID or a zone offset. ` +
      "Region IDs must have the form 'area/city', such as 'America/Los_Angeles'. Zone offsets must be in the " +
      "format '(+|-)HH', '(+|-)HH:mm' or '(+|-)HH:mm:ss', e.g '-08', '+01:00' or '-13:33:33', and must be in the " +
      "range from -18:00 to +18:00. 'Z' and 'UTC' are accepted as synonyms for '+00:00'.",
    { timeZone: zone },
  );
}

export function longOverflow(): DateTimeError {
  return dateTimeError(null, null, "ArithmeticException", "long overflow");
}

/** An invalid datetime pattern: Spark's own IllegalArgumentException text. */
export function illegalPattern(message: string): DateTimeError {
  return dateTimeError(null, null, "IllegalArgumentException", message);
}

/** A pattern Spark 2.x accepted but Spark 3+ does not (SparkUpgradeException). */
export function patternRecognition(pattern: string): DateTimeError {
  return dateTimeError(
    "INCONSISTENT_BEHAVIOR_CROSS_VERSION.DATETIME_PATTERN_RECOGNITION",
    "42K0B",
    "SparkUpgradeException",
    `You may get a different result due to the upgrading to Spark >= 3.0: Fail to recognize '${pattern}' pattern ` +
      'in the DateTimeFormatter. 1) You can set "spark.sql.legacy.timeParserPolicy" to "LEGACY" to restore the ' +
      "behavior before Spark 3.0. 2) You can form a valid datetime pattern with the guide from " +
      "'https://spark.apache.org/docs/latest/sql-ref-datetime-pattern.html'.",
    { pattern: `'${pattern}'` },
  );
}
