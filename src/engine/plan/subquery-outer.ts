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
import { AnalysisException, SparkThrowable } from "../errors";
import { analyzeExpr, type Bound, type Scope } from "../expr/analyze";
import type * as A from "../expr/ast";
import type { Row } from "../types/values";
import type { LogicalPlan } from "./nodes";

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

/**
 * Spark's CheckAnalysis of which operators of a subquery may hold an outer reference: filters (WHERE, and HAVING,
 * a filter above the aggregate in Spark), projections and joins; not an aggregate's grouping or select list, nor
 * ORDER BY (tspark's Aggregate node carries its HAVING, told apart by the names it uses).
 */
function checkHost(ref: A.ColumnRef, host: LogicalPlan | undefined, inner: Scope): void {
  if (host === undefined) return;
  const inHaving = host.kind === "Aggregate" && host.having !== undefined && namesColumn(host.having, ref.parts);
  if (host.kind === "Aggregate" && !inHaving && inner.insideAggregate === true && mixesInnerColumns(host.aggregates, ref.parts, inner)) {
    throw new AnalysisException(
      `[UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.AGGREGATE_FUNCTION_MIXED_OUTER_LOCAL_REFERENCES] Unsupported subquery expression: Found an aggregate function in a correlated predicate that has both outer and local references, which is not supported: outer(${ref.parts.join(".")}). SQLSTATE: 0A000`,
      { errorClass: "UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.AGGREGATE_FUNCTION_MIXED_OUTER_LOCAL_REFERENCES", sqlState: "0A000" },
    );
  }
  if ((host.kind === "Aggregate" && !inHaving) || host.kind === "Sort") {
    throw new AnalysisException(
      `[UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.CORRELATED_REFERENCE] Unsupported subquery expression: Expressions referencing the outer query are not supported outside of WHERE/HAVING clauses: "outer(${ref.parts.join(".")})". SQLSTATE: 0A000`,
      { errorClass: "UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.CORRELATED_REFERENCE", sqlState: "0A000" },
    );
  }
}

/** Whether an aggregate call of `exprs` naming the outer column `parts` also names a column of `inner` (Spark's mixed references). */
function mixesInnerColumns(exprs: readonly A.Expr[], parts: readonly string[], inner: Scope): boolean {
  const calls: A.Call[] = [];
  const collect = (e: unknown): void => {
    if (Array.isArray(e)) {
      for (const x of e) collect(x);
      return;
    }
    if (e === null || typeof e !== "object") return;
    const rec = e as Record<string, unknown>;
    if (rec.kind === "Call" && inner.functions.isAggregate(String(rec.name).toLowerCase())) calls.push(e as A.Call);
    else for (const v of Object.values(rec)) collect(v);
  };
  collect(exprs);
  const isInner = (p: readonly string[]): boolean => {
    const lower = p.map((x) => x.toLowerCase());
    return inner.attrs.some((a) =>
      lower.length === 1 ? a.name.toLowerCase() === lower[0] : a.qualifier?.toLowerCase() === lower[0] && a.name.toLowerCase() === lower[1],
    );
  };
  return calls.some((c) => namesColumn(c.args, parts) && columnsOf(c.args).some(isInner));
}

function columnsOf(e: unknown): (readonly string[])[] {
  if (Array.isArray(e)) return e.flatMap(columnsOf);
  if (e === null || typeof e !== "object") return [];
  const rec = e as Record<string, unknown>;
  if (rec.kind === "ColumnRef") return [rec.parts as readonly string[]];
  return Object.values(rec).flatMap(columnsOf);
}

function namesColumn(e: unknown, parts: readonly string[]): boolean {
  if (Array.isArray(e)) return e.some((x) => namesColumn(x, parts));
  if (e === null || typeof e !== "object") return false;
  const rec = e as Record<string, unknown>;
  if (rec.kind === "ColumnRef") {
    const p = rec.parts as readonly string[];
    return p.length === parts.length && p.every((x, i) => x.toLowerCase() === parts[i]!.toLowerCase());
  }
  return Object.values(rec).some((v) => namesColumn(v, parts));
}

/**
 * `ref` resolved in the query enclosing the innermost subquery being analyzed, or null (see SubqueryHooks).
 * `host`: the subquery's plan node whose expression holds the reference; `inner`: the scope it was looked up in.
 */
export function resolveOuterReference(ref: A.ColumnRef, host: LogicalPlan | undefined, inner: Scope): Bound | null {
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
  checkHost(ref, host, inner);
  c.refs.push(b);
  const read = b.eval;
  const holder = c.holder;
  return { dataType: b.dataType, nullable: b.nullable, name: b.name, eval: () => read(holder.row), foldable: false };
}
