/**
 * A fast maker of the Rows `collect()` gives, for one schema: what an operator that hands every input row to user
 * code (groupByKey's key function, [flat]MapGroupsWithState's values) uses per row. Same objects as toRow() makes
 * (a frozen RowImpl, each field an own enumerable property, `get`/`asDict`/`toJSON`... from RowImpl), built with
 * per-field converters chosen once and the field list kept on a per-schema prototype, so a row costs a few
 * property stores instead of a property definition per field.
 */
import { DoubleType, IntegerType, LongType, StringType, BooleanType, TimestampType, type DataType } from "../types/data-types";
import { FAST_MICROS, int64ToNumber, MINUS_FAST_MICROS } from "../types/int64";
import type { StructTypeImpl } from "../types/struct-type";
import { RowImpl, toExternal, toRow } from "./row";

export type Convert = (v: unknown) => unknown;

const identity: Convert = (v) => v;
/** Engine microseconds as epoch milliseconds, floored (pre-1970 instants stay right), as toExternal's Date holds. */
export function microsToMs(v: bigint): number {
  // within 2^42 ms of 1970 (years 1831..2109) a double division is exact enough to floor and allocates nothing;
  // beyond, BigInt division
  return v > MINUS_FAST_MICROS && v < FAST_MICROS ? Math.floor(int64ToNumber(v) / 1000) : Number(v / 1000n - (v % 1000n < 0n ? 1n : 0n));
}

/** A LONG in user form: a number when no precision is lost, else the exact bigint (toExternal's rule, no BigInt made). */
export function longToUser(v: unknown): unknown {
  if (typeof v !== "bigint") return v;
  const n = int64ToNumber(v);
  // a bigint beyond 2^53-1 converts to a double of magnitude >= 2^53, which is not a safe integer
  return Number.isSafeInteger(n) ? n : v;
}

/** One engine value of type `t` in user form (toExternal's result), with the common types' conversion inlined. */
export function converter(t: DataType): Convert {
  if (t instanceof StringType || t instanceof IntegerType || t instanceof DoubleType || t instanceof BooleanType) return identity;
  if (t instanceof LongType) return longToUser;
  if (t instanceof TimestampType) return (v) => (typeof v === "bigint" ? new Date(microsToMs(v)) : v);
  return (v) => (v === null ? null : toExternal(v, t));
}

/**
 * Whether rows of `schema` can be made by a generated constructor: every field name distinct and none shadowed by
 * RowImpl's own members (else toRow's rules apply: take the general path).
 */
export function plainFields(fields: readonly string[]): boolean {
  return new Set(fields).size === fields.length && fields.every((f) => !(f in RowImpl.prototype) && f !== "__values" && f !== "__fields");
}

/** The prototype of generated rows of one schema: RowImpl's members, the field list, values read back from the fields. */
export function rowPrototype(fields: readonly string[]): object {
  return Object.create(RowImpl.prototype, {
    __fields: { value: fields },
    // the values are the fields themselves (each row keeps them once)
    __values: {
      get(this: Record<string, unknown>) {
        return fields.map((f) => this[f]);
      },
    },
  }) as object;
}

/** `(values) => Row` for rows of `schema`. */
export function rowFactory(schema: StructTypeImpl): (values: readonly unknown[]) => RowImpl {
  const fields = schema.fieldNames();
  if (!plainFields(fields)) return (values) => toRow(values, schema);
  const convert = schema.fields.map((f) => converter(f.dataType));
  // A constructor with one plain store per field (generated once per schema): V8 gives every row the same hidden
  // class, so making a row is as cheap as a hand-written class; a loop of keyed stores is several times slower.
  const body = fields.map((f, i) => `this[${JSON.stringify(f)}] = convert[${i}](values[${i}] ?? null);`).join("\n");
  const Row = new Function("convert", `return function Row(values) {\n${body}\nObject.freeze(this);\n}`)(convert) as new (
    values: readonly unknown[],
  ) => RowImpl;
  Row.prototype = rowPrototype(fields);
  return (values) => new Row(values);
}
