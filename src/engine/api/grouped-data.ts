/**
 * GroupedData: `df.groupBy(...)` awaiting its aggregates. `.count()`, `.agg(...)`, `.sum(...)` ...
 * build an Aggregate plan node whose outputs are the grouping columns followed by the aggregates.
 */
import * as A from "../expr/ast";
import { node } from "../plan/nodes";
import type { StructTypeImpl } from "../types/struct-type";
import { Column, describe } from "./column";
import { groupingSets, pivot as pivotPlan } from "./data-frame-ops";
import { DataFrame } from "./data-frame";
import { withPySparkSurface } from "./missing-api";
import { groupedTransformWithState, type StatefulProcessor, type TimeModeKind } from "./transform-with-state";

export class GroupedData {
  constructor(
    private readonly df: DataFrame,
    private readonly grouping: readonly A.Expr[],
    /** cube/rollup: the grouping sets, as indexes into `grouping`; absent: plain GROUP BY. */
    private readonly sets?: readonly (readonly number[])[],
    private readonly pivotBy?: { readonly col: A.Expr; readonly values: readonly unknown[] },
  ) {
    // biome-ignore lint/correctness/noConstructorReturn: PySpark methods tspark lacks say so (missing-api.ts)
    return withPySparkSurface(this, "GroupedData");
  }

  private aggregate(aggs: readonly A.Expr[]): DataFrame {
    if (this.sets !== undefined) return DataFrame.ofPlan(this.df.session, groupingSets(this.df, this.grouping, this.sets, aggs));
    if (this.pivotBy !== undefined) {
      const names = aggs.map((e) => (e.kind === "Alias" ? e.names[0]! : describe(e)));
      return DataFrame.ofPlan(this.df.session, pivotPlan(this.df, this.grouping, this.pivotBy.col, this.pivotBy.values, aggs, names));
    }
    const items = [...this.grouping, ...aggs];
    return DataFrame.ofPlan(this.df.session, node({ kind: "Aggregate", child: this.df.plan, grouping: this.grouping, aggregates: items }));
  }

  /** `agg(F.sum("x"), F.max("y"))` or `agg({ x: "sum", y: "max" })`. */
  agg(...exprs: (Column | Readonly<Record<string, string>>)[]): DataFrame {
    const list: A.Expr[] = [];
    for (const e of exprs) {
      if (e instanceof Column) list.push(e.expr);
      else for (const [c, f] of Object.entries(e)) list.push(A.call(f === "mean" ? "avg" : f, c === "*" ? [] : [A.colRef([c])], false, c === "*" ? { star: true } : {}));
    }
    return this.aggregate(list);
  }
  /**
   * `groupBy(...).pivot("col", values?)`: one output column per value (per value and aggregate when there are
   * several); without values, the distinct values of the column, sorted, are read first (as Spark does).
   */
  pivot(pivotCol: string | Column, values?: readonly unknown[]): GroupedData {
    const col = pivotCol instanceof Column ? pivotCol.expr : A.colRef([pivotCol]);
    const vs =
      values ??
      this.df
        .select(new Column(col))
        .distinct()
        .orderBy(new Column(col))
        .collectValues()
        .map((r) => r[0]);
    return new GroupedData(this.df, this.grouping, undefined, { col, values: vs });
  }
  count(): DataFrame {
    return this.aggregate([A.alias(A.call("count", [], false, { star: true }), "count")]);
  }
  private each(fn: string, cols: readonly string[]): DataFrame {
    return this.aggregate(cols.map((c) => A.call(fn, [A.colRef([c])])));
  }
  sum(...cols: string[]): DataFrame {
    return this.each("sum", cols);
  }
  avg(...cols: string[]): DataFrame {
    return this.each("avg", cols);
  }
  mean(...cols: string[]): DataFrame {
    return this.each("avg", cols);
  }
  min(...cols: string[]): DataFrame {
    return this.each("min", cols);
  }
  max(...cols: string[]): DataFrame {
    return this.each("max", cols);
  }
  /** PySpark 4's `transformWithState(processor, outputStructType, outputMode, timeMode)` (docs/stateful.md). */
  transformWithState(
    statefulProcessor: StatefulProcessor,
    outputStructType: StructTypeImpl | string,
    outputMode: string,
    timeMode: string | (() => TimeModeKind),
    initialState?: unknown,
    eventTimeColumnName?: string,
  ): DataFrame {
    return groupedTransformWithState(this.df, this.grouping, statefulProcessor, outputStructType, outputMode, timeMode, initialState, eventTimeColumnName);
  }
}
