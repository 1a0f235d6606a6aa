/**
 * ORDER BY a column the SELECT list does not output (Spark's ResolveMissingReferences): `SELECT e.name FROM emp e
 * JOIN dept d ... ORDER BY d.title`, `SELECT k FROM t GROUP BY k ORDER BY sum(v)`, `df.select("a").orderBy("b")`.
 * A sort key that does not resolve against the projection's output is computed by the projection (or the
 * aggregate) below as an extra hidden column; the Sort reads it and drops it, as it drops a USING join's
 * hidden keys. Filters between the Sort and the projection pass the column on. Anything else (DISTINCT, a
 * subquery, a key that still does not resolve) keeps the original error, as Spark does: `SELECT DISTINCT name
 * FROM emp ORDER BY id` fails with UNRESOLVED_COLUMN.
 */
import type { Attr, Scope } from "../../../expr/analyze";
import { analyzeExpr } from "../../../expr/analyze";
import * as A from "../../../expr/ast";
import type { LogicalPlan, Sort } from "../../nodes";
import { containsWindowExpr } from "../window/plan-window";
import type { PhysicalNode } from "../../physical";

/** What this rewrite needs from the analyzer. */
export interface MissingReferencesHost {
  compile(p: LogicalPlan): PhysicalNode;
  scope(attrs: readonly Attr[]): Scope;
}

/** The hidden sort keys: resolved only by this qualified name (hidden columns are never matched by a bare name). */
const QUALIFIER = "__tspark_sort";

/**
 * The Sort's child with its unresolved keys added as trailing hidden columns, and the orders reading them; null
 * when nothing is missing or the child is not a projection or aggregate (through filters).
 */
export function withMissingSortKeys(p: Sort, child: PhysicalNode, host: MissingReferencesHost): { child: PhysicalNode; orders: readonly A.SortOrder[] } | null {
  const scope = host.scope(child.attrs);
  const missing: A.Expr[] = [];
  const orders = p.orders.map((o) => {
    try {
      analyzeExpr(o.child, scope);
      return o;
    } catch {
      missing.push(o.child);
      return A.sortOrder(A.colRef([QUALIFIER, `k${missing.length - 1}`]), o.ascending, o.nullsFirst);
    }
  });
  if (missing.length === 0) return null;
  const extended = addColumns(p.child, missing.map((e, j) => A.alias(e, `${QUALIFIER}_k${j}`)));
  if (extended === WINDOWED) {
    // Spark reports the first column the window's output lacks (`ORDER BY max(t)`: `t` cannot be resolved)
    for (const e of missing) for (const ref of columnRefs(e)) analyzeExpr(ref, scope);
    return null;
  }
  if (extended === null) return null;
  let compiled: PhysicalNode;
  try {
    compiled = host.compile(extended);
  } catch {
    return null; // the key does not resolve below either: the caller reports the original error
  }
  const width = compiled.attrs.length - missing.length;
  const attrs = compiled.attrs.map((a, i): Attr => (i < width ? a : { ...a, name: `k${i - width}`, qualifier: QUALIFIER, hidden: true }));
  // delegate to the node (a stateful one reports through its own methods); only the attrs differ
  return { child: Object.assign(Object.create(compiled) as PhysicalNode, { attrs }), orders };
}

/** addColumns' answer for an aggregate with window functions. */
const WINDOWED = "windowed";

function columnRefs(e: A.Expr): A.ColumnRef[] {
  if (e.kind === "ColumnRef") return [e];
  const out: A.ColumnRef[] = [];
  for (const v of Object.values(e)) {
    const items = Array.isArray(v) ? v.flat() : [v];
    for (const x of items) if (x !== null && typeof x === "object" && typeof (x as { kind?: unknown }).kind === "string") out.push(...columnRefs(x as A.Expr));
  }
  return out;
}

function addColumns(plan: LogicalPlan, extra: readonly A.Expr[]): LogicalPlan | null | typeof WINDOWED {
  switch (plan.kind) {
    case "Project":
      return { ...plan, exprs: [...plan.exprs, ...extra] };
    case "Aggregate":
      // with window functions it is Project(Window(Aggregate)) in Spark, whose rule stops at the Window
      return plan.aggregates.some(containsWindowExpr) ? WINDOWED : { ...plan, aggregates: [...plan.aggregates, ...extra] };
    case "Filter": {
      const child = addColumns(plan.child, extra);
      return child === null || child === WINDOWED ? child : { ...plan, child };
    }
    default:
      return null;
  }
}
