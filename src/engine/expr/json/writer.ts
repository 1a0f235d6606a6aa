/**
 * to_json: Spark's JacksonGenerator output. Struct fields with null values are omitted
 * (spark.sql.jsonGenerator.ignoreNullFields=true), timestamps use the timestampFormat option
 * (default `yyyy-MM-dd'T'HH:mm:ss.SSSXXXXX` in the session zone), dates `yyyy-MM-dd`, doubles
 * Java's Double.toString, NaN/Infinity quoted, binary base64.
 */
import { dateToString, formatDate, formatTimestamp, makeTimestampFormatter, timestampNtzToString } from "../datetime";
import { decimalValueToText } from "./decimal-text";
import { javaDoubleToString, javaFloatToString } from "./java-number";
import { quoteJsonString } from "./raw-writer";
import { type JsonType, toJsonType } from "./schema-view";

export interface JsonWriterOptions {
  /** Session time zone for TIMESTAMP values. */
  readonly timeZone: string;
  readonly timestampFormat?: string;
  readonly timestampNTZFormat?: string;
  readonly dateFormat?: string;
  /** Default true, like Spark: null struct fields are left out. */
  readonly ignoreNullFields?: boolean;
}

/** Spark 4 writes second-precision offsets (local mean time) with XXXXX; modern zones print -07:00. */
export const DEFAULT_JSON_TIMESTAMP_FORMAT = "yyyy-MM-dd'T'HH:mm:ss.SSSXXXXX";
export const DEFAULT_JSON_TIMESTAMP_NTZ_FORMAT = "yyyy-MM-dd'T'HH:mm:ss[.SSS]";

type Writer = (v: unknown) => string;

function nonNumeric(d: number): string | null {
  if (Number.isNaN(d)) return '"NaN"';
  if (d === Number.POSITIVE_INFINITY) return '"Infinity"';
  if (d === Number.NEGATIVE_INFINITY) return '"-Infinity"';
  return null;
}

/** Map keys are written with Spark's internal toString (struct keys print like `[1,2]`). */
function keyText(v: unknown, t: JsonType): string {
  if (v === null) return "null";
  if (t.kind === "struct" || t.kind === "array") {
    return `[${(v as unknown[]).map((x, i) => keyText(x, t.kind === "struct" ? t.fields[i].type : t.element)).join(",")}]`;
  }
  if (t.kind === "decimal") return decimalValueToText(v);
  if (t.kind === "double" || t.kind === "float") return javaDoubleToString(v as number);
  return String(v);
}

function compileWriter(t: JsonType, o: JsonWriterOptions): Writer {
  switch (t.kind) {
    case "string":
      return (v) => quoteJsonString(v as string);
    case "boolean":
      return (v) => (v ? "true" : "false");
    case "byte":
    case "short":
    case "int":
    case "long":
      return (v) => String(v);
    case "double":
      return (v) => nonNumeric(v as number) ?? javaDoubleToString(v as number);
    case "float":
      return (v) => nonNumeric(v as number) ?? javaFloatToString(v as number);
    case "decimal":
      return (v) => decimalValueToText(v);
    case "date": {
      const fmt = o.dateFormat;
      return fmt === undefined ? (v) => `"${dateToString(v as number)}"` : (v) => quoteJsonString(formatDate(v as number, fmt));
    }
    case "timestamp": {
      const format = makeTimestampFormatter(o.timestampFormat ?? DEFAULT_JSON_TIMESTAMP_FORMAT, o.timeZone);
      return (v) => quoteJsonString(format(v as bigint));
    }
    case "timestamp_ntz": {
      const fmt = o.timestampNTZFormat;
      return fmt === undefined
        ? (v) => quoteJsonString(ntzIso(v as bigint))
        : (v) => quoteJsonString(formatTimestamp(v as bigint, fmt, "UTC"));
    }
    case "binary":
      return (v) => `"${Buffer.from(v as Uint8Array).toString("base64")}"`;
    case "null":
      return () => "null";
    case "variant":
      // a VariantVal (types/variant.ts) writes its own JSON text, timestamps in the session zone
      return (v) => (v as { toJson(timeZone: string): string }).toJson(o.timeZone);
    case "array": {
      const el = compileWriter(t.element, o);
      return (v) => `[${(v as unknown[]).map((x) => (x === null ? "null" : el(x))).join(",")}]`;
    }
    case "map": {
      const val = compileWriter(t.value, o);
      const keyType = t.key;
      return (v) => {
        const parts: string[] = [];
        for (const [k, x] of v as Map<unknown, unknown>) {
          parts.push(`${quoteJsonString(keyText(k, keyType))}:${x === null ? "null" : val(x)}`);
        }
        return `{${parts.join(",")}}`;
      };
    }
    case "struct": {
      const names = t.fields.map((f) => quoteJsonString(f.name));
      const writers = t.fields.map((f) => compileWriter(f.type, o));
      const skipNulls = o.ignoreNullFields !== false;
      return (v) => {
        const row = v as unknown[];
        const parts: string[] = [];
        for (let i = 0; i < names.length; i++) {
          const x = row[i];
          if (x === null || x === undefined) {
            if (!skipNulls) parts.push(`${names[i]}:null`);
          } else parts.push(`${names[i]}:${writers[i](x)}`);
        }
        return `{${parts.join(",")}}`;
      };
    }
  }
}

function ntzIso(micros: bigint): string {
  // yyyy-MM-dd'T'HH:mm:ss[.SSS]: the optional fraction is printed (3 digits) by the formatter.
  const text = timestampNtzToString(micros);
  const [date, time] = text.split(" ");
  const [hms, frac = ""] = time.split(".");
  return `${date}T${hms}.${frac.padEnd(3, "0").slice(0, 3)}`;
}

const cache = new WeakMap<object, Map<string, Writer>>();

/** Compiles a to_json writer for a type (cached per type object and options). */
export function compileJsonWriter(dataType: unknown, options: JsonWriterOptions): (value: unknown) => string | null {
  const key = JSON.stringify(options);
  let perType = typeof dataType === "object" && dataType !== null ? cache.get(dataType) : undefined;
  let w = perType?.get(key);
  if (w === undefined) {
    w = compileWriter(toJsonType(dataType), options);
    if (typeof dataType === "object" && dataType !== null) {
      if (perType === undefined) {
        perType = new Map();
        cache.set(dataType, perType);
      }
      perType.set(key, w);
    }
  }
  const writer = w;
  return (value) => (value === null ? null : writer(value));
}

/** to_json(value): JSON text of a struct, array or map value; null for null. */
export function toJson(value: unknown, dataType: unknown, options: JsonWriterOptions): string | null {
  return compileJsonWriter(dataType, options)(value);
}
