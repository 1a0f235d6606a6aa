/**
 * pyspark.sql.Window / WindowSpec: `Window.partitionBy("k").orderBy("ts").rowsBetween(Window.unboundedPreceding,
 * Window.currentRow)`, used with `Column.over(w)`. A WindowSpec is immutable; each method returns a new one.
 * Bounds are numbers as in PySpark: negative = PRECEDING, 0 = CURRENT ROW, positive = FOLLOWING.
 */
import type * as A from "../expr/ast";
import { CURRENT_ROW, describeWindowSpec, normalizeBound, UNBOUNDED_FOLLOWING, UNBOUNDED_PRECEDING } from "../expr/functions/window-spec";
import { type Column, type ColumnOrName, describe, toExpr } from "./column";

function sortOrderOf(c: ColumnOrName): A.SortOrder {
  const e = toExpr(c);
  // a plain column sorts ASC NULLS FIRST, Spark's default
  return e.kind === "SortOrder" ? e : Object.freeze({ kind: "SortOrder", child: e, ascending: true, nullsFirst: true });
}

function flat(cols: readonly (ColumnOrName | readonly ColumnOrName[])[]): ColumnOrName[] {
  return cols.flatMap((c) => (Array.isArray(c) ? (c as ColumnOrName[]) : [c as ColumnOrName]));
}

export class WindowSpec {
  constructor(readonly def: A.WindowSpecDef = { partitionBy: [], orderBy: [], frame: null }) {
    Object.freeze(this);
  }
  partitionBy(...cols: (ColumnOrName | readonly ColumnOrName[])[]): WindowSpec {
    return new WindowSpec({ ...this.def, partitionBy: flat(cols).map(toExpr) });
  }
  orderBy(...cols: (ColumnOrName | readonly ColumnOrName[])[]): WindowSpec {
    return new WindowSpec({ ...this.def, orderBy: flat(cols).map(sortOrderOf) });
  }
  /** Rows relative to the current row: `rowsBetween(-2, 0)` is ROWS BETWEEN 2 PRECEDING AND CURRENT ROW. */
  rowsBetween(start: number, end: number): WindowSpec {
    return new WindowSpec({ ...this.def, frame: { type: "rows", lower: normalizeBound(start), upper: normalizeBound(end) } });
  }
  /** Order-key values relative to the current row's (one numeric ORDER BY key unless both bounds are unbounded / 0). */
  rangeBetween(start: number, end: number): WindowSpec {
    return new WindowSpec({ ...this.def, frame: { type: "range", lower: normalizeBound(start), upper: normalizeBound(end) } });
  }
  toString(): string {
    return `WindowSpec(${describeWindowSpec(this.def, describe)})`;
  }
}

/** `Window` as in PySpark: static builders and the frame-bound constants. */
export const Window = Object.freeze({
  unboundedPreceding: UNBOUNDED_PRECEDING,
  unboundedFollowing: UNBOUNDED_FOLLOWING,
  currentRow: CURRENT_ROW,
  partitionBy: (...cols: (ColumnOrName | readonly ColumnOrName[])[]) => new WindowSpec().partitionBy(...cols),
  orderBy: (...cols: (ColumnOrName | readonly ColumnOrName[])[]) => new WindowSpec().orderBy(...cols),
  rowsBetween: (start: number, end: number) => new WindowSpec().rowsBetween(start, end),
  rangeBetween: (start: number, end: number) => new WindowSpec().rangeBetween(start, end),
});

export type { Column };
