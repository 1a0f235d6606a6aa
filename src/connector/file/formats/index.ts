import { csvFormat } from "./csv-format";
import type { FileFormat } from "./file-format";
import { jsonFormat } from "./json-format";
import { parquetFormat } from "./parquet-format";
import { textFormat } from "./text-format";

/** The file formats by name; a data source registers one batch source, stream source and sink per entry. */
export const FILE_FORMATS: readonly FileFormat[] = [parquetFormat, jsonFormat, csvFormat, textFormat];

export function fileFormat(name: string): FileFormat | undefined {
  return FILE_FORMATS.find((f) => f.name === name.toLowerCase());
}
