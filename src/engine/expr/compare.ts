/**
 * Ordering and equality of Spark values by type (Spark's natural ordering: NaN is the largest
 * double and equals itself; strings compare by code point; arrays/structs lexicographically),
 * and group keys (a string encoding of values that is equal exactly when the values are equal).
 */
import { ArrayType, BinaryType, type DataType, DecimalType, DoubleType, FloatType, MapType } from "../types/data-types";
import { Decimal } from "../types/decimal";
import { StructTypeImpl } from "../types/struct-type";

export type Comparator = (a: unknown, b: unknown) => number;

function cmpNum(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0;
  const an = Number.isNaN(a);
  const bn = Number.isNaN(b);
  return an && bn ? 0 : an ? 1 : -1;
}

function cmpString(a: string, b: string): number {
  // Compare by code point (UTF-8 byte order), not UTF-16 units.
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length - b.length < 0 ? -1 : a.length === b.length ? 0 : 1;
}

/** Non-null comparator for a type. */
export function comparatorFor(t: DataType): Comparator {
  if (t instanceof DoubleType || t instanceof FloatType) return (a, b) => cmpNum(a as number, b as number);
  if (t instanceof DecimalType) return (a, b) => (a as Decimal).compare(b as Decimal);
  if (t instanceof BinaryType)
    return (a, b) => {
      const x = a as Uint8Array;
      const y = b as Uint8Array;
      for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
      return x.length - y.length;
    };
  if (t instanceof ArrayType) {
    const e = nullsFirst(comparatorFor(t.elementType));
    return (a, b) => {
      const x = a as unknown[];
      const y = b as unknown[];
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const c = e(x[i], y[i]);
        if (c !== 0) return c;
      }
      return x.length - y.length;
    };
  }
  if (t instanceof StructTypeImpl) {
    const fs = t.fields.map((f) => nullsFirst(comparatorFor(f.dataType)));
    return (a, b) => {
      const x = a as unknown[];
      const y = b as unknown[];
      for (let i = 0; i < fs.length; i++) {
        const c = fs[i]!(x[i], y[i]);
        if (c !== 0) return c;
      }
      return 0;
    };
  }
  if (t instanceof MapType) return (a, b) => cmpString(keyOf(a), keyOf(b));
  return (a, b) => {
    if (typeof a === "string") return cmpString(a, b as string);
    const x = a as number | bigint | boolean;
    const y = b as number | bigint | boolean;
    return x < y ? -1 : x > y ? 1 : 0;
  };
}

export function nullsFirst(c: Comparator): Comparator {
  return (a, b) => (a === null ? (b === null ? 0 : -1) : b === null ? 1 : c(a, b));
}

/** Equality for non-null values of a type (NaN = NaN, decimals by value). */
export function equalsFor(t: DataType): (a: unknown, b: unknown) => boolean {
  if (t instanceof DoubleType || t instanceof FloatType) return (a, b) => a === b || (Number.isNaN(a) && Number.isNaN(b));
  if (t instanceof DecimalType) return (a, b) => (a as Decimal).compare(b as Decimal) === 0;
  if (t instanceof BinaryType || t instanceof ArrayType || t instanceof StructTypeImpl || t instanceof MapType) {
    const c = comparatorFor(t);
    return (a, b) => c(a, b) === 0;
  }
  return (a, b) => a === b;
}

/** A string that is equal for equal values (group-by and distinct keys). */
export function keyOf(v: unknown): string {
  switch (typeof v) {
    case "string":
      return `s${v}`;
    case "number":
      return Object.is(v, -0) ? "n0" : `n${v}`;
    case "bigint":
      return `b${v}`;
    case "boolean":
      return v ? "T" : "F";
    default:
      break;
  }
  if (v === null) return "N";
  if (v instanceof Decimal) {
    const s = v.toString();
    return `d${s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s}`;
  }
  if (v instanceof Uint8Array) return `x${Buffer.from(v).toString("hex")}`;
  if (Array.isArray(v)) return `[${v.map(keyOf).join(",")}]`;
  if (v instanceof Map) return `{${[...v].map(([a, b]) => `${keyOf(a)}:${keyOf(b)}`).join(",")}}`;
  return `o${JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? `${x}` : x))}`;
}
