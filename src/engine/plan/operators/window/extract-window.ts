/**
 * Window functions beside GROUP BY (Spark's ExtractWindowExpressions): `SELECT k, sum(v) AS s, rank() OVER
 * (ORDER BY sum(v) DESC) AS r FROM t GROUP BY k`. The window runs over the aggregate's output, so the plan
 * becomes Aggregate below, Window above, Project on top:
 *   - every aggregate call, grouping expression and column a window item reads (`sum(v)`, `k`) is computed by
 *     the Aggregate as an extra hidden column (a column no group holds fails there: MISSING_AGGREGATION);
 *   - the window items read those columns instead, so `sum(sum(v)) OVER ()` is a window sum of `sum(v)`;
 *   - the other select items pass through under their own names, and HAVING stays with the Aggregate.
 * The hidden columns carry the expressions' display names (`sum(v)`), so an unaliased window item is named
 * as Spark names it: `RANK() OVER (ORDER BY sum(v) DESC NULLS LAST ROWS BETWEEN ...)`.
 */
import { AnalysisException, sparkError } from "../../../errors";
import { type Attr, expandStar, type QueryContext } from "../../../expr/analyze";
import * as A from "../../../expr/ast";
import type { FunctionRegistry } from "../../../expr/functions/registry";
import { compileAggregate } from "../../aggregation";
import { type Aggregate, type LogicalPlan, node } from "../../nodes";
import { containsWindowExpr } from "./plan-window";

/** Names of the Aggregate's pass-through outputs in the scope of the window step (never a user's name). */
const OUTPUT = "__tspark_agg_out_";
const HIDDEN = "__tspark_agg_w_";

/** True when `e` holds an aggregate outside a window function's own call (`sum(v)` in `rank() OVER (ORDER BY sum(v))`). */
export function hasAggregateOutsideWindow(e: A.Expr, functions: FunctionRegistry): boolean {
  let found = false;
  visit(e, (x) => {
    if (x.kind === "WindowExpr") {
      const fnArgs = x.fn.kind === "Call" ? x.fn.args : [x.fn];
      found ||= [...fnArgs, ...x.spec.partitionBy, ...x.spec.orderBy].some((y) => hasAggregateOutsideWindow(y, functions));
      return true;
    }
    if (x.kind === "Call" && functions.isAggregate(x.name)) {
      found = true;
      return true;
    }
    return false;
  });
  return found;
}

/** Rewrites an Aggregate whose select list holds window expressions into Project(window items) over the Aggregate. */
export function extractWindowExpressions(p: Aggregate, childAttrs: readonly Attr[], ctx: QueryContext, functions: FunctionRegistry): LogicalPlan {
  const groupingKeys = new Set(p.grouping.map(keyOf));
  const extracted = new Map<string, A.Expr>();
  const extract = (e: A.Expr): void => {
    visit(e, (x) => {
      if (x.kind === "WindowExpr") {
        // the window function itself runs in the Window step; its arguments and spec read the Aggregate's columns
        const fnArgs = x.fn.kind === "Call" ? x.fn.args : [x.fn];
        for (const y of [...fnArgs, ...x.spec.partitionBy, ...x.spec.orderBy]) extract(y);
        return true;
      }
      if (x.kind === "Literal" || x.kind === "LambdaFn") return true;
      const isAggregate = x.kind === "Call" && functions.isAggregate(x.name);
      if (isAggregate || x.kind === "ColumnRef" || groupingKeys.has(keyOf(x))) {
        if (!extracted.has(keyOf(x))) extracted.set(keyOf(x), x);
        return true;
      }
      return false;
    });
  };
  const windowed = p.aggregates.map(containsWindowExpr);
  refuseLateralAliases(p, windowed, childAttrs);
  p.aggregates.forEach((e, i) => {
    if (windowed[i]) extract(e);
  });
  const hidden = [...extracted.values()];
  const passThrough = p.aggregates.filter((_, i) => !windowed[i]);
  const lower: Aggregate = { ...p, aggregates: [...passThrough, ...hidden] };
  // analysing the lower Aggregate gives every output's name (and fails on a column outside GROUP BY, as Spark does)
  const outputs = compileAggregate(lower, childAttrs, ctx, functions).outputs;
  const nPass = outputs.length - hidden.length;
  const hiddenNames = hidden.map((_, j) => outputs[nPass + j]!.name);
  const unique = (name: string, j: number) => (hiddenNames.findIndex((n) => n.toLowerCase() === name.toLowerCase()) === j ? name : `${HIDDEN}${j}`);
  const columnNames = [...outputs.slice(0, nPass).map((_, i) => `${OUTPUT}${i}`), ...hiddenNames.map(unique)];
  const refOf = new Map(hidden.map((e, j) => [keyOf(e), A.colRef([columnNames[nPass + j]!])]));
  const scope = { attrs: childAttrs, ctx, functions };
  let next = 0;
  const top = p.aggregates.flatMap((e, i) => {
    if (windowed[i]) return [rewrite(e, (x) => refOf.get(keyOf(x)))];
    const n = e.kind === "Star" ? expandStar(e, scope).length : 1;
    return Array.from({ length: n }, () => {
      const k = next++;
      return A.alias(A.colRef([`${OUTPUT}${k}`]), outputs[k]!.name);
    });
  });
  const aggregated = node({ kind: "SubqueryAlias", child: node(lower), alias: "__tspark_aggregate", columnNames });
  return node({ kind: "Project", child: aggregated, exprs: top });
}

/**
 * A window naming an alias of its own select list (`sum(v) AS s, rank() OVER (ORDER BY s)`) is a lateral column
 * alias, which Spark refuses inside a window (UNSUPPORTED_FEATURE.LATERAL_COLUMN_ALIAS_IN_WINDOW).
 */
function refuseLateralAliases(p: Aggregate, windowed: readonly boolean[], childAttrs: readonly Attr[]): void {
  const aliases = new Set(p.aggregates.flatMap((e) => (e.kind === "Alias" ? e.names.map((n) => n.toLowerCase()) : [])));
  const columns = new Set(childAttrs.map((a) => a.name.toLowerCase()));
  p.aggregates.forEach((item, i) => {
    if (!windowed[i]) return;
    visit(item, (x) => {
      if (x.kind !== "WindowExpr") return false;
      const refs: A.ColumnRef[] = [];
      const fnArgs = x.fn.kind === "Call" ? x.fn.args : [x.fn];
      for (const y of [...fnArgs, ...x.spec.partitionBy, ...x.spec.orderBy]) {
        visit(y, (z) => {
          if (z.kind === "ColumnRef") refs.push(z);
          return z.kind === "ColumnRef";
        });
      }
      const lateral = refs.find((r) => r.parts.length === 1 && aliases.has(r.parts[0]!.toLowerCase()) && !columns.has(r.parts[0]!.toLowerCase()));
      if (lateral !== undefined) {
        throw sparkError(AnalysisException, "UNSUPPORTED_FEATURE.LATERAL_COLUMN_ALIAS_IN_WINDOW", {
          lca: `\`${lateral.parts[0]}\``,
          windowExpr: `"${x.fn.kind === "Call" ? x.fn.name : "window"}(...) OVER (...)"`,
        });
      }
      return true;
    });
  });
}

function keyOf(e: A.Expr): string {
  return JSON.stringify(e, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : typeof v === "string" ? v.toLowerCase() : v));
}

function isExpr(v: unknown): v is A.Expr {
  return v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype && typeof (v as { kind?: unknown }).kind === "string";
}

/** Calls `f` on `e` and its sub-expressions, top down; `f` returns true to not descend further. */
function visit(e: A.Expr, f: (x: A.Expr) => boolean): void {
  if (f(e)) return;
  for (const v of Object.values(e)) {
    if (isExpr(v)) visit(v, f);
    else if (Array.isArray(v)) for (const x of v.flat()) if (isExpr(x)) visit(x, f);
  }
}

/** Rebuilds `e` with every sub-expression `f` maps replaced, top down (literals are left as they are). */
function rewrite(e: A.Expr, f: (x: A.Expr) => A.Expr | undefined): A.Expr {
  const hit = f(e);
  if (hit !== undefined) return hit;
  if (e.kind === "Literal") return e;
  if (e.kind === "WindowExpr" && e.fn.kind === "Call") {
    // the window function stays a call (`sum(v) OVER ()` is not the aggregate `sum(v)`): only its arguments are read
    const spec: A.WindowSpecDef = {
      ...e.spec,
      partitionBy: e.spec.partitionBy.map((x) => rewrite(x, f)),
      orderBy: e.spec.orderBy.map((o) => A.sortOrder(rewrite(o.child, f), o.ascending, o.nullsFirst)),
    };
    return A.windowExpr({ ...e.fn, args: e.fn.args.map((a) => rewrite(a, f)) }, spec);
  }
  const mapValue = (v: unknown): unknown => (isExpr(v) ? rewrite(v, f) : Array.isArray(v) ? Object.freeze(v.map(mapValue)) : v);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) out[k] = mapValue(v);
  return Object.freeze(out) as unknown as A.Expr;
}
