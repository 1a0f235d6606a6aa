import { AnalysisException } from "../errors";
import { children, isStreamingPlan, type LogicalPlan } from "../plan/nodes";
import type { OutputMode } from "./sink";

/** True when an expression tree references `column` (a ColumnRef whose last part is that name). */
function mentions(expr: unknown, column: string): boolean {
  if (Array.isArray(expr)) return expr.some((e) => mentions(e, column));
  if (typeof expr !== "object" || expr === null) return false;
  const rec = expr as Record<string, unknown>;
  if (rec.kind === "ColumnRef" && Array.isArray(rec.parts)) {
    const last = rec.parts[rec.parts.length - 1];
    if (typeof last === "string" && last.toLowerCase() === column.toLowerCase()) return true;
  }
  return Object.values(rec).some((v) => typeof v === "object" && v !== null && mentions(v, column));
}

function walk(p: LogicalPlan, visit: (n: LogicalPlan) => void): void {
  visit(p);
  for (const c of children(p)) walk(c, visit);
}

/** Watermarked columns below `p`. */
function watermarkColumns(p: LogicalPlan): string[] {
  const cols: string[] = [];
  walk(p, (n) => {
    if (n.kind === "EventTimeWatermark") cols.push(n.column);
  });
  return cols;
}

/** True when the aggregation groups by a watermarked event-time column (directly or via window()). */
export function aggregateHasWatermark(agg: Extract<LogicalPlan, { kind: "Aggregate" }>): boolean {
  return watermarkColumns(agg.child).some((c) => mentions(agg.grouping, c));
}

function fail(message: string): never {
  throw new AnalysisException(message);
}

/**
 * Spark's UnsupportedOperationChecker.checkForStreaming, for the operators tspark has. Messages are Spark's.
 */
export function checkOutputMode(plan: LogicalPlan, mode: OutputMode): void {
  if (!isStreamingPlan(plan)) fail("'writeStream' can be called only on streaming Dataset/DataFrame");
  const aggregates: Extract<LogicalPlan, { kind: "Aggregate" }>[] = [];
  walk(plan, (n) => {
    if (n.kind === "Aggregate" && isStreamingPlan(n.child)) aggregates.push(n);
  });
  if (aggregates.length > 1) {
    fail("Multiple streaming aggregations are not supported with streaming DataFrames/Datasets");
  }
  const agg = aggregates[0];
  if (mode === "complete" && !agg) {
    fail("Complete output mode not supported when there are no streaming aggregations on streaming DataFrames/Datasets");
  }
  if (mode === "append" && agg && !aggregateHasWatermark(agg)) {
    fail(
      "Append output mode not supported when there are streaming aggregations on streaming DataFrames/DataSets without watermark",
    );
  }
  walk(plan, (n) => {
    if (!isStreamingPlan(n)) return;
    if (n.kind === "Sort" && !(mode === "complete" && agg && containsNode(n.child, agg))) {
      fail(
        "Sorting is not supported on streaming DataFrames/Datasets, unless it is on aggregated DataFrame/Dataset in Complete output mode",
      );
    }
    if (n.kind === "Limit" && mode !== "complete") {
      fail(`Limits are not supported on streaming DataFrames/Datasets in ${mode === "update" ? "Update" : "Append"} output mode`);
    }
    if (n.kind === "Union" && n.distinct) {
      fail("Union (distinct) is not supported on streaming DataFrames/Datasets; use union (UNION ALL) and dropDuplicates");
    }
  });
}

function containsNode(p: LogicalPlan, target: LogicalPlan): boolean {
  if (p === target) return true;
  return children(p).some((c) => containsNode(c, target));
}
