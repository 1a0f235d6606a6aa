/**
 * Spark's CheckAnalysis rules for observed metrics (`df.observe(name, ...)`, CollectMetrics): every metric is an
 * aggregate over the rows, so a column or a non-deterministic expression may appear only inside an aggregate
 * function; no DISTINCT aggregates, no nested aggregates, no window expressions; and one name means one set of
 * metrics per query (the same `observe` reached twice, as in a self-union, is allowed).
 */
import { describe } from "../../../api/column";
import { AnalysisException } from "../../../errors";
import type * as A from "../../../expr/ast";
import type { FunctionLookup } from "../../../expr/analyze";
import { type CollectMetrics, children, type LogicalPlan } from "../../nodes";

const SUB_MESSAGES: Record<string, string> = {
  MISSING_NAME: "The observed metrics should be named: <expr>.",
  NON_AGGREGATE_FUNC_ARG_IS_ATTRIBUTE: "Attribute <expr> can only be used as an argument to an aggregate function.",
  NON_AGGREGATE_FUNC_ARG_IS_NON_DETERMINISTIC: "Non-deterministic expression <expr> can only be used as an argument to an aggregate function.",
  AGGREGATE_EXPRESSION_WITH_DISTINCT_UNSUPPORTED: "Aggregate expressions with DISTINCT are not allowed in observed metrics, but found: <expr>.",
  NESTED_AGGREGATES_UNSUPPORTED: "Nested aggregates are not allowed in observed metrics, but found: <expr>.",
  WINDOW_EXPRESSIONS_UNSUPPORTED: "Window expressions are not allowed in observed metrics, but found: <expr>.",
};

function invalid(sub: keyof typeof SUB_MESSAGES, metric: A.Expr): AnalysisException {
  const expr = `"${sqlText(metric)}"`;
  const errorClass = `INVALID_OBSERVED_METRICS.${sub}`;
  return new AnalysisException(`[${errorClass}] Invalid observed metrics. ${SUB_MESSAGES[sub]!.replace("<expr>", expr)} SQLSTATE: 42K0E`, {
    errorClass,
    sqlState: "42K0E",
    messageParameters: { expr },
  });
}

/** Spark's toSQLExpr text of a metric (describe, with DISTINCT shown). */
function sqlText(e: A.Expr): string {
  if (e.kind === "Alias") return `${sqlText(e.child)} AS ${e.names.join(", ")}`;
  if (e.kind === "Call" && e.distinct) return `${e.name}(DISTINCT ${e.args.map(sqlText).join(", ")})`;
  return describe(e);
}

function childExprs(e: A.Expr): A.Expr[] {
  const out: A.Expr[] = [];
  for (const v of Object.values(e)) {
    if (Array.isArray(v)) {
      for (const x of v.flat()) if (x !== null && typeof x === "object" && "kind" in x) out.push(x as A.Expr);
    } else if (v !== null && typeof v === "object" && "kind" in v) out.push(v as A.Expr);
  }
  return out;
}

/**
 * Checks one CollectMetrics node's metrics (Spark's checkMetric, case by case in its order). `nondeterministic`:
 * whether an expression (or anything below it) is non-deterministic.
 */
export function checkMetrics(p: CollectMetrics, functions: FunctionLookup, nondeterministic: (e: A.Expr) => boolean): void {
  if (p.name === "") {
    throw new AnalysisException(`[INVALID_OBSERVED_METRICS.MISSING_NAME] Invalid observed metrics. The observed metrics should be named: CollectMetrics. SQLSTATE: 42K0E`, {
      errorClass: "INVALID_OBSERVED_METRICS.MISSING_NAME",
      sqlState: "42K0E",
    });
  }
  const check = (metric: A.Expr, e: A.Expr, seenAggregate: boolean): void => {
    if (e.kind === "WindowExpr") throw invalid("WINDOW_EXPRESSIONS_UNSUPPORTED", metric);
    const isAgg = e.kind === "Call" && functions.isAggregate(e.name);
    if (isAgg && seenAggregate) throw invalid("NESTED_AGGREGATES_UNSUPPORTED", metric);
    if (isAgg && e.distinct) throw invalid("AGGREGATE_EXPRESSION_WITH_DISTINCT_UNSUPPORTED", metric);
    if (isAgg) {
      for (const c of childExprs(e)) check(metric, c, true);
      return;
    }
    if (e.kind === "ColumnRef" && !seenAggregate) throw invalid("NON_AGGREGATE_FUNC_ARG_IS_ATTRIBUTE", metric);
    if (e.kind !== "Alias" && !seenAggregate && nondeterministic(e)) throw invalid("NON_AGGREGATE_FUNC_ARG_IS_NON_DETERMINISTIC", metric);
    for (const c of childExprs(e)) check(metric, c, seenAggregate);
  };
  for (const m of p.metrics) check(m, m, false);
}

/**
 * Spark's checkCollectedMetrics: two CollectMetrics nodes of one plan with the same name must be the same
 * observation (the same node, or the same metrics over the same input).
 */
export function checkUniqueMetricNames(plan: LogicalPlan): void {
  const seen = new Map<string, CollectMetrics>();
  const visit = (p: LogicalPlan): void => {
    if (p.kind === "CollectMetrics") {
      const other = seen.get(p.name);
      if (other === undefined) seen.set(p.name, p);
      else if (other !== p && !(other.child === p.child && JSON.stringify(other.metrics, bigints) === JSON.stringify(p.metrics, bigints))) {
        throw new AnalysisException(
          `[DUPLICATED_METRICS_NAME] The metric name is not unique: ${p.name}. The same name cannot be used for metrics with different results.\nHowever multiple instances of metrics with with same result and name are allowed (e.g. self-joins). SQLSTATE: 42710`,
          { errorClass: "DUPLICATED_METRICS_NAME", sqlState: "42710", messageParameters: { metricName: p.name } },
        );
      }
    }
    for (const c of children(p)) visit(c);
  };
  visit(plan);
}

function bigints(_k: string, v: unknown): unknown {
  return typeof v === "bigint" ? `${v}n` : v;
}
