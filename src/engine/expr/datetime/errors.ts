/**
 * Typed datetime errors. Each carries Spark's error class, SQLSTATE and the JVM exception class
 * Spark would raise, so the expression layer can map them onto src/engine/errors.ts without parsing
 * message text. Messages follow Spark 4's wording (`[CLASS] text`).
 */
export type DateTimeExceptionClass =
  | "SparkDateTimeException"
  | "SparkUpgradeException"
  | "SparkIllegalArgumentException"
  | "IllegalArgumentException"
  | "ArithmeticException"
  | "SparkNumberFormatException";

export class DateTimeError extends Error {
  override readonly name = "DateTimeError";
  constructor(
    /** Spark error class (condition), e.g. `CANNOT_PARSE_TIMESTAMP`; null for plain JVM errors. */
    readonly errorClass: string | null,
    /** SQLSTATE from Spark's error-conditions.json, null for plain JVM errors. */
    readonly sqlState: string | null,
    /** The exception class Spark raises (printed first by Spark's golden files). */
    readonly exceptionClass: DateTimeExceptionClass,
    message: string,
    readonly messageParameters: Readonly<Record<string, string>> = {},
  ) {
    super(errorClass === null ? message : `[${errorClass}] ${message}`);
  }
}

export function castInvalidInput(value: string, targetType: "DATE" | "TIMESTAMP" | "TIMESTAMP_NTZ"): DateTimeError {
  return new DateTimeError(
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
  return new DateTimeError(
    "CANNOT_PARSE_TIMESTAMP",
    "22007",
    "SparkDateTimeException",
    `${detail}. Use \`${tryFunction}\` to tolerate invalid input string and return NULL instead.`,
    { message: detail, func: `\`${tryFunction}\`` },
  );
}

export function fieldOutOfBounds(detail: string): DateTimeError {
  return new DateTimeError(
    "DATETIME_FIELD_OUT_OF_BOUNDS",
    "22023",
    "SparkDateTimeException",
    `${detail}. If necessary set "spark.sql.ansi.enabled" to "false" to bypass this error.`,
    { rangeMessage: detail },
  );
}

export function invalidTimeZone(zone: string): DateTimeError {
  return new DateTimeError(
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
  return new DateTimeError(null, null, "ArithmeticException", "long overflow");
}

/** An invalid datetime pattern: Spark's own IllegalArgumentException text. */
export function illegalPattern(message: string): DateTimeError {
  return new DateTimeError(null, null, "IllegalArgumentException", message);
}

/** A pattern Spark 2.x accepted but Spark 3+ does not (SparkUpgradeException). */
export function patternRecognition(pattern: string): DateTimeError {
  return new DateTimeError(
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
