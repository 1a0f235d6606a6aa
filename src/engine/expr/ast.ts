/**
 * Unresolved expression AST: frozen data with a `kind`, produced by the SQL parser and by the
 * Column API alike (a `col("a") + 1` and the string "a + 1" build the same tree). The analyzer
 * (src/engine/plan/analyzer.ts) resolves names and types and compiles a tree to closures once
 * per query; nothing here is ever evaluated as JavaScript.
 */
import type { DataType } from "../types/data-types";

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
  | WindowExpr;

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

function freeze<T extends Expr>(e: T): T {
  return Object.freeze(e);
}

export const lit = (value: unknown, dataType: DataType, display?: string): Literal =>
  freeze({ kind: "Literal", value, dataType, ...(display === undefined ? {} : { display }) });
export const colRef = (parts: readonly string[]): ColumnRef => freeze({ kind: "ColumnRef", parts: Object.freeze([...parts]) });
export const star = (target: readonly string[] | null): Star => freeze({ kind: "Star", target });
export const alias = (child: Expr, ...names: string[]): Alias => freeze({ kind: "Alias", child, names });
export const cast = (child: Expr, to: DataType, mode: "cast" | "try" = "cast"): Cast => freeze({ kind: "Cast", child, to, mode });
export const unary = (op: UnaryOp, child: Expr): Unary => freeze({ kind: "Unary", op, child });
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
