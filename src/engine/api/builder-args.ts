/**
 * How the generated function builders (../function-builders.ts) read their arguments, by the kind PySpark's
 * annotations give each parameter (src/engine/api/pyspark-api.json): a column argument takes a Column or a
 * column name (other values become literals, as PySpark's `ColumnOrName | int`), a literal argument takes a
 * value (a Column passes through), a lambda a TypeScript function over Columns, options a string map.
 */
import { builtinFunctions } from "../expr/functions/registry";
import * as A from "../expr/ast";
import { StructTypeImpl } from "../types/struct-type";
import type { DataType } from "../types/data-types";
import { Column, col, literalExpr } from "./column";
import { notInTspark } from "./missing-api";

export type ArgKind = "column" | "literal" | "lambda" | "options" | "schema";
export type LambdaArg = (...cols: Column[]) => Column;

let lambdaCounter = 0;

function lambdaExpr(fn: LambdaArg): A.Expr {
  // fresh parameter names, so a lambda nested in another never captures the outer one's variable
  const params = Array.from({ length: Math.max(fn.length, 1) }, () => `__x${lambdaCounter++}`);
  const body = fn(...params.map((p) => new Column(A.colRef([p]))));
  if (!(body instanceof Column)) throw new TypeError("a lambda argument must return a Column");
  return Object.freeze({ kind: "LambdaFn", params, body: body.expr }) as A.LambdaFn;
}

export function argExpr(kind: ArgKind, v: unknown): A.Expr {
  if (v instanceof Column) return v.expr;
  switch (kind) {
    case "column":
      return typeof v === "string" ? col(v).expr : literalExpr(v);
    case "lambda":
      return lambdaExpr(v as LambdaArg);
    case "options":
      return A.call(
        "map",
        Object.entries(v as Record<string, unknown>).flatMap(([k, x]) => [literalExpr(k), literalExpr(String(x))]),
      );
    case "schema":
      if (typeof v === "string") return literalExpr(v);
      return literalExpr(v instanceof StructTypeImpl ? v.toDDL() : (v as DataType).simpleString());
    default:
      return literalExpr(v);
  }
}

/**
 * A call of SQL function `sqlName` with the given arguments: trailing omitted ones are left out (Spark's SQL
 * function has the same defaults), an omitted one before a given one is NULL. A name the engine lacks fails
 * here, at the builder, with UNSUPPORTED_FEATURE naming it (issue #19.9).
 */
export function build(pysparkName: string, sqlName: string, kinds: readonly ArgKind[], values: readonly unknown[]): Column {
  if (builtinFunctions().get(sqlName) === undefined && !builtinFunctions().isAggregate(sqlName)) throw notInTspark("functions", pysparkName);
  let n = values.length;
  while (n > 0 && values[n - 1] === undefined) n--;
  const args: A.Expr[] = [];
  for (let i = 0; i < n; i++) {
    const v = values[i];
    args.push(v === undefined ? literalExpr(null) : argExpr(kinds[Math.min(i, kinds.length - 1)]!, v));
  }
  return new Column(A.call(sqlName, args));
}

/** Whether the builder of `sqlName` can run (its SQL function exists): the coverage test's question. */
export function engineHas(sqlName: string): boolean {
  return builtinFunctions().get(sqlName) !== undefined || builtinFunctions().isAggregate(sqlName);
}
