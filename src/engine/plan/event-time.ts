/**
 * Event time of a streaming aggregation: which grouping key carries the watermarked event time (the column a
 * `withWatermark` tagged, or a `window()` over it), found by resolving the grouping expressions against the
 * aggregation's input attributes, so the tag travels through projections and aliases instead of being matched
 * by column name.
 */
import { parseIntervalMs } from "../api/trigger";
import type * as A from "../expr/ast";
import { type Attr, analyzeExpr, type EventTimeTag } from "../expr/analyze";
import type { PhysicalNode } from "./physical";
import type { Aggregate } from "./nodes";
import { StructTypeImpl } from "../types/struct-type";
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

/** The input column `e` reads as is, or -1. */
function columnIndex(e: A.Expr, attrs: readonly Attr[], env: PlanEnv): number {
  if (e.kind !== "ColumnRef") return -1;
  try {
    const b = analyzeExpr(e, { attrs, ctx: env.ctx, functions: env.functions });
    return b.ordinal ?? -1;
  } catch {
    return -1;
  }
}

/** The grouping key of `p` that carries a watermarked event time, or undefined. */
export function eventTimeGroup(p: Aggregate, child: PhysicalNode, env: PlanEnv): EventTimeGroup | undefined {
  for (const [groupIndex, raw] of p.grouping.entries()) {
    const g = stripAlias(raw);
    const isWindow = g.kind === "Call" && g.name.toLowerCase() === "window";
    const timeExpr = isWindow ? g.args[0] : g;
    if (timeExpr === undefined) continue;
    const inputIndex = columnIndex(stripAlias(timeExpr), child.attrs, env);
    const attr = inputIndex < 0 ? undefined : child.attrs[inputIndex]!;
    const tag = attr?.eventTime;
    if (tag === undefined) continue;
    if (!isWindow && attr!.dataType instanceof StructTypeImpl) {
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
    };
  }
  return undefined;
}
