import { AnalysisException } from "../errors";
import type { StructType } from "../types/struct-type";
import type { Row } from "../types/values";
import { estimateMapBytes } from "./state-size";
import { forEachRow, type RowFeed, type StateMetrics, type StateOperator } from "./stateful";

function keyText(values: unknown[]): string {
  return JSON.stringify(values, (_k, v: unknown) =>
    typeof v === "bigint" ? `${v}n` : v instanceof Uint8Array ? `b:${Buffer.from(v).toString("hex")}` : v instanceof Map ? [...v] : v,
  );
}

/**
 * Streaming dropDuplicates (Spark's StreamingDeduplicateExec): the first row of each key is emitted, later
 * ones are dropped. When the keys include the watermarked event-time column, rows at or below the watermark
 * are dropped as late and keys at or below it are evicted from state; otherwise state grows without bound,
 * as in Spark.
 *
 * With `expireAfterMs` it is dropDuplicatesWithinWatermark (Spark's StreamingDeduplicateWithinWatermarkExec):
 * the event-time column need not be a key; each key's state value is its first row's event time plus the
 * watermark delay, and the key is forgotten once the watermark reaches that instant, so a later row with the
 * same key is new again. Rows at or below the watermark are dropped as late.
 */
export interface DeduplicateOptions {
  /** The watermark delay: a key expires at its event time plus this (within-watermark mode). */
  readonly expireAfterMs?: number;
}

export class DeduplicateState implements StateOperator {
  readonly outputSchema: StructType;
  private seen = new Map<string, number | null>();
  private readonly keyIdx: readonly number[];
  private readonly timeIdx: number;
  private last: StateMetrics = { numRowsTotal: 0, numRowsUpdated: 0, numRowsRemoved: 0, numRowsDroppedByWatermark: 0, memoryUsedBytes: 0 };

  /**
   * `keys`: column names, or input indexes the planner already resolved (null: every column); `eventTime`: the
   * watermarked event-time column (name or index), which evicts state only when it is one of the keys.
   */
  private readonly expireAfterMs: number | undefined;

  constructor(
    inputSchema: StructType,
    keys: readonly (string | number)[] | null,
    eventTime: string | number | undefined,
    options: DeduplicateOptions = {},
  ) {
    this.expireAfterMs = options.expireAfterMs;
    this.outputSchema = inputSchema;
    const names = inputSchema.fieldNames();
    const resolve = (k: string | number): number => {
      if (typeof k === "number") return k;
      const i = names.findIndex((n) => n.toLowerCase() === k.toLowerCase());
      if (i < 0) {
        throw new AnalysisException(`Cannot resolve column name "${k}" among (${names.join(", ")})`);
      }
      return i;
    };
    this.keyIdx = keys === null ? names.map((_, i) => i) : keys.map(resolve);
    const t = eventTime === undefined ? -1 : resolve(eventTime);
    this.timeIdx = this.keyIdx.includes(t) || this.expireAfterMs !== undefined ? t : -1;
  }

  needsNoDataBatch(nextWatermarkMs: number, currentWatermarkMs: number): boolean {
    return this.timeIdx >= 0 && nextWatermarkMs > currentWatermarkMs;
  }

  /** The instant (ms) a key first seen at event time `t` (micros) leaves the state; null = never by time. */
  private expiryOf(t: unknown): number | null {
    if (typeof t !== "bigint") return null;
    const ms = Number(t / 1000n);
    return this.expireAfterMs === undefined ? ms : ms + this.expireAfterMs;
  }

  /** Rows at or below `lateRowsWatermarkMs` (the previous batch's watermark) are late; keys expire at `watermarkMs`. */
  process(input: RowFeed, watermarkMs: number, _mode?: unknown, lateRowsWatermarkMs = watermarkMs): Row[] {
    const lateMicros = BigInt(lateRowsWatermarkMs) * 1000n;
    const out: Row[] = [];
    let dropped = 0;
    let removed = 0;
    forEachRow(input, (r) => {
      const t = this.timeIdx >= 0 ? r[this.timeIdx] : null;
      if (lateRowsWatermarkMs > 0 && typeof t === "bigint" && t <= lateMicros) {
        dropped++;
        return;
      }
      const k = keyText(this.keyIdx.map((i) => r[i]));
      if (this.seen.has(k)) return;
      this.seen.set(k, this.expiryOf(t));
      out.push(r);
    });
    if (this.timeIdx >= 0 && watermarkMs > 0) {
      for (const [k, ms] of this.seen) {
        if (ms !== null && ms <= watermarkMs) {
          this.seen.delete(k);
          removed++;
        }
      }
    }
    this.last = {
      numRowsTotal: this.seen.size,
      numRowsUpdated: out.length,
      numRowsRemoved: removed,
      numRowsDroppedByWatermark: dropped,
      memoryUsedBytes: estimateMapBytes(this.seen),
    };
    return out;
  }

  snapshot(): unknown {
    return [...this.seen.entries()];
  }

  restore(snapshot: unknown): void {
    this.seen = new Map((snapshot as [string, number | null][] | null) ?? []);
  }

  metrics(): StateMetrics {
    return this.last;
  }
}
