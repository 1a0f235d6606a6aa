/**
 * `spark.read` and `df.write` for the file formats: list (listing.ts), discover partition folders
 * (partitions.ts), infer or take the schema, decode each file (formats/), append partition values; and for
 * writes, the save mode, the part files (file-writer.ts) and `_SUCCESS`.
 */
import { AnalysisException } from "../../engine/errors";
import type { BatchDataSource, BatchReadRequest, BatchReadResult, BatchWriteRequest } from "../../engine/io/batch-data-source";
import type { DataType } from "../../engine/types/data-types";
import { StructFieldImpl, type StructType, StructTypeImpl } from "../../engine/types/struct-type";
import type { Row } from "../../engine/types/values";
import { failedReadFile, pathAlreadyExists } from "./errors";
import { writePartFiles } from "./file-writer";
import { type FileFormat, FormatOptions, type LoadedFile } from "./formats/file-format";
import type { FileSystem } from "./fs/file-system";
import { joinLocation, parseFileLocation } from "./fs/location";
import { resolveFileSystem } from "./fs/resolve-file-system";
import { globToRegExp, type InputFile, listInputFiles } from "./listing";
import { inferPartitionType, mergePartitionTypes, parsePartitionSegments, partitionValue } from "./partitions";

const READ_CONCURRENCY = 8;

export async function loadFiles(files: readonly InputFile[], options: ReadonlyMap<string, string>): Promise<LoadedFile[]> {
  const out: LoadedFile[] = new Array(files.length);
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const i = next++;
      const f = files[i]!;
      const fs: FileSystem = await resolveFileSystem(f.path, options);
      try {
        out[i] = { path: f.path, data: await fs.read(f.path) };
      } catch (err) {
        if ((err as { code?: string }).code === "ENOENT") {
          throw failedReadFile(f.path, null, new Error("File does not exist. It is possible the underlying files have been updated or deleted while the query ran; read the folder again."));
        }
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, files.length) }, worker));
  return out;
}

export interface Partitioning {
  readonly columns: StructFieldImpl[];
  /** Per file: raw folder texts in `columns` order (undefined where the file's folders lack the column). */
  readonly values: (string | undefined)[][];
}

function relativeDir(file: InputFile): string {
  const dir = file.path.slice(0, file.path.lastIndexOf("/"));
  return dir.length <= file.basePath.length ? "" : dir.slice(file.basePath.length).replace(/^\/+/, "");
}

/** Partition columns of `files` with their types (the user schema's where it names them). */
export function discoverPartitions(files: readonly InputFile[], o: FormatOptions, userSchema: StructType | undefined, inference: boolean): Partitioning {
  if (o.bool("recursiveFileLookup", false)) return { columns: [], values: files.map(() => []) };
  const names: string[] = [];
  const types = new Map<string, DataType>();
  const perFile = files.map((f) => parsePartitionSegments(relativeDir(f)) ?? []);
  for (const segs of perFile) {
    for (const [name, raw] of segs) {
      if (!names.includes(name)) names.push(name);
      const t = inference ? inferPartitionType(raw, o.timeZone) : inferPartitionType("x", o.timeZone);
      types.set(name, types.has(name) ? mergePartitionTypes(types.get(name)!, t) : t);
    }
  }
  const columns = names.map((n) => {
    const given = userSchema?.fields.find((f) => f.name.toLowerCase() === n.toLowerCase());
    if (given) return given;
    const t = types.get(n)!;
    return new StructFieldImpl(n, t.typeName() === "void" ? inferPartitionType("x", o.timeZone) : t, true);
  });
  const values = perFile.map((segs) => names.map((n) => segs.find(([k]) => k === n)?.[1]));
  return { columns, values };
}

export interface ReadPlan {
  readonly schema: StructType;
  readonly dataSchema: StructType;
  /** For each output column: ["data", index in dataSchema] or ["partition", index in partition columns]. */
  readonly slots: readonly (readonly ["data" | "partition", number])[];
  readonly partitioning: Partitioning;
}

export function planRead(
  dataSchema: StructType,
  partitioning: Partitioning,
  userSchema: StructType | undefined,
): ReadPlan {
  const pNames = partitioning.columns.map((c) => c.name.toLowerCase());
  const data = new StructTypeImpl(dataSchema.fields.filter((f) => !pNames.includes(f.name.toLowerCase())));
  const fields = userSchema ? [...userSchema.fields] : [...data.fields, ...partitioning.columns];
  if (userSchema) for (const c of partitioning.columns) if (!fields.some((f) => f.name.toLowerCase() === c.name.toLowerCase())) fields.push(c);
  const slots = fields.map((f): readonly ["data" | "partition", number] => {
    const p = pNames.indexOf(f.name.toLowerCase());
    if (p >= 0) return ["partition", p];
    return ["data", data.fields.findIndex((d) => d.name === f.name)];
  });
  return { schema: new StructTypeImpl(fields), dataSchema: data, slots, partitioning };
}

export async function readPlannedFiles(
  format: FileFormat,
  files: readonly LoadedFile[],
  fileIndexes: readonly number[],
  plan: ReadPlan,
  o: FormatOptions,
): Promise<Row[]> {
  const identity =
    plan.partitioning.columns.length === 0 &&
    plan.slots.length === plan.dataSchema.fields.length &&
    plan.slots.every(([kind, i], j) => kind === "data" && i === j);
  if (identity) {
    // The files' rows are the output rows: one array of the final size (a growing array copies its backing
    // store again and again, and the discarded copies are the GC's work on large reads).
    const perFile: Row[][] = [];
    let total = 0;
    for (const file of files) {
      const rows = await format.read(file, plan.dataSchema, o);
      perFile.push(rows);
      total += rows.length;
    }
    if (perFile.length === 1) return perFile[0]!;
    const all: Row[] = new Array<Row>(total);
    let at = 0;
    for (const rows of perFile) for (let k = 0; k < rows.length; k++) all[at++] = rows[k]!;
    return all;
  }
  const out: Row[] = [];
  for (let k = 0; k < files.length; k++) {
    const file = files[k]!;
    const rows = await format.read(file, plan.dataSchema, o);
    const pvals = plan.partitioning.columns.map((c, p) => {
      const raw = plan.partitioning.values[fileIndexes[k]!]?.[p];
      return raw === undefined ? null : partitionValue(raw, c.dataType, o.timeZone);
    });
    for (const r of rows) out.push(plan.slots.map(([kind, i]) => (kind === "partition" ? pvals[i] : i < 0 ? null : r[i])));
  }
  return out;
}

export function fileDataSource(format: FileFormat): BatchDataSource {
  return {
    name: format.name,
    async read(req: BatchReadRequest): Promise<BatchReadResult> {
      const o = new FormatOptions(req.options, req.session.timeZone);
      const filter = o.get("pathGlobFilter");
      const basePath = o.get("basePath");
      const files = await listInputFiles(req.paths, {
        options: req.options,
        pathGlobFilter: filter === undefined ? undefined : globToRegExp(filter),
        basePath: basePath === undefined ? undefined : normaliseBase(basePath),
      });
      const inference = (req.session.conf("spark.sql.sources.partitionColumnTypeInference.enabled") ?? "true") !== "false";
      const partitioning = discoverPartitions(files, o, req.userSchema, inference);
      const loaded = await loadFiles(files, req.options);
      const dataSchema = req.userSchema ?? (await format.inferSchema(loaded, o));
      const plan = planRead(dataSchema, partitioning, req.userSchema);
      const rows = await readPlannedFiles(format, loaded, loaded.map((_, i) => i), plan, o);
      return { schema: plan.schema, rows };
    },

    async write(req: BatchWriteRequest): Promise<void> {
      const o = new FormatOptions(req.options, req.session.timeZone);
      const fs = await resolveFileSystem(req.path, req.options);
      const loc = parseFileLocation(req.path);
      const path = loc.scheme === "file" ? loc.path : req.path.replace(/\/+$/, "");
      await fs.prepareForWrite?.(path);
      const existing = await fs.stat(path);
      if (existing !== null) {
        if (req.mode === "errorifexists") throw pathAlreadyExists(path);
        if (req.mode === "ignore") return;
        if (req.mode === "overwrite") await fs.deleteRecursively(path);
      }
      if (req.schema.fields.length === 0) {
        throw new AnalysisException(
          `[EMPTY_SCHEMA_NOT_SUPPORTED_FOR_DATASOURCE] The ${format.name} datasource does not support writing empty or nested empty schemas. Please make sure the data schema has at least one or more column(s). SQLSTATE: 0A000`,
          { errorClass: "EMPTY_SCHEMA_NOT_SUPPORTED_FOR_DATASOURCE", sqlState: "0A000" },
        );
      }
      await writePartFiles(fs, path, req.rows, req.schema, req.partitionBy, format, o, format.name === "parquet");
      await fs.write(joinLocation(path, "_SUCCESS"), "");
    },
  };
}

function normaliseBase(p: string): string {
  const loc = parseFileLocation(p);
  return loc.scheme === "file" ? loc.path : p.replace(/\/+$/, "");
}
