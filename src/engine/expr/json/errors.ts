/** Typed JSON errors carrying Spark's error class, SQLSTATE and exception class. */
export class JsonError extends Error {
  override readonly name = "JsonError";
  constructor(
    readonly errorClass: string | null,
    readonly sqlState: string | null,
    readonly exceptionClass: string,
    message: string,
    readonly messageParameters: Readonly<Record<string, string>> = {},
  ) {
    super(errorClass === null ? message : `[${errorClass}] ${message}`);
  }
}

/** FAILFAST on a bad record (Spark 4: MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION). */
export function malformedRecord(record: string, cause?: string): JsonError {
  return new JsonError(
    "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION",
    "22023",
    "SparkException",
    `Malformed records are detected in record parsing: [${record}]. Parse Mode: FAILFAST. ` +
      "To process malformed records as null result, try setting the option 'mode' as 'PERMISSIVE'." +
      (cause === undefined ? "" : ` Cause: ${cause}`),
    { badRecord: record, failFastMode: "FAILFAST" },
  );
}

export function parseModeUnsupported(funcName: string, mode: string): JsonError {
  return new JsonError(
    "PARSE_MODE_UNSUPPORTED",
    "42601",
    "AnalysisException",
    `The function \`${funcName}\` doesn't support the ${mode} mode. Acceptable modes are PERMISSIVE and FAILFAST.`,
    { funcName: `\`${funcName}\``, mode },
  );
}

/** FAILFAST with a JSON array where a struct is expected. */
export function arraysAsStructs(record: string): JsonError {
  return new JsonError(
    "MALFORMED_RECORD_IN_PARSING.CANNOT_PARSE_JSON_ARRAYS_AS_STRUCTS",
    "22023",
    "SparkException",
    `Malformed records are detected in record parsing: [${record}]. Parse Mode: FAILFAST. ` +
      "To process malformed records as null result, try setting the option 'mode' as 'PERMISSIVE'. " +
      "Parsing JSON arrays as structs is forbidden.",
    { badRecord: record, failFastMode: "FAILFAST" },
  );
}
