/**
 * Spark's `v:a.b[0]` extraction syntax: the parser reads the path steps and this builds the expression,
 * variant_get(v, '$.a.b[0]') named after the last key ("b"), as Spark names it. A `::type` right after the
 * path casts the extracted value and keeps that name (Spark prints `v:c.d::string` as `d`).
 */
import { StringType } from "../../types/data-types";
import type { DataType } from "../../types/data-types";
import * as A from "../ast";
import type { PathStep } from "./path";

const extracts = new WeakSet<A.Expr>();

function pathText(steps: readonly PathStep[]): string {
  return `$${steps
    .map((s) => ("key" in s ? (/^[A-Za-z_][A-Za-z0-9_]*$/.test(s.key) ? `.${s.key}` : `['${s.key.replace(/'/g, "\\'")}']`) : `[${s.index}]`))
    .join("")}`;
}

export function variantExtract(base: A.Expr, steps: readonly PathStep[]): A.Expr {
  const get = A.call("variant_get", [base, A.lit(pathText(steps), StringType())]);
  const keys = steps.filter((s): s is { key: string } => "key" in s);
  if (keys.length === 0) return get;
  const e = A.alias(get, keys[keys.length - 1]!.key);
  extracts.add(e);
  return e;
}

/** `e::t`, keeping an extraction's name. */
export function castAfterExtract(e: A.Expr, to: DataType): A.Expr {
  if (e.kind === "Alias" && extracts.has(e)) {
    const c = A.alias(A.cast(e.child, to), ...e.names);
    extracts.add(c);
    return c;
  }
  return A.cast(e, to);
}
