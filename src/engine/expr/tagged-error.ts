import type { SparkErrorOptions, SparkThrowable } from "../errors";

export type SparkErrorConstructor = new (message: string, options?: SparkErrorOptions) => SparkThrowable;

/**
 * One Spark error as the datetime and JSON libraries throw it: an instance of the engine's exception class,
 * message `[ERROR_CLASS] text SQLSTATE: xxxxx` like Spark 4 (or the plain JVM text when there is no error class),
 * tagged with `exceptionClass`, the JVM class name Spark reports (the conformance runner compares it).
 */
export function taggedSparkError<C extends string>(
  ctor: SparkErrorConstructor,
  errorClass: string | null,
  sqlState: string | null,
  exceptionClass: C,
  message: string,
  messageParameters: Readonly<Record<string, string>> = {},
): SparkThrowable & { readonly exceptionClass: C } {
  const text = errorClass === null ? message : `[${errorClass}] ${message}${sqlState === null ? "" : ` SQLSTATE: ${sqlState}`}`;
  const err = new ctor(text, { errorClass: errorClass ?? undefined, sqlState: sqlState ?? undefined, messageParameters });
  Object.defineProperty(err, "exceptionClass", { value: exceptionClass, enumerable: false });
  return err as SparkThrowable & { readonly exceptionClass: C };
}
