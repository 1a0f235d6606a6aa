/** Typed JSON errors carrying Spark's error class, SQLSTATE and exception class. */
import {
  AnalysisException,
  type SparkErrorOptions,
  SparkException,
  SparkRuntimeException,
  SparkThrowable,
} from "../../errors";
import { taggedSparkError } from "../tagged-error";

export type JsonExceptionClass = "SparkException" | "AnalysisException" | "SparkRuntimeException";

const ENGINE_CLASSES: Readonly<Record<JsonExceptionClass, new (message: string, options?: SparkErrorOptions) => SparkThrowable>> = {
  SparkException,
  AnalysisException,
  SparkRuntimeException,
};

/**
 * The errors this library throws: instances of the engine's Spark exception classes carrying
 * `exceptionClass`; `err instanceof JsonError` recognises them.
 */
export class JsonError extends SparkThrowable {
  declare readonly exceptionClass: JsonExceptionClass;
  static override [Symbol.hasInstance](x: unknown): boolean {
    return x instanceof SparkThrowable && typeof (x as { exceptionClass?: unknown }).exceptionClass === "string";
  }
}

export function jsonError(
  errorClass: string | null,
  sqlState: string | null,
  exceptionClass: JsonExceptionClass,
  message: string,
  messageParameters: Readonly<Record<string, string>> = {},
): JsonError {
  return taggedSparkError(ENGINE_CLASSES[exceptionClass], errorClass, sqlState, exceptionClass, message, messageParameters) as JsonError;
}

/** FAILFAST on a bad record (Spark 4: MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION). */
export function malformedRecord(record: string, cause?: string): JsonError {
  return jsonError(
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
  return jsonError(
    "PARSE_MODE_UNSUPPORTED",
    "42601",
    "AnalysisException",
    `The function \`${funcName}\` doesn't support the ${mode} mode. Acceptable modes are PERMISSIVE and FAILFAST.`,
    { funcName: `\`${funcName}\``, mode },
  );
}

/** FAILFAST with a JSON array where a struct is expected. */
export function arraysAsStructs(record: string): JsonError {
  return jsonError(
    "MALFORMED_RECORD_IN_PARSING.CANNOT_PARSE_JSON_ARRAYS_AS_STRUCTS",
    "22023",
    "SparkException",
    `Malformed records are detected in record parsing: [${record}]. Parse Mode: FAILFAST. ` +
      "To process malformed records as null result, try setting the option 'mode' as 'PERMISSIVE'. " +
      "Parsing JSON arrays as structs is forbidden.",
    { badRecord: record, failFastMode: "FAILFAST" },
  );
}
