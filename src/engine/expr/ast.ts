/**
 * Unresolved expression AST: frozen data with a `kind`, produced by the SQL parser and by the
 * Column API alike (a `col("a") + 1` and the string "a + 1" build the same tree). The analyzer
 * (src/engine/plan/analyzer.ts) resolves names and types and compiles a tree to closures once
 * per query; nothing here is ever evaluated as JavaScript.
 */
import type { DataType } from "../types/data-types";
import type { LogicalPlan } from "../plan/nodes";

export type Expr =
  | Literal
  | ColumnRef
  | Star
  | Alias
  | Cast
  | Unary
  | Binary
  | Call
  | CaseWhen
  | In
  | Between
  | Like
  | IsNull
  | Subscript
  | FieldAccess
  | SortOrder
  | LambdaFn
  | LambdaVar
  | WindowExpr
  | SubqueryExpr;

export interface Literal {
  readonly kind: "Literal";
  readonly value: unknown;
  readonly dataType: DataType;
  /** How the auto-generated column name prints it (DATE '2019-01-01', abc, 1L -> 1). */
  readonly display?: string;
}
/** `a`, `t.a`, `s.f.g`: resolved left to right (qualifier, column, struct fields). */
export interface ColumnRef {
  readonly kind: "ColumnRef";
  readonly parts: readonly string[];
  /**
   * Set by `df.col(name)`: the plan id of that DataFrame (plan/plan-ids.ts), so the reference means df's column
   * even where another input has a column of the same name (a self-join), as Spark Connect's plan_id does.
   */
  readonly planId?: number;
  /** `Column.outer()`: resolved only against the enclosing query of a subquery (plan/subquery-outer.ts). */
  readonly outer?: true;
}
/** `*` or `t.*` / `struct.*`. */
export interface Star {
  readonly kind: "Star";
  readonly target: readonly string[] | null;
}
export interface Alias {
  readonly kind: "Alias";
  readonly child: Expr;
  readonly names: readonly string[];
}
export interface Cast {
  readonly kind: "Cast";
  readonly child: Expr;
  readonly to: DataType;
  /** try_cast returns null instead of failing even under ANSI. */
  readonly mode: "cast" | "try";
}
export type UnaryOp = "-" | "+" | "NOT" | "~";
export interface Unary {
  readonly kind: "Unary";
  readonly op: UnaryOp;
  readonly child: Expr;
}
export type BinaryOp =
  | "+"
  | "-"
  | "*"
  | "/"
  | "%"
  | "div"
  | "="
  | "=="
  | "<=>"
  | "!="
  | "<>"
  | "<"
  | "<="
  | ">"
  | ">="
  | "AND"
  | "OR"
  | "||"
  | "&"
  | "|"
  | "^";
export interface Binary {
  readonly kind: "Binary";
  readonly op: BinaryOp;
  readonly left: Expr;
  readonly right: Expr;
}
/** A function call; `star` marks count(*). */
export interface Call {
  readonly kind: "Call";
  readonly name: string;
  readonly args: readonly Expr[];
  readonly distinct: boolean;
  readonly star?: boolean;
  /** Spelling for names of SQL-syntax forms: TRIM(BOTH x FROM y) etc. */
  readonly syntax?: string;
}
export interface CaseWhen {
  readonly kind: "CaseWhen";
  readonly operand: Expr | null;
  readonly branches: readonly (readonly [Expr, Expr])[];
  readonly elseValue: Expr | null;
}
export interface In {
  readonly kind: "In";
  readonly child: Expr;
  readonly list: readonly Expr[];
  readonly negated: boolean;
}
export interface Between {
  readonly kind: "Between";
  readonly child: Expr;
  readonly lower: Expr;
  readonly upper: Expr;
  readonly negated: boolean;
}
export interface Like {
  readonly kind: "Like";
  readonly op: "LIKE" | "ILIKE" | "RLIKE";
  readonly child: Expr;
  readonly pattern: Expr;
  readonly escape: string | null;
  readonly negated: boolean;
  /** LIKE ANY/ALL (...) */
  readonly quantifier?: "ANY" | "ALL" | "SOME";
  readonly patterns?: readonly Expr[];
}
export interface IsNull {
  readonly kind: "IsNull";
  readonly child: Expr;
  readonly negated: boolean;
}
/** `arr[0]`, `map['k']` */
export interface Subscript {
  readonly kind: "Subscript";
  readonly child: Expr;
  readonly index: Expr;
}
/** `(expr).field` and Column.getField */
export interface FieldAccess {
  readonly kind: "FieldAccess";
  readonly child: Expr;
  readonly field: string;
}
export interface SortOrder {
  readonly kind: "SortOrder";
  readonly child: Expr;
  readonly ascending: boolean;
  readonly nullsFirst: boolean;
}
export interface LambdaFn {
  readonly kind: "LambdaFn";
  readonly params: readonly string[];
  readonly body: Expr;
}
export interface LambdaVar {
  readonly kind: "LambdaVar";
  readonly name: string;
}

/**
 * A window frame bound as Spark's API numbers it: rows (or order-key units for RANGE) from the current row;
 * -Infinity is UNBOUNDED PRECEDING, 0 CURRENT ROW, Infinity UNBOUNDED FOLLOWING.
 */
export interface WindowFrame {
  readonly type: "rows" | "range";
  readonly lower: number;
  readonly upper: number;
}
/** `Window.partitionBy(...).orderBy(...).rowsBetween(...)` / SQL `OVER (...)`; `frame` null = Spark's default. */
export interface WindowSpecDef {
  readonly partitionBy: readonly Expr[];
  readonly orderBy: readonly SortOrder[];
  readonly frame: WindowFrame | null;
}
/** `fn OVER (spec)`: planned by plan/operators/window/, never evaluated row by row. */
export interface WindowExpr {
  readonly kind: "WindowExpr";
  readonly fn: Expr;
  readonly spec: WindowSpecDef;
}

/**
 * A subquery used as an expression (plan/subquery.ts): `(SELECT max(v) FROM t)` (scalar), `EXISTS (SELECT ...)`,
 * `x IN (SELECT ...)` (`values` is the left side, one expression per column), and their negations.
 */
export interface SubqueryExpr {
  readonly kind: "Subquery";
  readonly form: "scalar" | "exists" | "in";
  readonly query: SubqueryPlan;
  readonly values: readonly Expr[];
  readonly negated: boolean;
  /**
   * SQL text resolves a name the subquery lacks in the enclosing query (a correlated subquery); a DataFrame
   * subquery (`df.scalar()`, `df.exists()`) only does so for a column marked with `Column.outer()`, as in Spark.
   */
  readonly implicitOuter: boolean;
}

let nextSubqueryId = 0;

/**
 * The query of a subquery expression, held where the many generic walkers over expressions (aggregate, window
 * and nondeterminism checks, which follow every enumerable field) do not see it: they look at the enclosing
 * query's expressions, and a `max(v)` inside the subquery does not make the outer SELECT an aggregation. The id
 * tells two subqueries apart where expressions are compared by their printed (JSON) form.
 */
export class SubqueryPlan {
  declare readonly plan: LogicalPlan;
  readonly id = nextSubqueryId++;
  /** The query's SQL text, when it was written in SQL (what an exported program prints). */
  readonly text?: string;
  constructor(plan: LogicalPlan, text?: string) {
    Object.defineProperty(this, "plan", { value: plan, enumerable: false });
    if (text !== undefined) this.text = text;
    Object.freeze(this);
  }
}

export function subquery(
  form: SubqueryExpr["form"],
  plan: LogicalPlan,
  opts: { values?: readonly Expr[]; negated?: boolean; implicitOuter?: boolean; text?: string } = {},
): SubqueryExpr {
  return freeze({
    kind: "Subquery",
    form,
    query: new SubqueryPlan(plan, opts.text),
    values: Object.freeze([...(opts.values ?? [])]),
    negated: opts.negated ?? false,
    implicitOuter: opts.implicitOuter ?? true,
  });
}

/** `NOT e` of an IN or EXISTS subquery: flips it (Spark's NOT IN is null-aware as a whole, not NOT over IN). */
export function negatedSubquery(e: SubqueryExpr): SubqueryExpr {
  return freeze({ ...e, negated: !e.negated });
}

function freeze<T extends Expr>(e: T): T {
  return Object.freeze(e);
}

export const lit = (value: unknown, dataType: DataType, display?: string): Literal =>
  freeze({ kind: "Literal", value, dataType, ...(display === undefined ? {} : { display }) });
export const colRef = (parts: readonly string[]): ColumnRef => freeze({ kind: "ColumnRef", parts: Object.freeze([...parts]) });
export const star = (target: readonly string[] | null): Star => freeze({ kind: "Star", target });
export const alias = (child: Expr, ...names: string[]): Alias => freeze({ kind: "Alias", child, names });
export const cast = (child: Expr, to: DataType, mode: "cast" | "try" = "cast"): Cast => freeze({ kind: "Cast", child, to, mode });
/**
 * `NOT` over an IN or EXISTS subquery is the negated subquery itself: Spark plans `NOT IN` as a null-aware anti
 * join (a NULL in the subquery makes every row fail), which NOT over the IN's boolean would not give.
 */
export const unary = (op: UnaryOp, child: Expr): Unary | SubqueryExpr =>
  op === "NOT" && child.kind === "Subquery" && child.form !== "scalar" ? negatedSubquery(child) : freeze({ kind: "Unary", op, child });
export const binary = (op: BinaryOp, left: Expr, right: Expr): Binary => freeze({ kind: "Binary", op, left, right });
export const call = (name: string, args: readonly Expr[], distinct = false, extra: { star?: boolean; syntax?: string } = {}): Call =>
  freeze({ kind: "Call", name, args: Object.freeze([...args]), distinct, ...extra });
export const caseWhen = (operand: Expr | null, branches: readonly (readonly [Expr, Expr])[], elseValue: Expr | null): CaseWhen =>
  freeze({ kind: "CaseWhen", operand, branches, elseValue });
export const inList = (child: Expr, list: readonly Expr[], negated = false): In => freeze({ kind: "In", child, list, negated });
export const between = (child: Expr, lower: Expr, upper: Expr, negated = false): Between =>
  freeze({ kind: "Between", child, lower, upper, negated });
export const like = (op: Like["op"], child: Expr, pattern: Expr, esc: string | null = null, negated = false): Like =>
  freeze({ kind: "Like", op, child, pattern, escape: esc, negated });
export const isNull = (child: Expr, negated = false): IsNull => freeze({ kind: "IsNull", child, negated });
export const subscript = (child: Expr, index: Expr): Subscript => freeze({ kind: "Subscript", child, index });
export const fieldAccess = (child: Expr, field: string): FieldAccess => freeze({ kind: "FieldAccess", child, field });
export const sortOrder = (child: Expr, ascending = true, nullsFirst?: boolean): SortOrder =>
  freeze({ kind: "SortOrder", child, ascending, nullsFirst: nullsFirst ?? ascending });
export const windowExpr = (fn: Expr, spec: WindowSpecDef): WindowExpr => freeze({ kind: "WindowExpr", fn, spec });
