/**
 * Casts into and out of VARIANT, as Spark's Cast and VariantGet do them.
 *
 * Into: atomic values and arrays of them (CAST(x AS VARIANT)); structs and maps only through to_variant_object.
 * Decimals are stored with trailing zeros stripped, as Spark's variant builder stores them.
 *
 * Out of: each scalar is cast from its own variant type (BIGINT, DOUBLE, DECIMAL(p,s), STRING, ...) to the target
 * under ANSI rules; a value that does not convert is INVALID_VARIANT_CAST (or NULL for try_variant_get / try_cast /
 * ANSI off). Objects read into structs by field name and into MAP<STRING, _>; arrays into arrays. A variant null
 * is SQL NULL, except when read as VARIANT.
 */
import { AnalysisException, SparkRuntimeException, SparkThrowable } from "../../errors";
import {
  ArrayType,
  BinaryType,
  BooleanType,
  CalendarIntervalType,
  type DataType,
  DateType,
  DayTimeIntervalType,
  DecimalType,
  DoubleType,
  FloatType,
  LongType,
  MapType,
  NullType,
  StringType,
  TimestampNTZType,
  TimestampType,
  VariantType,
} from "../../types/data-types";
import { Decimal } from "../../types/decimal";
import { StructTypeImpl } from "../../types/struct-type";
import {
  VARIANT_NULL,
  VariantDate,
  VariantFloat,
  type VariantNode,
  VariantObject,
  VariantTimestamp,
  VariantVal,
} from "../../types/variant";
import { canCast, castToString, compileCast, type Converter, type EvalContext } from "../cast";
import { normalizeDecimal, variantToJson } from "./json-text";

const isAtomic = (t: DataType): boolean =>
  !(t instanceof ArrayType || t instanceof MapType || t instanceof StructTypeImpl || t instanceof CalendarIntervalType || t instanceof DayTimeIntervalType);

/** Whether values of `t` can become a variant (VariantGet.checkDataType on the source side). */
export function canBeVariant(t: DataType, allowStructsAndMaps: boolean): boolean {
  if (t instanceof ArrayType) return canBeVariant(t.elementType, allowStructsAndMaps);
  if (t instanceof StructTypeImpl) return allowStructsAndMaps && t.fields.every((f) => canBeVariant(f.dataType, true));
  if (t instanceof MapType) return allowStructsAndMaps && t.keyType instanceof StringType && canBeVariant(t.valueType, true);
  if (t instanceof NullType) return !allowStructsAndMaps;
  return isAtomic(t);
}

/** Whether a variant can be read as `t` (variant_get's type and CAST(variant AS t)). */
export function canReadVariantAs(t: DataType): boolean {
  if (t instanceof ArrayType) return canReadVariantAs(t.elementType);
  if (t instanceof StructTypeImpl) return t.fields.every((f) => canReadVariantAs(f.dataType));
  if (t instanceof MapType) return t.keyType instanceof StringType && canReadVariantAs(t.valueType);
  return isAtomic(t) && !(t instanceof NullType);
}

/** A converter from non-null values of `from` to variant nodes (nulls inside become variant nulls). */
export function compileToVariantNode(from: DataType, ctx: EvalContext): (v: unknown) => VariantNode {
  if (from instanceof VariantType) return (v) => (v as VariantVal).node;
  if (from instanceof NullType) return () => VARIANT_NULL;
  if (from instanceof BooleanType || from instanceof StringType || from instanceof DoubleType) return (v) => v as VariantNode;
  if (from instanceof LongType) return (v) => v as bigint;
  if (from instanceof FloatType) return (v) => new VariantFloat(v as number);
  if (from instanceof DecimalType) return (v) => normalizeDecimal(v as Decimal);
  if (from instanceof BinaryType) return (v) => v as Uint8Array;
  if (from instanceof DateType) return (v) => new VariantDate(v as number);
  if (from instanceof TimestampType) return (v) => new VariantTimestamp(v as bigint, false);
  if (from instanceof TimestampNTZType) return (v) => new VariantTimestamp(v as bigint, true);
  if (from instanceof ArrayType) {
    const e = compileToVariantNode(from.elementType, ctx);
    return (v) => (v as unknown[]).map((x) => (x === null ? VARIANT_NULL : e(x)));
  }
  if (from instanceof StructTypeImpl) {
    const fs = from.fields.map((f) => compileToVariantNode(f.dataType, ctx));
    const names = from.fields.map((f) => f.name);
    return (v) => VariantObject.of((v as unknown[]).map((x, i) => [names[i]!, x === null ? VARIANT_NULL : fs[i]!(x)] as const));
  }
  if (from instanceof MapType) {
    const key = castToString(from.keyType, ctx);
    const val = compileToVariantNode(from.valueType, ctx);
    return (v) => VariantObject.of([...(v as Map<unknown, unknown>)].map(([k, x]) => [key(k) as string, x === null ? VARIANT_NULL : val(x)] as const));
  }
  // Byte, Short, Integer: held as numbers, stored as the variant's integer type
  return (v) => BigInt(v as number);
}

/** CAST(x AS VARIANT) for the types Spark allows. */
export function compileToVariant(from: DataType, ctx: EvalContext): Converter {
  const f = compileToVariantNode(from, ctx);
  return (v) => new VariantVal(f(v));
}

export function invalidVariantCast(node: VariantNode, to: DataType, timeZone: string): SparkRuntimeException {
  const value = variantToJson(node, timeZone);
  return new SparkRuntimeException(
    `[INVALID_VARIANT_CAST] The variant value \`${value}\` cannot be cast into \`"${to.sql()}"\`. Please use \`try_variant_get\` instead. SQLSTATE: 22023`,
    { errorClass: "INVALID_VARIANT_CAST", sqlState: "22023", messageParameters: { value, dataType: `"${to.sql()}"` } },
  );
}

/** The variant scalar's own type and value, which a cast out of the variant starts from. */
function physical(node: VariantNode): [DataType, unknown] | null {
  if (typeof node === "bigint") return [LongType(), node];
  if (typeof node === "number") return [DoubleType(), node];
  if (typeof node === "string") return [StringType(), node];
  if (typeof node === "boolean") return [BooleanType(), node];
  if (node instanceof Decimal) return [DecimalType(Math.max(node.precision(), node.scale, 1), node.scale), node];
  if (node instanceof VariantFloat) return [FloatType(), node.value];
  if (node instanceof VariantDate) return [DateType(), node.days];
  if (node instanceof VariantTimestamp) return [node.ntz ? TimestampNTZType() : TimestampType(), node.micros];
  if (node instanceof Uint8Array) return [BinaryType(), node];
  return null;
}

/**
 * A reader of variant nodes as `to`. `failOnError`: a value that does not convert throws INVALID_VARIANT_CAST,
 * else it gives null. The result for VARIANT_NULL is null.
 */
export function compileFromVariant(to: DataType, ctx: EvalContext, failOnError: boolean): (node: VariantNode) => unknown {
  const fail = (node: VariantNode): null => {
    if (failOnError) throw invalidVariantCast(node, to, ctx.timeZone);
    return null;
  };
  // read as VARIANT, a variant null stays a (non-SQL-null) variant null, as Spark keeps it
  if (to instanceof VariantType) return (n) => new VariantVal(n);
  if (to instanceof ArrayType) {
    const e = compileFromVariant(to.elementType, ctx, failOnError);
    return (n) => (n === VARIANT_NULL ? null : Array.isArray(n) ? (n as readonly VariantNode[]).map(e) : fail(n));
  }
  if (to instanceof StructTypeImpl) {
    const fs = to.fields.map((f) => [f.name, compileFromVariant(f.dataType, ctx, failOnError)] as const);
    return (n) => {
      if (n === VARIANT_NULL) return null;
      if (!(n instanceof VariantObject)) return fail(n);
      return fs.map(([name, read]) => {
        const x = n.get(name);
        return x === undefined ? null : read(x);
      });
    };
  }
  if (to instanceof MapType) {
    const val = compileFromVariant(to.valueType, ctx, failOnError);
    return (n) => {
      if (n === VARIANT_NULL) return null;
      if (!(n instanceof VariantObject)) return fail(n);
      return new Map(n.keys.map((k, i) => [k, val(n.values[i]!)]));
    };
  }
  // Scalars: one ANSI cast per source type, compiled on first use.
  const ansi = { ...ctx, ansi: true };
  const casts = new Map<string, Converter | null>();
  const toText = to instanceof StringType;
  return (n) => {
    if (n === VARIANT_NULL) return null;
    const p = physical(n);
    if (p === null) return toText ? variantToJson(n, ctx.timeZone) : fail(n);
    const [t, v] = p;
    const key = t.typeName();
    let conv = casts.get(key);
    if (conv === undefined) {
      try {
        conv = canCast(t, to) ? compileCast(t, to, ansi) : null;
      } catch {
        conv = null;
      }
      casts.set(key, conv);
    }
    if (conv === null) return fail(n);
    try {
      const r = conv(v);
      return r === null ? fail(n) : r;
    } catch (e) {
      if (e instanceof SparkThrowable && !(e instanceof AnalysisException)) return fail(n);
      throw e;
    }
  };
}

/** CAST(variant AS t): a converter for non-null variants (ANSI off or TRY_CAST give NULL for a bad value). */
export function compileVariantCast(to: DataType, ctx: EvalContext): Converter {
  const read = compileFromVariant(to, ctx, ctx.ansi);
  return (v) => read((v as VariantVal).node);
}

/** Spark names CAST(variant AS complex type) after its child alone (the cast becomes a VariantGet). */
export function castDisplayName(mode: string, childName: string, from: DataType, to: DataType): string {
  if (from instanceof VariantType && (to instanceof ArrayType || to instanceof MapType || to instanceof StructTypeImpl)) return childName;
  return `${mode === "try" ? "TRY_CAST" : "CAST"}(${childName} AS ${to.sql()})`;
}
