/**
 * Plans a select list that holds window expressions (`fn OVER (...)`): each one becomes a hidden column of a
 * Window operator (window-exec.ts) below the projection, which then reads it like any column, so a window value
 * can sit inside a larger expression (`rank().over(w) - 1`). The function families live in
 * expr/functions/window-*.ts; this file only dispatches a call to the family that owns it.
 *
 * On a streaming DataFrame Spark rejects such windows before the query starts
 * (NON_TIME_WINDOW_NOT_SUPPORTED_IN_STREAMING); the pattern that works is a window inside foreachBatch.
 */
import { AnalysisException, sparkError } from "../../../errors";
import { type Attr, analyzeExpr, type Bound, expandStar, outputName, type Scope } from "../../../expr/analyze";
import * as A from "../../../expr/ast";
import { bindAggregateWindowFunction } from "../../../expr/functions/window-aggregate";
import { bindOffsetFunction } from "../../../expr/functions/window-offset";
import { bindCounterDiff } from "../../../expr/functions/window-counter-diff";
import { bindRankingFunction } from "../../../expr/functions/window-ranking";
import {
  describeWindowSpec,
  effectiveFrame,
  frameText,
  type WindowAggregate,
  type WindowBindContext,
  type WindowFamily,
  type WindowFunction,
} from "../../../expr/functions/window-spec";
import type { FunctionRegistry } from "../../../expr/functions/registry";
import { StructFieldImpl, StructTypeImpl } from "../../../types/struct-type";
import { aggregatorFor, compileAggregate } from "../../aggregation";
import type { LogicalPlan, Project } from "../../nodes";
import type { PhysicalNode } from "../../physical";
import { type BoundWindow, windowExec } from "./window-exec";

/** Ranking first, then lag/lead/nth_value..., then any aggregate function of the session. */
const FAMILIES: readonly WindowFamily[] = [bindRankingFunction, bindOffsetFunction, bindCounterDiff, bindAggregateWindowFunction];

/** What planning needs from the analyzer (passed in, as for joins, so this file does not import it). */
export interface WindowPlanHost {
  compile(p: LogicalPlan): PhysicalNode;
  scope(attrs: readonly Attr[]): Scope;
  readonly functions: FunctionRegistry;
  /** True when the child is a stream and the query is being planned to run (writeStream.start). */
  isStreaming(child: LogicalPlan): boolean;
  /** The analyzer's projection of bound items over `input`. */
  project(items: { name: string; bound: Bound }[], input: PhysicalNode): PhysicalNode;
}

export function containsWindowExpr(e: A.Expr): boolean {
  if (e.kind === "WindowExpr") return true;
  for (const v of Object.values(e)) {
    if (isExprObject(v) && containsWindowExpr(v)) return true;
    if (Array.isArray(v) && v.flat().some((x) => isExprObject(x) && containsWindowExpr(x))) return true;
  }
  return false;
}

function isExprObject(v: unknown): v is A.Expr {
  return v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype && typeof (v as { kind?: unknown }).kind === "string";
}

/** Rebuilds `e` with every window expression replaced by `f`'s result (data types and literals are left as they are). */
function replaceWindows(e: A.Expr, f: (w: A.WindowExpr) => A.Expr): A.Expr {
  if (e.kind === "WindowExpr") return f(e);
  if (e.kind === "Literal" || !containsWindowExpr(e)) return e;
  const mapValue = (v: unknown): unknown => (isExprObject(v) ? replaceWindows(v, f) : Array.isArray(v) ? Object.freeze(v.map(mapValue)) : v);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) out[k] = mapValue(v);
  return Object.freeze(out) as unknown as A.Expr;
}

const HIDDEN = "__tspark_window_";

function bindWindow(w: A.WindowExpr, scope: Scope, host: WindowPlanHost): { bound: BoundWindow; display: string } {
  const analyze = (e: A.Expr) => analyzeExpr(e, scope);
  const partitionBy = w.spec.partitionBy.map(analyze);
  const orderBy = w.spec.orderBy.map((o) => ({ bound: analyze(o.child), order: o }));
  const frame = effectiveFrame(w.spec);
  const show = (e: A.Expr) => analyze(e).name;
  const fnCall = w.fn.kind === "Call" ? w.fn : null;
  const sqlOf = (name: string) => `${name} OVER (${describeWindowSpec(w.spec, show, frame)})`;
  if (fnCall === null) {
    throw sparkError(AnalysisException, "UNSUPPORTED_EXPR_FOR_WINDOW", { sqlExpr: `"${analyze(w.fn).name}"` });
  }
  if (frame.type === "range" && (frame.lower !== Number.NEGATIVE_INFINITY && frame.lower !== 0 || frame.upper !== Number.POSITIVE_INFINITY && frame.upper !== 0)) {
    if (orderBy.length !== 1) {
      throw new AnalysisException(
        `[DATATYPE_MISMATCH.RANGE_FRAME_MULTI_ORDER] Cannot resolve "${frameText(frame)}" due to data type mismatch: A range window frame with value boundaries cannot be used in a window specification with multiple order by expressions: ${orderBy.map((o) => o.bound.name).join(", ")}. SQLSTATE: 42K09`,
        { errorClass: "DATATYPE_MISMATCH.RANGE_FRAME_MULTI_ORDER", sqlState: "42K09" },
      );
    }
  }
  const ctx: WindowBindContext = {
    call: fnCall,
    spec: w.spec,
    ctx: scope.ctx,
    analyze,
    sql: sqlOf(`${fnCall.name}()`),
    aggregate: (call) => bindAggregate(call, scope, host),
  };
  let fn: WindowFunction | null = null;
  for (const family of FAMILIES) {
    fn = family(ctx);
    if (fn !== null) break;
  }
  if (fn === null) throw sparkError(AnalysisException, "UNSUPPORTED_EXPR_FOR_WINDOW", { sqlExpr: `"${analyze(fnCall).name}"` });
  const shown = `${fn.name} OVER (${describeWindowSpec(w.spec, show, fn.frame ?? frame)})`;
  return { bound: { fn, partitionBy, orderBy, frame }, display: shown };
}

/** An aggregate call folded with the engine's own aggregate buffers (plan/aggregation.ts). */
function bindAggregate(call: A.Call, scope: Scope, host: WindowPlanHost): WindowAggregate | null {
  if (!host.functions.isAggregate(call.name)) return null;
  const logical = { kind: "Aggregate", child: { kind: "OneRowRelation" }, grouping: [], aggregates: [call] } as const;
  const compiled = compileAggregate(logical, scope.attrs, scope.ctx, host.functions);
  const out = compiled.outputs[0]!;
  return {
    name: out.name,
    dataType: out.bound.dataType,
    nullable: true,
    fresh: () => {
      const agg = aggregatorFor(compiled, true);
      const touched = new Set<string>();
      return { add: (row) => agg.add(row, touched), value: () => agg.results()[0]?.[0] ?? null };
    },
  };
}

export function planWindow(p: Project, host: WindowPlanHost): PhysicalNode {
  const child = host.compile(p.child);
  const scope = host.scope(child.attrs);
  const windows: { bound: BoundWindow; display: string }[] = [];
  const hiddenRef = (w: A.WindowExpr) => {
    windows.push(bindWindow(w, scope, host));
    return A.colRef([`${HIDDEN}${windows.length - 1}`]);
  };
  const exprs = p.exprs.map((e) => {
    if (e.kind === "WindowExpr") {
      const ref = hiddenRef(e);
      return A.alias(ref, windows[windows.length - 1]!.display);
    }
    return replaceWindows(e, hiddenRef);
  });
  if (host.isStreaming(p.child)) {
    const i = p.exprs.findIndex(containsWindowExpr);
    const item = p.exprs[i]!;
    const w = windows[0]!;
    // Spark prints the function and its spec upper-cased here: ROW_NUMBER() (as column `rn`) ... (ORDER BY VALUE ASC ...)
    const at = w.display.indexOf(" OVER (");
    throw sparkError(AnalysisException, "NON_TIME_WINDOW_NOT_SUPPORTED_IN_STREAMING", {
      windowFunc: w.display.slice(0, at).toUpperCase(),
      columnName: `\`${item.kind === "Alias" ? item.names[0]! : w.display}\``,
      windowSpec: w.display.slice(at + 6).toUpperCase(),
    });
  }
  const hidden: Attr[] = windows.map((w, i) => ({ name: `${HIDDEN}${i}`, qualifier: null, dataType: w.bound.fn.dataType, nullable: w.bound.fn.nullable }));
  const attrs = [...child.attrs, ...hidden];
  const schema = new StructTypeImpl(attrs.map((a) => new StructFieldImpl(a.name, a.dataType, a.nullable)));
  const node = windowExec(child, windows.map((w) => w.bound), attrs, schema, `[${windows.map((w) => w.display).join(", ")}]`);
  const windowScope = host.scope(attrs);
  // `*` means the input's columns only: the window's rows start with them, so their ordinals are unchanged
  const items = exprs.flatMap((e) => (e.kind === "Star" ? expandStar(e, scope) : projectListOf(e, windowScope)));
  return host.project(items, node);
}

function projectListOf(e: A.Expr, scope: Scope): { name: string; bound: Bound }[] {
  const b = analyzeExpr(e, scope);
  return [{ name: outputName(e, b), bound: b }];
}
