/**
 * The window a sliding-window aggregation is currently folding a row into. Sliding windows put
 * one input row into several windows; the aggregator sets `value` to [start, end] for each of
 * them while it evaluates the grouping expressions, and window() returns it.
 */
export const windowOverride: { value: [bigint, bigint] | null } = { value: null };
