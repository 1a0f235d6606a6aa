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

/**
 * A batch's input to a stateful operator: the rows themselves, or a producer that streams them (the plan below
 * the operator runs fused into it, so a batch's intermediate rows are never held all at once).
 */
export type RowFeed = readonly Row[] | ((visit: (row: Row) => void) => void);

/** Visits every row of a feed. */
export function forEachRow(input: RowFeed, visit: (row: Row) => void): void {
  if (typeof input === "function") input(visit);
  else for (const r of input) visit(r);
}

/** A stateful operator of a streaming query: merges a batch into its state and says what to emit. */
export interface StateOperator {
  readonly outputSchema: StructType;
  /** Merge `input` (the operator's input for this batch) and return the rows to emit for `mode`. */
  process(input: RowFeed, watermarkMs: number, mode: OutputMode): Row[];
  /** JSON-able (bigint allowed) state; restore(null) = empty. */
  snapshot(): unknown;
  restore(snapshot: unknown): void;
  metrics(): StateMetrics;
}
