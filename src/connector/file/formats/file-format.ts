/**
 * One file format (json, csv, text, parquet): infer a schema from files, read one file's rows, write rows as one
 * file's bytes. Listing, partition folders, save modes and the sink log are the same for all formats and live
 * beside this folder.
 */
import type { StructType } from "../../../engine/types/struct-type";
import type { Row } from "../../../engine/types/values";

export interface LoadedFile {
  /** Full location, named in errors (FAILFAST names the file and line). */
  readonly path: string;
  readonly data: Uint8Array;
}

/** Options with case-insensitive keys (Spark's CaseInsensitiveMap) plus the session's time zone. */
export class FormatOptions {
  private readonly map = new Map<string, string>();
  constructor(
    options: ReadonlyMap<string, string>,
    readonly sessionTimeZone: string,
  ) {
    for (const [k, v] of options) this.map.set(k.toLowerCase(), v);
  }
  get(key: string): string | undefined {
    return this.map.get(key.toLowerCase());
  }
  bool(key: string, fallback: boolean): boolean {
    const v = this.get(key);
    if (v === undefined) return fallback;
    const t = v.trim().toLowerCase();
    if (t === "true") return true;
    if (t === "false") return false;
    throw new Error(`Option ${key} must be true or false, got '${v}'`);
  }
  /** Options as a plain map with lower-case keys (for the JSON library's option parser). */
  entries(): ReadonlyMap<string, string> {
    return this.map;
  }
  get timeZone(): string {
    return this.get("timeZone") ?? this.sessionTimeZone;
  }
}

export interface FileFormat {
  readonly name: string;
  /** File name ending Spark gives this format's part files (".snappy.parquet", ".json", ".csv", ".txt"). */
  extension(options: FormatOptions): string;
  /** The data schema of `files` (partition columns excluded); the format decides whether it can infer. */
  inferSchema(files: readonly LoadedFile[], options: FormatOptions): Promise<StructType>;
  /** Rows of one file as positional arrays in the order of `schema`'s fields. */
  read(file: LoadedFile, schema: StructType, options: FormatOptions): Promise<Row[]>;
  /** One file's content for `rows` (positional in `schema`). */
  write(rows: readonly Row[], schema: StructType, options: FormatOptions): Promise<Uint8Array | string>;
}

export function utf8(data: Uint8Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("utf8");
}

/** Lines of a text file: "\n", "\r\n" and "\r" end a line (Hadoop's LineReader); no empty last line. */
export function splitLines(text: string, lineSep?: string): string[] {
  const lines = lineSep === undefined ? text.split(/\r\n|\r|\n/) : text.split(lineSep);
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines;
}
