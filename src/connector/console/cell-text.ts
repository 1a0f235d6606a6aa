import { dateToString, timestampNtzToString, timestampToString } from "../../engine/expr/datetime";
import { javaDoubleToString, javaFloatToString } from "../../engine/expr/json/java-number";
import type { DataType } from "../../engine/types/data-types";
import { StructTypeImpl } from "../../engine/types/struct-type";

/**
 * A value as show() prints it (Spark 4's ToPrettyString): NULL for null, Java's float/double text,
 * timestamps in the session zone, `[a, b]` arrays, `{k -> v}` maps, `{a, b}` structs, binary as hex
 * `[0A FF]`, and newline/tab characters escaped (Spark's escapeMetaCharacters).
 */
export function cellText(value: unknown, type: DataType, timeZone: string): string {
  return escapeMeta(toText(value, type, timeZone));
}

function toText(value: unknown, type: DataType, tz: string): string {
  if (value === null || value === undefined) return "NULL";
  const name = type.typeName();
  if (type instanceof StructTypeImpl) {
    const row = value as unknown[];
    return `{${type.fields.map((f, i) => toText(row[i], f.dataType, tz)).join(", ")}}`;
  }
  const t = type as { elementType?: DataType; keyType?: DataType; valueType?: DataType };
  if (name === "array" && t.elementType) return `[${(value as unknown[]).map((v) => toText(v, t.elementType!, tz)).join(", ")}]`;
  if (name === "map" && t.keyType && t.valueType) {
    const entries = [...(value as Map<unknown, unknown>).entries()];
    return `{${entries.map(([k, v]) => `${toText(k, t.keyType!, tz)} -> ${toText(v, t.valueType!, tz)}`).join(", ")}}`;
  }
  switch (name) {
    case "double":
      return javaDoubleToString(value as number);
    case "float":
      return javaFloatToString(value as number);
    case "date":
      return dateToString(value as number);
    case "timestamp":
      return timestampToString(value as bigint, tz);
    case "timestamp_ntz":
      return timestampNtzToString(value as bigint);
    case "binary":
      return `[${[...(value as Uint8Array)].map((b) => b.toString(16).toUpperCase().padStart(2, "0")).join(" ")}]`;
    default:
      return String(value);
  }
}

function escapeMeta(s: string): string {
  return s.replace(/[\n\r\t\f\b\v]/g, (c) => ({ "\n": "\\n", "\r": "\\r", "\t": "\\t", "\f": "\\f", "\b": "\\b", "\v": "\\v" })[c]!);
}
