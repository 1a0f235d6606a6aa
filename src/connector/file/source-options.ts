/**
 * The file stream source's options as Spark names them (FileStreamOptions): maxFilesPerTrigger,
 * maxBytesPerTrigger, latestFirst, maxFileAge (default 7d, ignored when latestFirst and maxFilesPerTrigger are
 * both set), cleanSource (off | archive | delete) with sourceArchiveDir.
 */
import { IllegalArgumentException } from "../../engine/errors";
import type { FormatOptions } from "./formats/file-format";

export interface FileStreamOptions {
  readonly maxFilesPerTrigger?: number;
  readonly maxBytesPerTrigger?: number;
  readonly latestFirst: boolean;
  readonly maxFileAgeMs: number;
  readonly cleanSource: "off" | "archive" | "delete";
  readonly sourceArchiveDir?: string;
}

const UNITS: Record<string, number> = {
  ms: 1,
  millisecond: 1,
  milliseconds: 1,
  s: 1000,
  sec: 1000,
  second: 1000,
  seconds: 1000,
  m: 60_000,
  min: 60_000,
  mins: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
  w: 604_800_000,
  week: 604_800_000,
  weeks: 604_800_000,
};

/** "7d", "1h", "10 minutes", "500ms" -> milliseconds (Spark's JavaUtils.timeStringAsMs). */
export function durationMs(text: string, key: string): number {
  const m = /^\s*(\d+)\s*([a-z]*)\s*$/i.exec(text);
  const unit = m?.[2]?.toLowerCase() || "ms";
  if (!m || UNITS[unit] === undefined) {
    throw new IllegalArgumentException(`Invalid value '${text}' for option ${key}: use a duration such as 7d, 12h, 30m or 500ms.`);
  }
  return Number(m[1]) * UNITS[unit]!;
}

function positiveInt(o: FormatOptions, key: string): number | undefined {
  const v = o.get(key);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new IllegalArgumentException(`Invalid value '${v}' for option '${key}', must be a positive integer`);
  return n;
}

export function fileStreamOptions(o: FormatOptions): FileStreamOptions {
  const clean = (o.get("cleanSource") ?? "off").toLowerCase();
  if (clean !== "off" && clean !== "archive" && clean !== "delete") {
    throw new IllegalArgumentException(`Invalid value '${o.get("cleanSource")}' for option cleanSource: use off, archive or delete.`);
  }
  const archive = o.get("sourceArchiveDir");
  if (clean === "archive" && (archive === undefined || archive === "")) {
    throw new IllegalArgumentException("Archive directory to store completed files should be provided: set option sourceArchiveDir when cleanSource is archive.");
  }
  const bytes = o.get("maxBytesPerTrigger");
  return {
    maxFilesPerTrigger: positiveInt(o, "maxFilesPerTrigger"),
    maxBytesPerTrigger: bytes === undefined ? undefined : Number(bytes),
    latestFirst: o.bool("latestFirst", false),
    maxFileAgeMs: durationMs(o.get("maxFileAge") ?? "7d", "maxFileAge"),
    cleanSource: clean,
    sourceArchiveDir: archive,
  };
}
