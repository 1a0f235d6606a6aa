/**
 * Spark's data types. Each type is an immutable object with Spark's four spellings:
 * `typeName()` (JSON / printSchema: "integer"), `simpleString()` (catalog: "int"),
 * `sql()` (DDL: "INT") and `jsonValue()` (schema JSON). How values of each type are held in JS is
 * documented in values.ts.
 *
 * Factories are pyspark-shaped and work with or without `new`: `LongType()`, `new LongType()`,
 * `DecimalType(10, 2)`, `ArrayType(StringType())`. Primitive types are singletons, so
 * `LongType() === LongType()`; compare parameterised types with `equals()`.
 * `x instanceof LongType` works because each factory shares its class's prototype.
 */

export abstract class DataType {
  /** Name used in JSON schemas and printSchema ("integer", "long", "decimal(10,2)", "array"). */
  abstract typeName(): string;
  /** Catalog spelling ("int", "bigint", "array<string>", "struct<a:int>"). */
  simpleString(): string {
    return this.typeName();
  }
  /** Same as simpleString but never truncated (Spark's catalogString). */
  catalogString(): string {
    return this.simpleString();
  }
  /** DDL / SQL spelling ("INT", "ARRAY<STRING>", "STRUCT<a: INT>"). */
  sql(): string {
    return this.simpleString().toUpperCase();
  }
  /** The JSON value Spark's DataType.jsonValue produces. */
  jsonValue(): unknown {
    return this.typeName();
  }
  json(): string {
    return JSON.stringify(this.jsonValue());
  }
  equals(other: unknown): boolean {
    return other instanceof DataType && other.json() === this.json();
  }
  toString(): string {
    return this.simpleString();
  }
}

/** A factory callable as `F(...)` and `new F(...)`, with `instanceof F` support. */
export type Factory<T, A extends unknown[]> = { (...args: A): T; new (...args: A): T; readonly prototype: T };

function factory<T, A extends unknown[]>(proto: object, make: (...args: A) => T): Factory<T, A> {
  // A plain function returning an object is also a valid constructor: `new f()` yields that object.
  // biome-ignore lint/complexity/useArrowFunction: must stay constructible with `new` (pyspark style)
  const f = function (...args: A): T {
    return make(...args);
  };
  f.prototype = proto;
  return f as unknown as Factory<T, A>;
}

function primitive<C extends DataType>(cls: new () => C): Factory<C, []> {
  const single = Object.freeze(new cls());
  return factory(cls.prototype, () => single);
}

abstract class AtomicType extends DataType {}
abstract class NumericType extends AtomicType {}
abstract class IntegralType extends NumericType {}
abstract class FractionalType extends NumericType {}

class BooleanTypeImpl extends AtomicType {
  typeName(): string {
    return "boolean";
  }
}
class ByteTypeImpl extends IntegralType {
  typeName(): string {
    return "byte";
  }
  override simpleString(): string {
    return "tinyint";
  }
}
class ShortTypeImpl extends IntegralType {
  typeName(): string {
    return "short";
  }
  override simpleString(): string {
    return "smallint";
  }
}
class IntegerTypeImpl extends IntegralType {
  typeName(): string {
    return "integer";
  }
  override simpleString(): string {
    return "int";
  }
}
class LongTypeImpl extends IntegralType {
  typeName(): string {
    return "long";
  }
  override simpleString(): string {
    return "bigint";
  }
}
class FloatTypeImpl extends FractionalType {
  typeName(): string {
    return "float";
  }
}
class DoubleTypeImpl extends FractionalType {
  typeName(): string {
    return "double";
  }
}
class StringTypeImpl extends AtomicType {
  typeName(): string {
    return "string";
  }
}
class BinaryTypeImpl extends AtomicType {
  typeName(): string {
    return "binary";
  }
}
class DateTypeImpl extends AtomicType {
  typeName(): string {
    return "date";
  }
}
class TimestampTypeImpl extends AtomicType {
  typeName(): string {
    return "timestamp";
  }
}
class TimestampNTZTypeImpl extends AtomicType {
  typeName(): string {
    return "timestamp_ntz";
  }
}
class NullTypeImpl extends DataType {
  typeName(): string {
    return "void";
  }
}
/** Spark 4's semi-structured type; values are VariantVal (types/variant.ts). Not orderable, not comparable. */
class VariantTypeImpl extends DataType {
  typeName(): string {
    return "variant";
  }
}
class CalendarIntervalTypeImpl extends DataType {
  typeName(): string {
    return "interval";
  }
}

const DT_FIELDS = ["day", "hour", "minute", "second"] as const;
class DayTimeIntervalTypeImpl extends AtomicType {
  constructor(
    readonly startField = 0,
    readonly endField = 3,
  ) {
    super();
    Object.freeze(this);
  }
  typeName(): string {
    const s = DT_FIELDS[this.startField];
    const e = DT_FIELDS[this.endField];
    return s === e ? `interval ${s}` : `interval ${s} to ${e}`;
  }
}

const YM_FIELDS = ["year", "month"] as const;
/** ANSI INTERVAL YEAR [TO MONTH] / INTERVAL MONTH; values are a whole number of months (values.ts). */
class YearMonthIntervalTypeImpl extends AtomicType {
  constructor(
    readonly startField = 0,
    readonly endField = 1,
  ) {
    super();
    Object.freeze(this);
  }
  typeName(): string {
    const s = YM_FIELDS[this.startField];
    const e = YM_FIELDS[this.endField];
    return s === e ? `interval ${s}` : `interval ${s} to ${e}`;
  }
}

class DecimalTypeImpl extends FractionalType {
  constructor(
    readonly precision = 10,
    readonly scale = 0,
  ) {
    super();
    Object.freeze(this);
  }
  typeName(): string {
    return `decimal(${this.precision},${this.scale})`;
  }
}

class ArrayTypeImpl extends DataType {
  constructor(
    readonly elementType: DataType,
    readonly containsNull = true,
  ) {
    super();
    Object.freeze(this);
  }
  typeName(): string {
    return "array";
  }
  override simpleString(): string {
    return `array<${this.elementType.simpleString()}>`;
  }
  override catalogString(): string {
    return `array<${this.elementType.catalogString()}>`;
  }
  override sql(): string {
    return `ARRAY<${this.elementType.sql()}>`;
  }
  override jsonValue(): unknown {
    return { type: "array", elementType: this.elementType.jsonValue(), containsNull: this.containsNull };
  }
}

class MapTypeImpl extends DataType {
  constructor(
    readonly keyType: DataType,
    readonly valueType: DataType,
    readonly valueContainsNull = true,
  ) {
    super();
    Object.freeze(this);
  }
  typeName(): string {
    return "map";
  }
  override simpleString(): string {
    return `map<${this.keyType.simpleString()},${this.valueType.simpleString()}>`;
  }
  override catalogString(): string {
    return `map<${this.keyType.catalogString()},${this.valueType.catalogString()}>`;
  }
  override sql(): string {
    return `MAP<${this.keyType.sql()}, ${this.valueType.sql()}>`;
  }
  override jsonValue(): unknown {
    return {
      type: "map",
      keyType: this.keyType.jsonValue(),
      valueType: this.valueType.jsonValue(),
      valueContainsNull: this.valueContainsNull,
    };
  }
}

export const BooleanType = primitive(BooleanTypeImpl);
export type BooleanType = BooleanTypeImpl;
export const ByteType = primitive(ByteTypeImpl);
export type ByteType = ByteTypeImpl;
export const ShortType = primitive(ShortTypeImpl);
export type ShortType = ShortTypeImpl;
export const IntegerType = primitive(IntegerTypeImpl);
export type IntegerType = IntegerTypeImpl;
export const LongType = primitive(LongTypeImpl);
export type LongType = LongTypeImpl;
export const FloatType = primitive(FloatTypeImpl);
export type FloatType = FloatTypeImpl;
export const DoubleType = primitive(DoubleTypeImpl);
export type DoubleType = DoubleTypeImpl;
export const StringType = primitive(StringTypeImpl);
export type StringType = StringTypeImpl;
/**
 * A string explicitly collated UTF8_BINARY (`collate(s, 'UTF8_BINARY')`). Its values, comparisons and equality with
 * StringType are the default string's (UTF8_BINARY is the default collation); only Spark's catalogString, which
 * schemas and typeof() print, names the collation, as Spark does for an explicit collation.
 */
class ExplicitUtf8BinaryStringTypeImpl extends StringTypeImpl {
  override catalogString(): string {
    return "string collate UTF8_BINARY";
  }
}
export const ExplicitUtf8BinaryStringType = primitive(ExplicitUtf8BinaryStringTypeImpl);
export const BinaryType = primitive(BinaryTypeImpl);
export type BinaryType = BinaryTypeImpl;
export const DateType = primitive(DateTypeImpl);
export type DateType = DateTypeImpl;
export const TimestampType = primitive(TimestampTypeImpl);
export type TimestampType = TimestampTypeImpl;
export const TimestampNTZType = primitive(TimestampNTZTypeImpl);
export type TimestampNTZType = TimestampNTZTypeImpl;
export const NullType = primitive(NullTypeImpl);
export type NullType = NullTypeImpl;
export const VariantType = primitive(VariantTypeImpl);
export type VariantType = VariantTypeImpl;
export const CalendarIntervalType = primitive(CalendarIntervalTypeImpl);
export type CalendarIntervalType = CalendarIntervalTypeImpl;

export const DayTimeIntervalType = factory<DayTimeIntervalTypeImpl, [startField?: number, endField?: number]>(
  DayTimeIntervalTypeImpl.prototype,
  (s, e) => new DayTimeIntervalTypeImpl(s ?? 0, e ?? s ?? 3),
);
export type DayTimeIntervalType = DayTimeIntervalTypeImpl;
export const YearMonthIntervalType = factory<YearMonthIntervalTypeImpl, [startField?: number, endField?: number]>(
  YearMonthIntervalTypeImpl.prototype,
  (s, e) => new YearMonthIntervalTypeImpl(s ?? 0, e ?? s ?? 1),
);
export type YearMonthIntervalType = YearMonthIntervalTypeImpl;
export const DecimalType = factory<DecimalTypeImpl, [precision?: number, scale?: number]>(
  DecimalTypeImpl.prototype,
  (p, s) => {
    const precision = p ?? 10;
    const scale = s ?? 0;
    if (!Number.isInteger(precision) || precision < 1 || precision > 38 || !Number.isInteger(scale) || scale < 0 || scale > precision) {
      throw new RangeError(`Decimal precision ${precision} and scale ${scale} are invalid: need 1 <= precision <= 38 and 0 <= scale <= precision`);
    }
    return new DecimalTypeImpl(precision, scale);
  },
);
export type DecimalType = DecimalTypeImpl;
/** Spark's maximum decimal: DECIMAL(38, 18) is the system default for unknown decimals. */
export const DECIMAL_MAX_PRECISION = 38;
export const ArrayType = factory<ArrayTypeImpl, [elementType: DataType, containsNull?: boolean]>(
  ArrayTypeImpl.prototype,
  (e, n) => new ArrayTypeImpl(e, n ?? true),
);
export type ArrayType = ArrayTypeImpl;
export const MapType = factory<MapTypeImpl, [keyType: DataType, valueType: DataType, valueContainsNull?: boolean]>(
  MapTypeImpl.prototype,
  (k, v, n) => new MapTypeImpl(k, v, n ?? true),
);
export type MapType = MapTypeImpl;

export { AtomicType, FractionalType, IntegralType, NumericType };

export function isNumeric(t: DataType): t is NumericType {
  return t instanceof NumericType;
}
export function isIntegral(t: DataType): t is IntegralType {
  return t instanceof IntegralType;
}
export function isFractional(t: DataType): boolean {
  return t instanceof FloatTypeImpl || t instanceof DoubleTypeImpl;
}
