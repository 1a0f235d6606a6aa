/**
 * CSV field text <-> tspark values, per column type, with Spark's CSV options (nullValue, nanValue,
 * positiveInf, negativeInf, dateFormat, timestampFormat), and Spark's CSVInferSchema ladder for inferSchema:
 * INT, BIGINT, DECIMAL(p,0) for integers beyond a long, DOUBLE, TIMESTAMP, BOOLEAN, else STRING, widened
 * across rows as CSVInferSchema.compatibleType does.
 */
import { castToString } from "../../../engine/expr/cast";
import { formatDate, makeTimestampFormatter } from "../../../engine/expr/datetime";
import { castStringToDate, castStringToTimestamp, castStringToTimestampNtz } from "../../../engine/expr/datetime/cast";
import { parseTimestampNtzWithPattern, parseTimestampWithPattern } from "../../../engine/expr/datetime/parse";
import { javaDoubleToString, javaFloatToString } from "../../../engine/expr/json";
import {
  BooleanType,
  type DataType,
  DateType,
  DecimalType,
  DoubleType,
  IntegerType,
  LongType,
  NullType,
  StringType,
  TimestampType,
} from "../../../engine/types/data-types";
import { Decimal } from "../../../engine/types/decimal";
import type { FormatOptions } from "./file-format";

/** Thrown by a field parser: the record is malformed (PERMISSIVE turns the field into null). */
export class BadField extends Error {}

const INT = /^[+-]?\d+$/;
const I32 = [-(2n ** 31n), 2n ** 31n - 1n] as const;
const I64 = [-(2n ** 63n), 2n ** 63n - 1n] as const;

export function unsupportedCsvType(name: string, t: DataType): Error {
  return new Error(
    `[UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE] The CSV datasource doesn't support the column \`${name}\` of the data type "${t.simpleString().toUpperCase()}". SQLSTATE: 0A000`,
  );
}

/** Field text (never the null value) -> value of `t`; throws BadField when it does not parse. */
export function compileFieldParser(name: string, t: DataType, o: FormatOptions): (s: string) => unknown {
  const bad = (s: string): never => {
    throw new BadField(`cannot parse '${s}' as ${t.simpleString()}`);
  };
  const integral = (range: readonly [bigint, bigint], asNumber: boolean) => (s: string) => {
    if (!INT.test(s)) return bad(s);
    const b = BigInt(s);
    if (b < range[0] || b > range[1]) return bad(s);
    return asNumber ? Number(b) : b;
  };
  const nan = o.get("nanValue") ?? "NaN";
  const posInf = o.get("positiveInf") ?? "Inf";
  const negInf = o.get("negativeInf") ?? "-Inf";
  switch (t.typeName()) {
    case "string":
      return (s) => s;
    case "integer":
      return integral(I32, true);
    case "short":
      return integral([-32768n, 32767n], true);
    case "byte":
      return integral([-128n, 127n], true);
    case "long":
      return integral(I64, false);
    case "float":
    case "double": {
      const f = t.typeName() === "float";
      return (s) => {
        if (s === nan) return Number.NaN;
        if (s === posInf) return Number.POSITIVE_INFINITY;
        if (s === negInf) return Number.NEGATIVE_INFINITY;
        if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[dDfF]?$/.test(s.trim())) return bad(s);
        const v = Number(s.trim().replace(/[dDfF]$/, ""));
        return f ? Math.fround(v) : v;
      };
    }
    case "boolean":
      return (s) => {
        const l = s.toLowerCase();
        return l === "true" ? true : l === "false" ? false : bad(s);
      };
    case "timestamp": {
      const fmt = o.get("timestampFormat");
      const zone = o.timeZone;
      return (s) => {
        let v: bigint | null = null;
        try {
          v = fmt !== undefined ? parseTimestampWithPattern(s, fmt, zone) : castStringToTimestamp(s, { timeZone: zone, ansi: false });
        } catch {
          v = null;
        }
        return v ?? bad(s);
      };
    }
    case "timestamp_ntz": {
      const fmt = o.get("timestampNTZFormat");
      return (s) => {
        let v: bigint | null = null;
        try {
          v = fmt !== undefined ? parseTimestampNtzWithPattern(s, fmt) : castStringToTimestampNtz(s, false);
        } catch {
          v = null;
        }
        return v ?? bad(s);
      };
    }
    case "date": {
      const fmt = o.get("dateFormat");
      return (s) => {
        let v: number | null = null;
        try {
          v = fmt !== undefined ? Number(parseTimestampNtzWithPattern(s, fmt) / 86_400_000_000n) : castStringToDate(s, false);
        } catch {
          v = null;
        }
        return v ?? bad(s);
      };
    }
    default:
      if (t.typeName().startsWith("decimal")) {
        const dt = t as ReturnType<typeof DecimalType>;
        return (s) => {
          const d = Decimal.parse(s.trim());
          if (d === null || !d.fits(dt.precision, dt.scale)) return bad(s);
          return d.setScale(dt.scale);
        };
      }
      throw unsupportedCsvType(name, t);
  }
}

/** Value of `t` -> field text (null handled by the caller). */
export function compileFieldWriter(name: string, t: DataType, o: FormatOptions): (v: unknown) => string {
  switch (t.typeName()) {
    case "string":
      return (v) => v as string;
    case "double":
      return (v) => javaDoubleToString(v as number);
    case "float":
      return (v) => javaFloatToString(v as number);
    case "timestamp": {
      const f = makeTimestampFormatter(o.get("timestampFormat") ?? "yyyy-MM-dd'T'HH:mm:ss.SSSXXX", o.timeZone);
      return (v) => f(v as bigint);
    }
    case "timestamp_ntz": {
      const f = makeTimestampFormatter(o.get("timestampNTZFormat") ?? "yyyy-MM-dd'T'HH:mm:ss.SSS", "UTC");
      return (v) => f(v as bigint);
    }
    case "date": {
      const fmt = o.get("dateFormat") ?? "yyyy-MM-dd";
      return (v) => formatDate(v as number, fmt);
    }
    default: {
      const n = t.typeName();
      if (n === "array" || n === "map" || n === "struct" || n === "binary" || n === "interval") throw unsupportedCsvType(name, t);
      const cast = castToString(t, { ansi: false, timeZone: o.timeZone });
      return (v) => String(cast(v));
    }
  }
}

// ---- inference (CSVInferSchema) -------------------------------------------------------------------------------

type Inferred = DataType;

function tryInteger(s: string, o: FormatOptions): Inferred {
  if (INT.test(s)) {
    const b = BigInt(s);
    if (b >= I32[0] && b <= I32[1]) return IntegerType();
  }
  return tryLong(s, o);
}
function tryLong(s: string, o: FormatOptions): Inferred {
  if (INT.test(s)) {
    const b = BigInt(s);
    if (b >= I64[0] && b <= I64[1]) return LongType();
  }
  return tryDecimal(s, o);
}
function tryDecimal(s: string, o: FormatOptions): Inferred {
  const d = Decimal.parse(s);
  if (d !== null && d.scale <= 0 && /^[+-]?\d/.test(s)) {
    const p = d.precision();
    if (p <= 38) return DecimalType(p, 0);
  }
  return tryDouble(s, o);
}
function tryDouble(s: string, o: FormatOptions): Inferred {
  const nan = o.get("nanValue") ?? "NaN";
  const pos = o.get("positiveInf") ?? "Inf";
  const neg = o.get("negativeInf") ?? "-Inf";
  if (s === nan || s === pos || s === neg || /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[dDfF]?$/.test(s)) return DoubleType();
  return tryTimestamp(s, o);
}
function tryTimestamp(s: string, o: FormatOptions): Inferred {
  const fmt = o.get("timestampFormat");
  let v: bigint | null = null;
  try {
    v = fmt !== undefined ? parseTimestampWithPattern(s, fmt, o.timeZone) : castStringToTimestamp(s, { timeZone: o.timeZone, ansi: false });
  } catch {
    v = null;
  }
  return v !== null ? TimestampType() : tryBoolean(s);
}
function tryBoolean(s: string): Inferred {
  const l = s.toLowerCase();
  return l === "true" || l === "false" ? BooleanType() : StringType();
}

function isIntLike(t: DataType): boolean {
  return t.typeName() === "integer" || t.typeName() === "long";
}

/** CSVInferSchema.compatibleType, with its fallback to STRING. */
export function compatibleCsvType(a: DataType, b: DataType): DataType {
  if (a.equals(b)) return a;
  if (a.typeName() === "void") return b;
  if (b.typeName() === "void") return a;
  if (a.typeName() === "string" || b.typeName() === "string") return StringType();
  if (isIntLike(a) && isIntLike(b)) return LongType();
  const dec = (t: DataType) =>
    t.typeName().startsWith("decimal")
      ? (t as ReturnType<typeof DecimalType>)
      : t.typeName() === "integer"
        ? DecimalType(10, 0)
        : t.typeName() === "long"
          ? DecimalType(20, 0)
          : null;
  const da = dec(a);
  const db = dec(b);
  if (da !== null && db !== null) {
    const scale = Math.max(da.scale, db.scale);
    const range = Math.max(da.precision - da.scale, db.precision - db.scale);
    return range + scale > 38 ? DoubleType() : DecimalType(range + scale, scale);
  }
  const numeric = (t: DataType) => da !== null || db !== null || t.typeName() === "double" || isIntLike(t);
  if ((a.typeName() === "double" && numeric(b)) || (b.typeName() === "double" && numeric(a))) return DoubleType();
  return StringType();
}

/** CSVInferSchema.inferField: the ladder starts at the type so far. */
export function inferCsvField(soFar: DataType, s: string, o: FormatOptions): DataType {
  let next: DataType;
  switch (soFar.typeName()) {
    case "void":
    case "integer":
      next = tryInteger(s, o);
      break;
    case "long":
      next = tryLong(s, o);
      break;
    case "double":
      next = tryDouble(s, o);
      break;
    case "timestamp":
      next = tryTimestamp(s, o);
      break;
    case "boolean":
      next = tryBoolean(s);
      break;
    case "string":
      return StringType();
    default:
      next = soFar.typeName().startsWith("decimal") ? tryDecimal(s, o) : StringType();
  }
  return compatibleCsvType(soFar, next);
}

export const NULL_TYPE = NullType();
export { DateType };
