/**
 * from_json: compiles a schema once and reads records with Spark's FailureSafeParser modes. Flat
 * records go through flat-scanner.ts (one pass, no intermediate object); the rest through
 * JSON.parse and the converters of converters.ts; only records JSON.parse rejects or would round
 * are re-read by the exact parser (lenient-parser.ts). This is the streaming benchmark's hot path.
 * compileJsonRangeReader reads a record that is a range of a larger text (the JSON file source's lines) in place.
 */
import {
  BAD,
  type Converter,
  type ConverterOptions,
  compileConverter,
  compileStruct,
  NEED_EXACT,
  type RecordState,
  wrapSingleObject,
} from "./converters";
import { arraysAsStructs, malformedRecord } from "./errors";
import { compileFlatScanner } from "./flat-scanner";
import { type JacksonFeatures, parseLenient } from "./lenient-parser";
import { toJsonType } from "./schema-view";

export type ParseMode = "PERMISSIVE" | "FAILFAST" | "DROPMALFORMED";

export interface JsonReaderOptions extends JacksonFeatures, ConverterOptions {
  /** PERMISSIVE (default): bad records become nulls; FAILFAST: throw; DROPMALFORMED: JSON_RECORD_DROPPED. */
  readonly mode?: ParseMode;
  /** A STRING field of this name receives the raw text of bad records (default `_corrupt_record`). */
  readonly columnNameOfCorruptRecord?: string;
  /** Skip the flat-record scanner (tests compare both paths; benchmarks measure the difference). */
  readonly disableFastPath?: boolean;
}

/** What a DROPMALFORMED reader returns for a dropped record. */
export const JSON_RECORD_DROPPED: unique symbol = Symbol("JSON_RECORD_DROPPED");

/** A compiled from_json: text (or null) in, value per schema out. */
export type JsonRecordReader = (text: string | null) => unknown;

/**
 * Compiles a reader for `schema` (a struct, array or map DataType; primitives work too).
 * PERMISSIVE: a malformed record gives a struct of nulls (keeping fields that did convert) for a
 * struct schema and null for array/map schemas; it never throws. FAILFAST: throws
 * MALFORMED_RECORD_IN_PARSING. DROPMALFORMED: returns JSON_RECORD_DROPPED.
 */
export function compileJsonReader(schema: unknown, options: JsonReaderOptions): JsonRecordReader {
  const { flat, general } = compileParts(schema, options);
  if (flat === null) return general;
  return (text) => {
    if (text === null) return null;
    return flat(text, 0, text.length) ?? general(text);
  };
}

/** A compiled reader of the record at [start, end) of a larger text (the JSON source reads whole files). */
export type JsonRangeReader = (text: string, start: number, end: number) => unknown;

/**
 * Like compileJsonReader, for records that are ranges of one text: the flat scanner reads them in place, and
 * only records it leaves to the general path are sliced out. Same results as compileJsonReader on the slice.
 */
export function compileJsonRangeReader(schema: unknown, options: JsonReaderOptions): JsonRangeReader {
  const { flat, general } = compileParts(schema, options);
  if (flat === null) return (text, start, end) => general(text.slice(start, end));
  return (text, start, end) => flat(text, start, end) ?? general(text.slice(start, end));
}

function compileParts(
  schema: unknown,
  options: JsonReaderOptions,
): { flat: ((text: string, start: number, end: number) => unknown[] | undefined) | null; general: JsonRecordReader } {
  const type = toJsonType(schema);
  const mode = options.mode ?? "PERMISSIVE";
  const st: RecordState = { bad: false, exact: false };
  const corruptName = options.columnNameOfCorruptRecord ?? "_corrupt_record";
  let corruptIndex: number | null = null;
  if (type.kind === "struct") {
    const i = type.fields.findIndex((f) => f.name === corruptName && f.type.kind === "string");
    if (i >= 0) corruptIndex = i;
  }
  const root: Converter =
    type.kind === "struct"
      ? compileStruct(type.fields, options, st, corruptIndex)
      : type.kind === "array" && type.element.kind === "struct"
        ? wrapSingleObject(compileConverter(type, options, st), compileConverter(type.element, options, st))
        : compileConverter(type, options, st);
  const fieldCount = type.kind === "struct" ? type.fields.length : 0;
  const features: JacksonFeatures = options;

  const badRecord = (text: string, partial: unknown, cause?: string): unknown => {
    if (mode === "FAILFAST") throw malformedRecord(text, cause);
    if (mode === "DROPMALFORMED") return JSON_RECORD_DROPPED;
    if (type.kind !== "struct") return null;
    const row = Array.isArray(partial) ? partial : new Array<unknown>(fieldCount).fill(null);
    if (corruptIndex !== null) row[corruptIndex] = text;
    return row;
  };

  const convert = (parsed: unknown, text: string): unknown => {
    st.bad = false;
    if (parsed === null) return badRecord(text, null, "root value is null");
    if (mode === "FAILFAST" && type.kind === "struct" && Array.isArray(parsed)) throw arraysAsStructs(text);
    const r = root(parsed);
    if (r === BAD) return badRecord(text, null, "root value does not match the schema");
    if (st.bad) return badRecord(text, r, "a field does not match the schema");
    return r;
  };

  const exact = (text: string): unknown => {
    let parsed: unknown;
    try {
      parsed = parseLenient(text, features);
    } catch (e) {
      return badRecord(text, null, (e as Error).message);
    }
    if (parsed === undefined) return null;
    st.exact = true;
    try {
      return convert(parsed, text);
    } finally {
      st.exact = false;
    }
  };

  // Flat records (the streaming common case) skip JSON.parse; see flat-scanner.ts.
  const flat =
    type.kind === "struct" &&
    corruptIndex === null &&
    options.disableFastPath !== true &&
    options.timestampFormat === undefined &&
    options.dateFormat === undefined
      ? compileFlatScanner(type.fields, options.timeZone)
      : null;

  const general: JsonRecordReader = (text) => {
    if (text === null) return null;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return exact(text);
    }
    try {
      return convert(parsed, text);
    } catch (e) {
      if (e === NEED_EXACT) return exact(text);
      throw e;
    }
  };
  return { flat, general };
}
