/**
 * How the expression analyzer reaches subqueries, which are planned by the plan layer (plan/subquery.ts): a
 * subquery expression compiles a whole query, and a name a subquery lacks resolves in its enclosing query. The
 * plan layer installs these when it loads, so expr/ does not import plan/ (which imports expr/).
 */
import { AnalysisException } from "../errors";
import type { Bound, Scope } from "./analyze";
import type * as A from "./ast";

export interface SubqueryHooks {
  /** A subquery expression, analyzed and compiled against `scope` (its enclosing query's row). */
  analyze(e: A.SubqueryExpr, scope: Scope): Bound;
  /**
   * `ref`, which the current scope lacks (or which `Column.outer()` marked), resolved in the query enclosing
   * the subquery being analyzed; null when no subquery is being analyzed or the name is not there either.
   * `scope`: the subquery's scope the name was looked up in.
   */
  resolveOuter(ref: A.ColumnRef, scope: Scope): Bound | null;
}

let hooks: SubqueryHooks | null = null;

export function installSubqueryHooks(h: SubqueryHooks): void {
  hooks = h;
}

export function analyzeSubqueryExpr(e: A.SubqueryExpr, scope: Scope): Bound {
  if (hooks === null) throw new AnalysisException("Subquery expressions need the query planner, which is not loaded");
  return hooks.analyze(e, scope);
}

export function resolveOuterColumn(ref: A.ColumnRef, scope: Scope): Bound | null {
  return hooks === null ? null : hooks.resolveOuter(ref, scope);
}
