/**
 * Partition folders (`date=2024-01-01/country=DE/`) as Spark's PartitioningUtils reads and writes them: values
 * are path-escaped (%XX), null is `__HIVE_DEFAULT_PARTITION__`, and a discovered column's type is inferred per
 * value (INT, BIGINT, DECIMAL(p,0), DOUBLE, TIMESTAMP, DATE, else STRING) and widened across folders.
 */
import { castToString } from "../../engine/expr/cast";
import { castStringToDate, castStringToTimestamp } from "../../engine/expr/datetime/cast";
import {
  type DataType,
  DateType,
  DecimalType,
  DoubleType,
  IntegerType,
  LongType,
  NullType,
  StringType,
  TimestampType,
} from "../../engine/types/data-types";
import { Decimal } from "../../engine/types/decimal";
import { compatibleCsvType } from "./formats/csv-values";

export const DEFAULT_PARTITION_NAME = "__HIVE_DEFAULT_PARTITION__";

/** Characters Spark escapes in partition values (ExternalCatalogUtils.charToEscape). */
const ESCAPE = new Set([..."\"#%'*/:=?\\\u007F{[]^"].map((c) => c.charCodeAt(0)));

export function escapePathName(s: string): string {
  let out = "";
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    out += c < 0x20 || ESCAPE.has(c) ? `%${c.toString(16).toUpperCase().padStart(2, "0")}` : ch;
  }
  return out;
}

export function unescapePathName(s: string): string {
  return s.replace(/%([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
}

/** `col=value` folder segments of a path relative to its base, in order; null when a segment is not one. */
export function parsePartitionSegments(relativeDir: string): [string, string][] | null {
  if (relativeDir === "") return [];
  const out: [string, string][] = [];
  for (const seg of relativeDir.split("/")) {
    const eq = seg.indexOf("=");
    if (eq <= 0) return null;
    out.push([unescapePathName(seg.slice(0, eq)), seg.slice(eq + 1)]);
  }
  return out;
}

const INT = /^[+-]?\d+$/;

/** PartitioningUtils.inferPartitionColumnValue's type. */
export function inferPartitionType(raw: string, timeZone: string): DataType {
  if (raw === DEFAULT_PARTITION_NAME) return NullType();
  const s = unescapePathName(raw);
  if (INT.test(s)) {
    const b = BigInt(s);
    if (b >= -(2n ** 31n) && b < 2n ** 31n) return IntegerType();
    if (b >= -(2n ** 63n) && b < 2n ** 63n) return LongType();
    const d = Decimal.parse(s);
    if (d !== null && d.precision() <= 38) return DecimalType(d.precision(), 0);
  }
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s) || s === "NaN" || s === "Infinity" || s === "-Infinity") return DoubleType();
  if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$/.test(s) && castStringToTimestamp(s, { timeZone, ansi: false }) !== null) {
    return TimestampType();
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(s) && castStringToDate(s, false) !== null) return DateType();
  return StringType();
}

export function mergePartitionTypes(a: DataType, b: DataType): DataType {
  return compatibleCsvType(a, b);
}

/** Folder text -> value of `t` (null for the default partition or text that does not convert). */
export function partitionValue(raw: string, t: DataType, timeZone: string): unknown {
  if (raw === DEFAULT_PARTITION_NAME) return null;
  const s = unescapePathName(raw);
  switch (t.typeName()) {
    case "string":
      return s;
    case "integer":
    case "short":
    case "byte":
      return INT.test(s) ? Number(s) : null;
    case "long":
      return INT.test(s) ? BigInt(s) : null;
    case "double":
    case "float":
      return Number.isNaN(Number(s)) && s !== "NaN" ? null : Number(s);
    case "boolean":
      return s.toLowerCase() === "true" ? true : s.toLowerCase() === "false" ? false : null;
    case "date":
      return castStringToDate(s, false);
    case "timestamp":
      return castStringToTimestamp(s, { timeZone, ansi: false });
    default:
      if (t.typeName().startsWith("decimal")) {
        const d = Decimal.parse(s);
        return d === null ? null : d.setScale((t as ReturnType<typeof DecimalType>).scale);
      }
      return s;
  }
}

/** A value -> its folder name part (`col=<this>`), as Spark writes it. */
export function compilePartitionText(t: DataType, timeZone: string): (v: unknown) => string {
  const cast = castToString(t, { ansi: false, timeZone });
  // An empty string has no folder name either: Spark writes it as the default partition (read back as null).
  return (v) => {
    const text = v === null || v === undefined ? "" : String(cast(v));
    return text === "" ? DEFAULT_PARTITION_NAME : escapePathName(text);
  };
}
