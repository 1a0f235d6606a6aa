/**
 * Which chains of stateful operators Spark 4 runs (UnsupportedOperationChecker.checkStreamingQueryGlobalWatermarkLimit):
 * with one global watermark, an operator that can emit rows older than it must not feed another stateful operator,
 * which would take them as late. Spark 4 counts as stateful a streaming aggregation, a stream-stream join, a
 * dropDuplicates whose keys include a watermarked event-time column, and dropDuplicatesWithinWatermark; and as such
 * an emitter a streaming aggregation in update or complete mode. In append mode an aggregation emits a group only
 * once the watermark passed it, and the next operator filters late rows by the previous batch's watermark
 * (watermark-propagator.ts), so append-mode chains run.
 */
import { AnalysisException } from "../errors";
import type { PlanEnv } from "../plan/analyzer";
import { children, isStreamingPlan, type LogicalPlan } from "../plan/nodes";
import { planIncremental } from "./incremental-plan";
import type { OutputMode } from "./sink";

const CORRECTNESS_MESSAGE =
  `Detected pattern of possible 'correctness' issue due to global watermark. The query contains stateful operation which can emit rows older than the current watermark plus allowed late record delay, which are "late rows" in downstream stateful operations and these rows can be discarded. Please refer the programming guide doc for more details. If you understand the possible risk of correctness issue and still need to run the query, you can disable this check by setting the config \`spark.sql.streaming.statefulOperator.checkCorrectness.enabled\` to false.;`;

/** A dropDuplicates whose keys include a column carrying a watermark (found by planning its input). */
function dedupHasEventTimeKey(d: Extract<LogicalPlan, { kind: "Deduplicate" }>, env: PlanEnv, mode: OutputMode): boolean {
  const attrs = planIncremental(d.child, env, mode).root.attrs;
  const keys = d.keys?.map((k) => k.toLowerCase());
  return attrs.some((a) => a.eventTime !== undefined && (keys === undefined || keys.includes(a.name.toLowerCase())));
}

function isStatefulOperation(p: LogicalPlan, env: PlanEnv, mode: OutputMode): boolean {
  switch (p.kind) {
    case "Aggregate":
      return isStreamingPlan(p);
    case "Join":
      return isStreamingPlan(p.left) && isStreamingPlan(p.right);
    case "Deduplicate":
      return isStreamingPlan(p) && (p.withinWatermark === true || dedupHasEventTimeKey(p, env, mode));
    default:
      return false;
  }
}

function cannotFeedStatefulOperation(p: LogicalPlan, mode: OutputMode): boolean {
  return p.kind === "Aggregate" && isStreamingPlan(p) && mode !== "append";
}

function anyBelow(p: LogicalPlan, test: (n: LogicalPlan) => boolean): boolean {
  return children(p).some((c) => test(c) || anyBelow(c, test));
}

/**
 * Throws Spark's AnalysisException when a stateful operator sits above an aggregation that may emit rows the
 * global watermark already passed. `checkCorrectness` false (spark.sql.streaming.statefulOperator.checkCorrectness.enabled)
 * lets the query run, as Spark does (it only logs a warning then).
 */
export function checkChainedStatefulOperators(plan: LogicalPlan, mode: OutputMode, env: PlanEnv, checkCorrectness = true): void {
  if (!checkCorrectness) return;
  const visit = (p: LogicalPlan): void => {
    if (anyBelow(p, (n) => cannotFeedStatefulOperation(n, mode)) && isStatefulOperation(p, env, mode)) {
      throw new AnalysisException(CORRECTNESS_MESSAGE);
    }
    for (const c of children(p)) visit(c);
  };
  visit(plan);
}
