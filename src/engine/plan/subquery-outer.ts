/**
 * Outer references of correlated subqueries: while a subquery's plan is analyzed, a name its own inputs lack
 * (or one `Column.outer()` marked) resolves in the enclosing query, as Spark's analyzer resolves an
 * OuterReference. The reference reads the enclosing query's current row from this subquery's `holder`, which the
 * subquery expression sets before it runs its plan for a row (plan/subquery.ts). Each reference is recorded with
 * the enclosing query's own expression for it, so the subquery can key its cached results by their values.
 *
 * Analysis is synchronous, so the subqueries being analyzed form a stack; a name missing from the enclosing
 * query too is looked up one level further out (a nested subquery referring to the outermost query).
 */
import { SparkThrowable } from "../errors";
import { analyzeExpr, type Bound, type Scope } from "../expr/analyze";
import type * as A from "../expr/ast";
import type { Row } from "../types/values";

export interface OuterContext {
  /** The enclosing query's scope, where the subquery expression is being analyzed. */
  readonly scope: Scope;
  /** SQL text resolves missing names outside; a DataFrame subquery only names marked with outer(). */
  readonly implicit: boolean;
  /** The enclosing query's row the subquery currently runs for. */
  readonly holder: { row: Row };
  /** Every outer reference made (in the enclosing query's terms, evaluated over its row). */
  readonly refs: Bound[];
}

const stack: OuterContext[] = [];

/** Runs `analyze` (the subquery's planning) with `scope` as its enclosing query. */
export function withOuterContext<T>(scope: Scope, implicit: boolean, analyze: (c: OuterContext) => T): T {
  const c: OuterContext = { scope, implicit, holder: { row: [] }, refs: [] };
  stack.push(c);
  try {
    return analyze(c);
  } finally {
    stack.pop();
  }
}

/** The subquery being analyzed now (its enclosing query's context), if any. */
export function innermostOuterContext(): OuterContext | undefined {
  return stack[stack.length - 1];
}

function isUnresolved(e: unknown): boolean {
  return e instanceof SparkThrowable && (e.errorClass ?? "").startsWith("UNRESOLVED_COLUMN");
}

/** `ref` resolved in the query enclosing the innermost subquery being analyzed, or null (see SubqueryHooks). */
export function resolveOuterReference(ref: A.ColumnRef): Bound | null {
  const c = stack[stack.length - 1];
  if (c === undefined || (!c.implicit && ref.outer !== true)) return null;
  const { outer: _marked, ...plain } = ref;
  // analyzed as the enclosing query sees it, where a name it lacks in turn looks one level further out
  stack.pop();
  let b: Bound;
  try {
    b = analyzeExpr(plain, c.scope);
  } catch (e) {
    if (isUnresolved(e)) return null;
    throw e;
  } finally {
    stack.push(c);
  }
  c.refs.push(b);
  const read = b.eval;
  const holder = c.holder;
  return { dataType: b.dataType, nullable: b.nullable, name: b.name, eval: () => read(holder.row), foldable: false };
}
