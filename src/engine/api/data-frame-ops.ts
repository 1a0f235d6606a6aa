/**
 * The DataFrame operations of PySpark that compose existing plan nodes (data-frame.ts keeps one-line
 * methods that call these): set operations (intersect/subtract as semi/anti joins on null-safe equality of
 * every column, intersectAll/exceptAll counting multiplicities), unionByName with missing columns, unpivot
 * (the stack generator), cube/rollup (one aggregate per grouping set, unioned), pivot (an aggregate per
 * value over `CASE WHEN pivot <=> value`), na.fill/drop/replace, describe/summary. Each returns a logical
 * plan; the eager ones (describe, summary, *All, pivot without values) run the input once, as Spark does.
 */
import { AnalysisException } from "../errors";
import * as A from "../expr/ast";
import { keyOf } from "../expr/compare";
import { isNumericType, isStringType } from "../expr/coercion";
import { type LogicalPlan, node } from "../plan/nodes";
import { ByteType, type DataType, DoubleType, IntegerType, LongType, StringType } from "../types/data-types";
import { StructFieldImpl, StructTypeImpl } from "../types/struct-type";
import type { Row } from "../types/values";
import { literalExpr } from "./column";

/** What these operations need from a DataFrame. */
export interface FrameLike {
  readonly plan: LogicalPlan;
  readonly schema: StructTypeImpl;
  collectValues(): Row[];
}

const q = (name: string): string => `\`${name.replace(/`/g, "``")}\``;
const ref = (...parts: string[]) => A.colRef(parts);
const nullOf = (t: DataType) => A.cast(A.lit(null, t), t);

/** intersect (semi) / subtract (anti): distinct rows of `a` with / without an equal row in `b`. */
export function distinctSetOp(a: FrameLike, b: FrameLike, joinType: "semi" | "anti"): LogicalPlan {
  const names = a.schema.fieldNames();
  const other = b.schema.fieldNames();
  if (names.length !== other.length) {
    throw new AnalysisException(
      `[NUM_COLUMNS_MISMATCH] ${joinType === "semi" ? "INTERSECT" : "EXCEPT"} can only be performed on inputs with the same number of columns, but the first input has ${names.length} columns and the second input has ${other.length} columns. SQLSTATE: 42826`,
      { errorClass: "NUM_COLUMNS_MISMATCH", sqlState: "42826" },
    );
  }
  const left = node({ kind: "SubqueryAlias", child: a.plan, alias: "__l" });
  const right = node({ kind: "SubqueryAlias", child: b.plan, alias: "__r" });
  const cond = names.map((n, i) => A.binary("<=>", ref("__l", n), ref("__r", other[i]!))).reduce((x, y) => A.binary("AND", x, y));
  const join = node({ kind: "Join", left, right, joinType, condition: cond, using: null });
  return node({ kind: "Deduplicate", child: join, keys: null });
}

/** intersectAll / exceptAll: rows of `a` kept min(m, n) / max(m - n, 0) times. */
export function multisetOp(a: FrameLike, b: FrameLike, op: "intersect" | "except"): LogicalPlan {
  const counts = new Map<string, number>();
  for (const r of b.collectValues()) counts.set(keyOf(r), (counts.get(keyOf(r)) ?? 0) + 1);
  const rows: Row[] = [];
  for (const r of a.collectValues()) {
    const k = keyOf(r);
    const n = counts.get(k) ?? 0;
    if (op === "intersect" ? n > 0 : n === 0) rows.push(r);
    if (n > 0) counts.set(k, n - 1);
  }
  return node({ kind: "LocalRelation", schema: a.schema, rows });
}

/** unionByName with allowMissingColumns: a column one side lacks is null there. */
export function unionByNameMissing(a: FrameLike, b: FrameLike): LogicalPlan {
  const an = a.schema.fields;
  const bn = b.schema.fields;
  const has = (fs: readonly StructFieldImpl[], n: string) => fs.find((f) => f.name.toLowerCase() === n.toLowerCase());
  const all = [...an, ...bn.filter((f) => !has(an, f.name))];
  const side = (fs: readonly StructFieldImpl[], plan: LogicalPlan) =>
    node({ kind: "Project", child: plan, exprs: all.map((f) => (has(fs, f.name) ? ref(has(fs, f.name)!.name) : A.alias(nullOf(f.dataType), f.name))) });
  return node({ kind: "Union", children: [side(an, a.plan), side(bn, b.plan)], byName: true, distinct: false });
}

/** unpivot / melt: one row per (id columns, value column), as stack(n, 'c1', c1, ...) AS (variable, value). */
export function unpivot(a: FrameLike, ids: readonly string[], values: readonly string[] | null, variable: string, value: string): LogicalPlan {
  const idSet = new Set(ids.map((i) => i.toLowerCase()));
  const cols = values ?? a.schema.fieldNames().filter((n) => !idSet.has(n.toLowerCase()));
  if (cols.length === 0) {
    throw new AnalysisException("[UNPIVOT_REQUIRES_VALUE_COLUMNS] At least one value column needs to be specified for UNPIVOT, all columns specified as ids. SQLSTATE: 42K0A", {
      errorClass: "UNPIVOT_REQUIRES_VALUE_COLUMNS",
      sqlState: "42K0A",
    });
  }
  const stack = A.call("stack", [A.lit(cols.length, IntegerType()), ...cols.flatMap((c) => [literalExpr(c), ref(c)])]);
  return node({ kind: "Project", child: a.plan, exprs: [...ids.map((i) => ref(i)), A.alias(stack, variable, value)] });
}

/** cube / rollup: the grouping sets, each an Aggregate with nulls for the keys it rolls up, unioned. */
export function groupingSets(a: FrameLike, keys: readonly A.Expr[], sets: readonly (readonly number[])[], aggs: readonly A.Expr[]): LogicalPlan {
  const names = keys.map((k, i) => (k.kind === "ColumnRef" ? k.parts[k.parts.length - 1]! : k.kind === "Alias" ? k.names[0]! : `__k${i}`));
  const types = keyTypes(a, keys);
  const parts = sets.map((set) => {
    const grouping = set.map((i) => keys[i]!);
    const items = keys.map((k, i) => (set.includes(i) ? (k.kind === "Alias" ? k : A.alias(k, names[i]!)) : A.alias(nullOf(types[i]!), names[i]!)));
    const gid = keys.reduce((acc, _k, i) => (acc << 1) | (set.includes(i) ? 0 : 1), 0);
    const withGrouping = aggs.map((e) => replaceGrouping(e, keys, set, gid));
    return node({ kind: "Aggregate", child: a.plan, grouping, aggregates: [...items, ...withGrouping] }) as LogicalPlan;
  });
  return parts.length === 1 ? parts[0]! : node({ kind: "Union", children: parts, byName: false, distinct: false });
}

let typeProbe: ((a: FrameLike, keys: readonly A.Expr[]) => DataType[]) | null = null;
/** data-frame.ts supplies how to type expressions over a frame (it owns DataFrame construction). */
export function setTypeProbe(p: (a: FrameLike, keys: readonly A.Expr[]) => DataType[]): void {
  typeProbe = p;
}
function keyTypes(a: FrameLike, keys: readonly A.Expr[]): DataType[] {
  return typeProbe!(a, keys);
}

/** grouping(c) / grouping_id() inside a grouping set's aggregates are constants of that set. */
function replaceGrouping(e: A.Expr, keys: readonly A.Expr[], set: readonly number[], gid: number): A.Expr {
  if (e.kind === "Call") {
    const n = e.name.toLowerCase();
    if (n === "grouping") {
      const i = keys.findIndex((k) => JSON.stringify(k) === JSON.stringify(e.args[0]));
      return A.lit(set.includes(i) ? 0 : 1, ByteType(), `grouping(${describeKey(e.args[0]!)})`);
    }
    if (n === "grouping_id") return A.lit(BigInt(gid), LongType(), "grouping_id()");
    return { ...e, args: e.args.map((x) => replaceGrouping(x, keys, set, gid)) };
  }
  if (e.kind === "Alias") return { ...e, child: replaceGrouping(e.child, keys, set, gid) };
  return e;
}
const describeKey = (e: A.Expr): string => (e.kind === "ColumnRef" ? e.parts.join(".") : "expr");

/** pivot: for each value, every aggregate over `CASE WHEN pivot <=> value THEN arg END`. */
export function pivot(a: FrameLike, grouping: readonly A.Expr[], pivotCol: A.Expr, values: readonly unknown[], aggs: readonly A.Expr[], aggNames: readonly string[]): LogicalPlan {
  const items: A.Expr[] = [];
  for (const v of values) {
    const cond = A.binary("<=>", pivotCol, literalExpr(v));
    aggs.forEach((agg, j) => {
      const inner = agg.kind === "Alias" ? agg.child : agg;
      if (inner.kind !== "Call") throw new AnalysisException("pivot needs aggregate functions: agg(sum(\"x\")), count(), ...");
      const args = inner.star || inner.args.length === 0 ? [A.caseWhen(null, [[cond, A.lit(1, IntegerType())]], null)] : inner.args.map((x) => A.caseWhen(null, [[cond, x]], null));
      const call = A.call(inner.name, args, inner.distinct);
      const label = v === null ? "null" : String(v);
      items.push(A.alias(call, aggs.length === 1 ? label : `${label}_${aggNames[j]}`));
    });
  }
  return node({ kind: "Aggregate", child: a.plan, grouping, aggregates: [...grouping, ...items] });
}

// ---- na functions ------------------------------------------------------------------------------------
function typeFits(t: DataType, v: unknown): boolean {
  if (typeof v === "number" || typeof v === "bigint") return isNumericType(t);
  if (typeof v === "string") return isStringType(t);
  if (typeof v === "boolean") return t.typeName() === "boolean";
  return false;
}

/** fillna(value | {col: value}, subset): nulls (and NaN, as Spark) of the matching columns replaced. */
export function fillna(a: FrameLike, value: unknown, subset?: readonly string[]): LogicalPlan {
  const fields = a.schema.fields;
  const perColumn = value !== null && typeof value === "object" ? new Map(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k.toLowerCase(), v])) : null;
  const inSubset = (n: string) => subset === undefined || subset.some((s) => s.toLowerCase() === n.toLowerCase());
  const exprs = fields.map((f) => {
    const v = perColumn ? perColumn.get(f.name.toLowerCase()) : inSubset(f.name) ? value : undefined;
    if (v === undefined || v === null || !typeFits(f.dataType, v)) return ref(f.name);
    const c = ref(f.name);
    const isNanCheck = ["double", "float"].includes(f.dataType.typeName()) ? A.binary("OR", A.isNull(c), A.call("isnan", [c])) : A.isNull(c);
    return A.alias(A.caseWhen(null, [[isNanCheck, A.cast(literalExpr(v), f.dataType)]], c), f.name);
  });
  return node({ kind: "Project", child: a.plan, exprs });
}

/** dropna(how, thresh, subset): a row stays when it has at least `thresh` non-null (non-NaN) values. */
export function dropna(a: FrameLike, how: "any" | "all" = "any", thresh?: number | null, subset?: readonly string[]): LogicalPlan {
  const cols = a.schema.fields.filter((f) => subset === undefined || subset.some((s) => s.toLowerCase() === f.name.toLowerCase()));
  const need = thresh ?? (how === "all" ? 1 : cols.length);
  const one = IntegerType();
  const present = cols.map((f) => {
    const c = ref(f.name);
    const ok: A.Expr = ["double", "float"].includes(f.dataType.typeName()) ? A.binary("AND", A.isNull(c, true), A.unary("NOT", A.call("isnan", [c]))) : A.isNull(c, true);
    return A.caseWhen(null, [[ok, A.lit(1, one)]], A.lit(0, one));
  });
  const count: A.Expr = present.length === 0 ? A.lit(0, one) : present.reduce<A.Expr>((x, y) => A.binary("+", x, y), A.lit(0, one));
  return node({ kind: "Filter", child: a.plan, condition: A.binary(">=", count, A.lit(need, one)) });
}

/** replace(toReplace, value, subset): equal values of the matching columns replaced. */
export function replace(a: FrameLike, toReplace: unknown, value: unknown, subset?: readonly string[]): LogicalPlan {
  const pairs: [unknown, unknown][] =
    toReplace !== null && typeof toReplace === "object" && !Array.isArray(toReplace)
      ? Object.entries(toReplace as Record<string, unknown>).map(([k, v]) => [k, v])
      : Array.isArray(toReplace)
        ? toReplace.map((k, i) => [k, Array.isArray(value) ? value[i] : value])
        : [[toReplace, value]];
  const inSubset = (n: string) => subset === undefined || subset.some((s) => s.toLowerCase() === n.toLowerCase());
  const exprs = a.schema.fields.map((f) => {
    const hits = pairs.filter(([k]) => typeFits(f.dataType, k));
    if (!inSubset(f.name) || hits.length === 0) return ref(f.name);
    const c = ref(f.name);
    return A.alias(
      A.caseWhen(
        null,
        hits.map(([k, v]) => [A.binary("=", c, A.cast(literalExpr(k), f.dataType)), v === null ? nullOf(f.dataType) : A.cast(literalExpr(v), f.dataType)] as const),
        c,
      ),
      f.name,
    );
  });
  return node({ kind: "Project", child: a.plan, exprs });
}

// ---- describe / summary ------------------------------------------------------------------------------
const STATS = ["count", "mean", "stddev", "min", "25%", "50%", "75%", "max"];

/** describe(cols) = summary(count, mean, stddev, min, max); every cell a string, as Spark shows them. */
export function summary(a: FrameLike, statistics: readonly string[], cols: readonly string[] | null, run: (exprs: A.Expr[]) => Row): LogicalPlan {
  const fields = a.schema.fields.filter((f) => (cols === null ? isNumericType(f.dataType) || isStringType(f.dataType) : cols.some((c) => c.toLowerCase() === f.name.toLowerCase())));
  const stats = statistics.length === 0 ? STATS : statistics;
  const exprs: A.Expr[] = [];
  for (const s of stats) {
    for (const f of fields) {
      const c = ref(f.name);
      const num = isNumericType(f.dataType);
      const e =
        s === "count"
          ? A.call("count", [c])
          : s === "mean"
            ? num ? A.call("avg", [c]) : A.lit(null, DoubleType())
            : s === "stddev"
              ? num ? A.call("stddev", [c]) : A.lit(null, DoubleType())
              : s === "min" || s === "max"
                ? A.call(s, [c])
                : s.endsWith("%")
                  ? num ? A.call("percentile_approx", [A.cast(c, DoubleType()), literalExpr(Number.parseFloat(s) / 100)]) : A.lit(null, DoubleType())
                  : A.lit(null, StringType());
      exprs.push(A.cast(e, StringType()));
    }
  }
  const values = run(exprs);
  const rows: Row[] = stats.map((s, i) => [s, ...fields.map((_, j) => values[i * fields.length + j] ?? null)]);
  const schema = new StructTypeImpl([new StructFieldImpl("summary", StringType(), true), ...fields.map((f) => new StructFieldImpl(f.name, StringType(), true))]);
  return node({ kind: "LocalRelation", schema, rows });
}

export { q };
