/**
 * The file stream source's options as Spark names them (FileStreamOptions): maxFilesPerTrigger,
 * maxBytesPerTrigger, latestFirst, maxFileAge (default 7d, ignored when latestFirst and maxFilesPerTrigger are
 * both set), cleanSource (off | archive | delete) with sourceArchiveDir.
 */
import { IllegalArgumentException } from "../../engine/errors";
import type { FormatOptions } from "./formats/file-format";
import { parseTimeString } from "../time-string";

export interface FileStreamOptions {
  readonly maxFilesPerTrigger?: number;
  readonly maxBytesPerTrigger?: number;
  readonly latestFirst: boolean;
  readonly maxFileAgeMs: number;
  readonly cleanSource: "off" | "archive" | "delete";
  readonly sourceArchiveDir?: string;
}

/** "7d", "1h", "10min", "500ms" -> milliseconds, with Spark's time-string units (JavaUtils.timeStringAsMs). */
export function durationMs(text: string, key: string): number {
  const ms = parseTimeString(text, "ms");
  if (ms === undefined) {
    throw new IllegalArgumentException(`Invalid value '${text}' for option ${key}: use a duration such as 7d, 12h, 30m or 500ms.`);
  }
  return ms;
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
