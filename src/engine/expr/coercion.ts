/**
 * Type coercion as Spark's (Ansi)TypeCoercion: the common type of two operands, numeric widening,
 * decimal result types for arithmetic (with Spark's precision-loss adjustment), and which implicit
 * casts are allowed.
 */
import {
  BinaryType,
  BooleanType,
  ByteType,
  type DataType,
  DateType,
  DecimalType,
  DoubleType,
  FloatType,
  IntegerType,
  LongType,
  NullType,
  ShortType,
  StringType,
  TimestampNTZType,
  TimestampType,
  ArrayType,
  MapType, DayTimeIntervalType, YearMonthIntervalType } from "../types/data-types";
import { StructTypeImpl } from "../types/struct-type";
import { decimalForType } from "./cast";

const NUMERIC_ORDER = ["byte", "short", "integer", "long", "float", "double"];

export function isNumericType(t: DataType): boolean {
  return NUMERIC_ORDER.includes(t.typeName()) || t instanceof DecimalType;
}
export function isIntegralType(t: DataType): boolean {
  return t instanceof ByteType || t instanceof ShortType || t instanceof IntegerType || t instanceof LongType;
}
export function isStringType(t: DataType): boolean {
  return t instanceof StringType;
}
export function isDatetimeType(t: DataType): boolean {
  return t instanceof DateType || t instanceof TimestampType || t instanceof TimestampNTZType;
}

/** DECIMAL bounded to 38 digits keeping at least min(scale, 6) fraction digits (allowPrecisionLoss). */
export function adjustDecimal(p: number, s: number): DecimalType {
  if (p <= 38) return DecimalType(p, s);
  const intDigits = p - s;
  const minScale = Math.min(s, 6);
  return DecimalType(38, Math.max(38 - intDigits, minScale));
}

/** Wider decimal for two decimals (DecimalPrecision.widerDecimalType). */
export function widerDecimal(a: DecimalType, b: DecimalType): DecimalType {
  const scale = Math.max(a.scale, b.scale);
  const range = Math.max(a.precision - a.scale, b.precision - b.scale);
  return adjustDecimalBounded(range + scale, scale);
}
function adjustDecimalBounded(p: number, s: number): DecimalType {
  if (p <= 38) return DecimalType(p, s);
  return DecimalType(38, Math.max(0, s - (p - 38)));
}

/** Numeric widening of two numeric types. */
export function widerNumeric(a: DataType, b: DataType): DataType {
  if (a.equals(b)) return a;
  if (a instanceof DecimalType || b instanceof DecimalType) {
    const other = a instanceof DecimalType ? b : a;
    if (other instanceof DoubleType || other instanceof FloatType) return DoubleType();
    const da = decimalForType(a)!;
    const db = decimalForType(b)!;
    return widerDecimal(da, db);
  }
  return NUMERIC_ORDER.indexOf(a.typeName()) >= NUMERIC_ORDER.indexOf(b.typeName()) ? a : b;
}

/**
 * The type both sides of a comparison / set of branches convert to, or null. `sameFieldNames`: structs (at any
 * depth) only meet when their fields have the same names, ignoring case, as Spark's findWiderTypeForTwo requires for
 * the values of array(), coalesce, CASE, if, greatest/least; a comparison or a UNION takes them by position.
 */
export function commonType(a: DataType, b: DataType, ansi: boolean, forComparison = false, sameFieldNames = false): DataType | null {
  if (a.equals(b)) return a;
  if (a instanceof NullType) return b;
  if (b instanceof NullType) return a;
  if (isNumericType(a) && isNumericType(b)) return widerNumeric(a, b);
  if (isStringType(a) || isStringType(b)) {
    const other = isStringType(a) ? b : a;
    if (forComparison) {
      // ANSI: a string meets an integral type as BIGINT (Spark 4.3 casts both sides: '1' = 1S is
      // cast('1' as bigint) = cast(1S as bigint)), a decimal as DOUBLE, a float/double as itself
      if (isNumericType(other)) return ansi ? (other instanceof DecimalType ? DoubleType() : isIntegralType(other) ? LongType() : other) : DoubleType();
      if (isDatetimeType(other) || other instanceof BooleanType || other instanceof BinaryType) return other;
      return null;
    }
    if (ansi && (isNumericType(other) || isDatetimeType(other) || other instanceof BooleanType)) {
      return isIntegralType(other) ? LongType() : other instanceof DecimalType || other instanceof FloatType ? DoubleType() : other;
    }
    if (other instanceof ArrayType || other instanceof MapType || other instanceof StructTypeImpl) return null;
    return StringType();
  }
  // intervals of one family widen to the union of their fields
  if (a instanceof DayTimeIntervalType && b instanceof DayTimeIntervalType) return DayTimeIntervalType(Math.min(a.startField, b.startField), Math.max(a.endField, b.endField));
  if (a instanceof YearMonthIntervalType && b instanceof YearMonthIntervalType) return YearMonthIntervalType(Math.min(a.startField, b.startField), Math.max(a.endField, b.endField));
  if (a instanceof DateType && (b instanceof TimestampType || b instanceof TimestampNTZType)) return b;
  if (b instanceof DateType && (a instanceof TimestampType || a instanceof TimestampNTZType)) return a;
  if ((a instanceof TimestampType && b instanceof TimestampNTZType) || (b instanceof TimestampType && a instanceof TimestampNTZType)) return TimestampType();
  if (a instanceof ArrayType && b instanceof ArrayType) {
    const e = commonType(a.elementType, b.elementType, ansi, forComparison, sameFieldNames);
    return e === null ? null : ArrayType(e, a.containsNull || b.containsNull);
  }
  if (a instanceof MapType && b instanceof MapType) {
    const k = commonType(a.keyType, b.keyType, ansi, false, sameFieldNames);
    const v = commonType(a.valueType, b.valueType, ansi, false, sameFieldNames);
    return k === null || v === null ? null : MapType(k, v, a.valueContainsNull || b.valueContainsNull);
  }
  if (a instanceof StructTypeImpl && b instanceof StructTypeImpl && a.fields.length === b.fields.length) {
    if (sameFieldNames && a.fields.some((f, i) => f.name.toLowerCase() !== b.fields[i]!.name.toLowerCase())) return null;
    const fs: { dataType: DataType }[] = [];
    for (let i = 0; i < a.fields.length; i++) {
      const t = commonType(a.fields[i]!.dataType, b.fields[i]!.dataType, ansi, forComparison, sameFieldNames);
      if (t === null) return null;
      fs.push({ ...a.fields[i]!, dataType: t });
    }
    return new StructTypeImpl(a.fields.map((f, i) => Object.assign(Object.create(Object.getPrototypeOf(f)), f, { dataType: fs[i]!.dataType })));
  }
  return null;
}

/** Common type of many (CASE branches, coalesce args, IN list). */
export function commonTypeOf(types: readonly DataType[], ansi: boolean, sameFieldNames = false): DataType | null {
  let t: DataType = NullType();
  // Spark picks the wider of non-string types first, then strings (so 1, '2' -> string in non-ANSI).
  for (const x of types) {
    const n = commonType(t, x, ansi, false, sameFieldNames);
    if (n === null) return null;
    t = n;
  }
  return t;
}

/** Arithmetic operand type for + - * % on two numerics; decimals handled by callers. */
export function arithmeticType(a: DataType, b: DataType): DataType {
  return widerNumeric(a, b);
}

/** Result type of DECIMAL arithmetic (Spark's DecimalPrecision rules). */
export function decimalResultType(op: string, a: DecimalType, b: DecimalType): DecimalType {
  const { precision: p1, scale: s1 } = a;
  const { precision: p2, scale: s2 } = b;
  switch (op) {
    case "+":
    case "-": {
      const s = Math.max(s1, s2);
      return adjustDecimal(Math.max(p1 - s1, p2 - s2) + s + 1, s);
    }
    case "*":
      return adjustDecimal(p1 + p2 + 1, s1 + s2);
    case "/": {
      const s = Math.max(6, s1 + p2 + 1);
      return adjustDecimal(p1 - s1 + s2 + s, s);
    }
    case "%": {
      const s = Math.max(s1, s2);
      return adjustDecimal(Math.min(p1 - s1, p2 - s2) + s, s);
    }
    default:
      return a;
  }
}

/** May `from` be implicitly cast to `to` for a function argument (ImplicitTypeCasts)? */
export function canImplicitCast(from: DataType, to: DataType): boolean {
  if (from.equals(to) || from instanceof NullType) return true;
  if (isNumericType(from) && isNumericType(to)) return true;
  if (isStringType(from)) return isNumericType(to) || isDatetimeType(to) || to instanceof BinaryType || to instanceof BooleanType;
  if (isStringType(to)) return isNumericType(from) || isDatetimeType(from) || from instanceof BinaryType || from instanceof BooleanType;
  if (from instanceof DateType && (to instanceof TimestampType || to instanceof TimestampNTZType)) return true;
  if ((from instanceof TimestampType || from instanceof TimestampNTZType) && to instanceof DateType) return true;
  return false;
}
