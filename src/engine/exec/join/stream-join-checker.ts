/**
 * The join half of Spark's UnsupportedOperationChecker.checkForStreaming: which joins of a stream with a static
 * DataFrame Spark runs, and its messages for the others, checked before the query starts. Whether an outer or semi
 * join of two streams has the watermark and range condition it needs is checked where the join is planned
 * (plan/operators/join/time-range.ts), as that needs the columns' watermarks.
 */
import { AnalysisException } from "../../errors";
import { JOIN_TYPE_NAME } from "../../plan/join-type";
import { children, isStreamingPlan, type Join, type LogicalPlan } from "../../plan/nodes";
import type { OutputMode } from "../sink";

const MODE_NAME: Record<OutputMode, string> = { append: "Append", update: "Update", complete: "Complete" };

function fail(message: string): never {
  throw new AnalysisException(message, { errorClass: "_LEGACY_ERROR_TEMP_3102" });
}

function checkJoin(j: Join, mode: OutputMode): void {
  const ls = isStreamingPlan(j.left);
  const rs = isStreamingPlan(j.right);
  if (!ls && !rs) return;
  const name = JOIN_TYPE_NAME[j.joinType];
  if (ls && rs && mode !== "append") {
    // Spark 4.3 (checked with pyspark 4.3.0): inner and left semi joins of two streams run in update mode too (an
    // aggregation after them may then run in update mode); outer joins only in append
    const updateToo = j.joinType === "inner" || j.joinType === "cross" || j.joinType === "semi";
    if (!updateToo || mode === "complete") {
      const allowed = updateToo ? "Append and Update output modes" : "Append output mode";
      fail(`${name} join between two streaming DataFrames/Datasets is not supported in ${MODE_NAME[mode]} output mode, only in ${allowed}`);
    }
  }
  switch (j.joinType) {
    case "inner":
    case "cross":
      break;
    case "full":
      if (ls && !rs) fail("FullOuter joins with streaming DataFrames/Datasets on the left and a static DataFrame/Dataset on the right is not supported");
      if (!ls && rs) fail("FullOuter joins with streaming DataFrames/Datasets on the right and a static DataFrame/Dataset on the left is not supported");
      break;
    case "anti":
      if (rs) fail("LeftAnti joins with a streaming DataFrame/Dataset on the right are not supported");
      break;
    case "left":
    case "semi":
      if (!ls && rs) fail(`${name} join with a streaming DataFrame/Dataset on the right and a static DataFrame/Dataset on the left is not supported`);
      break;
    case "right":
      if (ls && !rs) fail("RightOuter join with a streaming DataFrame/Dataset on the left and a static DataFrame/DataSet on the right not supported");
      break;
  }
}

/** Throws Spark's AnalysisException for the first join in `plan` Spark would refuse in a streaming query. */
export function checkStreamingJoins(plan: LogicalPlan, mode: OutputMode): void {
  const visit = (p: LogicalPlan): void => {
    for (const c of children(p)) visit(c);
    if (p.kind === "Join") checkJoin(p, mode);
  };
  visit(plan);
}
