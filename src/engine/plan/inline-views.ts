/**
 * `spark.sql` over a temp view that holds a streaming DataFrame: Spark's analyzer replaces the view name with
 * the view's plan when the query is created, so the result has the stream's StreamingRelation in it, is
 * streaming (`isStreaming`) and can be started with `writeStream`. tspark resolves other relation names when a
 * query runs (a memory-sink table is read then, not when the SQL text was parsed), so only views whose plan
 * is streaming are put in here.
 */
import { children, isStreamingPlan, type LogicalPlan, node } from "./nodes";

/** `p` with its children replaced by `kids` (same order as `children(p)`). */
function withChildren(p: LogicalPlan, kids: readonly LogicalPlan[]): LogicalPlan {
  switch (p.kind) {
    case "LocalRelation":
    case "StreamingRelation":
    case "UnresolvedRelation":
    case "OneRowRelation":
      return p;
    case "Union":
      return node({ ...p, children: kids });
    default:
      return node({ ...p, child: kids[0]! } as LogicalPlan);
  }
}

/** Replaces every reference to a streaming temp view (also through other views) by the view's plan. */
export function inlineStreamingViews(plan: LogicalPlan, lookup: (name: string) => LogicalPlan | undefined, depth = 0): LogicalPlan {
  if (plan.kind === "UnresolvedRelation") {
    const target = depth < 32 ? lookup(plan.name) : undefined;
    if (target === undefined) return plan;
    const inlined = inlineStreamingViews(target, lookup, depth + 1);
    return isStreamingPlan(inlined) ? inlined : plan;
  }
  const kids = children(plan);
  const next = kids.map((k) => inlineStreamingViews(k, lookup, depth));
  return next.every((k, i) => k === kids[i]) ? plan : withChildren(plan, next);
}
