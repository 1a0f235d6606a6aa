/**
 * Spark's strength reduction of an integral expression compared with a decimal literal
 * (DecimalPrecisionTypeCoercion.integralAndDecimalLiteral): instead of widening both sides to a decimal, the
 * literal is rounded to a BIGINT the integral side can be compared with exactly, e.g. `i > 0.5` is `i > 0` and
 * `i < 2.5` is `i < 3`. Spark does it while analyzing, so the column is named after the rewritten comparison:
 * `SELECT 1 > 0.00001` is the column `(1 > 0)`. A literal beyond the BIGINT range makes the comparison a
 * constant `true` or `false`. Only the ordering comparisons are rewritten (`=` keeps its decimal widening).
 */
import { BooleanType, LongType } from "../types/data-types";
import { Decimal } from "../types/decimal";
import { type Bound, literal } from "./analyze";
import { isIntegralType } from "./coercion";

const LONG_MIN = new Decimal(-9223372036854775808n, 0);
const LONG_MAX = new Decimal(9223372036854775807n, 0);

type Ordering = "<" | "<=" | ">" | ">=";
const MIRROR: Readonly<Record<Ordering, Ordering>> = { "<": ">", "<=": ">=", ">": "<", ">=": "<=" };

/** The comparison's operands after the rewrite, a constant result, or null when the rule does not apply. */
export function reduceDecimalLiteral(op: string, l: Bound, r: Bound): { l: Bound; r: Bound } | Bound | null {
  if (!(op in MIRROR)) return null;
  const ord = op as Ordering;
  if (isIntegralType(l.dataType) && r.literal?.value instanceof Decimal) {
    const v = reduce(ord, r.literal.value);
    return typeof v === "boolean" ? constant(v) : { l, r: literal(v, LongType(), String(v)) };
  }
  if (isIntegralType(r.dataType) && l.literal?.value instanceof Decimal) {
    // `d > i` is `i < d`: round as for the mirrored operator
    const v = reduce(MIRROR[ord], l.literal.value);
    return typeof v === "boolean" ? constant(v) : { l: literal(v, LongType(), String(v)), r };
  }
  return null;
}

/** `i op d` as `i op n` (n a bigint), or the comparison's constant value when d is beyond the bigint range. */
function reduce(op: Ordering, d: Decimal): bigint | boolean {
  const greater = op === ">" || op === ">=";
  if (d.compare(LONG_MIN) < 0) return greater; // every bigint is greater than d
  if (d.compare(LONG_MAX) > 0) return !greater;
  const roundUp = op === ">=" || op === "<";
  return d.setScale(0, roundUp ? "CEILING" : "FLOOR").unscaled;
}

function constant(v: boolean): Bound {
  return { ...literal(v, BooleanType(), String(v)), nullable: false };
}
