/**
 * Column: a pyspark-style handle over an unresolved expression (the same AST the SQL parser
 * builds). Methods return new Columns; nothing is resolved until the DataFrame is analyzed.
 * TypeScript has no operator overloading, so `a + 1` is `a.plus(1)` (also `add`), `a == 1` is
 * `a.eq(1)` / `equalTo(1)`, etc.
 */
import { describeWindowSpec } from "../expr/functions/window-spec";
import { withPySparkSurface } from "./missing-api";
import * as A from "../expr/ast";
import type { LogicalPlan } from "../plan/nodes";
import { parseNamedExpression } from "../expr/parser";
import {
  ArrayType,
  BinaryType,
  BooleanType,
  type DataType,
  DecimalType,
  DoubleType,
  IntegerType,
  LongType,
  NullType,
  StringType,
  TimestampType,
} from "../types/data-types";
import { parseDataType } from "../types/ddl";
import { Decimal } from "../types/decimal";

export type ColumnOrName = Column | string;
export type ColumnOrValue = Column | string | number | bigint | boolean | null | Date | Decimal | Uint8Array;

/** Splits "a.b.`c.d`" into name parts. */
export function splitName(name: string): string[] {
  const parts: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < name.length; i++) {
    const c = name[i]!;
    if (c === "`") {
      if (quoted && name[i + 1] === "`") {
        cur += "`";
        i++;
      } else quoted = !quoted;
    } else if (c === "." && !quoted) {
      parts.push(cur);
      cur = "";
    } else cur += c;
  }
  parts.push(cur);
  return parts;
}

/** Literal AST for a JS value (pyspark's lit type inference). */
export function literalExpr(v: unknown): A.Expr {
  if (v instanceof Column) return v.expr;
  if (v === null || v === undefined) return A.lit(null, NullType());
  if (typeof v === "boolean") return A.lit(v, BooleanType());
  if (typeof v === "number") {
    if (Number.isInteger(v) && v >= -2147483648 && v <= 2147483647) return A.lit(v, IntegerType());
    if (Number.isInteger(v) && Number.isSafeInteger(v)) return A.lit(BigInt(v), LongType());
    return A.lit(v, DoubleType());
  }
  if (typeof v === "bigint") return A.lit(v, LongType());
  if (typeof v === "string") return A.lit(v, StringType());
  if (v instanceof Decimal) return A.lit(v, DecimalType(Math.max(v.precision(), v.scale, 1), Math.max(v.scale, 0)));
  if (v instanceof Date) return A.lit(BigInt(v.getTime()) * 1000n, TimestampType());
  if (v instanceof Uint8Array) return A.lit(v, BinaryType());
  if (Array.isArray(v)) return A.call("array", v.map(literalExpr));
  throw new TypeError(`Unsupported literal: ${String(v)}`);
}

export class Column {
  constructor(readonly expr: A.Expr) {
    Object.freeze(this);
    // biome-ignore lint/correctness/noConstructorReturn: PySpark methods tspark lacks say so (missing-api.ts)
    return withPySparkSurface(this, "Column");
  }

  // ---- naming and types ------------------------------------------------------------------------
  /** Spark 4: inside a subquery column (`df.scalar()`, `df.exists()`), the enclosing DataFrame's column(s). */
  outer(): Column {
    return new Column(markOuter(this.expr));
  }
  alias(...names: string[]): Column {
    return new Column(A.alias(this.expr.kind === "Alias" ? this.expr.child : this.expr, ...names));
  }
  as(...names: string[]): Column {
    return this.alias(...names);
  }
  name(n: string): Column {
    return this.alias(n);
  }
  cast(to: DataType | string): Column {
    return new Column(A.cast(this.expr, typeof to === "string" ? parseDataType(to) : to));
  }
  astype(to: DataType | string): Column {
    return this.cast(to);
  }
  try_cast(to: DataType | string): Column {
    return new Column(A.cast(this.expr, typeof to === "string" ? parseDataType(to) : to, "try"));
  }

  // ---- arithmetic -------------------------------------------------------------------------------
  private bin(op: A.BinaryOp, other: unknown): Column {
    return new Column(A.binary(op, this.expr, literalExpr(other)));
  }
  plus(o: unknown): Column {
    return this.bin("+", o);
  }
  add(o: unknown): Column {
    return this.bin("+", o);
  }
  minus(o: unknown): Column {
    return this.bin("-", o);
  }
  subtract(o: unknown): Column {
    return this.bin("-", o);
  }
  multiply(o: unknown): Column {
    return this.bin("*", o);
  }
  divide(o: unknown): Column {
    return this.bin("/", o);
  }
  mod(o: unknown): Column {
    return this.bin("%", o);
  }
  negate(): Column {
    return new Column(A.unary("-", this.expr));
  }
  bitwiseAND(o: unknown): Column {
    return this.bin("&", o);
  }
  bitwiseOR(o: unknown): Column {
    return this.bin("|", o);
  }
  bitwiseXOR(o: unknown): Column {
    return this.bin("^", o);
  }

  // ---- comparison -------------------------------------------------------------------------------
  eq(o: unknown): Column {
    return this.bin("=", o);
  }
  equalTo(o: unknown): Column {
    return this.bin("=", o);
  }
  ne(o: unknown): Column {
    return this.bin("!=", o);
  }
  notEqual(o: unknown): Column {
    return this.bin("!=", o);
  }
  lt(o: unknown): Column {
    return this.bin("<", o);
  }
  le(o: unknown): Column {
    return this.bin("<=", o);
  }
  leq(o: unknown): Column {
    return this.bin("<=", o);
  }
  gt(o: unknown): Column {
    return this.bin(">", o);
  }
  ge(o: unknown): Column {
    return this.bin(">=", o);
  }
  geq(o: unknown): Column {
    return this.bin(">=", o);
  }
  eqNullSafe(o: unknown): Column {
    return this.bin("<=>", o);
  }

  // ---- boolean ----------------------------------------------------------------------------------
  and(o: unknown): Column {
    return this.bin("AND", o);
  }
  or(o: unknown): Column {
    return this.bin("OR", o);
  }
  not(): Column {
    return new Column(A.unary("NOT", this.expr));
  }

  // ---- predicates -------------------------------------------------------------------------------
  isNull(): Column {
    return new Column(A.isNull(this.expr));
  }
  isNotNull(): Column {
    return new Column(A.isNull(this.expr, true));
  }
  isNaN(): Column {
    return new Column(A.call("isnan", [this.expr]));
  }
  isin(...values: unknown[]): Column {
    // col.isin(df): an IN subquery over df's one column (Spark 4)
    const query = values.length === 1 ? subqueryPlanOf(values[0]) : null;
    if (query !== null) return new Column(A.subquery("in", query, { values: [this.expr], implicitOuter: false }));
    const vs = values.length === 1 && Array.isArray(values[0]) ? (values[0] as unknown[]) : values;
    return new Column(A.inList(this.expr, vs.map(literalExpr)));
  }
  between(lower: unknown, upper: unknown): Column {
    return new Column(A.between(this.expr, literalExpr(lower), literalExpr(upper)));
  }
  like(pattern: string): Column {
    return new Column(A.like("LIKE", this.expr, literalExpr(pattern)));
  }
  ilike(pattern: string): Column {
    return new Column(A.like("ILIKE", this.expr, literalExpr(pattern)));
  }
  rlike(pattern: string): Column {
    return new Column(A.like("RLIKE", this.expr, literalExpr(pattern)));
  }
  startswith(o: unknown): Column {
    return new Column(A.call("startswith", [this.expr, literalExpr(o)]));
  }
  endswith(o: unknown): Column {
    return new Column(A.call("endswith", [this.expr, literalExpr(o)]));
  }
  contains(o: unknown): Column {
    return new Column(A.call("contains", [this.expr, literalExpr(o)]));
  }
  substr(pos: unknown, len: unknown): Column {
    return new Column(A.call("substr", [this.expr, literalExpr(pos), literalExpr(len)]));
  }

  // ---- nested -----------------------------------------------------------------------------------
  getField(name: string): Column {
    // An extraction, not a longer column name: Spark names col("s").getField("a") `s.a` (col("s.a") is `a`).
    return new Column(A.fieldAccess(this.expr, name));
  }
  getItem(key: unknown): Column {
    return new Column(A.subscript(this.expr, literalExpr(key)));
  }
  /** `col["field"]`-style access for a name or index. */
  getAt(key: string | number): Column {
    return typeof key === "string" ? this.getField(key) : this.getItem(key);
  }
  /**
   * Spark's withField: the struct with field `fieldName` (a dotted path reaches into nested structs) set to
   * `col`, replaced in place or added at the end (functions/column-internals.ts).
   */
  withField(fieldName: string, col: Column): Column {
    if (typeof fieldName !== "string") throw new TypeError("withField: fieldName should be a string");
    if (!(col instanceof Column)) throw new TypeError("withField: col should be a Column");
    const [first, ...rest] = splitName(fieldName);
    const value = rest.length === 0 ? col.expr : this.getField(first!).withField(rest.map((p) => (p.includes(".") ? `\`${p}\`` : p)).join("."), col).expr;
    return this.updateFields([A.lit(`+${first}`, StringType()), value]);
  }
  /** Spark's dropFields: the struct without the named fields (dotted paths reach nested ones; unknown names are ignored). */
  dropFields(...fieldNames: string[]): Column {
    let c: Column = this;
    for (const n of fieldNames) {
      const [first, ...rest] = splitName(n);
      c =
        rest.length === 0
          ? c.updateFields([A.lit(`-${first}`, StringType())])
          : c.updateFields([A.lit(`+${first}`, StringType()), c.getField(first!).dropFields(rest.join(".")).expr]);
    }
    return c;
  }
  /** Successive withField/dropFields make one update_fields, as in Spark. */
  private updateFields(ops: readonly A.Expr[]): Column {
    const e = this.expr;
    if (e.kind === "Call" && e.name === "__update_fields") return new Column(A.call("__update_fields", [...e.args, ...ops]));
    return new Column(A.call("__update_fields", [e, ...ops]));
  }
  /** `col.transform(f)`: f(col), for chaining. */
  transform(f: (c: Column) => Column): Column {
    return f(this);
  }

  /** `fn.over(w)`: this function (row_number(), sum(x), lag(x)...) evaluated over the window `w`. */
  over(w?: { readonly def: A.WindowSpecDef }): Column {
    return new Column(A.windowExpr(this.expr, w?.def ?? { partitionBy: [], orderBy: [], frame: null }));
  }

  // ---- sorting ----------------------------------------------------------------------------------
  asc(): Column {
    return new Column(A.sortOrder(this.expr, true, true));
  }
  asc_nulls_first(): Column {
    return new Column(A.sortOrder(this.expr, true, true));
  }
  asc_nulls_last(): Column {
    return new Column(A.sortOrder(this.expr, true, false));
  }
  desc(): Column {
    return new Column(A.sortOrder(this.expr, false, false));
  }
  desc_nulls_first(): Column {
    return new Column(A.sortOrder(this.expr, false, true));
  }
  desc_nulls_last(): Column {
    return new Column(A.sortOrder(this.expr, false, false));
  }

  // ---- conditional ------------------------------------------------------------------------------
  /** `when(cond, v).when(cond2, v2).otherwise(v3)` */
  when(condition: Column, value: unknown): Column {
    if (this.expr.kind !== "CaseWhen" || this.expr.elseValue !== null) {
      throw new TypeError("when() can only be applied on a Column previously generated by when()");
    }
    return new Column(A.caseWhen(null, [...this.expr.branches, [condition.expr, literalExpr(value)]], null));
  }
  otherwise(value: unknown): Column {
    if (this.expr.kind !== "CaseWhen" || this.expr.elseValue !== null) {
      throw new TypeError("otherwise() can only be applied on a Column previously generated by when(), once");
    }
    return new Column(A.caseWhen(null, this.expr.branches, literalExpr(value)));
  }

  toString(): string {
    return `Column<'${describe(this.expr)}'>`;
  }
}

/** The plan of a DataFrame (`col.isin(df)`), told from a list value without importing DataFrame (a cycle). */
function subqueryPlanOf(v: unknown): LogicalPlan | null {
  if (v === null || typeof v !== "object" || Array.isArray(v) || v instanceof Column) return null;
  const plan = (v as { plan?: unknown }).plan;
  return typeof (v as { withPlan?: unknown }).withPlan === "function" && plan !== null && typeof plan === "object" ? (plan as LogicalPlan) : null;
}

/** `e` with every column reference marked as the enclosing query's (Column.outer); nested subqueries keep theirs. */
function markOuter(e: A.Expr): A.Expr {
  if (e.kind === "ColumnRef") return Object.freeze({ ...e, outer: true as const });
  if (e.kind === "Subquery") return Object.freeze({ ...e, values: e.values.map(markOuter) });
  const out: Record<string, unknown> = {};
  let changed = false;
  for (const [k, v] of Object.entries(e)) {
    const m = Array.isArray(v) ? v.map((x) => (isExpr(x) ? markOuter(x) : x)) : isExpr(v) ? markOuter(v) : v;
    if (m !== v && !(Array.isArray(v) && (m as unknown[]).every((x, i) => x === v[i]))) changed = true;
    out[k] = m;
  }
  return changed ? (Object.freeze(out) as unknown as A.Expr) : e;
}

function isExpr(v: unknown): v is A.Expr {
  return v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype && typeof (v as { kind?: unknown }).kind === "string";
}

/** A readable SQL-ish rendering of an unresolved expression (for toString / explain). */
export function describe(e: A.Expr): string {
  switch (e.kind) {
    case "Literal":
      return e.value === null ? "NULL" : typeof e.value === "string" ? e.value : String(e.value);
    case "ColumnRef":
      return e.outer ? `outer(${e.parts.join(".")})` : e.parts.join(".");
    case "Star":
      return e.target ? `${e.target.join(".")}.*` : "*";
    case "Alias":
      return `${describe(e.child)} AS ${e.names.join(", ")}`;
    case "Cast":
      return `CAST(${describe(e.child)} AS ${e.to.sql()})`;
    case "Unary":
      return `(${e.op} ${describe(e.child)})`;
    case "Binary":
      return `(${describe(e.left)} ${e.op} ${describe(e.right)})`;
    case "Call":
      return `${e.name}(${e.star ? "*" : e.args.map(describe).join(", ")})`;
    case "WindowExpr":
      return `${describe(e.fn)} OVER (${describeWindowSpec(e.spec, describe)})`;
    case "CaseWhen":
      return `CASE ${e.branches.map(([c, v]) => `WHEN ${describe(c)} THEN ${describe(v)}`).join(" ")}${e.elseValue ? ` ELSE ${describe(e.elseValue)}` : ""} END`;
    case "In":
      return `(${describe(e.child)} IN (${e.list.map(describe).join(", ")}))`;
    case "Between":
      return `between(${describe(e.child)}, ${describe(e.lower)}, ${describe(e.upper)})`;
    case "Like":
      return `${describe(e.child)} ${e.op} ${describe(e.pattern)}`;
    case "IsNull":
      return `(${describe(e.child)} IS ${e.negated ? "NOT " : ""}NULL)`;
    case "Subscript":
      return `${describe(e.child)}[${describe(e.index)}]`;
    case "FieldAccess":
      return `${describe(e.child)}.${e.field}`;
    case "SortOrder":
      return `${describe(e.child)} ${e.ascending ? "ASC" : "DESC"} NULLS ${e.nullsFirst ? "FIRST" : "LAST"}`;
    case "LambdaFn":
      return `(${e.params.join(", ")}) -> ${describe(e.body)}`;
    case "LambdaVar":
      return e.name;
    case "Subquery": {
      const q = e.form === "scalar" ? "scalarsubquery()" : e.form === "exists" ? "exists()" : `(${e.values.map(describe).join(", ")} IN (listquery()))`;
      return e.negated ? `(NOT ${q})` : q;
    }
  }
}

/** `col("a")`, `col("s.field")`, `col("*")`. */
export function col(name: string): Column {
  if (name === "*") return new Column(A.star(null));
  const parts = splitName(name);
  if (parts.length > 1 && parts[parts.length - 1] === "*") return new Column(A.star(parts.slice(0, -1)));
  return new Column(A.colRef(parts));
}

/** Column or column name to an expression. */
export function toExpr(c: ColumnOrName): A.Expr {
  return typeof c === "string" ? col(c).expr : c.expr;
}

export function lit(v: unknown): Column {
  return new Column(literalExpr(v));
}

/**
 * `expr("a + 1")`: parses a SQL expression (never evaluated as JavaScript). Like Spark's parser
 * (`singleExpression: namedExpression`), an alias is allowed: `expr("sum(v) AS total")`.
 */
export function expr(text: string): Column {
  return new Column(parseNamedExpression(text));
}

export { ArrayType };
