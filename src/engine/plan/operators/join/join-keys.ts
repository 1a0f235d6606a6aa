/**
 * Splits a join condition into per-side equi keys and a residual (Spark's ExtractEquiJoinKeys): each conjunct
 * `a = b` / `a <=> b` whose one operand reads only the left side and the other only the right becomes a key
 * pair; every other conjunct stays in the residual, evaluated over the joined row.
 */
import * as A from "../../../expr/ast";
import { type Attr, analyzeExpr, type Bound, coerce, type Scope } from "../../../expr/analyze";
import { commonType } from "../../../expr/coercion";
import { columnOfPlan } from "../../../expr/column-of-plan";
import type { Eval } from "./hash-join";

type Side = "left" | "right" | "none" | "unknown";

export interface SplitCondition {
  readonly leftKeys: Eval[];
  readonly rightKeys: Eval[];
  readonly nullSafe: boolean[];
  /** Key pairs as explain prints them. */
  readonly keyNames: [string, string][];
  /** Per key pair: the input column each side's key reads directly (undefined for a computed key). */
  readonly keyOrdinals: [number | undefined, number | undefined][];
  readonly residual: A.Expr | null;
}

function conjuncts(e: A.Expr): A.Expr[] {
  return e.kind === "Binary" && e.op === "AND" ? [...conjuncts(e.left), ...conjuncts(e.right)] : [e];
}

function hasName(attrs: readonly Attr[], name: string): boolean {
  return attrs.some((a) => a.name.toLowerCase() === name);
}

/** The side one column reference resolves to, by the rules analyze.ts applies (plan id, qualifier, name). */
function sideOfRef(ref: A.ColumnRef, left: readonly Attr[], right: readonly Attr[]): Side {
  if (ref.planId !== undefined) {
    const l = columnOfPlan(left, ref.parts, ref.planId) >= 0;
    const r = columnOfPlan(right, ref.parts, ref.planId) >= 0;
    if (l !== r) return l ? "left" : "right";
  }
  const lower = ref.parts.map((p) => p.toLowerCase());
  if (lower.length > 1) {
    const q = (attrs: readonly Attr[]) => attrs.some((a) => a.qualifier?.toLowerCase() === lower[0] && a.name.toLowerCase() === lower[1]);
    const l = q(left);
    const r = q(right);
    if (l !== r) return l ? "left" : "right";
    if (l) return "unknown";
  }
  const l = hasName(left, lower[0]!);
  const r = hasName(right, lower[0]!);
  if (l !== r) return l ? "left" : "right";
  return "unknown";
}

/** The side every column reference in `e` reads; "none" for constants, "unknown" when mixed or unclear. */
export function sideOf(e: unknown, left: readonly Attr[], right: readonly Attr[]): Side {
  let side: Side = "none";
  const visit = (x: unknown): void => {
    if (side === "unknown" || typeof x !== "object" || x === null) return;
    if (Array.isArray(x)) {
      for (const y of x) visit(y);
      return;
    }
    const rec = x as Record<string, unknown>;
    if (rec.kind === "LambdaFn" || rec.kind === "Star") {
      side = "unknown";
      return;
    }
    if (rec.kind === "ColumnRef") {
      const s = sideOfRef(x as A.ColumnRef, left, right);
      side = side === "none" ? s : side === s ? side : "unknown";
      return;
    }
    for (const v of Object.values(rec)) visit(v);
  };
  visit(e);
  return side;
}

/** Key pair `l = r` with both sides coerced to their common type, or null when they have none. */
function keyPair(l: Bound, r: Bound, scopeL: Scope): [Bound, Bound] | null {
  if (l.dataType.equals(r.dataType)) return [l, r];
  const t = commonType(l.dataType, r.dataType, scopeL.ctx.ansi, true);
  if (t === null) return null;
  return [coerce(l, t, scopeL.ctx), coerce(r, t, scopeL.ctx)];
}

/** `condition` has been analyzed against both sides already (so errors are reported as for the whole). */
export function splitCondition(condition: A.Expr | null, scopeL: Scope, scopeR: Scope): SplitCondition {
  const out: SplitCondition = { leftKeys: [], rightKeys: [], nullSafe: [], keyNames: [], keyOrdinals: [], residual: null };
  if (condition === null) return out;
  const rest: A.Expr[] = [];
  for (const c of conjuncts(condition)) {
    if (c.kind === "Binary" && (c.op === "=" || c.op === "==" || c.op === "<=>")) {
      const a = sideOf(c.left, scopeL.attrs, scopeR.attrs);
      const b = sideOf(c.right, scopeL.attrs, scopeR.attrs);
      if ((a === "left" && b === "right") || (a === "right" && b === "left")) {
        const le = a === "left" ? c.left : c.right;
        const re = a === "left" ? c.right : c.left;
        const lb = analyzeExpr(le, scopeL);
        const rb = analyzeExpr(re, scopeR);
        const pair = keyPair(lb, rb, scopeL);
        if (pair !== null) {
          out.keyOrdinals.push([lb.ordinal, rb.ordinal]);
          out.leftKeys.push(pair[0].eval);
          out.rightKeys.push(pair[1].eval);
          out.nullSafe.push(c.op === "<=>");
          out.keyNames.push([pair[0].name, pair[1].name]);
          continue;
        }
      }
    }
    rest.push(c);
  }
  return { ...out, residual: rest.length === 0 ? null : rest.reduce((x, y) => A.binary("AND", x, y)) };
}
