/**
 * An expression AST as pyspark Column code. Used where SQL text cannot carry the value (a StructType passed to
 * from_json becomes a named `StructType([...])` variable) or where the Column form reads better (window(),
 * simple aggregates); every other expression goes through `expr("<Spark SQL>")`, which Spark parses itself.
 */
import type { Call, Expr } from "../../engine/expr/ast";
import { parseDDLSchema } from "../../engine/types/ddl";
import { exprSql } from "./expr-sql";
import { pyLiteral, pyStr } from "./python-text";
import type { ValueImports } from "./rows-python";
import { isSchemaLike, pyType } from "./schema-python";

/** Schemas met while rendering, emitted as variables before the pipeline. */
export interface RenderContext {
  readonly problems: string[];
  readonly schemas: { name: string; code: string }[];
  /** Modules the program's values need (rows-python.ts), imported in its header. */
  readonly imports: ValueImports;
}

export function newContext(): RenderContext {
  return { problems: [], schemas: [], imports: { datetime: false, decimal: false } };
}

function schemaVar(schema: { jsonValue(): unknown }, ctx: RenderContext, hint: string | undefined): string {
  const code = pyType(schema.jsonValue(), ctx.problems);
  const same = ctx.schemas.find((s) => s.code === code);
  if (same) return same.name;
  const base = hint ? `${hint.replace(/[^A-Za-z0-9_]/g, "_")}_schema` : "schema";
  let name = base;
  for (let i = 2; ctx.schemas.some((s) => s.name === name); i++) name = `${base}_${i}`;
  ctx.schemas.push({ name, code });
  return name;
}

function schemaArg(e: Expr): { jsonValue(): unknown } | undefined {
  return e.kind === "Literal" && isSchemaLike(e.value) ? e.value : undefined;
}

/** from_json's schema as a type: a StructType literal, or the DDL text `functions.from_json` stores. */
function jsonSchemaArg(e: Expr): { jsonValue(): unknown } | undefined {
  const direct = schemaArg(e);
  if (direct || e.kind !== "Literal" || typeof e.value !== "string") return direct;
  try {
    return parseDDLSchema(e.value);
  } catch {
    return undefined; // not DDL (a JSON schema string, say): passed to pyspark as the string it is
  }
}

const SCHEMA_FUNCTIONS = new Set(["from_json", "from_csv"]);

/** True when `e` is better written as Column code: it carries a schema (shown as StructType code). */
export function needsColumnForm(e: Expr): boolean {
  if (schemaArg(e)) return true;
  if (e.kind === "Call" && SCHEMA_FUNCTIONS.has(e.name.toLowerCase()) && e.args[1] && jsonSchemaArg(e.args[1])) return true;
  for (const v of Object.values(e)) {
    if (Array.isArray(v)) {
      for (const x of v) if (isExpr(x) && needsColumnForm(x)) return true;
    } else if (isExpr(v) && needsColumnForm(v)) return true;
  }
  return false;
}

function isExpr(v: unknown): v is Expr {
  return typeof v === "object" && v !== null && typeof (v as { kind?: unknown }).kind === "string";
}

const SIMPLE_AGGS = new Set(["count", "sum", "avg", "mean", "min", "max", "first", "last", "approx_count_distinct", "collect_list", "collect_set", "stddev", "variance"]);

/** Column code for `e`; `hint` names a schema variable after the alias it feeds. */
export function exprPython(e: Expr, ctx: RenderContext, hint?: string): string {
  switch (e.kind) {
    case "Alias":
      return `${exprPython(e.child, ctx, e.names[0])}.alias(${e.names.map(pyStr).join(", ")})`;
    case "ColumnRef":
      return `col(${pyStr(e.parts.join("."))})`;
    case "Star":
      return e.target ? `col(${pyStr(`${e.target.join(".")}.*`)})` : 'col("*")';
    case "Call":
      return callPython(e, ctx, hint);
    case "Literal": {
      const schema = schemaArg(e);
      if (schema) return schemaVar(schema, ctx, hint);
      const py = pyLiteral(e.value);
      if (py !== undefined && typeof e.value !== "bigint") return `lit(${py})`;
      return sqlExpr(e, ctx);
    }
    default:
      return sqlExpr(e, ctx);
  }
}

function sqlExpr(e: Expr, ctx: RenderContext): string {
  return `expr(${pyStr(exprSql(e, ctx.problems))})`;
}

function callPython(e: Call, ctx: RenderContext, hint: string | undefined): string {
  const name = e.name.toLowerCase();
  const args = e.args;
  if ((name === "from_json" || name === "from_csv") && args.length >= 2) {
    const schema = jsonSchemaArg(args[1]!);
    const schemaCode = schema ? schemaVar(schema, ctx, hint) : literalText(args[1]!, ctx);
    const opts = args.length > 2 ? `, ${optionsDict(args[2]!, ctx)}` : "";
    return `${name}(${exprPython(args[0]!, ctx)}, ${schemaCode}${opts})`;
  }
  if ((name === "window" || name === "session_window") && args.length >= 2 && args.slice(1).every((a) => a.kind === "Literal" && typeof a.value === "string")) {
    return `${name}(${exprPython(args[0]!, ctx)}, ${args.slice(1).map((a) => pyLiteral((a as { value: unknown }).value)).join(", ")})`;
  }
  if (name === "count" && e.star) return 'count("*")';
  if (SIMPLE_AGGS.has(name) && !e.distinct && args.length === 1 && args[0]!.kind === "ColumnRef") {
    return `${name}(${exprPython(args[0]!, ctx)})`;
  }
  if (needsColumnForm(e)) {
    ctx.problems.push(`${e.name}(...) takes a schema argument that tspark cannot place in SQL text`);
  }
  return sqlExpr(e, ctx);
}

/** A string literal as a Python string (a DDL schema, for instance); anything else through SQL. */
function literalText(e: Expr, ctx: RenderContext): string {
  if (e.kind === "Literal" && typeof e.value === "string") return pyStr(e.value);
  return exprPython(e, ctx);
}

/** map('k', 'v', ...) → {"k": "v"} (pyspark's options argument). */
function optionsDict(e: Expr, ctx: RenderContext): string {
  if (e.kind === "Call" && e.name.toLowerCase() === "map" && e.args.every((a) => a.kind === "Literal")) {
    const pairs: string[] = [];
    for (let i = 0; i + 1 < e.args.length; i += 2) {
      const k = (e.args[i] as { value: unknown }).value;
      const v = (e.args[i + 1] as { value: unknown }).value;
      pairs.push(`${pyStr(String(k))}: ${pyStr(String(v))}`);
    }
    return `{${pairs.join(", ")}}`;
  }
  if (e.kind === "Literal" && e.value instanceof Map) {
    return `{${[...e.value.entries()].map(([k, v]) => `${pyStr(String(k))}: ${pyStr(String(v))}`).join(", ")}}`;
  }
  ctx.problems.push("from_json options that are not a literal map are not exported");
  return "{}";
}
