import type { Aggregator } from "../plan/aggregation";
import { windowTimeMicros } from "../expr/functions/window-time";
import type { EventTimeGroup } from "../plan/event-time";
import type { StructType } from "../types/struct-type";
import type { Row } from "../types/values";
import type { OutputMode } from "./sink";
import { estimateMapBytes } from "./state-size";
import { forEachRow, type RowFeed, type StateMetrics, type StateOperator } from "./stateful";

/** The event-time grouping key plus where the aggregation's output holds it (-1: not output). */
interface EventTimeKey extends EventTimeGroup {
  readonly outputIndex: number;
}

function keyMicros(v: unknown, isWindow: boolean): bigint | null {
  const t = isWindow ? (Array.isArray(v) ? v[1] : null) : v;
  if (typeof t === "bigint") return t;
  if (typeof t === "number") return BigInt(t) * 86_400_000_000n; // DATE key: days
  return null;
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/**
 * Streaming aggregation state (Spark's StateStoreRestore/Save pair) over the core's mergeable aggregator.
 * With a watermark on a grouping key (the event-time column or a window over it), rows whose window ended at or
 * before the batch's watermark are dropped as late; append mode emits and removes groups whose key time is at
 * or below the watermark; update mode emits the groups this batch touched and removes expired ones; complete
 * mode emits every group and never removes any.
 */
export class AggregateState implements StateOperator {
  readonly outputSchema: StructType;
  private readonly agg: Aggregator;
  private readonly key: EventTimeKey | undefined;
  /** No grouping keys: one row over everything (select count(*) ...). */
  private readonly global: boolean;
  private last: StateMetrics = { numRowsTotal: 0, numRowsUpdated: 0, numRowsRemoved: 0, numRowsDroppedByWatermark: 0, memoryUsedBytes: 0 };

  /**
   * `agg`: the aggregation compiled against its input (the analyzer's attributes, the session's context and
   * functions); `eventTime`: the grouping key carrying the watermarked event time, when there is one.
   */
  constructor(agg: Aggregator, eventTime: EventTimeGroup | undefined) {
    this.agg = agg;
    this.outputSchema = agg.outputSchema;
    this.global = agg.groupingNames.length === 0;
    if (eventTime !== undefined) {
      const name = agg.groupingNames[eventTime.groupIndex];
      this.key = { ...eventTime, outputIndex: name === undefined ? -1 : this.outputSchema.fieldNames().indexOf(name) };
    }
  }

  /** Whether the event-time key of the groups is watermarked (append mode and eviction need it). */
  get hasEventTime(): boolean {
    return this.key !== undefined;
  }

  /** Complete mode never evicts, so a moved watermark alone does not call for a batch (as in Spark). */
  needsNoDataBatch(nextWatermarkMs: number, currentWatermarkMs: number, mode: OutputMode): boolean {
    return this.key !== undefined && mode !== "complete" && nextWatermarkMs > currentWatermarkMs;
  }

  /** The latest key time of any group the row falls in (the last window's end for windows). */
  private rowKeyMicros(row: Row): bigint | null {
    const k = this.key!;
    const raw = row[k.inputIndex];
    if (k.windowColumn) return keyMicros(raw, true);
    const t = k.timeFromWindowEnd ? windowTimeMicros(raw) : raw;
    if (typeof t !== "bigint") return typeof t === "number" ? BigInt(t) * 86_400_000_000n : null;
    if (!k.isWindow || k.slideMicros <= 0n) return t;
    const lastStart = floorDiv(t - k.startMicros, k.slideMicros) * k.slideMicros + k.startMicros;
    return lastStart + k.sizeMicros;
  }

  /** `lateRowsWatermarkMs`: rows whose group's key time is at or below it are late (the previous batch's watermark). */
  process(input: RowFeed, watermarkMs: number, mode: OutputMode, lateRowsWatermarkMs = watermarkMs): Row[] {
    const wm = BigInt(watermarkMs) * 1000n;
    const late = BigInt(lateRowsWatermarkMs) * 1000n;
    let dropped = 0;
    const touched = new Set<string>();
    const agg = this.agg;
    if (this.key && mode !== "complete" && lateRowsWatermarkMs > 0) {
      forEachRow(input, (r) => {
        const t = this.rowKeyMicros(r);
        if (t !== null && t <= late) dropped++;
        else agg.add(r, touched);
      });
    } else {
      forEachRow(input, (r) => agg.add(r, touched));
    }
    let out: Row[];
    let removed = 0;
    const expired = (groups: unknown[]): boolean => {
      const t = keyMicros(groups[this.key!.groupIndex], this.key!.isWindow);
      return t !== null && t <= wm;
    };
    if (mode === "complete" || !this.key) {
      // A global aggregate (no grouping keys) is one row that Spark's StateStoreSave writes, so emits in update
      // mode, every batch: an empty batch re-emits it, a first empty batch emits count 0 / nulls.
      out = mode === "update" && !this.global ? this.agg.results(touched) : this.agg.results();
    } else if (mode === "update") {
      out = this.agg.results(touched);
      removed = this.agg.evict(expired);
    } else {
      const idx = this.key.outputIndex;
      out =
        idx < 0
          ? []
          : this.agg.results().filter((r) => {
              const t = keyMicros(r[idx], this.key!.isWindow);
              return t !== null && t <= wm;
            });
      removed = this.agg.evict(expired);
    }
    this.last = {
      numRowsTotal: this.agg.size,
      numRowsUpdated: touched.size,
      numRowsRemoved: removed,
      numRowsDroppedByWatermark: dropped,
      memoryUsedBytes: estimateMapBytes(this.agg.state),
    };
    return out;
  }

  snapshot(): unknown {
    return this.agg.snapshot();
  }

  restore(snapshot: unknown): void {
    this.agg.restore(snapshot ?? []);
  }

  metrics(): StateMetrics {
    return this.last;
  }
}
