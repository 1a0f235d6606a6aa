/**
 * Values across the UDF boundary. A UDF sees its arguments in the form `collect()` gives users (LONG as a
 * number when it is a safe integer, otherwise a bigint; TIMESTAMP and DATE as Date; structs as Rows; maps as
 * Map; DECIMAL as Decimal), and returns a plain JavaScript value that is converted to the declared return
 * type. A result that does not fit the type becomes null, as a PySpark UDF's mismatched result does.
 */
import { RowImpl, toExternal } from "../../api/row";
import type { DataType } from "../../types/data-types";
import { VariantVal } from "../../types/variant";

type ArrayTypeImpl = { readonly elementType: DataType };
type MapTypeImpl = { readonly keyType: DataType; readonly valueType: DataType };
import { Decimal } from "../../types/decimal";
import { StructTypeImpl } from "../../types/struct-type";

const MS_PER_DAY = 86_400_000;

function kind(t: DataType): string {
  return t.typeName().replace(/\(.*$/, "");
}

/** Engine value -> what the UDF receives: exactly what collect() gives for that type. */
export function toUdfValue(v: unknown, t: DataType): unknown {
  if (v === null || v === undefined) return null;
  return toExternal(v, t);
}

const INT_RANGE: Record<string, [number, number]> = {
  byte: [-128, 127],
  short: [-32768, 32767],
  integer: [-2147483648, 2147483647],
};

/** What the UDF returned -> engine value of type `t` (null when it does not fit). */
export function fromUdfValue(v: unknown, t: DataType): unknown {
  if (v === null || v === undefined) return null;
  const k = kind(t);
  switch (k) {
    case "byte":
    case "short":
    case "integer": {
      const n = typeof v === "bigint" ? Number(v) : v;
      const [lo, hi] = INT_RANGE[k]!;
      return typeof n === "number" && Number.isInteger(n) && n >= lo && n <= hi ? n : null;
    }
    case "long":
      if (typeof v === "bigint") return v;
      return typeof v === "number" && Number.isSafeInteger(v) ? BigInt(v) : null;
    case "float":
    case "double":
      return typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : null;
    case "boolean":
      return typeof v === "boolean" ? v : null;
    case "string":
      // PySpark converts any result to its text for a StringType UDF
      return typeof v === "string" ? v : v instanceof Date ? v.toISOString() : typeof v === "object" ? JSON.stringify(v) : String(v);
    case "binary":
      return v instanceof Uint8Array ? v : typeof v === "string" ? new TextEncoder().encode(v) : null;
    case "decimal":
      return v instanceof Decimal ? v : typeof v === "number" ? Decimal.fromNumber(v) : typeof v === "bigint" ? Decimal.fromBigInt(v) : typeof v === "string" ? Decimal.parse(v) : null;
    case "timestamp":
    case "timestamp_ntz":
      return v instanceof Date ? BigInt(v.getTime()) * 1000n : typeof v === "bigint" ? v : null;
    case "date":
      return v instanceof Date ? Math.floor(v.getTime() / MS_PER_DAY) : null;
    case "array": {
      if (!Array.isArray(v)) return null;
      const el = (t as unknown as ArrayTypeImpl).elementType;
      return v.map((x) => fromUdfValue(x, el));
    }
    case "map": {
      const m = t as unknown as MapTypeImpl;
      const entries = v instanceof Map ? [...v] : typeof v === "object" ? Object.entries(v as object) : null;
      if (entries === null) return null;
      return new Map(entries.map(([a, b]) => [fromUdfValue(a, m.keyType), fromUdfValue(b, m.valueType)]));
    }
    case "struct": {
      const st = t as StructTypeImpl;
      if (!(st instanceof StructTypeImpl) || typeof v !== "object") return null;
      const values = v instanceof RowImpl ? v.toArray() : Array.isArray(v) ? v : st.fieldNames().map((n) => (v as Record<string, unknown>)[n]);
      return st.fields.map((f, i) => fromUdfValue(values[i], f.dataType));
    }
    case "variant":
      return VariantVal.fromJS(v);
    default:
      return v;
  }
}
