import type { StructType } from "../types/struct-type";
import type { Row } from "../types/values";
import type { OutputMode } from "./sink";
import type { StateOperatorProgress } from "./progress";
import type { RowImpl } from "../api/row";

/** Everything one micro-batch needs to run the query's plan. */
export interface BatchInput {
  readonly batchId: number;
  /** The query's id (kept across restarts) and this run's id. */
  readonly queryId?: string;
  readonly runId?: string;
  /** Rows read from each streaming relation, by StreamingRelation id. */
  readonly inputs: ReadonlyMap<string, Row[]>;
  /** Watermark in effect for this batch (ms), recorded in offsets/N. */
  readonly watermarkMs: number;
  /**
   * Watermark for late rows (ms): the previous batch's watermark (offsets/N-1), as Spark 3.4+ filters late input
   * of every stateful operator, so rows an upstream operator emits in this batch are not late for the next one.
   * Absent (the first batch): `watermarkMs`.
   */
  readonly lateRowsWatermarkMs?: number;
  readonly batchTimestampMs: number;
}

export interface EventTimeStats {
  maxMs: number;
  minMs: number;
  avgMs: number;
  count: number;
}

export interface BatchOutput {
  readonly rows: Row[];
  /** Event-time stats of this batch's rows at the watermark operator (undefined without withWatermark). */
  readonly eventTime?: EventTimeStats;
  /** Max event time per watermark node this batch (null: none seen), for the watermark tracker. */
  readonly watermarkEventTimesMs?: readonly (number | null)[];
  readonly stateOperators: StateOperatorProgress[];
  /** The batch's observed metrics (`df.observe`) by name, names sorted; empty when the plan observes nothing. */
  readonly observedMetrics?: Record<string, RowImpl>;
}

/**
 * Runs the plan of a streaming query batch by batch. Stateless plans run whole; stateful plans keep operator
 * state between batches. The execution loop owns ordering and checkpoints; the runner owns the relational work.
 */
export interface BatchRunner {
  readonly outputSchema: StructType;
  /** True when the plan holds state (aggregation / deduplication): a no-data batch may be needed to evict. */
  readonly isStateful: boolean;
  /** Delay of the query's withWatermark (ms), or undefined when it has none. */
  readonly watermarkDelayMs: number | undefined;
  /** Delay of each withWatermark node (ms), by watermark id; absent: the one `watermarkDelayMs`, if any. */
  readonly watermarkDelaysMs?: readonly number[];
  /**
   * True when a batch without new data must run because an operator would emit or evict at the next
   * watermark, or a processing-time timeout is due at `nowMs` (the query clock); absent: any stateful runner
   * with a watermark runs one when the watermark moves.
   */
  needsNoDataBatch?(nextWatermarkMs: number, currentWatermarkMs: number, nowMs?: number): boolean;
  /** Load the state as of `version` (= the id of the next batch to run; 0 = empty). */
  restoreState(version: number): Promise<void>;
  runBatch(input: BatchInput): Promise<BatchOutput>;
  /** Persist the state produced by the last runBatch as `version` (= batchId + 1). */
  commitState(version: number): Promise<void>;
  /** Drop state versions below `minVersion`. */
  purgeState(minVersion: number): Promise<void>;
  /** Plan text for explain. */
  explain(extended: boolean): string;
  readonly outputMode: OutputMode;
}
