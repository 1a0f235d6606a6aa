import { AnalysisException } from "../errors";
import { children, isStreamingPlan, type LogicalPlan } from "../plan/nodes";
import type { PlanEnv } from "../plan/analyzer";
import { eventTimeGroup } from "../plan/event-time";
import { unsupportedOutputMode } from "../plan/output-mode-error";
import { checkChainedStatefulOperators } from "./chained-operators-checker";
import { hasAggregateOutsideWindow } from "../plan/operators/window/extract-window";
import { checkSessionWindowMode, isSessionWindowAggregate, sessionWindowHasWatermark } from "../plan/operators/session/session-check";
import { checkGroupsWithState } from "./group-state/group-state-checker";
import { checkStreamingJoins } from "./join/stream-join-checker";
import { planEnvOf, planIncremental } from "./incremental-plan";
import type { OutputMode } from "./sink";
import { confGetter } from "./streaming-context";

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
  const aggregates: { agg: Extract<LogicalPlan, { kind: "Aggregate" }>; at: LogicalPlan }[] = [];
  const functions = planEnvOf(session).functions;
  walk(plan, (n) => {
    if (n.kind === "Aggregate" && isStreamingPlan(n.child)) aggregates.push({ agg: n, at: n });
    // selectExpr("sum(v)", ...): a select list with aggregates is a global aggregation, as Spark's analyzer makes it
    if (n.kind === "Project" && isStreamingPlan(n.child) && n.exprs.some((e) => hasAggregateOutsideWindow(e, functions))) {
      aggregates.push({ agg: { kind: "Aggregate", child: n.child, grouping: [], aggregates: n.exprs }, at: n });
    }
  });
  // the aggregation nearest the sink decides whether append mode can ever emit (Spark's aggregates.head)
  const agg = aggregates[0]?.agg;
  const aggNode = aggregates[0]?.at;
  if (mode === "complete" && !agg) {
    fail("Complete output mode not supported when there are no streaming aggregations on streaming DataFrames/Datasets");
  }
  if (agg && isSessionWindowAggregate(agg)) {
    const env = planEnvOf(session);
    checkSessionWindowMode(mode, () => sessionWindowHasWatermark(agg, planIncremental(agg.child, env, mode).root, env));
  }
  if (mode === "append" && agg && !isSessionWindowAggregate(agg) && !aggregateHasWatermark(agg, planEnvOf(session), mode)) {
    // Spark 4's error class (pyspark 4.3 prints it; Spark 3 had a plain message)
    throw unsupportedOutputMode(mode, "streaming aggregations without watermark");
  }
  // in Spark's order: the output-mode checks above, then each operator's (joins, sort, limit...), then the chains
  checkStreamingJoins(plan, mode);
  checkGroupsWithState(plan, mode, planEnvOf(session));
  walk(plan, (n) => {
    if (!isStreamingPlan(n)) return;
    if (n.kind === "Sort" && !(mode === "complete" && aggNode && containsNode(n.child, aggNode))) {
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
  // Spark 4: chains of stateful operators run in append mode (chained-operators-checker.ts)
  const correctness = confGetter(session)("spark.sql.streaming.statefulOperator.checkCorrectness.enabled");
  checkChainedStatefulOperators(plan, mode, planEnvOf(session), correctness?.toLowerCase() !== "false");
}

function containsNode(p: LogicalPlan, target: LogicalPlan): boolean {
  if (p === target) return true;
  return children(p).some((c) => containsNode(c, target));
}
