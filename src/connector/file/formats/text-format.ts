/** Spark's text format: one STRING column `value` per line (or per file with wholetext). */
import { IllegalArgumentException } from "../../../engine/errors";
import { StringType } from "../../../engine/types/data-types";
import { StructFieldImpl, type StructType, StructTypeImpl } from "../../../engine/types/struct-type";
import type { Row } from "../../../engine/types/values";
import { type FileFormat, type FormatOptions, type LoadedFile, splitLines, utf8 } from "./file-format";

export const textFormat: FileFormat = {
  name: "text",
  extension: () => ".txt",
  async inferSchema(): Promise<StructType> {
    return new StructTypeImpl([new StructFieldImpl("value", StringType(), true)]);
  },
  async read(file: LoadedFile, _schema: StructType, options: FormatOptions): Promise<Row[]> {
    const text = utf8(file.data);
    if (options.bool("wholetext", false)) return [[text]];
    return splitLines(text, options.get("lineSep")).map((l) => [l]);
  },
  async write(rows: readonly Row[], schema: StructType, options: FormatOptions): Promise<string> {
    if (schema.fields.length !== 1 || !(schema.fields[0]!.dataType.typeName() === "string")) {
      throw new IllegalArgumentException(
        `[UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE] The Text datasource supports a single column of data type "STRING", got ${schema.fields.length} column(s): ${schema.simpleString()}. Select one string column first.`,
        { errorClass: "UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE" },
      );
    }
    const sep = options.get("lineSep") ?? "\n";
    let out = "";
    for (const r of rows) out += `${r[0] === null ? "" : String(r[0])}${sep}`;
    return out;
  },
};
