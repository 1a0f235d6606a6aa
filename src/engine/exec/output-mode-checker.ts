import { AnalysisException } from "../errors";
import { children, isStreamingPlan, type LogicalPlan } from "../plan/nodes";
import type { PlanEnv } from "../plan/analyzer";
import { eventTimeGroup } from "../plan/event-time";
import { checkGroupsWithState } from "./group-state/group-state-checker";
import { checkStreamingJoins } from "./join/stream-join-checker";
import { planEnvOf, planIncremental } from "./incremental-plan";
import type { OutputMode } from "./sink";

function walk(p: LogicalPlan, visit: (n: LogicalPlan) => void): void {
  visit(p);
  for (const c of children(p)) walk(c, visit);
}

/**
 * True when the aggregation groups by a watermarked event-time column (directly or via window()): its child
 * is planned, so the watermark's tag on the column is followed through projections and aliases.
 */
function aggregateHasWatermark(agg: Extract<LogicalPlan, { kind: "Aggregate" }>, env: PlanEnv, mode: OutputMode): boolean {
  return eventTimeGroup(agg, planIncremental(agg.child, env, mode).root, env) !== undefined;
}

function fail(message: string): never {
  throw new AnalysisException(message);
}

/**
 * Spark's UnsupportedOperationChecker.checkForStreaming, for the operators tspark has. Messages are Spark's.
 */
export function checkOutputMode(plan: LogicalPlan, mode: OutputMode, session: unknown = null): void {
  if (!isStreamingPlan(plan)) fail("'writeStream' can be called only on streaming Dataset/DataFrame");
  checkStreamingJoins(plan, mode);
  checkGroupsWithState(plan, mode, planEnvOf(session));
  const aggregates: Extract<LogicalPlan, { kind: "Aggregate" }>[] = [];
  walk(plan, (n) => {
    if (n.kind === "Aggregate" && isStreamingPlan(n.child)) aggregates.push(n);
  });
  if (aggregates.length > 1 && mode !== "append") {
    // Spark 4's check (spark.sql.streaming.statefulOperator.checkCorrectness.enabled): an aggregation in update or
    // complete mode may emit rows the next stateful operator would take as late.
    fail(
      `Detected pattern of possible 'correctness' issue due to global watermark. The query contains stateful operation which can emit rows older than the current watermark plus allowed late record delay, which are "late rows" in downstream stateful operations and these rows can be discarded. Please refer the programming guide doc for more details. If you understand the possible risk of correctness issue and still need to run the query, you can disable this check by setting the config \`spark.sql.streaming.statefulOperator.checkCorrectness.enabled\` to false.;`,
    );
  }
  if (aggregates.length > 1) {
    // Spark 4 runs chained watermarked aggregations in append mode (late rows filtered with the previous
    // batch's watermark); tspark does not yet, and says so rather than giving another answer.
    fail("Multiple streaming aggregations are not supported with streaming DataFrames/Datasets in tspark yet (Spark runs chained watermarked aggregations in append mode)");
  }
  const agg = aggregates[0];
  if (mode === "complete" && !agg) {
    fail("Complete output mode not supported when there are no streaming aggregations on streaming DataFrames/Datasets");
  }
  if (mode === "append" && agg && !aggregateHasWatermark(agg, planEnvOf(session), mode)) {
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
