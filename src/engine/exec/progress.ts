/**
 * Progress records with Spark's field names (StreamingQueryProgress, SourceProgress, SinkProgress,
 * StateOperatorProgress). Plain JSON data: the shell only formats them. Rates that are not finite (first
 * batch, zero duration) are left out, as Spark's JSON writer drops NaN/Infinity.
 */
import type { RowImpl } from "../api/row";

export interface StateOperatorProgress {
  operatorName: string;
  numRowsTotal: number;
  numRowsUpdated: number;
  allUpdatesTimeMs: number;
  numRowsRemoved: number;
  allRemovalsTimeMs: number;
  commitTimeMs: number;
  memoryUsedBytes: number;
  numRowsDroppedByWatermark: number;
  numShufflePartitions: number;
  numStateStoreInstances: number;
  customMetrics: Record<string, number>;
}

export interface SourceProgress {
  description: string;
  startOffset: unknown;
  endOffset: unknown;
  latestOffset: unknown;
  numInputRows: number;
  inputRowsPerSecond?: number;
  processedRowsPerSecond?: number;
  metrics: Record<string, string>;
}

export interface SinkProgress {
  description: string;
  numOutputRows: number;
  metrics: Record<string, string>;
}

export interface StreamingQueryProgress {
  id: string;
  runId: string;
  name: string | null;
  timestamp: string;
  batchId: number;
  batchDuration: number;
  numInputRows: number;
  inputRowsPerSecond?: number;
  processedRowsPerSecond?: number;
  durationMs: Record<string, number>;
  eventTime: Record<string, string>;
  stateOperators: StateOperatorProgress[];
  sources: SourceProgress[];
  sink: SinkProgress;
  /** `df.observe` metrics of the batch by name (Rows; JSON as Spark's Row.jsonValue), names sorted. */
  observedMetrics: Record<string, RowImpl>;
}

export interface StreamingQueryStatus {
  message: string;
  isDataAvailable: boolean;
  isTriggerActive: boolean;
}

/** Spark's `rate` helper: rows / seconds, or undefined when not finite. */
export function rowsPerSecond(rows: number, ms: number): number | undefined {
  if (!(ms > 0)) return undefined;
  const r = (rows * 1000) / ms;
  return Number.isFinite(r) ? r : undefined;
}

/** ISO-8601 with milliseconds and `Z`, as Spark prints progress timestamps. */
export function isoTimestamp(ms: number): string {
  return new Date(ms).toISOString();
}

/** An offset's JSON text as a JSON value for the progress record (Spark embeds offsets as JSON). */
export function offsetJson(offset: string | null | undefined): unknown {
  if (offset === null || offset === undefined) return null;
  try {
    return JSON.parse(offset);
  } catch {
    return offset;
  }
}

/**
 * Spark's progress JSON leaves out undefined fields, NaN/infinite rates (safeDoubleToJValue) and empty maps
 * such as eventTime, metrics, customMetrics (safeMapToJValue) — checked against Spark 4.3 by the Spark oracle.
 */
function progressJsonValue(_k: string, v: unknown): unknown {
  if (typeof v === "bigint") return v.toString();
  if (v !== null && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0) return undefined;
  return v;
}

/** Spark's `prettyJson`: two-space indented JSON with undefined fields and empty maps dropped. */
export function prettyJson(value: unknown): string {
  return JSON.stringify(value, progressJsonValue, 2);
}

/**
 * Adds Spark's `json` / `prettyJson` accessors to a progress record without making them fields (they are not
 * enumerable, so JSON.stringify and deep equality still see only the record).
 */
export function withJsonAccessors<T extends object>(record: T): T & { readonly json: string; readonly prettyJson: string } {
  Object.defineProperty(record, "json", { get: () => JSON.stringify(record, progressJsonValue), enumerable: false });
  Object.defineProperty(record, "prettyJson", { get: () => prettyJson(record), enumerable: false });
  return record as T & { readonly json: string; readonly prettyJson: string };
}

/** Times a phase into `durationMs[name]` (Spark's reportTimeTaken). */
export class PhaseTimer {
  readonly durationMs: Record<string, number> = {};

  constructor(private readonly now: () => number) {}

  async time<T>(phase: string, fn: () => Promise<T>): Promise<T> {
    const start = this.now();
    try {
      return await fn();
    } finally {
      this.durationMs[phase] = (this.durationMs[phase] ?? 0) + (this.now() - start);
    }
  }
}
