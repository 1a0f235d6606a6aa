/**
 * JSON Lines as Spark reads and writes them, on tspark's JSON library (src/engine/expr/json): the same record
 * reader as from_json (modes PERMISSIVE / DROPMALFORMED / FAILFAST, columnNameOfCorruptRecord, dateFormat,
 * timestampFormat, the Jackson allow* flags) and Spark's JsonInferSchema for inference (fields sorted by name,
 * conflicting types widened, `_corrupt_record` added when PERMISSIVE met a malformed line).
 */
import {
  compileJsonRangeReader,
  compileJsonWriter,
  JSON_RECORD_DROPPED,
  type JsonType,
  jsonReaderOptions,
  jsonWriterOptions,
  quoteIfNeeded,
  schemaInferenceOptions,
  typeToSql,
} from "../../../engine/expr/json";
import { compatible, inferJsonType } from "../../../engine/expr/json/infer";
import { variantFromJson } from "../../../engine/expr/variant/json-text";
import { parseDDLSchema } from "../../../engine/types/ddl";
import { type StructType, StructTypeImpl } from "../../../engine/types/struct-type";
import type { Row } from "../../../engine/types/values";
import { failedReadFile, unableToInferSchema } from "../errors";
import { type FileFormat, type FormatOptions, type LoadedFile, utf8 } from "./file-format";

function jsonStructToSchema(t: JsonType): StructType {
  if (t.kind !== "struct" || t.fields.length === 0) return new StructTypeImpl([]);
  return parseDDLSchema(t.fields.map((f) => `${quoteIfNeeded(f.name)} ${typeToSql(f.type)}`).join(", "));
}

/**
 * Calls `fn(text, start, end, lineNumber)` for every non-blank line [start, end) of the file's text (Spark's JSON
 * source skips blank lines). One pass with indexOf, no intermediate array and no slice per line (the record
 * reader scans the range in place): this loop is the JSON file source's hot path.
 */
function forEachRecord(
  file: LoadedFile,
  options: FormatOptions,
  fn: (text: string, start: number, end: number, line: number) => void,
): void {
  const text = utf8(file.data);
  const sep = options.get("lineSep");
  const sepLen = sep === undefined ? 1 : sep.length;
  let start = 0;
  let line = 0;
  while (start < text.length) {
    let end = text.indexOf(sep ?? "\n", start);
    if (end < 0) end = text.length;
    line++;
    let stop = end;
    if (sep === undefined && stop > start && text.charCodeAt(stop - 1) === 13) stop--;
    if (stop > start && (text.charCodeAt(start) > 32 || text.slice(start, stop).trim() !== "")) fn(text, start, stop, line);
    start = end + sepLen;
  }
}

function records(file: LoadedFile, options: FormatOptions): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  forEachRecord(file, options, (text, start, end, line) => out.push({ text: text.slice(start, end), line }));
  return out;
}

export const jsonFormat: FileFormat = {
  name: "json",
  extension: () => ".json",
  async inferSchema(files: readonly LoadedFile[], options: FormatOptions): Promise<StructType> {
    const mode = (options.get("mode") ?? "PERMISSIVE").toUpperCase();
    const inferOpts = schemaInferenceOptions(options.entries());
    const corrupt = options.get("columnNameOfCorruptRecord") ?? "_corrupt_record";
    let acc: JsonType = { kind: "null" };
    let sawCorrupt = false;
    let sawAny = false;
    for (const file of files) {
      for (const r of records(file, options)) {
        sawAny = true;
        let t: JsonType;
        try {
          t = inferJsonType(r.text, inferOpts);
        } catch (err) {
          if (mode === "FAILFAST") throw failedReadFile(file.path, r.line, err);
          if (mode === "PERMISSIVE") sawCorrupt = true;
          continue;
        }
        if (t.kind !== "struct") {
          if (mode === "FAILFAST") throw failedReadFile(file.path, r.line, new Error(`Malformed records are detected in schema inference: [${r.text}]`));
          if (mode === "PERMISSIVE") sawCorrupt = true;
          continue;
        }
        acc = compatible(acc, t);
      }
    }
    if (!sawAny) throw unableToInferSchema("json");
    const fields = acc.kind === "struct" ? [...acc.fields] : [];
    if (sawCorrupt && !fields.some((f) => f.name === corrupt)) {
      fields.push({ name: corrupt, type: { kind: "string" }, nullable: true });
      fields.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    }
    return jsonStructToSchema({ kind: "struct", fields });
  },
  async read(file: LoadedFile, schema: StructType, options: FormatOptions): Promise<Row[]> {
    const reader = compileJsonRangeReader(schema, { ...jsonReaderOptions(options.entries(), options.timeZone, null), variantFactory: variantFromJson });
    const out: Row[] = [];
    const width = schema.fields.length;
    forEachRecord(file, options, (text, start, end, line) => {
      let v: unknown;
      try {
        v = reader(text, start, end);
      } catch (err) {
        throw failedReadFile(file.path, line, err);
      }
      if (v !== JSON_RECORD_DROPPED) out.push((v as Row | null) ?? new Array<unknown>(width).fill(null));
    });
    return out;
  },
  async write(rows: readonly Row[], schema: StructType, options: FormatOptions): Promise<string> {
    const writer = compileJsonWriter(schema, jsonWriterOptions(options.entries(), options.timeZone));
    const sep = options.get("lineSep") ?? "\n";
    let out = "";
    for (const r of rows) out += `${writer(r) ?? "{}"}${sep}`;
    return out;
  },
};
