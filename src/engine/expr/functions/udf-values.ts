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

type FromUdf = (v: unknown) => unknown;

/** Each type's converter, built once: a UDF result or a state value is converted per row, its type per query. */
const fromUdfConverters = new WeakMap<DataType, FromUdf>();

/** What the UDF returned -> engine value of type `t` (null when it does not fit). */
export function fromUdfValue(v: unknown, t: DataType): unknown {
  if (v === null || v === undefined) return null;
  return fromUdfConverter(t)(v);
}

/** `fromUdfValue` for one type: the type's kind and its children's converters are looked up once, not per value. */
export function fromUdfConverter(t: DataType): FromUdf {
  let c = fromUdfConverters.get(t);
  if (c === undefined) {
    const inner = buildFromUdf(t);
    c = (v) => (v === null || v === undefined ? null : inner(v));
    fromUdfConverters.set(t, c);
  }
  return c;
}

/** The converter of a non-null value of type `t`. */
function buildFromUdf(t: DataType): FromUdf {
  const k = kind(t);
  switch (k) {
    case "byte":
    case "short":
    case "integer": {
      const [lo, hi] = INT_RANGE[k]!;
      return (v) => {
        const n = typeof v === "bigint" ? Number(v) : v;
        return typeof n === "number" && Number.isInteger(n) && n >= lo && n <= hi ? n : null;
      };
    }
    case "long":
      return (v) => (typeof v === "bigint" ? v : typeof v === "number" && Number.isSafeInteger(v) ? BigInt(v) : null);
    case "float":
    case "double":
      return (v) => (typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : null);
    case "boolean":
      return (v) => (typeof v === "boolean" ? v : null);
    case "string":
      // PySpark converts any result to its text for a StringType UDF
      return (v) => (typeof v === "string" ? v : v instanceof Date ? v.toISOString() : typeof v === "object" ? JSON.stringify(v) : String(v));
    case "binary":
      return (v) => (v instanceof Uint8Array ? v : typeof v === "string" ? new TextEncoder().encode(v) : null);
    case "decimal":
      return (v) =>
        v instanceof Decimal ? v : typeof v === "number" ? Decimal.fromNumber(v) : typeof v === "bigint" ? Decimal.fromBigInt(v) : typeof v === "string" ? Decimal.parse(v) : null;
    case "timestamp":
    case "timestamp_ntz":
      return (v) => (v instanceof Date ? BigInt(v.getTime()) * 1000n : typeof v === "bigint" ? v : null);
    case "date":
      return (v) => (v instanceof Date ? Math.floor(v.getTime() / MS_PER_DAY) : null);
    case "array": {
      const el = fromUdfConverter((t as unknown as ArrayTypeImpl).elementType);
      return (v) => (Array.isArray(v) ? v.map((x) => el(x)) : null);
    }
    case "map": {
      const m = t as unknown as MapTypeImpl;
      const key = fromUdfConverter(m.keyType);
      const value = fromUdfConverter(m.valueType);
      return (v) => {
        const entries = v instanceof Map ? [...v] : typeof v === "object" ? Object.entries(v as object) : null;
        if (entries === null) return null;
        return new Map(entries.map(([a, b]) => [key(a), value(b)]));
      };
    }
    case "struct": {
      const st = t as StructTypeImpl;
      if (!(st instanceof StructTypeImpl)) return () => null;
      const names = st.fieldNames();
      const fields = st.fields.map((f) => fromUdfConverter(f.dataType));
      const n = fields.length;
      return (v) => {
        if (typeof v !== "object") return null;
        const out = new Array<unknown>(n);
        if (v instanceof RowImpl || Array.isArray(v)) {
          const values = v instanceof RowImpl ? v.__values : v;
          for (let i = 0; i < n; i++) out[i] = fields[i]!(values[i]);
        } else {
          const o = v as Record<string, unknown>;
          for (let i = 0; i < n; i++) out[i] = fields[i]!(o[names[i]!]);
        }
        return out;
      };
    }
    case "variant":
      return (v) => VariantVal.fromJS(v);
    default:
      return (v) => v;
  }
}
