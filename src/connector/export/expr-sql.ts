/**
 * An expression AST back to Spark SQL text, for selectExpr/expr()/where() in the exported program. Spark parses
 * this text on the cluster, so the spelling is Spark's (CAST(x AS STRING), `quoted names`, 'strings').
 * What has no SQL form (a JavaScript value, a node kind this file does not know) is added to `problems`.
 */
import type { Expr, SubqueryExpr } from "../../engine/expr/ast";
import { children, type LogicalPlan } from "../../engine/plan/nodes";
import { describeWindowSpec } from "../../engine/expr/functions/window-spec";
import { isSchemaLike } from "./schema-python";

const SIMPLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function sqlName(name: string): string {
  return SIMPLE_NAME.test(name) ? name : `\`${name.replace(/`/g, "``")}\``;
}

export function sqlString(s: string): string {
  return `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\n/g, "\\n")}'`;
}

interface TypeLike {
  sql(): string;
  typeName(): string;
}

function typeOf(v: unknown): TypeLike | undefined {
  const t = v as Partial<TypeLike> | undefined;
  return typeof t?.sql === "function" && typeof t.typeName === "function" ? (t as TypeLike) : undefined;
}

function literalSql(value: unknown, dataType: unknown, problems: string[]): string {
  const t = typeOf(dataType)?.typeName() ?? "";
  if (value === null || value === undefined) return t && t !== "void" && t !== "null" ? `CAST(NULL AS ${typeOf(dataType)!.sql()})` : "NULL";
  if (typeof value === "string") return sqlString(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "bigint") {
    if (t === "timestamp") return `TIMESTAMP_MICROS(${value}L)`;
    return t === "long" ? `${value}L` : value.toString();
  }
  if (typeof value === "number") {
    if (t === "date") return `DATE_FROM_UNIX_DATE(${value})`;
    if (!Number.isFinite(value)) return `double('${Number.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity"}')`;
    if (t === "double" && Number.isInteger(value)) return `${value}D`;
    return String(value);
  }
  if (value instanceof Uint8Array) return `X'${Buffer.from(value).toString("hex").toUpperCase()}'`;
  if (isSchemaLike(value) && typeOf(value)) return sqlString(typeOf(value)!.sql().replace(/^STRUCT<(.*)>$/s, "$1"));
  if (typeof value === "object" && typeof (value as { toString?: unknown }).toString === "function") {
    const text = String(value);
    if (text !== "[object Object]" && t.startsWith("decimal")) return `${text}BD`;
  }
  problems.push(`literal ${describe(value)} of type ${t || "unknown"} has no SQL form`);
  return "NULL";
}

function describe(v: unknown): string {
  if (typeof v === "function") return `function ${v.name || "(anonymous)"}`;
  try {
    return JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x)) ?? String(v);
  } catch {
    return String(v);
  }
}

const PRECEDENCE: Record<string, number> = {
  OR: 1,
  AND: 2,
  "=": 4,
  "==": 4,
  "<=>": 4,
  "!=": 4,
  "<>": 4,
  "<": 4,
  "<=": 4,
  ">": 4,
  ">=": 4,
  "|": 5,
  "^": 6,
  "&": 7,
  "+": 8,
  "-": 8,
  "||": 8,
  "*": 9,
  "/": 9,
  "%": 9,
  div: 9,
};

/** SQL text of `e`. */
export function exprSql(e: Expr, problems: string[]): string {
  const r = (x: Expr) => exprSql(x, problems);
  switch (e.kind) {
    case "Literal":
      return literalSql(e.value, e.dataType, problems);
    case "ColumnRef":
      return e.parts.map(sqlName).join(".");
    case "Star":
      return e.target ? `${e.target.map(sqlName).join(".")}.*` : "*";
    case "Alias":
      return e.names.length === 1 ? `${r(e.child)} AS ${sqlName(e.names[0]!)}` : `${r(e.child)} AS (${e.names.map(sqlName).join(", ")})`;
    case "Cast":
      return `${e.mode === "try" ? "TRY_CAST" : "CAST"}(${r(e.child)} AS ${typeOf(e.to)?.sql() ?? "STRING"})`;
    case "Unary":
      return e.op === "NOT" ? `NOT ${wrap(e.child, 3, problems)}` : `${e.op}${wrap(e.child, 10, problems)}`;
    case "Binary": {
      const p = PRECEDENCE[e.op] ?? 4;
      const op = e.op === "==" ? "=" : e.op;
      return `${wrap(e.left, p, problems)} ${op} ${wrap(e.right, p + 1, problems)}`;
    }
    case "Call": {
      if (e.star) return `${e.name}(*)`;
      return `${e.name}(${e.distinct ? "DISTINCT " : ""}${e.args.map(r).join(", ")})`;
    }
    case "CaseWhen": {
      const parts = ["CASE"];
      if (e.operand) parts.push(r(e.operand));
      for (const [w, t] of e.branches) parts.push(`WHEN ${r(w)} THEN ${r(t)}`);
      if (e.elseValue) parts.push(`ELSE ${r(e.elseValue)}`);
      parts.push("END");
      return parts.join(" ");
    }
    case "In":
      return `${wrap(e.child, 4, problems)} ${e.negated ? "NOT IN" : "IN"} (${e.list.map(r).join(", ")})`;
    case "Between":
      return `${wrap(e.child, 4, problems)} ${e.negated ? "NOT BETWEEN" : "BETWEEN"} ${wrap(e.lower, 5, problems)} AND ${wrap(e.upper, 5, problems)}`;
    case "Like": {
      const head = `${wrap(e.child, 4, problems)} ${e.negated ? "NOT " : ""}${e.op}`;
      if (e.quantifier && e.patterns) return `${head} ${e.quantifier} (${e.patterns.map(r).join(", ")})`;
      return `${head} ${wrap(e.pattern, 5, problems)}${e.escape !== null ? ` ESCAPE ${sqlString(e.escape)}` : ""}`;
    }
    case "IsNull":
      return `${wrap(e.child, 4, problems)} IS ${e.negated ? "NOT " : ""}NULL`;
    case "Subscript":
      return `${wrap(e.child, 10, problems)}[${r(e.index)}]`;
    case "FieldAccess":
      // col("s").getField("a") is named `s.a`; the SQL text s.a would be the column path, named `a`: s['a'] keeps it
      if (e.child.kind === "ColumnRef") return `${r(e.child)}[${sqlString(e.field)}]`;
      return `${wrap(e.child, 10, problems)}.${sqlName(e.field)}`;
    case "SortOrder":
      return `${r(e.child)} ${e.ascending ? "ASC" : "DESC"} NULLS ${e.nullsFirst ? "FIRST" : "LAST"}`;
    case "Subquery":
      return subquerySql(e, problems);
    case "LambdaFn":
      return `${e.params.length === 1 ? e.params[0] : `(${e.params.join(", ")})`} -> ${r(e.body)}`;
    case "LambdaVar":
      return e.name;
    case "WindowExpr":
    {
      const f = e.spec.frame;
      // a RANGE frame keeps its offsets as numbers, which an interval (ORDER BY a timestamp) is not in SQL text
      if (f !== null && f.type === "range" && [f.lower, f.upper].some((b) => b !== 0 && Number.isFinite(b))) problems.push("a RANGE frame with offsets has no SQL form here");
      return `${r(e.fn)} OVER (${describeWindowSpec(e.spec, r)})`;
    }
    default: {
      const kind = (e as { kind?: unknown }).kind;
      problems.push(`expression of kind ${String(kind)} has no SQL form`);
      return "NULL";
    }
  }
}

/**
 * A subquery written in SQL prints its own text. One that reads a temp view needs that view on the cluster, which
 * the exported program does not create; a DataFrame subquery column (df.scalar()) has no text.
 */
function subquerySql(e: SubqueryExpr, problems: string[]): string {
  const text = e.query.text;
  if (text === undefined) {
    problems.push("a DataFrame subquery column (df.scalar(), df.exists(), col.isin(df)) has no SQL form");
    return "NULL";
  }
  const views = viewsRead(e.query.plan);
  if (views.length > 0) problems.push(`the subquery reads temp view ${views.join(", ")}, which the exported program does not define`);
  const not = e.negated ? "NOT " : "";
  if (e.form === "scalar") return `(${text})`;
  if (e.form === "exists") return `${not}EXISTS (${text})`;
  const lhs = e.values.length === 1 ? wrap(e.values[0]!, 4, problems) : `(${e.values.map((v) => exprSql(v, problems)).join(", ")})`;
  return `${lhs} ${not}IN (${text})`;
}

function viewsRead(p: LogicalPlan): string[] {
  return p.kind === "UnresolvedRelation" ? [p.name] : children(p).flatMap(viewsRead);
}

/** Parenthesise a child whose operator binds looser than its parent's. */
function wrap(e: Expr, parent: number, problems: string[]): string {
  const text = exprSql(e, problems);
  const own = e.kind === "Binary" ? (PRECEDENCE[e.op] ?? 4) : (e.kind === "Unary" && e.op === "NOT") || (e.kind === "Subquery" && e.form === "exists" && e.negated) ? 3 : e.kind === "Alias" ? 0 : 11;
  const loose = e.kind === "In" || e.kind === "Between" || (e.kind === "Subquery" && e.form === "in") || e.kind === "Like" || e.kind === "IsNull" ? 4 : own;
  return loose < parent ? `(${text})` : text;
}
