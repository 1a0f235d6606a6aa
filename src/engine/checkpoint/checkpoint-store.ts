/**
 * Storage under a checkpoint location. Paths are relative to the location and use "/" (e.g. "offsets/3").
 * Logs (metadata, offsets, commits, state, source metadata) are built only on these five calls, so the same
 * log works on local files, S3 and DynamoDB.
 */
export interface CheckpointStore {
  /** What the user gave: "/tmp/cp", "s3://bucket/prefix", "dynamodb://table/prefix". */
  readonly location: string;
  /** Write only if absent. Returns false (writes nothing) when the path already exists. */
  putIfAbsent(path: string, data: string): Promise<boolean>;
  /**
   * Write, replacing what is there (used for non-log files only). `durable: false` lets a local store skip the
   * fsync, for files whose loss in a power cut is harmless (checksum sidecars: a missing or empty one is accepted).
   */
  put(path: string, data: string, opts?: { durable?: boolean }): Promise<void>;
  /** The content, or null when absent. */
  get(path: string): Promise<string | null>;
  /** Names of the entries directly under `dir` (files and sub-directories), sorted, without the prefix. */
  list(dir: string): Promise<string[]>;
  delete(path: string): Promise<void>;
}

/** Builds a store for a location whose scheme it owns ("s3", "dynamodb"); local paths are the engine's own. */
export interface CheckpointStoreFactory {
  readonly scheme: string;
  create(location: string, options: ReadonlyMap<string, string>): Promise<CheckpointStore>;
}
