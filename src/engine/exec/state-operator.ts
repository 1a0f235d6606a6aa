import type { StructType } from "../types/struct-type";
import type { Row } from "../types/values";
import type { OutputMode } from "./sink";

export interface StateMetrics {
  numRowsTotal: number;
  numRowsUpdated: number;
  numRowsRemoved: number;
  numRowsDroppedByWatermark: number;
  memoryUsedBytes: number;
}

/** A stateful operator of a streaming query: merges a batch into its state and says what to emit. */
export interface StateOperator {
  readonly outputSchema: StructType;
  /** Merge `rows` (the operator's input for this batch) and return the rows to emit for `mode`. */
  process(rows: Row[], watermarkMs: number, mode: OutputMode): Row[];
  /** JSON-able (bigint allowed) state; restore(null) = empty. */
  snapshot(): unknown;
  restore(snapshot: unknown): void;
  metrics(): StateMetrics;
}
