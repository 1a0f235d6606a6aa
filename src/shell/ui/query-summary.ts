import type { QueryEntry } from "./query-store";

/**
 * One row of the streaming queries list, as Spark's UI shows it. Every number comes from the query's own
 * progress records: the averages are the mean of the records' inputRowsPerSecond / processedRowsPerSecond over
 * `recentProgress`, as Spark's StreamingQueryPage averages them.
 */
export interface QuerySummary {
  name: string | null;
  id: string;
  runId: string;
  status: "RUNNING" | "FINISHED" | "FAILED";
  startTimestamp: string;
  endTimestamp: string | null;
  durationMs: number;
  avgInputRowsPerSecond: number | null;
  avgProcessedRowsPerSecond: number | null;
  latestBatchId: number | null;
  error: string | null;
  lastProgress: unknown;
}

export function summarize(entry: QueryEntry, now: number = Date.now()): QuerySummary {
  const q = entry.query;
  const progress = (q.recentProgress ?? []) as readonly Record<string, unknown>[];
  const last = (q.lastProgress ?? null) as Record<string, unknown> | null;
  const error = entry.error ?? (q.exception ? q.exception.message : null);
  const ended = !q.isActive;
  const end = entry.endTimestamp ? Date.parse(entry.endTimestamp) : now;
  return {
    name: q.name,
    id: q.id,
    runId: q.runId,
    status: !ended ? "RUNNING" : error ? "FAILED" : "FINISHED",
    startTimestamp: entry.startTimestamp,
    endTimestamp: ended ? (entry.endTimestamp ?? null) : null,
    durationMs: Math.max(0, end - Date.parse(entry.startTimestamp)),
    avgInputRowsPerSecond: mean(progress, "inputRowsPerSecond"),
    avgProcessedRowsPerSecond: mean(progress, "processedRowsPerSecond"),
    latestBatchId: typeof last?.batchId === "number" ? last.batchId : null,
    error,
    lastProgress: last,
  };
}

function mean(records: readonly Record<string, unknown>[], key: string): number | null {
  const values = records.map((r) => r[key]).filter((v): v is number => typeof v === "number" && Number.isFinite(v));
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}
