/**
 * Event time of a streaming aggregation: which grouping key carries the watermarked event time (the column a
 * `withWatermark` tagged, or a `window()` over it), found by resolving the grouping expressions against the
 * aggregation's input attributes, so the tag travels through projections and aliases instead of being matched
 * by column name.
 */
import { parseIntervalMs } from "../api/trigger";
import type * as A from "../expr/ast";
import { type Attr, analyzeExpr, type Bound, type EventTimeTag } from "../expr/analyze";
import type { PhysicalNode } from "./physical";
import type { Aggregate } from "./nodes";
import { StructTypeImpl } from "../types/struct-type";
import { eventTimeSourceOf } from "../expr/functions/window-time";
import type { PlanEnv } from "./analyzer";

/** How the event time of a group is read: a window's end, or the timestamp itself. */
export interface EventTimeGroup {
  readonly tag: EventTimeTag;
  /** Index of the grouping expression holding the event time. */
  readonly groupIndex: number;
  readonly isWindow: boolean;
  /** window duration / slide / start offset in microseconds (window keys only). */
  readonly sizeMicros: bigint;
  readonly slideMicros: bigint;
  readonly startMicros: bigint;
  /** Column of the aggregation's input holding the event time. */
  readonly inputIndex: number;
  /** True when that column is a window itself (a sliding window's Expand step) rather than a timestamp. */
  readonly windowColumn: boolean;
  /** The column is the window of an earlier aggregation, read for its window_time (end - 1 µs). */
  readonly timeFromWindowEnd?: boolean;
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

/**
 * The input column `e` reads as is, or the window column a `window_time(w)` reads (`viaWindowTime`), or -1.
 */
function columnIndex(e: A.Expr, attrs: readonly Attr[], env: PlanEnv): { index: number; viaWindowTime: boolean } {
  const none = { index: -1, viaWindowTime: false };
  if (e.kind !== "ColumnRef" && !(e.kind === "Call" && e.name.toLowerCase() === "window_time")) return none;
  try {
    const b = analyzeExpr(e, { attrs, ctx: env.ctx, functions: env.functions });
    if (b.ordinal !== undefined) return { index: b.ordinal, viaWindowTime: false };
    const src = eventTimeSourceOf(b);
    return src === undefined ? none : { index: src, viaWindowTime: true };
  } catch {
    return none;
  }
}

/** The grouping key of `p` that carries a watermarked event time, or undefined. */
export function eventTimeGroup(p: Aggregate, child: PhysicalNode, env: PlanEnv): EventTimeGroup | undefined {
  for (const [groupIndex, raw] of p.grouping.entries()) {
    const g = stripAlias(raw);
    const isWindow = g.kind === "Call" && g.name.toLowerCase() === "window";
    const timeExpr = isWindow ? g.args[0] : g;
    if (timeExpr === undefined) continue;
    const { index: inputIndex, viaWindowTime } = columnIndex(stripAlias(timeExpr), child.attrs, env);
    const attr = inputIndex < 0 ? undefined : child.attrs[inputIndex]!;
    const tag = attr?.eventTime;
    if (tag === undefined) continue;
    // a window column read for its event time (window_time(w), or window(w, ...) over a window column)
    const timeFromWindowEnd = viaWindowTime || (isWindow && attr!.dataType instanceof StructTypeImpl);
    if (!isWindow && !viaWindowTime && attr!.dataType instanceof StructTypeImpl) {
      // the window column of a sliding window's Expand step: one window per row, its end is the event time
      return { tag, groupIndex, isWindow: true, sizeMicros: 0n, slideMicros: 0n, startMicros: 0n, inputIndex, windowColumn: true };
    }
    const args = g.kind === "Call" ? g.args : [];
    const sizeMs = isWindow ? literalMs(args[1], 0) : 0;
    return {
      tag,
      groupIndex,
      isWindow,
      sizeMicros: BigInt(sizeMs) * 1000n,
      slideMicros: BigInt(isWindow ? literalMs(args[2], sizeMs) : 0) * 1000n,
      startMicros: BigInt(isWindow ? literalMs(args[3], 0) : 0) * 1000n,
      inputIndex,
      windowColumn: false,
      ...(timeFromWindowEnd ? { timeFromWindowEnd } : {}),
    };
  }
  return undefined;
}

/**
 * The output of a streaming aggregation keeps the event-time tag on its event-time grouping key (Spark keeps the
 * watermark metadata on the `window` or timestamp attribute), so an operator after it (a second aggregation over
 * `window_time(window)`, a dropDuplicates) finds its event time.
 */
export function withEventTimeOutput(attrs: Attr[], groups: readonly { readonly name: string }[], group: EventTimeGroup | undefined): Attr[] {
  if (group === undefined) return attrs;
  const name = groups[group.groupIndex]?.name.toLowerCase();
  return attrs.map((a) => (a.name.toLowerCase() === name ? { ...a, eventTime: group.tag } : a));
}

/** For a `window_time(w)` select item: the attribute `w`, whose event-time tag the result keeps (as Spark's). */
export function windowTimeSource(b: Bound, input: readonly Attr[]): Attr | undefined {
  const src = eventTimeSourceOf(b);
  const a = src === undefined ? undefined : input[src];
  // only the tag travels (the result is a new column: no qualifier, no plan id)
  return a?.eventTime === undefined ? undefined : { ...a, name: "", qualifier: null, planIds: undefined };
}
