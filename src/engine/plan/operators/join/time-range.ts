/**
 * The state watermark a stream-stream join derives from an event-time range condition (Spark's
 * StreamingJoinHelper.getStateValueWatermark): from a conjunct `otherTime + c1 < thisTime + c2` (or `<=`, `>`, `>=`,
 * or a BETWEEN) where `otherTime` carries a watermark, no future row of the other side (time > watermark) can match a
 * row of this side with `thisTime <= watermark + c1 - c2`, so such state rows can go. Several conjuncts: the smallest
 * bound wins; `<=` / `>=` take one millisecond off, as Spark does, since the bound itself may still match.
 * Each operand must be one timestamp column plus or minus constants (intervals); anything else gives no bound.
 */
import { AnalysisException } from "../../../errors";
import * as A from "../../../expr/ast";
import { type Attr, analyzeExpr, type Scope } from "../../../expr/analyze";
import { JOIN_TYPE_NAME } from "../../join-type";
import type { JoinType } from "../../nodes";
import { sideOf } from "./join-keys";

/** A state watermark for one side: drop state rows whose `ordinal` column is at or below `watermark + offsetMs`. */
export interface StateValueWatermark {
  /** The side's own watermarked input column (Spark applies the bound to it); -1 when it has none (no eviction). */
  readonly ordinal: number;
  readonly offsetMs: number;
}

function conjuncts(e: A.Expr): A.Expr[] {
  if (e.kind === "Binary" && e.op === "AND") return [...conjuncts(e.left), ...conjuncts(e.right)];
  if (e.kind === "Between" && !e.negated) return [A.binary(">=", e.child, e.lower), A.binary("<=", e.child, e.upper)];
  return [e];
}

/** `e` is one column, with a + sign, plus or minus constants; the column's reference, or null. */
function linearColumn(e: A.Expr, negated: boolean, left: readonly Attr[], right: readonly Attr[]): A.ColumnRef | null | "const" {
  switch (e.kind) {
    case "ColumnRef":
      return negated ? null : e;
    case "Literal":
      return "const";
    case "Cast":
      return linearColumn(e.child, negated, left, right);
    case "Binary": {
      if (e.op !== "+" && e.op !== "-") break;
      const a = linearColumn(e.left, negated, left, right);
      const b = linearColumn(e.right, e.op === "-" ? !negated : negated, left, right);
      if (a === null || b === null) return null;
      if (a !== "const" && b !== "const") return null;
      return a === "const" ? b : a;
    }
    default:
      break;
  }
  return sideOf(e, left, right) === "none" ? "const" : null;
}

/** `e` at time 0 of its one column, in microseconds (the constant part); null when it is not a timestamp. */
function offsetOf(e: A.Expr, scope: Scope, ordinal: number): bigint | null {
  const row = new Array<unknown>(scope.attrs.length).fill(null);
  row[ordinal] = 0n;
  try {
    const b = analyzeExpr(e, scope);
    if (b.dataType.sql() !== "TIMESTAMP") return null;
    const v = b.eval(row);
    return typeof v === "bigint" ? v : null;
  } catch {
    return null;
  }
}

interface TimeOperand {
  readonly ordinal: number;
  readonly offset: bigint;
  readonly watermarked: boolean;
}

function operand(e: A.Expr, side: "left" | "right", scopeL: Scope, scopeR: Scope): TimeOperand | null {
  const L = scopeL.attrs;
  const R = scopeR.attrs;
  if (sideOf(e, L, R) !== side) return null;
  const ref = linearColumn(e, false, L, R);
  if (ref === null || ref === "const") return null;
  const scope = side === "left" ? scopeL : scopeR;
  let ordinal: number | undefined;
  try {
    ordinal = analyzeExpr(ref, scope).ordinal;
  } catch {
    return null;
  }
  if (ordinal === undefined) return null;
  const offset = offsetOf(e, scope, ordinal);
  if (offset === null) return null;
  return { ordinal, offset, watermarked: scope.attrs[ordinal]!.eventTime !== undefined };
}

/**
 * The state watermark of `side` (as an offset from the event-time watermark), or undefined when the condition
 * bounds it by no watermarked column of the other side (Spark's check for outer joins asks only this much).
 */
export function stateValueWatermark(condition: A.Expr | null, side: "left" | "right", scopeL: Scope, scopeR: Scope): StateValueWatermark | undefined {
  if (condition === null) return undefined;
  const own = (side === "left" ? scopeL : scopeR).attrs.findIndex((a) => a.eventTime !== undefined);
  const other = side === "left" ? "right" : "left";
  let best: number | undefined;
  for (const c of conjuncts(condition)) {
    if (c.kind !== "Binary" || !["<", "<=", ">", ">="].includes(c.op)) continue;
    // as `lo < hi`: the other side's time must be in `lo`, this side's in `hi`
    const [lo, hi] = c.op === "<" || c.op === "<=" ? [c.left, c.right] : [c.right, c.left];
    const o = operand(lo, other, scopeL, scopeR);
    const t = operand(hi, side, scopeL, scopeR);
    if (o === null || t === null || !o.watermarked) continue;
    // otherTime + c1 < thisTime + c2  =>  thisTime > watermark + c1 - c2 (micros; Spark truncates to ms)
    let offsetMs = Math.floor(Number(o.offset - t.offset) / 1000);
    if (c.op === "<=" || c.op === ">=") offsetMs -= 1;
    best = best === undefined ? offsetMs : Math.min(best, offsetMs);
  }
  return best === undefined ? undefined : { ordinal: own, offsetMs: best };
}

/**
 * Spark's UnsupportedOperationChecker.checkForStreamStreamJoinWatermark: an outer or semi join of two streams needs
 * a watermark in the join keys, or a range condition that bounds the preserved side by the other side's watermark
 * (both sides for a full outer join); otherwise its unmatched rows could never be emitted.
 */
export function checkOuterStreamJoin(
  joinType: JoinType,
  watermarkInJoinKeys: boolean,
  bounds: { readonly left?: StateValueWatermark; readonly right?: StateValueWatermark },
): void {
  if (joinType === "inner" || joinType === "cross" || watermarkInJoinKeys) return;
  const ok = joinType === "right" ? bounds.right !== undefined : joinType === "full" ? bounds.left !== undefined && bounds.right !== undefined : bounds.left !== undefined;
  if (ok) return;
  throw new AnalysisException(
    `Stream-stream ${JOIN_TYPE_NAME[joinType]} join between two streaming DataFrame/Datasets is not supported without a watermark in the join keys, or a watermark on the nullable side and an appropriate range condition`,
    { errorClass: "_LEGACY_ERROR_TEMP_3102" },
  );
}
