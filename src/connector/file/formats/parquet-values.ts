/**
 * hyparquet's decoded values <-> tspark values (src/engine/types/values.ts). The reader gets decimals as raw
 * unscaled integers (parquet-format.ts strips the DECIMAL annotation so nothing goes through a double) and
 * timestamps as bigint micros (its parsers are replaced); structs arrive as objects and maps as objects keyed
 * by the key's text, so both are turned back into positional arrays and Maps here.
 */
import type { ArrayType, DataType, DecimalType, MapType } from "../../../engine/types/data-types";
import { Decimal } from "../../../engine/types/decimal";
import { StructTypeImpl } from "../../../engine/types/struct-type";

type Conv = (v: unknown) => unknown;

function signedBigInt(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  const bits = BigInt(bytes.length * 8);
  if (bytes.length > 0 && bytes[0]! & 0x80) v -= 1n << bits;
  return v;
}

/** Decoded value of a column whose Spark type is `t` -> tspark value. */
export function compileFromParquet(t: DataType): Conv {
  const tn = t.typeName();
  if (t instanceof StructTypeImpl) {
    const names = t.fields.map((f) => f.name);
    const convs = t.fields.map((f) => compileFromParquet(f.dataType));
    return (v) => {
      if (v === null || v === undefined) return null;
      const o = v as Record<string, unknown>;
      return names.map((n, i) => convs[i]!(o[n]));
    };
  }
  if (tn === "array") {
    const e = compileFromParquet((t as ArrayType).elementType);
    return (v) => (v === null || v === undefined ? null : Array.from(v as ArrayLike<unknown>, e));
  }
  if (tn === "map") {
    const m = t as MapType;
    const k = compileFromParquet(m.keyType);
    const keyFromText = compileKeyFromText(m.keyType);
    const x = compileFromParquet(m.valueType);
    return (v) => {
      if (v === null || v === undefined) return null;
      if (v instanceof Map) return new Map([...v].map(([a, b]) => [k(a), x(b)]));
      return new Map(Object.entries(v as Record<string, unknown>).map(([a, b]) => [keyFromText(a), x(b)]));
    };
  }
  if (tn.startsWith("decimal")) {
    const scale = (t as DecimalType).scale;
    return (v) => {
      if (v === null || v === undefined) return null;
      const unscaled = v instanceof Uint8Array ? signedBigInt(v) : BigInt(v as number | bigint);
      return new Decimal(unscaled, scale);
    };
  }
  if (tn === "long") return (v) => (v === null || v === undefined ? null : typeof v === "bigint" ? v : BigInt(v as number));
  if (tn === "integer" || tn === "short" || tn === "byte" || tn === "date") {
    return (v) => (v === null || v === undefined ? null : Number(v));
  }
  if (tn === "float" || tn === "double") return (v) => (v === null || v === undefined ? null : Number(v));
  if (tn === "string") {
    return (v) => (v === null || v === undefined ? null : v instanceof Uint8Array ? Buffer.from(v).toString("utf8") : String(v));
  }
  if (tn === "binary") {
    return (v) => (v === null || v === undefined ? null : typeof v === "string" ? new TextEncoder().encode(v) : v);
  }
  return (v) => (v === undefined ? null : v);
}

function compileKeyFromText(t: DataType): Conv {
  const tn = t.typeName();
  if (tn === "long") return (s) => BigInt(s as string);
  if (tn === "integer" || tn === "short" || tn === "byte" || tn === "double" || tn === "float" || tn === "date") return (s) => Number(s);
  if (tn === "boolean") return (s) => s === "true";
  return (s) => s;
}

/** tspark value of Spark type `t` -> what hyparquet-writer takes for the element sparkToParquetSchema made. */
export function compileToParquet(t: DataType): Conv {
  const tn = t.typeName();
  if (t instanceof StructTypeImpl) {
    const names = t.fields.map((f) => f.name);
    const convs = t.fields.map((f) => compileToParquet(f.dataType));
    return (v) => {
      if (v === null) return null;
      const a = v as unknown[];
      const o: Record<string, unknown> = {};
      names.forEach((n, i) => {
        o[n] = convs[i]!(a[i] ?? null);
      });
      return o;
    };
  }
  if (tn === "array") {
    const e = compileToParquet((t as ArrayType).elementType);
    return (v) => (v === null ? null : (v as unknown[]).map(e));
  }
  if (tn === "map") {
    const m = t as MapType;
    const k = compileToParquet(m.keyType);
    const x = compileToParquet(m.valueType);
    return (v) => (v === null ? null : new Map([...(v as Map<unknown, unknown>)].map(([a, b]) => [k(a), x(b)])));
  }
  if (tn.startsWith("decimal")) {
    const d = t as DecimalType;
    return (v) => (v === null ? null : (v as Decimal).setScale(d.scale).unscaled);
  }
  return (v) => v;
}
