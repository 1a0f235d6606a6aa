/**
 * The common correlated subquery, `EXISTS (SELECT 1 FROM o WHERE o.k = t.k)` or `(SELECT count(*) FROM o WHERE
 * o.k = t.k)`: a filter inside the subquery whose condition equates an expression of its own (uncorrelated)
 * input with an expression of the outer row. Run as written, the subquery scans all of `o` for every distinct
 * outer key (rows × rows). Instead, such a filter reads its input once, keeps it in a hash table by the inner
 * key, and per run (per outer key, plan/subquery.ts) emits only the rows under the outer key, the rest of its
 * condition applied to them: the lookup Spark's rewrite into a join would make, with the subquery's plan intact
 * above it (aggregates over no rows still give their value for no rows, so count(*) stays 0).
 *
 * Anything else (no such equality, a correlated input, types compared by other rules) is left to the plain filter.
 */
import { analyzeExpr, type Bound, coerce, type Eval, type Scope } from "../expr/analyze";
import type * as A from "../expr/ast";
import { commonType, isDatetimeType, isNumericType, isStringType } from "../expr/coercion";
import { keyOf } from "../expr/compare";
import { BinaryType, BooleanType, type DataType } from "../types/data-types";
import type { Row } from "../types/values";
import type { Filter } from "./nodes";
import { type ExecContext, filterNode, type PhysicalNode } from "./physical";
import { currentQueryRun } from "./subquery";
import { innermostOuterContext } from "./subquery-outer";

export interface CorrelatedFilterHost {
  compile(p: Filter["child"]): PhysicalNode;
  scope(attrs: PhysicalNode["attrs"]): Scope;
}

function conjuncts(e: A.Expr): A.Expr[] {
  return e.kind === "Binary" && e.op === "AND" ? [...conjuncts(e.left), ...conjuncts(e.right)] : [e];
}

/** Column references in `e`, or -1 when it holds something whose outer references cannot be counted. */
function columnRefCount(e: unknown): number {
  if (Array.isArray(e)) return e.reduce((n: number, x) => (n < 0 ? n : addCount(n, columnRefCount(x))), 0);
  if (e === null || typeof e !== "object") return 0;
  const rec = e as Record<string, unknown>;
  if (rec.kind === "ColumnRef") return 1;
  if (rec.kind === "Subquery" || rec.kind === "LambdaFn" || rec.kind === "Star") return -1;
  let n = 0;
  for (const v of Object.values(rec)) {
    n = addCount(n, columnRefCount(v));
    if (n < 0) return n;
  }
  return n;
}

function addCount(a: number, b: number): number {
  return a < 0 || b < 0 ? -1 : a + b;
}

/** Types whose equality is equality of keyOf: hashing them gives the same matches as `=`. */
function hashable(t: DataType): boolean {
  return isNumericType(t) || isStringType(t) || isDatetimeType(t) || t instanceof BooleanType || t instanceof BinaryType;
}

interface KeyPair {
  readonly inner: Eval;
  readonly outer: Eval;
}

export function planCorrelatedFilter(p: Filter, host: CorrelatedFilterHost): PhysicalNode | null {
  const c = innermostOuterContext();
  if (c === undefined) return null;
  const before = c.refs.length;
  const child = host.compile(p.child);
  if (c.refs.length !== before || child.attrs.some((a) => a.hidden === true)) return null;
  const scope = host.scope(child.attrs);
  const keys: KeyPair[] = [];
  const rest: A.Expr[] = [];
  try {
    for (const e of conjuncts(p.condition)) {
      const pair = e.kind === "Binary" && (e.op === "=" || e.op === "==") ? keyPair(e.left, e.right, scope, c.refs) : null;
      if (pair === null) rest.push(e);
      else keys.push(pair);
    }
  } catch {
    return null; // the plain filter reports it
  }
  if (keys.length === 0) return null;
  const residual: Bound | null =
    rest.length === 0 ? null : analyzeExpr(rest.reduce((a, b) => ({ kind: "Binary", op: "AND", left: a, right: b }) as A.Binary), scope);
  if (residual !== null && !(residual.dataType instanceof BooleanType)) return null;
  const test = residual?.eval;
  // built once per run of the query, like the subquery's answers (plan/subquery.ts)
  let index: Map<string, Row[]> | null = null;
  let indexRun = -1;
  const build = (ctx: ExecContext): Map<string, Row[]> => {
    const m = new Map<string, Row[]>();
    for (const row of child.run(ctx)) {
      let key = "";
      let hasNull = false;
      for (const k of keys) {
        const v = k.inner(row);
        if (v === null) hasNull = true;
        key += `${keyOf(v)}\u0001`;
      }
      if (hasNull) continue; // NULL = x is never true
      const rows = m.get(key);
      if (rows === undefined) m.set(key, [row]);
      else rows.push(row);
    }
    return m;
  };
  const produce: PhysicalNode["produce"] = (ctx, emit) => {
    if (index === null || indexRun !== currentQueryRun()) {
      index = build(ctx);
      indexRun = currentQueryRun();
    }
    let key = "";
    for (const k of keys) {
      const v = k.outer([]);
      if (v === null) return;
      key += `${keyOf(v)}\u0001`;
    }
    for (const row of index.get(key) ?? []) if (test === undefined || test(row) === true) emit(row);
  };
  return filterNode(child, "correlated, by hash lookup", produce);
}

/** `l = r` as an inner key and an outer key (either order), both coerced to their common type; else null. */
function keyPair(l: A.Expr, r: A.Expr, scope: Scope, refs: readonly Bound[]): KeyPair | null {
  const side = (e: A.Expr): { b: Bound; outer: boolean } | null => {
    const refsBefore = refs.length;
    const b = analyzeExpr(e, scope);
    const added = refs.length - refsBefore;
    if (added === 0) return { b, outer: false };
    // outer only when every column it names is an outer reference (and it names nothing uncountable)
    return added === columnRefCount(e) ? { b, outer: true } : null;
  };
  const a = side(l);
  const b = side(r);
  if (a === null || b === null || a.outer === b.outer) return null;
  const [inner, outer] = a.outer ? [b.b, a.b] : [a.b, b.b];
  if (inner.foldable) return null;
  const same = inner.dataType.equals(outer.dataType);
  if (!same && !(isNumericType(inner.dataType) && isNumericType(outer.dataType))) return null;
  const t = commonType(inner.dataType, outer.dataType, scope.ctx.ansi, true);
  if (t === null || !hashable(t)) return null;
  return { inner: coerce(inner, t, scope.ctx).eval, outer: coerce(outer, t, scope.ctx).eval };
}
