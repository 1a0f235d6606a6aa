import { stringToTimestamp, timestampToString } from "../../../src/engine/expr/datetime";

/** The conformance session zone (Spark's SQLQueryTestSuite runs in America/Los_Angeles). */
export const LA = { timeZone: "America/Los_Angeles", ansi: false } as const;
export const LA_ANSI = { timeZone: "America/Los_Angeles", ansi: true } as const;

/** A TIMESTAMP literal read in Los Angeles (throws if invalid). */
export function ts(text: string, zone: string = LA.timeZone): bigint {
  const v = stringToTimestamp(text, zone);
  if (v === null) throw new Error(`bad timestamp literal ${text}`);
  return v;
}

/** Renders like the golden files do. */
export function show(v: bigint | null, zone: string = LA.timeZone): string {
  return v === null ? "NULL" : timestampToString(v, zone);
}
