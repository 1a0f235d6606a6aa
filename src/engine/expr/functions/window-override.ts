import type { WindowSpec } from "../analyze";
import * as dt from "../datetime";
import type { Row } from "../../types/values";

/**
 * The window a sliding-window aggregation is currently folding a row into. Sliding windows put
 * one input row into several windows; the aggregator sets `value` to [start, end] for each of
 * them while it evaluates the grouping expressions, and window() returns it.
 */
export const windowOverride: { value: [bigint, bigint] | null } = { value: null };

/** Runs `fn` once for every sliding window `row` falls in, with `windowOverride` set to that window. */
export function forEachWindow(spec: WindowSpec, row: Row, fn: () => void): void {
  const ts = spec.eval(row) as bigint | null;
  if (ts === null) return;
  for (const s of dt.windowStarts(ts, spec.w, spec.slide, spec.start)) {
    windowOverride.value = [s, s + spec.w];
    try {
      fn();
    } finally {
      windowOverride.value = null;
    }
  }
}
