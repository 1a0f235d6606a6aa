/**
 * Spark's UnsupportedOperationChecker rules for a streaming session-window aggregation: update mode is refused
 * (SessionWindowStateStoreSave cannot say which sessions a merge replaced), append mode needs the session's time
 * column to carry a watermark; complete mode runs with or without one.
 */
import { analyzeExpr, type Scope } from "../../../expr/analyze";
import type { Aggregate } from "../../nodes";
import { unsupportedOutputMode } from "../../output-mode-error";
import type { OutputMode, PhysicalNode } from "../../physical";
import { hasSessionWindow, sessionWindowCall } from "./plan-session";

export function isSessionWindowAggregate(agg: Aggregate): boolean {
  return hasSessionWindow([agg.grouping, agg.aggregates, agg.having]);
}

/**
 * Throws Spark's error when `mode` cannot run this session-window aggregation. `hasWatermark` says whether the
 * session's time column is watermarked (the caller plans the child to know it).
 */
export function checkSessionWindowMode(mode: OutputMode, hasWatermark: () => boolean): void {
  if (mode === "update") throw unsupportedOutputMode(mode, "session window streaming aggregations");
  if (mode === "append" && !hasWatermark()) throw unsupportedOutputMode(mode, "streaming aggregations without watermark");
}

/** Whether the time column of the aggregation's session_window carries a watermark in `child`'s output. */
export function sessionWindowHasWatermark(agg: Aggregate, child: PhysicalNode, scope: Omit<Scope, "attrs">): boolean {
  const call = sessionWindowCall([agg.grouping, agg.aggregates, agg.having]);
  const time = call?.args[0];
  if (time === undefined) return false;
  try {
    const ordinal = analyzeExpr(time, { ...scope, attrs: child.attrs }).ordinal;
    return ordinal !== undefined && child.attrs[ordinal]?.eventTime !== undefined;
  } catch {
    return false;
  }
}
