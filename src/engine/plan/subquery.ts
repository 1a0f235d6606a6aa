/**
 * Subquery expressions: scalar `(SELECT max(v) FROM t)`, `EXISTS (SELECT ...)` and `x IN (SELECT ...)`, with
 * their negations, uncorrelated or correlated (plan/subquery-outer.ts resolves the outer references).
 *
 * Spark rewrites predicate subqueries into semi/anti/existence joins and correlated scalar subqueries into
 * outer joins over a decorrelated aggregate. tspark evaluates the subquery's own compiled plan instead, once per
 * distinct combination of outer-reference values in each run of the query (an uncorrelated subquery runs once per
 * batch action or micro-batch), which gives the same answers with none of the rewrite's restrictions, at the cost of
 * running the inner plan per distinct outer key. The answers follow what those joins give, which is not
 * three-valued SQL logic:
 * - `x IN (q)` is true when some row of q equals x, else false (never NULL: an existence join);
 * - `x NOT IN (q)` is true when every row of q is definitely different from x (a null-aware anti join: a NULL x
 *   or a NULL in q makes it false, unless q is empty);
 * - `EXISTS (q)` is whether q has a row; a scalar subquery is its one value, NULL when it has no row, and
 *   SCALAR_SUBQUERY_TOO_MANY_ROWS when it has more.
 */
import { AnalysisException, SparkException, SparkRuntimeException } from "../errors";
import { analyzeExpr, type Bound, coerce, type Eval, type Scope } from "../expr/analyze";
import type * as A from "../expr/ast";
import { commonType } from "../expr/coercion";
import { equalsFor, keyOf } from "../expr/compare";
import { BooleanType, type DataType } from "../types/data-types";
import type { Row } from "../types/values";
import type { LogicalPlan } from "./nodes";
import { type ExecContext, type PhysicalNode, walkPhysical } from "./physical";
import { withOuterContext } from "./subquery-outer";

/** What planning a subquery needs from the analyzer. */
export interface SubqueryPlanner {
  /** Compiles the subquery's plan as a batch query over the current session's views. */
  compile(plan: LogicalPlan): PhysicalNode;
  /** The plan node whose expressions are being analyzed (where the subquery expression is). */
  host(): LogicalPlan | undefined;
}

/** Subqueries read static relations only (a streaming one is refused at analysis), so no batch context. */
const STATIC_RUN: ExecContext = {
  relationRows: () => {
    throw new Error("a subquery reads no stream");
  },
};

/** Bounded so a correlated subquery over many distinct outer keys does not keep every answer. */
const MAX_CACHED_KEYS = 4096;

/**
 * Counts runs of top-level plans (each batch action, each micro-batch): a subquery's answers are kept for one run,
 * as Spark runs a query's subqueries once per execution, so the next batch sees the batch's current_timestamp().
 */
let queryRun = 0;

/** Which run of a top-level plan is going on (plan/subquery-filter.ts keeps its hash table for one run too). */
export function currentQueryRun(): number {
  return queryRun;
}

/** Called by the analyzer's top-level plan at the start of every run. */
export function startQueryRun(): void {
  queryRun++;
}

function analysisError(errorClass: string, sqlState: string, message: string): AnalysisException {
  return new AnalysisException(`[${errorClass}] ${message} SQLSTATE: ${sqlState}`, { errorClass, sqlState });
}

function readsStream(p: PhysicalNode): boolean {
  let found = false;
  walkPhysical(p, (n) => {
    if (n.kind === "StreamingRelation") found = true;
  });
  return found;
}

export function analyzeSubquery(e: A.SubqueryExpr, scope: Scope, planner: SubqueryPlanner): Bound {
  const host = planner.host();
  const { compiled, refs, holder } = withOuterContext(scope, e.implicitOuter, (c) => ({ compiled: planner.compile(e.query.plan), refs: c.refs, holder: c.holder }));
  if (readsStream(compiled)) {
    throw analysisError("INVALID_SUBQUERY_EXPRESSION.STREAMING_QUERY", "42823", "Invalid subquery: Streaming query is not allowed in subquery expressions.");
  }
  const outerNames = [...new Set(refs.map((r) => r.name))];
  const correlated = refs.length > 0;
  checkPlacement(e.form, correlated, host);
  // the inner plan's answer for the outer row `row`, computed once per distinct outer-reference values
  const cached = <T>(compute: (rows: Row[]) => T): ((row: Row) => T) => {
    const byKey = new Map<string, T>();
    let run = -1;
    const keyEvals = refs.map((r) => r.eval);
    return (row) => {
      if (run !== queryRun) {
        byKey.clear();
        run = queryRun;
      }
      const key = keyEvals.length === 0 ? "" : keyEvals.length === 1 ? keyOf(keyEvals[0]!(row)) : keyEvals.map((f) => keyOf(f(row))).join("\u0001");
      let v = byKey.get(key);
      if (v === undefined && !byKey.has(key)) {
        const saved = holder.row;
        holder.row = row;
        try {
          v = compute(compiled.run(STATIC_RUN));
        } finally {
          holder.row = saved;
        }
        if (byKey.size >= MAX_CACHED_KEYS) byKey.clear();
        byKey.set(key, v);
      }
      return v as T;
    };
  };
  switch (e.form) {
    case "scalar":
      return scalarSubquery(compiled, correlated, outerNames, cached);
    case "exists": {
      const has = cached((rows) => rows.length > 0);
      const name = `exists(${outerNames.join(", ")})`;
      return predicate(e.negated ? `(NOT ${name})` : name, e.negated ? (row) => !has(row) : has);
    }
    case "in":
      return inSubquery(e, compiled, scope, outerNames, cached);
  }
}

/**
 * Spark's CheckAnalysis of where a subquery expression may be: IN and EXISTS in filters, joins, projections,
 * aggregations and windows (not in ORDER BY); a correlated scalar subquery not in ORDER BY either. (Spark's
 * rewrites into joins have no place to put one under a Sort; tspark could evaluate it, but a program that runs
 * here should run on Spark.)
 */
function checkPlacement(form: A.SubqueryExpr["form"], correlated: boolean, host: LogicalPlan | undefined): void {
  if (host?.kind !== "Sort") return;
  if (form !== "scalar") {
    throw analysisError(
      "UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.UNSUPPORTED_IN_EXISTS_SUBQUERY",
      "0A000",
      "Unsupported subquery expression: IN/EXISTS predicate subqueries can only be used in filters, joins, aggregations, window functions, projections, and UPDATE/MERGE/DELETE commands.",
    );
  }
  if (correlated) {
    throw analysisError(
      "UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.UNSUPPORTED_CORRELATED_SCALAR_SUBQUERY",
      "0A000",
      "Unsupported subquery expression: Correlated scalar subqueries can only be used in filters, aggregations, projections, and UPDATE/MERGE/DELETE commands.",
    );
  }
}

/** An error of Spark's checks of where subqueries and outer references may be (this file, subquery-outer.ts). */
export function isSubqueryPlacementError(e: unknown): boolean {
  return e instanceof AnalysisException && (e.errorClass ?? "").startsWith("UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.");
}

function predicate(name: string, evalFn: Eval): Bound {
  return { dataType: BooleanType(), nullable: false, name, eval: evalFn, foldable: false };
}

function scalarSubquery(
  compiled: PhysicalNode,
  correlated: boolean,
  outerNames: readonly string[],
  cached: <T>(compute: (rows: Row[]) => T) => (row: Row) => T,
): Bound {
  if (compiled.attrs.length !== 1) {
    throw analysisError(
      "INVALID_SUBQUERY_EXPRESSION.SCALAR_SUBQUERY_RETURN_MORE_THAN_ONE_OUTPUT_COLUMN",
      "42823",
      `Invalid subquery: Scalar subquery must return only one column, but got ${compiled.attrs.length}.`,
    );
  }
  const value = cached((rows) => {
    if (rows.length > 1) {
      // Spark checks an uncorrelated subquery's result on the driver, a correlated one's in the join's tasks
      const cls = correlated ? SparkRuntimeException : SparkException;
      throw new cls("[SCALAR_SUBQUERY_TOO_MANY_ROWS] More than one row returned by a subquery used as an expression. SQLSTATE: 21000", {
        errorClass: "SCALAR_SUBQUERY_TOO_MANY_ROWS",
        sqlState: "21000",
      });
    }
    return rows.length === 0 ? null : (rows[0]![0] ?? null);
  });
  const a = compiled.attrs[0]!;
  return { dataType: a.dataType, nullable: true, name: `scalarsubquery(${outerNames.join(", ")})`, eval: value, foldable: false };
}

function inSubquery(
  e: A.SubqueryExpr,
  compiled: PhysicalNode,
  scope: Scope,
  outerNames: readonly string[],
  cached: <T>(compute: (rows: Row[]) => T) => (row: Row) => T,
): Bound {
  const left = e.values.map((v) => analyzeExpr(v, scope));
  const right = compiled.attrs;
  const lhs = left.length === 1 ? left[0]!.name : `named_struct(${left.map((b) => `'${b.name}', ${b.name}`).join(", ")})`;
  const query = `listquery(${outerNames.join(", ")})`;
  const name = `(${lhs} IN (${query}))`;
  if (left.length !== right.length) {
    throw analysisError(
      "DATATYPE_MISMATCH.IN_SUBQUERY_LENGTH_MISMATCH",
      "42K09",
      `Cannot resolve "${name}" due to data type mismatch: The number of columns in the left hand side of an IN subquery does not match the number of columns in the output of subquery. Left hand side columns(length: ${left.length}): [${left.map((b) => `"${b.name}"`).join(", ")}], right hand side columns(length: ${right.length}): [${right.map((a) => `"${a.name}"`).join(", ")}].`,
    );
  }
  // Spark widens both sides as for a set operation (findWiderTypeForTwo): INT against STRING is BIGINT under ANSI
  const types: (DataType | null)[] = left.map((l, i) => commonType(l.dataType, right[i]!.dataType, scope.ctx.ansi));
  if (types.some((t) => t === null)) {
    const bad = left.flatMap((l, i) => (types[i] === null ? [`(${l.name}:${l.dataType.simpleString()}, ${right[i]!.name}:${right[i]!.dataType.simpleString()})`] : []));
    throw analysisError(
      "DATATYPE_MISMATCH.IN_SUBQUERY_DATA_TYPE_MISMATCH",
      "42K09",
      `Cannot resolve "${name}" due to data type mismatch: The data type of one or more elements in the left hand side of an IN subquery is not compatible with the data type of the output of the subquery. Mismatched columns: [${bad.join(", ")}], Left side: [${left.map((b) => `"${b.dataType.sql()}"`).join(", ")}], Right side: [${right.map((a) => `"${a.dataType.sql()}"`).join(", ")}].`,
    );
  }
  const ts = types as DataType[];
  const lefts = left.map((l, i) => coerce(l, ts[i]!, scope.ctx).eval);
  const rights = right.map((a, i) => coerce({ dataType: a.dataType, nullable: a.nullable, name: a.name, eval: (r) => r[i], foldable: false }, ts[i]!, scope.ctx).eval);
  const negated = e.negated;
  const shown = negated ? `(NOT ${name})` : name;
  if (left.length === 1) {
    // one column: a hash set of the subquery's values
    const [l] = lefts as [Eval];
    const [r] = rights as [Eval];
    const values = cached((rows) => {
      const set = new Set<string>();
      let hasNull = false;
      for (const row of rows) {
        const v = r(row);
        if (v === null) hasNull = true;
        else set.add(keyOf(v));
      }
      return { set, hasNull, empty: rows.length === 0 };
    });
    return predicate(
      shown,
      negated
        ? (row) => {
            const s = values(row);
            if (s.empty) return true;
            const x = l(row);
            return x !== null && !s.hasNull && !s.set.has(keyOf(x));
          }
        : (row) => {
            const x = l(row);
            return x !== null && values(row).set.has(keyOf(x));
          },
    );
  }
  // several columns: a column pair is equal, different, or unknown (a NULL on either side). A row equal in every
  // column is found by hashing the rows without NULLs; NOT IN must also see that no row is unknown, by a scan.
  const eqs = ts.map(equalsFor);
  const keyOfRow = (vs: readonly unknown[]): string => vs.map(keyOf).join("\u0001");
  const inner = cached((rows) => {
    const tuples = rows.map((row) => rights.map((f) => f(row)));
    return { tuples, complete: new Set(tuples.filter((ys) => !ys.includes(null)).map(keyOfRow)) };
  });
  const compare = (xs: unknown[], ys: unknown[]): "equal" | "different" | "unknown" => {
    let unknown = false;
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i];
      const y = ys[i];
      if (x === null || y === null) unknown = true;
      else if (!eqs[i]!(x, y)) return "different";
    }
    return unknown ? "unknown" : "equal";
  };
  return predicate(shown, (row) => {
    const xs = lefts.map((f) => f(row));
    const { tuples, complete } = inner(row);
    const found = !xs.includes(null) && complete.has(keyOfRow(xs));
    if (!negated) return found;
    return !found && tuples.every((ys) => compare(xs, ys) === "different");
  });
}
