import { parseIntervalMs } from "../api/trigger";
import type * as A from "../expr/ast";
import { type Aggregator, createAggregator } from "../plan/aggregation";
import type { Aggregate } from "../plan/nodes";
import type { StructType } from "../types/struct-type";
import type { Row } from "../types/values";
import type { OutputMode } from "./sink";
import { forEachRow, type RowFeed, type StateMetrics, type StateOperator } from "./state-operator";

function mentions(expr: unknown, column: string): boolean {
  if (Array.isArray(expr)) return expr.some((e) => mentions(e, column));
  if (typeof expr !== "object" || expr === null) return false;
  const rec = expr as Record<string, unknown>;
  if (rec.kind === "ColumnRef" && Array.isArray(rec.parts)) {
    const last = rec.parts[rec.parts.length - 1];
    if (typeof last === "string" && last.toLowerCase() === column.toLowerCase()) return true;
  }
  return Object.values(rec).some((v) => typeof v === "object" && v !== null && mentions(v, column));
}

function stripAlias(e: A.Expr): A.Expr {
  return e.kind === "Alias" ? stripAlias(e.child) : e;
}

function literalMs(e: A.Expr | undefined, dflt: number): number {
  if (e === undefined) return dflt;
  const s = stripAlias(e);
  if (s.kind === "Literal" && typeof s.value === "string") return parseIntervalMs(s.value);
  return dflt;
}

/** How the event time of a group is read: a window's end, or the timestamp itself. */
interface EventTimeKey {
  readonly groupIndex: number;
  readonly isWindow: boolean;
  /** window duration / slide / start offset in microseconds (window keys only). */
  readonly sizeMicros: bigint;
  readonly slideMicros: bigint;
  readonly startMicros: bigint;
  /** Column of the aggregation's input holding the event time. */
  readonly inputIndex: number;
  /** Column of the aggregation's output holding the group's key (for append-mode output), or -1. */
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
  private last: StateMetrics = { numRowsTotal: 0, numRowsUpdated: 0, numRowsRemoved: 0, numRowsDroppedByWatermark: 0, memoryUsedBytes: 0 };

  constructor(node: Aggregate, inputSchema: StructType, ctx: { timeZone?: string }, eventTimeColumn: string | undefined) {
    this.agg = createAggregator(node, inputSchema, ctx.timeZone ? { timeZone: ctx.timeZone } : {});
    this.outputSchema = this.agg.outputSchema;
    if (eventTimeColumn !== undefined) {
      const groupIndex = node.grouping.findIndex((g) => mentions(g, eventTimeColumn));
      const inputIndex = inputSchema.fieldNames().findIndex((n) => n.toLowerCase() === eventTimeColumn.toLowerCase());
      if (groupIndex >= 0 && inputIndex >= 0) {
        const g = stripAlias(node.grouping[groupIndex]!);
        const isWindow = g.kind === "Call" && g.name.toLowerCase() === "window";
        const args = g.kind === "Call" ? g.args : [];
        const sizeMs = isWindow ? literalMs(args[1], 0) : 0;
        const name = this.agg.groupingNames[groupIndex];
        this.key = {
          groupIndex,
          isWindow,
          sizeMicros: BigInt(sizeMs) * 1000n,
          slideMicros: BigInt(isWindow ? literalMs(args[2], sizeMs) : 0) * 1000n,
          startMicros: BigInt(isWindow ? literalMs(args[3], 0) : 0) * 1000n,
          inputIndex,
          outputIndex: name === undefined ? -1 : this.outputSchema.fieldNames().indexOf(name),
        };
      }
    }
  }

  /** The latest key time of any group the row falls in (the last window's end for windows). */
  private rowKeyMicros(row: Row): bigint | null {
    const k = this.key!;
    const t = row[k.inputIndex];
    if (typeof t !== "bigint") return typeof t === "number" ? BigInt(t) * 86_400_000_000n : null;
    if (!k.isWindow || k.slideMicros <= 0n) return t;
    const lastStart = floorDiv(t - k.startMicros, k.slideMicros) * k.slideMicros + k.startMicros;
    return lastStart + k.sizeMicros;
  }

  process(input: RowFeed, watermarkMs: number, mode: OutputMode): Row[] {
    const wm = BigInt(watermarkMs) * 1000n;
    let dropped = 0;
    const touched = new Set<string>();
    const agg = this.agg;
    if (this.key && mode !== "complete" && watermarkMs > 0) {
      forEachRow(input, (r) => {
        const t = this.rowKeyMicros(r);
        if (t !== null && t <= wm) dropped++;
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
      out = mode === "update" ? this.agg.results(touched) : this.agg.results();
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
      memoryUsedBytes: 0,
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
