/**
 * Spark's TimeWindowing. Every window() drops the rows whose time column is NULL (Spark plans a Filter
 * `isnotnull(time)` below the operator, so `SELECT window(ts, ...)` has no row for a NULL ts and a grouping has
 * no NULL window). For sliding windows: `window(t, "10 minutes", "5 minutes")` puts one input row into
 * several windows, so the operator reading it (a Project or an Aggregate) gets an Expand step below it that emits
 * the row once per window it falls in, with that window as a new column; the `window(...)` call above then reads
 * the column. Tumbling windows need no Expand (one window per row: the function computes it).
 */
import { AnalysisException } from "../errors";
import { analyzeExpr, type Bound, type WindowSpec } from "../expr/analyze";
import type * as A from "../expr/ast";
import * as dt from "../expr/datetime";
import type { Attr } from "../expr/attr";
import type { Row } from "../types/values";
import type { PlanEnv } from "./analyzer";
import { type ExecContext, filterNode, type PhysicalNode, runByProducing } from "./physical";
import { freshPlanId } from "./plan-ids";
import { StructFieldImpl, StructTypeImpl } from "../types/struct-type";

function windowCalls(e: unknown, out: A.Call[]): void {
  if (Array.isArray(e)) {
    for (const x of e) windowCalls(x, out);
    return;
  }
  if (typeof e !== "object" || e === null) return;
  const rec = e as Record<string, unknown>;
  if (rec.kind === "Call" && typeof rec.name === "string" && rec.name.toLowerCase() === "window") out.push(e as A.Call);
  for (const v of Object.values(rec)) if (typeof v === "object" && v !== null) windowCalls(v, out);
}

function replaceCall(e: unknown, target: A.Call, by: A.Expr): unknown {
  if (e === target) return by;
  if (Array.isArray(e)) {
    const out = e.map((x) => replaceCall(x, target, by));
    return out.every((x, i) => x === e[i]) ? e : Object.freeze(out);
  }
  if (typeof e !== "object" || e === null || !("kind" in e)) return e;
  let changed = false;
  const next: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) {
    const r = typeof v === "object" && v !== null ? replaceCall(v, target, by) : v;
    if (r !== v) changed = true;
    next[k] = r;
  }
  return changed ? Object.freeze(next) : e;
}

export interface TimeWindowExpansion {
  /** The child with the Expand step on top (its last column is the window). */
  readonly child: PhysicalNode;
  /** Rewrites an expression of the operator: the sliding `window(...)` call becomes a reference to that column. */
  rewrite<T extends A.Expr>(e: T): T;
}

function expandNode(child: PhysicalNode, spec: WindowSpec, windowAttr: Attr): PhysicalNode {
  const attrs = [...child.attrs, windowAttr];
  const produce = (ctx: ExecContext, emit: (r: Row) => void): void =>
    child.produce(ctx, (r) => {
      const ts = spec.eval(r) as bigint | null;
      if (ts === null) return; // Spark filters rows whose time column is null
      for (const s of dt.windowStarts(ts, spec.w, spec.slide, spec.start)) emit([...r, [s, s + spec.w]]);
    });
  return {
    kind: "Expand",
    detail: `[${attrs.map((a) => a.name).join(", ")}], sliding window ${spec.w} us every ${spec.slide} us`,
    children: [child],
    attrs,
    schema: new StructTypeImpl(attrs.map((a) => new StructFieldImpl(a.name, a.dataType, a.nullable))),
    sorted: false,
    produce,
    run: runByProducing(produce),
  };
}

/** True when `exprs` call window() anywhere (the operator then needs Spark's TimeWindowing). */
export function hasWindowCall(exprs: readonly A.Expr[]): boolean {
  const calls: A.Call[] = [];
  windowCalls(exprs, calls);
  return calls.length > 0;
}

/**
 * For a tumbling window() in `exprs`: the child without the rows whose time column is NULL (the window function
 * computes each row's one window itself). Null when `exprs` hold no window() call.
 */
export function dropNullWindowTimes(exprs: readonly A.Expr[], child: PhysicalNode, env: PlanEnv): PhysicalNode | null {
  const calls: A.Call[] = [];
  windowCalls(exprs, calls);
  const time = calls[0]?.args[0];
  if (time === undefined) return null;
  const tb = analyzeExpr(time, { attrs: child.attrs, ctx: env.ctx, functions: env.functions });
  const te = tb.eval;
  const produce = (ctx: ExecContext, emit: (r: Row) => void): void =>
    child.produce(ctx, (r) => {
      if (te(r) !== null) emit(r);
    });
  return filterNode(child, `isnotnull(${tb.name})`, produce);
}

/** The Expand step for the sliding window in `exprs`, or null when they hold none. */
export function expandSlidingWindow(exprs: readonly A.Expr[], child: PhysicalNode, env: PlanEnv): TimeWindowExpansion | null {
  const calls: A.Call[] = [];
  windowCalls(exprs, calls);
  const scope = { attrs: child.attrs, ctx: env.ctx, functions: env.functions };
  const bounds: { call: A.Call; bound: Bound }[] = [];
  for (const call of calls) {
    const bound = analyzeExpr(call, scope);
    if (bound.windowSpec !== undefined) bounds.push({ call, bound });
  }
  if (bounds.length === 0) return null;
  const distinct = new Set(calls.map((c) => JSON.stringify(c, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v))));
  if (distinct.size > 1) {
    throw new AnalysisException(
      "Multiple time/session window expressions would result in a cartesian product of rows, therefore they are currently not supported.",
    );
  }
  const { bound } = bounds[0]!;
  const spec = bound.windowSpec!;
  // the window column keeps the time column's event-time tag, as Spark's window attribute keeps its metadata
  const time = calls[0]!.args[0];
  const timeIdx = time === undefined ? undefined : analyzeExpr(time, scope).ordinal;
  const eventTime = timeIdx === undefined ? undefined : child.attrs[timeIdx]?.eventTime;
  const planId = freshPlanId();
  const windowAttr: Attr = { name: "window", qualifier: null, dataType: bound.dataType, nullable: true, planIds: [planId], ...(eventTime ? { eventTime } : {}) };
  const ref: A.ColumnRef = Object.freeze({ kind: "ColumnRef", parts: Object.freeze(["window"]), planId });
  return {
    child: expandNode(child, spec, windowAttr),
    rewrite: <T extends A.Expr>(e: T): T => {
      let out: unknown = e;
      for (const c of calls) out = replaceCall(out, c, ref);
      return out as T;
    },
  };
}
