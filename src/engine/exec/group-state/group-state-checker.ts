/**
 * The [flat]MapGroupsWithState half of Spark's UnsupportedOperationChecker.checkForStreaming, checked before the
 * query starts, with Spark's messages: which output modes go with the operator's and the query's, aggregations
 * around it, and that an event-time timeout needs a watermark on the operator's input.
 */
import { AnalysisException } from "../../errors";
import type { PlanEnv } from "../../plan/analyzer";
import { children, type FlatMapGroupsWithState, isStreamingPlan, type LogicalPlan } from "../../plan/nodes";
import { planIncremental } from "../incremental-plan";
import type { OutputMode } from "../sink";

const MODE_NAME: Record<OutputMode, string> = { append: "Append", update: "Update", complete: "Complete" };

function fail(message: string): never {
  throw new AnalysisException(message, { errorClass: "_LEGACY_ERROR_TEMP_3102" });
}

function collect<T extends LogicalPlan>(p: LogicalPlan, pick: (n: LogicalPlan) => n is T, into: T[] = []): T[] {
  if (pick(p)) into.push(p);
  for (const c of children(p)) collect(c, pick, into);
  return into;
}

const isStreamingAggregate = (n: LogicalPlan): n is Extract<LogicalPlan, { kind: "Aggregate" }> => n.kind === "Aggregate" && isStreamingPlan(n.child);
// (transformWithState shares the plan node; Spark's checker has no rule of its own for it)
const isGroupsWithState = (n: LogicalPlan): n is FlatMapGroupsWithState =>
  n.kind === "FlatMapGroupsWithState" && n.spec.transform === undefined && isStreamingPlan(n.child);

export function checkGroupsWithState(plan: LogicalPlan, mode: OutputMode, env: PlanEnv): void {
  const ops = collect(plan, isGroupsWithState);
  if (ops.length === 0) return;
  const maps = ops.filter((m) => m.spec.isMapGroupsWithState);
  const flatMaps = ops.filter((m) => !m.spec.isMapGroupsWithState);
  if (maps.length >= 2) fail("Multiple mapGroupsWithStates are not supported on a streaming DataFrames/Datasets");
  if (maps.length > 0 && flatMaps.length > 0) {
    fail("Mixing mapGroupsWithStates and flatMapGroupsWithStates are not supported on a streaming DataFrames/Datasets");
  }
  if (flatMaps.length >= 2 && (mode !== "append" || flatMaps.some((m) => m.spec.outputMode !== "append"))) {
    fail(
      "Multiple flatMapGroupsWithStates are not supported when they are not all in append mode or the output mode is not append on a streaming DataFrames/Datasets",
    );
  }
  const aggsInQuery = collect(plan, isStreamingAggregate);
  // Spark checks Complete mode without aggregation before the operators (output-mode-checker.ts says it)
  if (mode === "complete" && aggsInQuery.length === 0) return;
  for (const m of ops) {
    const { spec } = m;
    if (spec.isMapGroupsWithState) {
      if (aggsInQuery.length > 0) fail("mapGroupsWithState is not supported with aggregation on a streaming DataFrame/Dataset");
      if (mode !== "update") fail(`mapGroupsWithState is not supported with ${MODE_NAME[mode]} output mode on a streaming DataFrame/Dataset`);
    } else if (aggsInQuery.length === 0) {
      // without aggregation the function's output mode must be the query's
      if (spec.outputMode === "update" && mode !== "update") {
        fail(`flatMapGroupsWithState in update mode is not supported with ${MODE_NAME[mode]} output mode on a streaming DataFrame/Dataset`);
      }
      if (spec.outputMode === "append" && mode !== "append") {
        fail(`flatMapGroupsWithState in append mode is not supported with ${MODE_NAME[mode]} output mode on a streaming DataFrame/Dataset`);
      }
    } else if (spec.outputMode === "update") {
      fail("flatMapGroupsWithState in update mode is not supported with aggregation on a streaming DataFrame/Dataset");
    } else if (collect(m.child, isStreamingAggregate).length > 0) {
      fail("flatMapGroupsWithState in append mode is not supported after aggregation on a streaming DataFrame/Dataset");
    }
    if (spec.timeout === "EventTimeTimeout") {
      // the watermark tag on a column follows projections and aliases, so the child is planned to find it
      const child = planIncremental(m.child, env, mode).root;
      if (!child.attrs.some((a) => a.eventTime !== undefined)) {
        fail(
          "Watermark must be specified in the query using '[Dataset/DataFrame].withWatermark()' for using event-time timeout in a [map|flatMap]GroupsWithState. Event-time timeout not supported without watermark.",
        );
      }
    }
  }
}
