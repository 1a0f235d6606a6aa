/**
 * How Spark values are held in memory. Every part of tspark (expressions, sinks, connectors, shell)
 * agrees on this table, so a value can cross any boundary without conversion.
 *
 * | Spark type            | JS value                                                             |
 * |-----------------------|----------------------------------------------------------------------|
 * | NULL (any type)       | `null` (never `undefined`)                                           |
 * | BooleanType           | `boolean`                                                            |
 * | Byte/Short/IntegerType| `number` (integral, in range)                                        |
 * | LongType              | `bigint` (64-bit semantics; overflow rules are the evaluator's job)  |
 * | Float/DoubleType      | `number` (FloatType rounded with Math.fround)                        |
 * | DecimalType(p, s)     | `Decimal` (unscaled bigint + scale), see decimal.ts                  |
 * | StringType            | `string`                                                             |
 * | BinaryType            | `Uint8Array` (a Buffer is fine)                                      |
 * | DateType              | `number`: days since 1970-01-01                                      |
 * | TimestampType(_NTZ)   | `bigint`: microseconds since 1970-01-01T00:00:00Z (NTZ: wall clock)  |
 * | DayTimeIntervalType   | `bigint`: microseconds                                               |
 * | YearMonthIntervalType | `number`: months (integral, INT range)                               |
 * | CalendarIntervalType  | `CalendarInterval` { months, days, micros }                          |
 * | ArrayType             | `unknown[]`                                                          |
 * | MapType               | `Map<unknown, unknown>` (insertion order kept)                       |
 * | StructType            | `unknown[]`, positional, one slot per field                          |
 *
 * A row is a positional array too (`Row`), read against the StructType of its DataFrame.
 */
export type Row = unknown[];

export interface CalendarInterval {
  readonly months: number;
  readonly days: number;
  readonly micros: bigint;
}
