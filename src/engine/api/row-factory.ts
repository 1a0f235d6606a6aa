/**
 * A fast maker of the Rows `collect()` gives, for one schema: what an operator that hands every input row to user
 * code (groupByKey's key function, [flat]MapGroupsWithState's values) uses per row. Same objects as toRow() makes
 * (a frozen RowImpl, each field an own enumerable property, `get`/`asDict`/`toJSON`... from RowImpl), built with
 * per-field converters chosen once and the field list kept on a per-schema prototype, so a row costs a few
 * property stores instead of a property definition per field.
 */
import { DoubleType, IntegerType, LongType, StringType, BooleanType, TimestampType, type DataType } from "../types/data-types";
import type { StructTypeImpl } from "../types/struct-type";
import { RowImpl, toExternal, toRow } from "./row";

type Convert = (v: unknown) => unknown;

const identity: Convert = (v) => v;
const MIN = BigInt(Number.MIN_SAFE_INTEGER);
const MAX = BigInt(Number.MAX_SAFE_INTEGER);
/** 2^42 ms in micros: below it a microsecond count divided by 1000 as a double floors to the right millisecond. */
const FAST_MICROS = 4_398_046_511_104_000n;

function converter(t: DataType): Convert {
  if (t instanceof StringType || t instanceof IntegerType || t instanceof DoubleType || t instanceof BooleanType) return identity;
  if (t instanceof LongType) return (v) => (typeof v === "bigint" && v >= MIN && v <= MAX ? Number(v) : v);
  if (t instanceof TimestampType) {
    // floor to the millisecond, as toExternal does (pre-1970 instants stay right): within 2^42 ms of 1970 (years
    // 1831..2109) a double division is exact enough to floor and allocates nothing; beyond, BigInt division
    return (v) =>
      typeof v === "bigint"
        ? new Date(v > -FAST_MICROS && v < FAST_MICROS ? Math.floor(Number(v) / 1000) : Number(v / 1000n - (v % 1000n < 0n ? 1n : 0n)))
        : v;
  }
  return (v) => (v === null ? null : toExternal(v, t));
}

/** `(values) => Row` for rows of `schema`. */
export function rowFactory(schema: StructTypeImpl): (values: readonly unknown[]) => RowImpl {
  const fields = schema.fieldNames();
  // a field RowImpl's own members shadow, or a repeated name, keeps toRow's rules: take the general path
  const plain = new Set(fields).size === fields.length && fields.every((f) => !(f in RowImpl.prototype) && f !== "__values" && f !== "__fields");
  if (!plain) return (values) => toRow(values, schema);
  const convert = schema.fields.map((f) => converter(f.dataType));
  const proto = Object.create(RowImpl.prototype, {
    __fields: { value: fields },
    // the values are the fields themselves (each row keeps them once)
    __values: {
      get(this: Record<string, unknown>) {
        return fields.map((f) => this[f]);
      },
    },
  }) as object;
  // A constructor with one plain store per field (generated once per schema): V8 gives every row the same hidden
  // class, so making a row is as cheap as a hand-written class; a loop of keyed stores is several times slower.
  const body = fields.map((f, i) => `this[${JSON.stringify(f)}] = convert[${i}](values[${i}] ?? null);`).join("\n");
  const Row = new Function("convert", `return function Row(values) {\n${body}\nObject.freeze(this);\n}`)(convert) as new (
    values: readonly unknown[],
  ) => RowImpl;
  Row.prototype = proto;
  return (values) => new Row(values);
}
