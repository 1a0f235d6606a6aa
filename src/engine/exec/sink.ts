import type { CheckpointStore } from "../checkpoint/checkpoint-store";
import type { OutputMode } from "../plan/physical";
import type { StructType } from "../types/struct-type";
import type { Row } from "../types/values";

// One definition of the output modes, with the plan that checks them.
export type { OutputMode } from "../plan/physical";

export interface StreamSink {
  readonly description: string;
  /**
   * Write batch `batchId`. A batch may be offered again after a restart (same id, same rows); a sink that can
   * tell it was already written skips it (Spark's Sink.addBatch contract).
   */
  addBatch(batchId: number, rows: Row[], schema: StructType): Promise<void>;
  stop?(): Promise<void>;
}

export interface SinkContext {
  readonly options: ReadonlyMap<string, string>;
  readonly outputMode: OutputMode;
  readonly queryName?: string;
  readonly queryId: string;
  /** `<checkpoint>/sinks/0` style directory the sink may use (e.g. to remember its last batch id). */
  readonly checkpointPath?: string;
  /**
   * The same directory as a store, fenced by the query's checkpoint lock and checksummed: a sink that keeps
   * files there should write through this one, so a run that lost the lock cannot write them.
   */
  readonly checkpointStore?: CheckpointStore;
  readonly schema: StructType;
  readonly session: unknown;
  /** `writeStream.partitionBy(...)` columns (file sinks lay out `col=value/` folders; others ignore them). */
  readonly partitionBy?: readonly string[];
}

export interface SinkProvider {
  readonly name: string;
  /** Output modes this sink accepts; others fail at start() with Spark's message. */
  readonly supportedOutputModes?: readonly OutputMode[];
  validateOptions?(options: ReadonlyMap<string, string>, schema: StructType, outputMode: OutputMode): void;
  createSink(ctx: SinkContext): Promise<StreamSink>;
}
