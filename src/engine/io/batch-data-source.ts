/**
 * Batch reading and writing (`spark.read`, `df.write`) by format name. The engine owns the fluent API and the
 * save modes' vocabulary; the connector (src/connector/file) owns files, formats and S3, and registers one
 * provider per format here, so the engine never imports a file system or AWS.
 */
import type { StructType } from "../types/struct-type";
import type { Row } from "../types/values";

export type SaveMode = "append" | "overwrite" | "errorifexists" | "ignore";

/** What a provider needs from the session: conf values (time zone, schemaInference ...). */
export interface IoSession {
  readonly timeZone: string;
  conf(key: string): string | undefined;
}

export interface BatchReadRequest {
  readonly format: string;
  readonly paths: readonly string[];
  /** Options as given (keys as typed; read them case-insensitively). */
  readonly options: ReadonlyMap<string, string>;
  readonly userSchema?: StructType;
  readonly session: IoSession;
}

export interface BatchReadResult {
  readonly schema: StructType;
  readonly rows: Row[];
}

export interface BatchWriteRequest {
  readonly format: string;
  readonly path: string;
  readonly mode: SaveMode;
  readonly partitionBy: readonly string[];
  readonly options: ReadonlyMap<string, string>;
  readonly schema: StructType;
  readonly rows: readonly Row[];
  readonly session: IoSession;
}

export interface BatchDataSource {
  /** Format name as users type it ("parquet", "json", "csv", "text"). */
  readonly name: string;
  read(request: BatchReadRequest): Promise<BatchReadResult>;
  write(request: BatchWriteRequest): Promise<void>;
}

const batchSources = new Map<string, BatchDataSource>();

export function registerBatchSource(source: BatchDataSource): void {
  batchSources.set(source.name.toLowerCase(), source);
}

export function findBatchSource(name: string): BatchDataSource | undefined {
  return batchSources.get(name.toLowerCase());
}

export function batchSourceNames(): string[] {
  return [...batchSources.keys()].sort();
}
