/**
 * Parquet through hyparquet (read) and hyparquet-writer (write), both pure JavaScript with snappy built in.
 * Files are written as Spark 3+/4 writes them with outputTimestampType=TIMESTAMP_MICROS: a `spark_schema` root,
 * snappy pages, Spark's schema JSON in the footer (`org.apache.spark.sql.parquet.row.metadata`) so Spark reads
 * back the exact types. Reading takes that footer schema when present, else converts the Parquet schema.
 */
import { type FileMetaData, parquetMetadata, parquetReadObjects, type SchemaElement } from "hyparquet";
import { parquetWriteBuffer } from "hyparquet-writer";
import { SparkException } from "../../../engine/errors";
import { type StructType, StructTypeImpl } from "../../../engine/types/struct-type";
import type { Row } from "../../../engine/types/values";
import { failedReadFile, unableToInferSchema } from "../errors";
import type { FileFormat, FormatOptions, LoadedFile } from "./file-format";
import { parquetToSparkSchema, SPARK_ROW_METADATA, sparkToParquetSchema } from "./parquet-schema";
import { compileFromParquet, compileToParquet } from "./parquet-values";

function arrayBufferOf(data: Uint8Array): ArrayBuffer {
  return data.byteOffset === 0 && data.byteLength === data.buffer.byteLength
    ? (data.buffer as ArrayBuffer)
    : (data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer);
}

function metadataOf(file: LoadedFile): { buffer: ArrayBuffer; metadata: FileMetaData } {
  const buffer = arrayBufferOf(file.data);
  try {
    return { buffer, metadata: parquetMetadata(buffer) };
  } catch (err) {
    throw failedReadFile(file.path, null, new Error(`not a Parquet file (or a truncated one): ${(err as Error).message}`));
  }
}

/** The file's Spark schema: Spark's own footer JSON when present, else from the Parquet schema. */
function fileSchema(metadata: FileMetaData): StructType {
  const json = metadata.key_value_metadata?.find((kv) => kv.key === SPARK_ROW_METADATA)?.value;
  if (json) {
    try {
      return StructTypeImpl.fromJson(JSON.parse(json));
    } catch {
      // A footer we cannot read: fall back to the Parquet schema, as Spark does.
    }
  }
  return parquetToSparkSchema(metadata.schema);
}

/** Drops DECIMAL annotations so hyparquet hands back the unscaled integers instead of rounded doubles. */
function withRawDecimals(metadata: FileMetaData): FileMetaData {
  const schema = metadata.schema.map((e): SchemaElement => {
    if (e.converted_type !== "DECIMAL" && e.logical_type?.type !== "DECIMAL") return e;
    const { converted_type: _c, logical_type: _l, ...rest } = e;
    return rest;
  });
  return { ...metadata, schema };
}

const PARSERS = {
  timestampFromMilliseconds: (ms: bigint) => BigInt(ms) * 1000n,
  timestampFromMicroseconds: (us: bigint) => BigInt(us),
  timestampFromNanoseconds: (ns: bigint) => {
    const n = BigInt(ns);
    return n >= 0n ? n / 1000n : -((-n + 999n) / 1000n);
  },
  dateFromDays: (days: number) => days,
};

/** Types a column may be read as when the file holds a narrower one (Spark's Parquet type widening). */
function readable(fileType: string, wanted: string): boolean {
  if (fileType === wanted) return true;
  const widen: Record<string, string[]> = {
    byte: ["short", "integer", "long", "double"],
    short: ["integer", "long", "double"],
    integer: ["long", "double"],
    float: ["double"],
    date: ["timestamp_ntz"],
  };
  return widen[fileType]?.includes(wanted) ?? false;
}

export const parquetFormat: FileFormat = {
  name: "parquet",
  extension: (o: FormatOptions) => {
    const codec = (o.get("compression") ?? "snappy").toLowerCase();
    return codec === "none" || codec === "uncompressed" ? ".parquet" : ".snappy.parquet";
  },

  /** Spark reads one footer unless mergeSchema is set; with mergeSchema, fields of all files are merged. */
  async inferSchema(files: readonly LoadedFile[], o: FormatOptions): Promise<StructType> {
    if (files.length === 0) throw unableToInferSchema("parquet");
    if (!o.bool("mergeSchema", false)) return fileSchema(metadataOf(files[0]!).metadata);
    const fields = new Map<string, StructType["fields"][number]>();
    for (const f of files) for (const field of fileSchema(metadataOf(f).metadata).fields) if (!fields.has(field.name)) fields.set(field.name, field);
    return new StructTypeImpl([...fields.values()]);
  },

  async read(file: LoadedFile, schema: StructType, _o: FormatOptions): Promise<Row[]> {
    const { buffer, metadata } = metadataOf(file);
    const inFile = fileSchema(metadata);
    const byName = new Map(inFile.fields.map((f) => [f.name.toLowerCase(), f]));
    const columns: (string | null)[] = [];
    const convs = schema.fields.map((f) => {
      const src = byName.get(f.name.toLowerCase());
      columns.push(src?.name ?? null);
      if (src === undefined) return () => null;
      if (!readable(src.dataType.typeName(), f.dataType.typeName()) && !(src.dataType instanceof StructTypeImpl && f.dataType instanceof StructTypeImpl)) {
        if (src.dataType.simpleString() !== f.dataType.simpleString()) {
          throw failedReadFile(
            file.path,
            null,
            new SparkException(
              `[FAILED_READ_FILE.PARQUET_COLUMN_DATA_TYPE_MISMATCH] Data type mismatches when reading Parquet column ${f.name}. ` +
                `Expected Spark type ${f.dataType.simpleString()}, actual Parquet type ${src.dataType.simpleString()}. ` +
                "Read without a schema (or with the file's types) to see what the files hold.",
              { errorClass: "FAILED_READ_FILE.PARQUET_COLUMN_DATA_TYPE_MISMATCH" },
            ),
          );
        }
      }
      const from = compileFromParquet(f.dataType.typeName() === src.dataType.typeName() ? f.dataType : src.dataType);
      const widen = f.dataType.typeName() === "long" && src.dataType.typeName() !== "long";
      return widen ? (v: unknown) => (v === null || v === undefined ? null : BigInt(from(v) as number)) : from;
    });
    const wanted = [...new Set(columns.filter((c): c is string => c !== null))];
    if (wanted.length === 0) return new Array(Number(metadata.num_rows)).fill(null).map(() => schema.fields.map(() => null));
    let objects: Record<string, unknown>[];
    try {
      objects = (await parquetReadObjects({
        file: buffer,
        metadata: withRawDecimals(metadata),
        columns: wanted,
        utf8: false,
        parsers: PARSERS,
      })) as Record<string, unknown>[];
    } catch (err) {
      throw failedReadFile(file.path, null, err);
    }
    const out: Row[] = new Array(objects.length);
    for (let r = 0; r < objects.length; r++) {
      const o = objects[r]!;
      const row: Row = new Array(convs.length);
      for (let i = 0; i < convs.length; i++) {
        const c = columns[i];
        row[i] = c === null ? null : convs[i]!(o[c]);
      }
      out[r] = row;
    }
    return out;
  },

  async write(rows: readonly Row[], schema: StructType, o: FormatOptions): Promise<Uint8Array> {
    const codec = (o.get("compression") ?? "snappy").toLowerCase();
    if (codec !== "snappy" && codec !== "none" && codec !== "uncompressed") {
      throw new Error(`Codec [${codec}] is not available for Parquet in tspark. Available codecs are snappy, none, uncompressed.`);
    }
    const elements = sparkToParquetSchema(schema);
    const columnData = schema.fields.map((f, i) => {
      const conv = compileToParquet(f.dataType);
      const data = new Array<unknown>(rows.length);
      for (let r = 0; r < rows.length; r++) {
        const v = rows[r]![i] ?? null;
        data[r] = v === null ? null : conv(v);
      }
      return { name: f.name, data };
    });
    const buffer = parquetWriteBuffer({
      schema: elements,
      columnData,
      codec: codec === "snappy" ? "SNAPPY" : "UNCOMPRESSED",
      kvMetadata: [
        { key: "org.apache.spark.version", value: "4.0.0" },
        { key: SPARK_ROW_METADATA, value: schema.json() },
      ],
      createdBy: "tspark (hyparquet-writer 0.17.0)",
    });
    return new Uint8Array(buffer);
  },
};
