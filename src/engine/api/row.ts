/**
 * Row: what `collect()`, `take()`, `first()` and `foreach` hand to the user. Values are positional and also
 * reachable by name: `row.id`, `row["id"]`, `row.get(0)`, `row.asDict()`. Nested structs come back as Rows too.
 *
 * The engine keeps its own representation (values.ts: LONG as bigint, TIMESTAMP as bigint microseconds, DATE as
 * days); toRow() converts to what a TypeScript user works with directly, as pyspark converts to int/datetime/date
 * (the mapping is the table in docs/sql.md, "Collected values"):
 *   LONG and other 64-bit counts -> number when it is a safe integer (|v| <= 2^53-1), else bigint (exact);
 *   TIMESTAMP -> Date (the instant; microseconds below the millisecond are dropped);
 *   TIMESTAMP_NTZ -> Date whose UTC fields are the wall-clock time; DATE -> Date at 00:00 UTC of that day;
 *   DAY TO SECOND interval -> number of microseconds (bigint when unsafe). Everything else is unchanged.
 * `JSON.stringify(row)` goes through toJSON(): maps become objects, binary base64 (as Spark's JSON writes it),
 * unsafe bigints decimal strings; Dates write themselves as ISO-8601 text.
 */
import {
  ArrayType,
  type DataType,
  DateType,
  DayTimeIntervalType,
  LongType,
  MapType,
  TimestampNTZType,
  TimestampType,
} from "../types/data-types";
import { int64ToNumber } from "../types/int64";
import { StructTypeImpl } from "../types/struct-type";

export class RowImpl {
  [name: string]: unknown;
  declare readonly __values: readonly unknown[];
  declare readonly __fields: readonly string[];

  constructor(values: readonly unknown[], fields: readonly string[]) {
    Object.defineProperty(this, "__values", { value: values, enumerable: false });
    Object.defineProperty(this, "__fields", { value: fields, enumerable: false });
    fields.forEach((f, i) => {
      // a repeated name (a join's output may have two `id`s) reads the first, as pyspark's row.id does
      if (!(f in RowImpl.prototype) && !Object.hasOwn(this, f)) Object.defineProperty(this, f, { value: values[i], enumerable: true });
    });
    Object.freeze(this);
  }
  get(i: number | string): unknown {
    return typeof i === "number" ? this.__values[i] : this.__values[this.__fields.indexOf(i)];
  }
  get length(): number {
    return this.__values.length;
  }
  /** Field values as a plain object (nested Rows converted when `recursive`). */
  asDict(recursive = false): Record<string, unknown> {
    const conv = (v: unknown): unknown =>
      v instanceof RowImpl ? v.asDict(true) : Array.isArray(v) ? v.map(conv) : v instanceof Map ? new Map([...v].map(([a, b]) => [a, conv(b)])) : v;
    return Object.fromEntries(this.__fields.map((f, i) => [f, recursive ? conv(this.__values[i]) : this.__values[i]]));
  }
  toArray(): unknown[] {
    return [...this.__values];
  }
  [Symbol.iterator](): Iterator<unknown> {
    return this.__values[Symbol.iterator]();
  }
  toString(): string {
    return `Row(${this.__fields.map((f, i) => `${f}=${fmt(this.__values[i])}`).join(", ")})`;
  }
  /** What JSON.stringify(row) writes: the fields as an object, every value JSON-safe. */
  toJSON(): Record<string, unknown> {
    return Object.fromEntries(this.__fields.map((f, i) => [f, jsonSafe(this.__values[i])]));
  }
}

function jsonSafe(v: unknown): unknown {
  if (typeof v === "bigint") return v.toString();
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("base64");
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [String(k), jsonSafe(x)]));
  if (Array.isArray(v)) return v.map(jsonSafe);
  if (v !== null && typeof v === "object" && !(v instanceof RowImpl) && !(v instanceof Date) && "micros" in v && "months" in v) {
    const c = v as { months: number; days: number; micros: number | bigint };
    return { months: c.months, days: c.days, micros: jsonSafe(c.micros) };
  }
  return v; // RowImpl, Date and Decimal write themselves (toJSON)
}

const MS_PER_DAY = 86_400_000;

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** A 64-bit integer as a number when no precision is lost, else the exact bigint. */
function safeNumber(v: bigint): number | bigint {
  return v >= MIN_SAFE && v <= MAX_SAFE ? int64ToNumber(v) : v;
}


/** Engine microseconds since the epoch as a Date (floor to the millisecond, so pre-1970 instants stay right). */
function microsToDate(micros: bigint): Date {
  const ms = micros / 1000n - (micros % 1000n < 0n ? 1n : 0n);
  return new Date(Number(ms));
}

function fmt(v: unknown): string {
  if (typeof v === "string") return `'${v}'`;
  if (v === null) return "None";
  if (typeof v === "bigint") return String(v);
  return String(v);
}

/** Wraps positional values as Rows, recursively for structs. */
export function toRow(values: readonly unknown[], schema: StructTypeImpl): RowImpl {
  return new RowImpl(
    values.map((v, i) => toExternal(v, schema.fields[i]!.dataType)),
    schema.fieldNames(),
  );
}

/** One engine value in the form users see (collect(), and a UDF's arguments). */
export function toExternal(v: unknown, t: DataType): unknown {
  if (v === null) return null;
  if (t instanceof StructTypeImpl) return toRow(v as unknown[], t);
  if (t instanceof ArrayType) return (v as unknown[]).map((x) => toExternal(x, t.elementType));
  if (t instanceof MapType) return new Map([...(v as Map<unknown, unknown>)].map(([a, b]) => [toExternal(a, t.keyType), toExternal(b, t.valueType)]));
  if (t instanceof LongType || t instanceof DayTimeIntervalType) return typeof v === "bigint" ? safeNumber(v) : v;
  if (t instanceof TimestampType || t instanceof TimestampNTZType) return typeof v === "bigint" ? microsToDate(v) : v;
  if (t instanceof DateType) return typeof v === "number" ? new Date(v * MS_PER_DAY) : v;
  if (typeof v === "object" && v !== null && "micros" in v && "months" in v) {
    const c = v as { months: number; days: number; micros: bigint };
    return { months: c.months, days: c.days, micros: safeNumber(c.micros) };
  }
  return v;
}

type RowFactory = {
  (fields: Record<string, unknown>): RowImpl;
  new (fields: Record<string, unknown>): RowImpl;
};
/** pyspark's Row(id=1, data="a") as `Row({ id: 1, data: "a" })`. */
// biome-ignore lint/complexity/useArrowFunction: must stay constructible with `new`
export const Row = function (fields: Record<string, unknown>) {
  return new RowImpl(Object.values(fields), Object.keys(fields));
} as unknown as RowFactory;
Row.prototype = RowImpl.prototype;
export type Row = RowImpl;
