/**
 * Spark's hidden output of a USING join: `a.join(b, "id")` shows one `id` (a's), yet `col("b.id")` still resolves
 * in the operator right above the join, to b's own key (its own type; null where an outer join padded b). Spark
 * keeps such keys as the join's hidden output; here the join is planned a second time with those keys appended as
 * `hidden` columns (plan-join.ts), only when a Project, Filter or Sort right above it names a column the visible output
 * does not have, so every other plan keeps its row layout. A join of two streams is not re-planned (its stateful
 * operator is registered once).
 */
import { AnalysisException } from "../../../errors";
import { isStreamingPlan, type Join, type LogicalPlan } from "../../nodes";

function hiddenMayHelp(child: LogicalPlan, err: unknown): child is Join {
  if (child.kind !== "Join" || (child.using === null && child.natural !== true)) return false;
  if (isStreamingPlan(child.left) && isStreamingPlan(child.right)) return false;
  return err instanceof AnalysisException && (err.errorClass ?? "").startsWith("UNRESOLVED_COLUMN");
}

/**
 * `analyze()` over the child as compiled; if a name does not resolve and the child is a USING join, `retry(join)`
 * over the join with its hidden keys. When that fails too, the first error stands (it names the visible columns).
 */
export function overUsingJoin<T>(child: LogicalPlan, analyze: () => T, retry: (join: Join) => T): T {
  try {
    return analyze();
  } catch (err) {
    if (!hiddenMayHelp(child, err)) throw err;
    try {
      return retry(child);
    } catch {
      throw err;
    }
  }
}
