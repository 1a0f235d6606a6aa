/**
 * CSV as Spark reads and writes it. Tokenising is csv-parse's (sep, quote, escape, comment, lineSep); the
 * rest is Spark's UnivocityParser semantics: header, nullValue, a record with the wrong number of tokens or a
 * field that does not parse is malformed (PERMISSIVE: nulls and the raw line in columnNameOfCorruptRecord;
 * DROPMALFORMED: dropped; FAILFAST: FAILED_READ_FILE naming the file and line); inferSchema per CSVInferSchema,
 * else every column is STRING; columns without a header are _c0, _c1, ...
 */
import { parse } from "csv-parse/sync";
import { StringType } from "../../../engine/types/data-types";
import { StructFieldImpl, type StructType, StructTypeImpl } from "../../../engine/types/struct-type";
import type { Row } from "../../../engine/types/values";
import { failedReadFile, unableToInferSchema } from "../errors";
import { BadField, compileFieldParser, compileFieldWriter, inferCsvField, NULL_TYPE } from "./csv-values";
import { type FileFormat, type FormatOptions, type LoadedFile, utf8 } from "./file-format";

interface CsvRecord {
  readonly tokens: string[];
  readonly line: number;
  readonly raw: string;
}

function oneChar(o: FormatOptions, key: string, fallback: string): string {
  const v = o.get(key) ?? fallback;
  return v === "\\t" ? "\t" : v;
}

function tokenize(file: LoadedFile, o: FormatOptions): CsvRecord[] {
  const text = utf8(file.data);
  const sep = oneChar(o, "sep", o.get("delimiter") ?? ",");
  const quote = o.get("quote") ?? '"';
  const comment = o.get("comment");
  let rows: { record: string[]; info: { lines: number }; raw?: string }[];
  try {
    rows = parse(text, {
      delimiter: sep,
      quote: quote === "" || quote === "\u0000" ? false : quote,
      escape: oneChar(o, "escape", "\\"),
      comment: comment === undefined || comment === "" ? undefined : comment,
      record_delimiter: o.get("lineSep") === undefined ? undefined : [o.get("lineSep")!],
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      ltrim: o.bool("ignoreLeadingWhiteSpace", false),
      rtrim: o.bool("ignoreTrailingWhiteSpace", false),
      info: true,
      raw: true,
    }) as unknown as { record: string[]; info: { lines: number }; raw?: string }[];
  } catch (err) {
    const line = (err as { lines?: number }).lines ?? null;
    throw failedReadFile(file.path, line, err);
  }
  return rows.map((r) => ({ tokens: r.record, line: r.info.lines, raw: (r.raw ?? "").replace(/\r?\n$/, "") }));
}

function headerNames(tokens: readonly string[]): string[] {
  // Spark makes duplicate header names unique by suffixing their index; empty ones become _c<i>.
  const lower = tokens.map((t) => t.toLowerCase());
  return tokens.map((t, i) => {
    if (t === "") return `_c${i}`;
    return lower.filter((x) => x === lower[i]).length > 1 ? `${t}${i}` : t;
  });
}

export const csvFormat: FileFormat = {
  name: "csv",
  extension: () => ".csv",
  async inferSchema(files: readonly LoadedFile[], o: FormatOptions): Promise<StructType> {
    const header = o.bool("header", false);
    const infer = o.bool("inferSchema", false);
    const nullValue = o.get("nullValue") ?? "";
    let names: string[] | null = null;
    let types: import("../../../engine/types/data-types").DataType[] = [];
    for (const file of files) {
      const recs = tokenize(file, o);
      if (recs.length === 0) continue;
      if (names === null) {
        names = header ? headerNames(recs[0]!.tokens) : recs[0]!.tokens.map((_, i) => `_c${i}`);
        types = names.map(() => NULL_TYPE);
      }
      if (!infer) continue;
      for (const r of header ? recs.slice(1) : recs) {
        for (let i = 0; i < types.length; i++) {
          const s = r.tokens[i];
          if (s === undefined || s === "" || s === nullValue) continue;
          types[i] = inferCsvField(types[i]!, s, o);
        }
      }
    }
    if (names === null) throw unableToInferSchema("csv");
    return new StructTypeImpl(
      names.map((n, i) => new StructFieldImpl(n, infer && types[i]!.typeName() !== "void" ? types[i]! : StringType(), true)),
    );
  },

  async read(file: LoadedFile, schema: StructType, o: FormatOptions): Promise<Row[]> {
    const mode = (o.get("mode") ?? "PERMISSIVE").toUpperCase();
    if (mode !== "PERMISSIVE" && mode !== "DROPMALFORMED" && mode !== "FAILFAST") {
      throw new Error(`Unknown parse mode: ${o.get("mode")}. Accepted modes are PERMISSIVE, DROPMALFORMED and FAILFAST.`);
    }
    const corruptName = o.get("columnNameOfCorruptRecord") ?? "_corrupt_record";
    const corruptIndex = schema.fields.findIndex((f) => f.name === corruptName && f.dataType.typeName() === "string");
    const dataFields = schema.fields.filter((_, i) => i !== corruptIndex);
    const slots = schema.fields.map((_, i) => i).filter((i) => i !== corruptIndex);
    const parsers = dataFields.map((f) => compileFieldParser(f.name, f.dataType, o));
    const nullValue = o.get("nullValue") ?? "";
    const recs = tokenize(file, o);
    const out: Row[] = [];
    const start = o.bool("header", false) ? 1 : 0;
    for (let r = start; r < recs.length; r++) {
      const rec = recs[r]!;
      const row: Row = new Array<unknown>(schema.fields.length).fill(null);
      let problem: string | null =
        rec.tokens.length === dataFields.length ? null : `expected ${dataFields.length} fields, found ${rec.tokens.length}`;
      for (let i = 0; i < dataFields.length; i++) {
        const s = rec.tokens[i];
        if (s === undefined || s === nullValue) continue;
        try {
          row[slots[i]!] = parsers[i]!(s);
        } catch (err) {
          if (!(err instanceof BadField)) throw err;
          problem ??= err.message;
        }
      }
      if (problem !== null) {
        if (mode === "FAILFAST") {
          throw failedReadFile(
            file.path,
            rec.line,
            new Error(
              `[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records are detected in record parsing: [${rec.raw}] (${problem}). ` +
                "Parse Mode: FAILFAST. To process malformed records as null result, try setting the option 'mode' as 'PERMISSIVE'. SQLSTATE: 22023",
            ),
          );
        }
        if (mode === "DROPMALFORMED") continue;
        if (corruptIndex >= 0) row[corruptIndex] = rec.raw;
      }
      out.push(row);
    }
    return out;
  },

  async write(rows: readonly Row[], schema: StructType, o: FormatOptions): Promise<string> {
    const sep = oneChar(o, "sep", o.get("delimiter") ?? ",");
    const quote = o.get("quote") ?? '"';
    const esc = oneChar(o, "escape", "\\");
    const nullValue = o.get("nullValue") ?? "";
    const emptyValue = o.get("emptyValue") ?? `${quote}${quote}`;
    const quoteAll = o.bool("quoteAll", false);
    const lineSep = o.get("lineSep") ?? "\n";
    const writers = schema.fields.map((f) => compileFieldWriter(f.name, f.dataType, o));
    // Spark's writer trims values by default (ignoreLeading/TrailingWhiteSpace are true when writing).
    const ltrim = o.bool("ignoreLeadingWhiteSpace", true);
    const rtrim = o.bool("ignoreTrailingWhiteSpace", true);
    const trim = (s: string) => (ltrim ? (rtrim ? s.trim() : s.trimStart()) : rtrim ? s.trimEnd() : s);
    const needsQuote = (s: string) => s.includes(sep) || s.includes(quote) || s.includes("\n") || s.includes("\r");
    const escapeText = (s: string) => s.split(quote).join(esc + quote);
    const field = (raw: string) => {
      const s = trim(raw);
      return quoteAll || needsQuote(s) ? `${quote}${escapeText(s)}${quote}` : s;
    };
    let out = "";
    if (o.bool("header", false)) out += schema.fields.map((f) => field(f.name)).join(sep) + lineSep;
    for (const r of rows) {
      out +=
        r
          .map((v, i) => {
            if (v === null) return nullValue;
            const s = writers[i]!(v);
            return s === "" ? emptyValue : field(s);
          })
          .join(sep) + lineSep;
    }
    return out;
  },
};
