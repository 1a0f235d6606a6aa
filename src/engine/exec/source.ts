import type { CheckpointStore } from "../checkpoint/checkpoint-store";
import type { StructType } from "../types/struct-type";
import type { Row } from "../types/values";

/**
 * An offset is the JSON text a source writes into the offset log (`offsets/N`, one line per source).
 * For batch N the engine reads the rows in (offsets/N-1, offsets/N]: the end offset is recorded before the
 * batch runs, so a re-run batch asks the source for exactly the same range (Spark's V1 Source contract).
 */
export type SourceOffset = string;

/** Admission limits the engine passes to a source (Trigger.AvailableNow, maxRecordsPerTrigger-style). */
export interface ReadLimit {
  /** Stop admitting once this many rows are in the batch; undefined = source's own default. */
  readonly maxRows?: number;
}

export interface StreamSource {
  /** Fixed schema of the rows `getBatch` returns. */
  readonly schema: StructType;
  /** One line shown in progress `sources[].description` and in explain. */
  readonly description: string;
  /**
   * The newest offset the next batch may end at, given where the last batch ended (`start`, null before the
   * first batch). Return `start` (or null when start is null) when nothing new is available: the engine then
   * runs no batch. A source may read and buffer the rows here; `getBatch` must still be able to re-read any
   * range after a restart.
   */
  latestOffset(start: SourceOffset | null, limit: ReadLimit): Promise<SourceOffset | null>;
  /**
   * Spark's SparkDataStream.deserializeOffset: called on each offset read back from `offsets/N` at recovery;
   * throws when the text is not an offset of this kind of source, so the engine can name the file.
   */
  deserializeOffset?(offset: SourceOffset): void;
  /** Rows in (start, end], deterministic: the same range always yields the same rows. */
  getBatch(start: SourceOffset | null, end: SourceOffset): Promise<Row[]>;
  /** Everything up to `end` is committed by the sink; buffers up to it may be dropped. */
  commit(end: SourceOffset): Promise<void>;
  /** Release readers, subscriptions, consumers. Called once when the query stops. */
  stop(): Promise<void>;
  /** For Trigger.AvailableNow: fix the target offset now; latestOffset never goes past it afterwards. */
  prepareForAvailableNow?(): Promise<void>;
  /** Extra lines for `explain` and `.explain` (for Kinesis: shards, positions, lineage). */
  explainLines?(): Promise<string[]>;
  /** Extra per-source progress metrics (`sources[].metrics` in progress JSON). */
  metrics?(): Record<string, string>;
}

export interface SourceContext {
  /** Options as given, keys as typed; read them case-insensitively (see options.ts). */
  readonly options: ReadonlyMap<string, string>;
  readonly userSchema?: StructType;
  /** Checkpoint sub-directory owned by this source: `<checkpoint>/sources/<index>`. */
  readonly metadataPath: string;
  readonly queryId: string;
  readonly session: unknown;
  /** The query's checkpoint store; the source may keep its own files under `metadataDir` in it. */
  readonly checkpointStore?: CheckpointStore;
  /** `sources/<index>`: `metadataPath` relative to `checkpointStore`. */
  readonly metadataDir?: string;
  /** The query's clock (a manual clock in tests); sources that stamp rows with "now" read it. */
  readonly clock?: { now(): number };
  /**
   * Call when new data may have arrived on its own (a pushed fan-out event): an idle query on the default
   * trigger then asks latestOffset at once instead of after its poll pause. Optional for sources that only
   * learn about data when asked.
   */
  readonly dataArrived?: () => void;
}

export interface SourceProvider {
  /** Format name as users type it, e.g. "aws-kinesis", "rate", "memory". */
  readonly name: string;
  /** Schema known before start (needed for analysis of `readStream...load()`). */
  sourceSchema(options: ReadonlyMap<string, string>, userSchema?: StructType): StructType;
  /** Validate options eagerly at `load()` so bad options fail before `start()`. */
  validateOptions?(options: ReadonlyMap<string, string>): void;
  createSource(ctx: SourceContext): Promise<StreamSource>;
}
