/**
 * CAST rules as Spark 4: `compileCast(from, to, ctx)` returns a converter for non-null values
 * (null always casts to null). Under ANSI (`ctx.ansi`) malformed input / overflow raise Spark's
 * CAST_INVALID_INPUT / CAST_OVERFLOW / NUMERIC_VALUE_OUT_OF_RANGE; otherwise they give null
 * (or Java's wrap-around for integral narrowing, as Spark does).
 */
import { ymIntervalToString } from "./datetime/interval-text";
import { AnalysisException, SparkArithmeticException, SparkNumberFormatException, sparkError } from "../errors";
import {
  ArrayType,
  BinaryType,
  BooleanType,
  ByteType,
  type DataType,
  DateType,
  DayTimeIntervalType,
  YearMonthIntervalType,
  DecimalType,
  DoubleType,
  FloatType,
  IntegerType,
  LongType,
  MapType,
  NullType,
  ShortType,
  StringType,
  TimestampNTZType,
  TimestampType,
  CalendarIntervalType,
  VariantType,
} from "../types/data-types";
import { Decimal } from "../types/decimal";
import { StructTypeImpl } from "../types/struct-type";
import type { CalendarInterval } from "../types/values";
import * as dt from "./datetime";
import { javaDoubleToString, javaFloatToString } from "./json";
import { canBeVariant, canReadVariantAs, compileToVariant, compileVariantCast } from "./variant/cast";
export { castDisplayName } from "./variant/cast";
export { orderableComparison } from "./variant/orderable";
import type { VariantVal } from "../types/variant";

export interface EvalContext {
  readonly ansi: boolean;
  readonly timeZone: string;
}

export type Converter = (v: unknown) => unknown;

const INT_RANGE: Readonly<Record<string, readonly [bigint, bigint]>> = {
  byte: [-128n, 127n],
  short: [-32768n, 32767n],
  integer: [-2147483648n, 2147483647n],
  long: [-9223372036854775808n, 9223372036854775807n],
};

/** SQL literal text of a value, for error messages: 'abc', 123, 1.5D ... */
export function toSqlValue(v: unknown, t: DataType): string {
  if (v === null) return "NULL";
  if (t instanceof StringType) return `'${String(v).replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
  if (t instanceof LongType) return `${v}L`;
  if (t instanceof ShortType) return `${v}S`;
  if (t instanceof ByteType) return `${v}Y`;
  if (t instanceof DoubleType) return `${javaDoubleToString(v as number)}D`;
  if (t instanceof FloatType) return `${javaFloatToString(v as number)}F`;
  if (t instanceof DecimalType) return `${String(v)}BD`;
  return String(v);
}

function typeSql(t: DataType): string {
  return `"${t.sql()}"`;
}

function invalidInput(v: unknown, from: DataType, to: DataType): never {
  throw sparkError(SparkNumberFormatException, "CAST_INVALID_INPUT", {
    expression: toSqlValue(v, from),
    sourceType: typeSql(from),
    targetType: typeSql(to),
  });
}

function overflow(v: unknown, from: DataType, to: DataType): never {
  throw sparkError(SparkArithmeticException, "CAST_OVERFLOW", {
    value: toSqlValue(v, from),
    sourceType: typeSql(from),
    targetType: typeSql(to),
  });
}

function decimalOutOfRange(d: Decimal, p: number, s: number): never {
  throw new SparkArithmeticException(
    `[NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION] ${d.toString()} cannot be represented as Decimal(${p}, ${s}). If necessary set "spark.sql.ansi.enabled" to "false" to bypass this error, and return NULL instead. SQLSTATE: 22003`,
    { errorClass: "NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION", sqlState: "22003" },
  );
}

/** Java's narrowing of a 64-bit value to `bits` bits (two's complement wrap-around). */
function wrap(v: bigint, bits: number): bigint {
  return BigInt.asIntN(bits, v);
}
const BITS: Readonly<Record<string, number>> = { byte: 8, short: 16, integer: 32, long: 64 };

function isSpaceTrimmed(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && s.charCodeAt(a) <= 0x20) a++;
  while (b > a && s.charCodeAt(b - 1) <= 0x20) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

/** UTF8String.toLong semantics: optional sign, digits, optional '.' + digits (truncated). */
export function parseIntegral(s: string, allowDecimal = true): bigint | null {
  const t = isSpaceTrimmed(s);
  if (!allowDecimal && t.includes(".")) return null;
  const m = /^([+-]?)(\d+)(?:\.\d*)?$/.exec(t) ?? /^([+-]?)()\.\d+$/.exec(t);
  if (m === null) return null;
  if (m[2] === "" && !/\d/.test(t)) return null;
  const v = BigInt(m[2] || "0");
  return m[1] === "-" ? -v : v;
}

/** Java Double.parseDouble plus Spark's extra spellings (inf, infinity, nan, trailing d/f). */
export function parseDouble(s: string): number | null {
  const t = isSpaceTrimmed(s);
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[dDfF]?$/.test(t)) return Number(t.replace(/[dDfF]$/, ""));
  const l = t.toLowerCase();
  if (l === "nan" || l === "+nan" || l === "-nan") return Number.NaN;
  if (l === "inf" || l === "+inf" || l === "infinity" || l === "+infinity") return Number.POSITIVE_INFINITY;
  if (l === "-inf" || l === "-infinity") return Number.NEGATIVE_INFINITY;
  return null;
}

/**
 * UTF-8 bytes to text, malformed sequences replaced by U+FFFD and a leading U+FEFF kept, as Java's decoder
 * (and so Spark's cast) does. Buffer's own utf8Slice gives the same text as TextDecoder with ignoreBOM
 * (checked on 300k random byte strings) without TextDecoder.decode's per-call argument handling, which cost
 * as much as the decoding itself on short records.
 */
const utf8Slice = (Buffer.prototype as unknown as { utf8Slice(this: Uint8Array, start: number, end: number): string }).utf8Slice;
export const decodeUtf8 = (v: Uint8Array): string => utf8Slice.call(v, 0, v.length);
const utf8enc = new TextEncoder();

/** The text CAST(x AS STRING) produces for any value (nested values print Spark's cast style). */
export function castToString(from: DataType, ctx: EvalContext): Converter {
  if (from instanceof StringType) return (v) => v;
  if (from instanceof BooleanType) return (v) => (v ? "true" : "false");
  if (from instanceof DoubleType) return (v) => javaDoubleToString(v as number);
  if (from instanceof FloatType) return (v) => javaFloatToString(v as number);
  if (from instanceof DateType) return (v) => dt.dateToString(v as number);
  if (from instanceof TimestampType) return (v) => dt.timestampToString(v as bigint, ctx.timeZone);
  if (from instanceof TimestampNTZType) return (v) => dt.timestampNtzToString(v as bigint);
  if (from instanceof BinaryType) return (v) => decodeUtf8(v as Uint8Array);
  if (from instanceof DayTimeIntervalType) return (v) => dayTimeIntervalToString(v as bigint, from);
  if (from instanceof YearMonthIntervalType) return (v) => ymIntervalToString(v as number, from);
  if (from instanceof CalendarIntervalType) return (v) => calendarIntervalToString(v as CalendarInterval);
  if (from instanceof VariantType) return (v) => (v as VariantVal).toJson(ctx.timeZone);
  if (from instanceof ArrayType) {
    const e = castToString(from.elementType, ctx);
    return (v) => `[${(v as unknown[]).map((x) => (x === null ? "null" : (e(x) as string))).join(", ")}]`;
  }
  if (from instanceof MapType) {
    const k = castToString(from.keyType, ctx);
    const val = castToString(from.valueType, ctx);
    return (v) =>
      `{${[...(v as Map<unknown, unknown>).entries()].map(([a, b]) => `${k(a) as string} -> ${b === null ? "null" : (val(b) as string)}`).join(", ")}}`;
  }
  if (from instanceof StructTypeImpl) {
    const fs = from.fields.map((f) => castToString(f.dataType, ctx));
    return (v) => `{${(v as unknown[]).map((x, i) => (x === null ? "null" : (fs[i]!(x) as string))).join(", ")}}`;
  }
  return (v) => String(v);
}

/** Spark's ANSI interval text for the type's fields: INTERVAL '3 00:00:00' DAY TO SECOND, INTERVAL '25' HOUR. */
export function dayTimeIntervalToString(micros: bigint, t: DayTimeIntervalType): string {
  return dt.dayTimeIntervalToAnsiString(micros, t.startField as dt.DayTimeField, t.endField as dt.DayTimeField);
}

export function calendarIntervalToString(iv: CalendarInterval): string {
  const parts: string[] = [];
  if (iv.months !== 0) {
    const y = Math.trunc(iv.months / 12);
    const mo = iv.months % 12;
    if (y !== 0) parts.push(`${y} years`);
    if (mo !== 0) parts.push(`${mo} months`);
  }
  if (iv.days !== 0) parts.push(`${iv.days} days`);
  if (iv.micros !== 0n) {
    let m = iv.micros < 0n ? -iv.micros : iv.micros;
    const sign = iv.micros < 0n ? "-" : "";
    const h = m / 3600000000n;
    m %= 3600000000n;
    const mi = m / 60000000n;
    m %= 60000000n;
    if (h !== 0n) parts.push(`${sign}${h} hours`);
    if (mi !== 0n) parts.push(`${sign}${mi} minutes`);
    if (m !== 0n) {
      const s = new Decimal(m, 6).toString().replace(/\.?0+$/, "");
      parts.push(`${sign}${s} seconds`);
    }
  }
  return parts.length === 0 ? "0 seconds" : parts.join(" ");
}

function fitDecimal(d: Decimal | null, p: number, s: number, ansi: boolean, orig?: () => Decimal | null): Decimal | null {
  if (d === null) return null;
  const r = d.setScale(s);
  if (r.precision() - r.scale > p - s && !r.isZero()) {
    if (ansi) decimalOutOfRange(orig?.() ?? d, p, s);
    return null;
  }
  return r;
}

function numberToBigIntTrunc(v: number): bigint {
  return BigInt(Math.trunc(v));
}

/** Whether Spark allows CAST(from AS to) at all (Cast.canCast / canAnsiCast). */
export function canCast(from: DataType, to: DataType): boolean {
  if (from.equals(to) || from instanceof NullType) return true;
  if (to instanceof VariantType) return canBeVariant(from, false);
  if (from instanceof VariantType) return canReadVariantAs(to);
  if (to instanceof StringType) return true;
  if (from instanceof StringType) return !(to instanceof ArrayType || to instanceof MapType || to instanceof StructTypeImpl);
  const num = (t: DataType) =>
    [ByteType(), ShortType(), IntegerType(), LongType(), FloatType(), DoubleType()].includes(t as never) || t instanceof DecimalType;
  if (num(from) && (num(to) || to instanceof BooleanType || to instanceof TimestampType)) return true;
  if (from instanceof BooleanType && (num(to) || to instanceof TimestampType)) return true;
  if ((from instanceof TimestampType || from instanceof TimestampNTZType) && (num(to) || to instanceof DateType || to instanceof TimestampType || to instanceof TimestampNTZType || to instanceof BooleanType)) return true;
  if (from instanceof DateType && (to instanceof TimestampType || to instanceof TimestampNTZType)) return true;
  if (num(from) && !(from instanceof DecimalType) && !(from instanceof FloatType) && !(from instanceof DoubleType) && to instanceof BinaryType) return true;
  if (from instanceof ArrayType && to instanceof ArrayType) return canCast(from.elementType, to.elementType);
  if (from instanceof MapType && to instanceof MapType) return canCast(from.keyType, to.keyType) && canCast(from.valueType, to.valueType);
  if (from instanceof StructTypeImpl && to instanceof StructTypeImpl)
    return from.fields.length === to.fields.length && from.fields.every((f, i) => canCast(f.dataType, to.fields[i]!.dataType));
  if (from instanceof DayTimeIntervalType && to instanceof DayTimeIntervalType) return true;
  if (from instanceof YearMonthIntervalType && to instanceof YearMonthIntervalType) return true;
  return false;
}

export function cannotCast(from: DataType, to: DataType, sqlExpr: string): AnalysisException {
  return sparkError(AnalysisException, "DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION", {
    sqlExpr,
    srcType: typeSql(from),
    targetType: typeSql(to),
  });
}

/** Returns a converter for non-null values of `from` to `to`. Throws on an impossible cast. */
export function compileCast(from: DataType, to: DataType, ctx: EvalContext): Converter {
  const ansi = ctx.ansi;
  if (from.equals(to)) return (v) => v;
  if (from instanceof NullType) return () => null;
  if (to instanceof VariantType) return compileToVariant(from, ctx);
  if (from instanceof VariantType) return compileVariantCast(to, ctx);
  if (to instanceof StringType) return castToString(from, ctx);

  const toIntegral = INT_RANGE[to.typeName()];
  if (toIntegral !== undefined) {
    const [lo, hi] = toIntegral;
    const bits = BITS[to.typeName()]!;
    const out = to instanceof LongType ? (b: bigint) => b : (b: bigint) => Number(b);
    if (from instanceof StringType) {
      return (v) => {
        const b = parseIntegral(v as string, !ansi);
        if (b === null || b < lo || b > hi) {
          if (ansi) invalidInput(v, from, to);
          return null;
        }
        return out(b);
      };
    }
    if (from instanceof BooleanType) return (v) => out(v ? 1n : 0n);
    if (INT_RANGE[from.typeName()] !== undefined) {
      return (v) => {
        const b = BigInt(v as number | bigint);
        if (b < lo || b > hi) {
          if (ansi) overflow(v, from, to);
          return out(wrap(b, bits));
        }
        return out(b);
      };
    }
    if (from instanceof DoubleType || from instanceof FloatType) {
      return (v) => {
        const d = v as number;
        if (Number.isNaN(d)) {
          if (ansi) overflow(v, from, to);
          return out(0n);
        }
        const t = Math.trunc(d);
        if (!Number.isFinite(t) || t < Number(lo) || t > Number(hi) || (to instanceof LongType && (t >= 9.223372036854776e18 || t < -9.223372036854776e18))) {
          if (ansi) overflow(v, from, to);
          // Java: double -> long/int saturates; narrower types go through int then wrap.
          if (to instanceof LongType) return t > 0 ? hi : lo;
          const asInt = t > 2147483647 ? 2147483647n : t < -2147483648 ? -2147483648n : BigInt(t);
          return out(wrap(asInt, bits));
        }
        return out(numberToBigIntTrunc(t));
      };
    }
    if (from instanceof DecimalType) {
      return (v) => {
        const b = (v as Decimal).toBigInt();
        if (b < lo || b > hi) {
          if (ansi) overflow(v, from, to);
          return out(wrap(b, bits));
        }
        return out(b);
      };
    }
    if (from instanceof TimestampType || from instanceof TimestampNTZType) {
      return (v) => {
        const s = dt.timestampToLong(v as bigint);
        if (s < lo || s > hi) {
          if (ansi) overflow(v, from, to);
          return out(wrap(s, bits));
        }
        return out(s);
      };
    }
  }

  if (to instanceof DoubleType || to instanceof FloatType) {
    const r = to instanceof FloatType ? Math.fround : (x: number) => x;
    if (from instanceof StringType)
      return (v) => {
        const d = parseDouble(v as string);
        if (d === null) {
          if (ansi) invalidInput(v, from, to);
          return null;
        }
        return r(d);
      };
    if (from instanceof BooleanType) return (v) => (v ? 1 : 0);
    if (from instanceof DecimalType) return (v) => r((v as Decimal).toNumber());
    if (from instanceof TimestampType || from instanceof TimestampNTZType) return (v) => r(dt.timestampToDouble(v as bigint));
    if (INT_RANGE[from.typeName()] !== undefined || from instanceof DoubleType || from instanceof FloatType) return (v) => r(Number(v));
  }

  if (to instanceof DecimalType) {
    const { precision: p, scale: s } = to;
    if (from instanceof StringType)
      return (v) => {
        const d = Decimal.parse(v as string);
        if (d === null) {
          if (ansi) invalidInput(v, from, to);
          return null;
        }
        return fitDecimal(d, p, s, ansi);
      };
    if (from instanceof BooleanType) return (v) => fitDecimal(new Decimal(v ? 1n : 0n, 0), p, s, ansi);
    if (INT_RANGE[from.typeName()] !== undefined) return (v) => fitDecimal(new Decimal(BigInt(v as number | bigint), 0), p, s, ansi);
    if (from instanceof DecimalType) return (v) => fitDecimal(v as Decimal, p, s, ansi);
    if (from instanceof DoubleType || from instanceof FloatType)
      return (v) => {
        const n = v as number;
        if (!Number.isFinite(n)) {
          if (ansi) invalidInput(v, from, to);
          return null;
        }
        return fitDecimal(Decimal.fromNumber(n), p, s, ansi);
      };
    if (from instanceof TimestampType) return (v) => fitDecimal(new Decimal(v as bigint, 6), p, s, ansi);
  }

  if (to instanceof BooleanType) {
    if (from instanceof StringType)
      return (v) => {
        const l = isSpaceTrimmed(v as string).toLowerCase();
        if (["t", "true", "y", "yes", "1"].includes(l)) return true;
        if (["f", "false", "n", "no", "0"].includes(l)) return false;
        if (ansi) invalidInput(v, from, to);
        return null;
      };
    if (from instanceof DecimalType) return (v) => !(v as Decimal).isZero();
    if (from instanceof TimestampType || from instanceof TimestampNTZType) return (v) => (v as bigint) !== 0n;
    return (v) => (typeof v === "bigint" ? v !== 0n : v !== 0);
  }

  if (to instanceof DateType) {
    if (from instanceof StringType) return (v) => dt.castStringToDate(v as string, ansi);
    if (from instanceof TimestampType) return (v) => dt.timestampToDate(v as bigint, ctx.timeZone);
    if (from instanceof TimestampNTZType) return (v) => dt.timestampNtzToDate(v as bigint);
  }
  if (to instanceof TimestampType) {
    if (from instanceof StringType) return (v) => dt.castStringToTimestamp(v as string, ctx);
    if (from instanceof DateType) return (v) => dt.dateToTimestamp(v as number, ctx.timeZone);
    if (from instanceof TimestampNTZType) return (v) => dt.timestampNtzToTimestamp(v as bigint, ctx.timeZone);
    if (from instanceof BooleanType) return (v) => (v ? 1n : 0n);
    if (INT_RANGE[from.typeName()] !== undefined) return (v) => dt.longToTimestamp(BigInt(v as number | bigint));
    if (from instanceof DoubleType || from instanceof FloatType) return (v) => dt.doubleToTimestamp(v as number);
    if (from instanceof DecimalType) return (v) => dt.doubleToTimestamp((v as Decimal).toNumber());
  }
  if (to instanceof TimestampNTZType) {
    if (from instanceof StringType) return (v) => dt.castStringToTimestampNtz(v as string, ansi);
    if (from instanceof DateType) return (v) => dt.dateToTimestampNtz(v as number);
    if (from instanceof TimestampType) return (v) => dt.timestampToTimestampNtz(v as bigint, ctx.timeZone);
  }
  if (to instanceof BinaryType) {
    if (from instanceof StringType) return (v) => utf8enc.encode(v as string);
    const bytes = from instanceof ByteType ? 1 : from instanceof ShortType ? 2 : from instanceof IntegerType ? 4 : from instanceof LongType ? 8 : 0;
    if (bytes > 0)
      return (v) => {
        let b = BigInt.asUintN(bytes * 8, BigInt(v as number | bigint));
        const out = new Uint8Array(bytes);
        for (let i = bytes - 1; i >= 0; i--) {
          out[i] = Number(b & 0xffn);
          b >>= 8n;
        }
        return out;
      };
  }
  if (to instanceof ArrayType && from instanceof ArrayType) {
    const e = nullSafe(compileCast(from.elementType, to.elementType, ctx));
    return (v) => (v as unknown[]).map(e);
  }
  if (to instanceof MapType && from instanceof MapType) {
    const k = nullSafe(compileCast(from.keyType, to.keyType, ctx));
    const val = nullSafe(compileCast(from.valueType, to.valueType, ctx));
    return (v) => new Map([...(v as Map<unknown, unknown>)].map(([a, b]) => [k(a), val(b)]));
  }
  if (to instanceof StructTypeImpl && from instanceof StructTypeImpl && to.fields.length === from.fields.length) {
    const fs = from.fields.map((f, i) => nullSafe(compileCast(f.dataType, to.fields[i]!.dataType, ctx)));
    return (v) => (v as unknown[]).map((x, i) => fs[i]!(x));
  }
  if (to instanceof DayTimeIntervalType && from instanceof DayTimeIntervalType) return (v) => v;
  if (to instanceof YearMonthIntervalType && from instanceof YearMonthIntervalType) return (v) => v;
  throw cannotCast(from, to, `"CAST(? AS ${to.sql()})"`);
}

export function nullSafe(f: Converter): Converter {
  return (v) => (v === null ? null : f(v));
}

/** DecimalType that holds every value of an integral/fractional type (Spark's DecimalType.forType). */
export function decimalForType(t: DataType): DecimalType | null {
  if (t instanceof DecimalType) return t;
  if (t instanceof ByteType) return DecimalType(3, 0);
  if (t instanceof ShortType) return DecimalType(5, 0);
  if (t instanceof IntegerType) return DecimalType(10, 0);
  if (t instanceof LongType) return DecimalType(20, 0);
  if (t instanceof FloatType) return DecimalType(14, 7);
  if (t instanceof DoubleType) return DecimalType(30, 15);
  return null;
}
