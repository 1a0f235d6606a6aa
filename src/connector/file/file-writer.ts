/**
 * Writes rows as part files the way Spark's FileFormatWriter lays them out: one file per partition folder
 * (`col=value/...`, partition columns left out of the file), named `part-00000-<uuid>-c000<ext>`, each written
 * whole under its final name by the file system (temp-and-rename locally, one PUT or multipart on S3).
 */
import { randomUUID } from "node:crypto";
import { AnalysisException } from "../../engine/errors";
import { type StructType, StructTypeImpl } from "../../engine/types/struct-type";
import type { Row } from "../../engine/types/values";
import type { FileFormat, FormatOptions } from "./formats/file-format";
import type { FileStatus, FileSystem } from "./fs/file-system";
import { joinLocation } from "./fs/location";
import { compilePartitionText, escapePathName } from "./partitions";

/** Indexes of the partition columns in `schema` (case-insensitive), in partitionBy order. */
export function partitionIndexes(schema: StructType, partitionBy: readonly string[]): number[] {
  return partitionBy.map((c) => {
    const i = schema.fields.findIndex((f) => f.name.toLowerCase() === c.toLowerCase());
    if (i < 0) throw new AnalysisException(`Partition column \`${c}\` not found in schema ${schema.simpleString()}`);
    return i;
  });
}

export interface WrittenFile extends FileStatus {}

export async function writePartFiles(
  fs: FileSystem,
  dir: string,
  rows: readonly Row[],
  schema: StructType,
  partitionBy: readonly string[],
  format: FileFormat,
  options: FormatOptions,
  writeEmpty: boolean,
): Promise<WrittenFile[]> {
  const pIdx = partitionIndexes(schema, partitionBy);
  if (pIdx.length === schema.fields.length && pIdx.length > 0) {
    throw new AnalysisException("Cannot use all columns for partition columns", { errorClass: "_LEGACY_ERROR_TEMP_1156" });
  }
  const dataIdx = schema.fields.map((_, i) => i).filter((i) => !pIdx.includes(i));
  const dataSchema = new StructTypeImpl(dataIdx.map((i) => schema.fields[i]!));
  const texts = pIdx.map((i) => compilePartitionText(schema.fields[i]!.dataType, options.timeZone));
  const groups = new Map<string, readonly Row[]>();
  // Not partitioned: one file of the rows as they are (no per-row folder text; the common streaming case).
  if (pIdx.length === 0) {
    if (rows.length > 0) groups.set("", rows);
  } else {
    for (const r of rows) {
      const folder = pIdx.map((i, k) => `${escapePathName(schema.fields[i]!.name)}=${texts[k]!(r[i])}`).join("/");
      let g = groups.get(folder) as Row[] | undefined;
      if (g === undefined) {
        g = [];
        groups.set(folder, g);
      }
      g.push(dataIdx.map((i) => r[i]));
    }
  }
  if (groups.size === 0 && writeEmpty && pIdx.length === 0) groups.set("", []);
  const job = randomUUID();
  const ext = format.extension(options);
  const written: WrittenFile[] = [];
  for (const [folder, groupRows] of groups) {
    const path = joinLocation(dir, folder, `part-00000-${job}-c000${ext}`);
    const content = await format.write(groupRows, dataSchema, options);
    await fs.write(path, content);
    const size = typeof content === "string" ? Buffer.byteLength(content, "utf8") : content.byteLength;
    written.push({ path, size, modificationTime: Date.now() });
  }
  return written;
}
