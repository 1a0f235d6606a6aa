/**
 * A column of an operator's output, as names resolve against it. Kept apart from analyze.ts so the tags
 * planning adds (event time, plan ids) do not grow the expression analyzer.
 */
import type { DataType } from "../types/data-types";
import type { Bound } from "./analyze";

export interface Attr {
  readonly name: string;
  readonly qualifier: string | null;
  readonly dataType: DataType;
  readonly nullable: boolean;
  /**
   * Set when the column is the output of a projection being collapsed into the one above it: a
   * reference evaluates `bound` (over the projection's input row) instead of reading a row slot,
   * and counts itself in `uses` so the planner can refuse to duplicate work.
   */
  readonly inline?: { readonly bound: Bound; uses: number };
  /**
   * Set on the event-time column of a `withWatermark` (Spark's `spark.watermarkDelayMs` attribute metadata) and
   * kept by every operator that passes the column on unchanged, so stateful operators find their event time
   * through the plan instead of by name.
   */
  readonly eventTime?: EventTimeTag;
  /** Plan ids of the DataFrames whose output this column is (see ColumnRef.planId). */
  readonly planIds?: readonly number[];
  /**
   * A USING join's hidden key (Spark's hidden output: the other side's `b.id` beside the visible `id`): resolved
   * only by its qualified name, never by the bare name nor by `*` (plan/operators/join/using-hidden.ts).
   */
  readonly hidden?: true;
}

/** Which withWatermark node (numbered in plan order) defined an event-time column, and its delay. */
export interface EventTimeTag {
  readonly watermarkId: number;
  readonly delayMs: number;
}
