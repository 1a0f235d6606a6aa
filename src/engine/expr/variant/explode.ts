/**
 * variant_explode / variant_explode_outer, Spark's table functions over a variant: one row per object field
 * (pos, key, value) or array element (pos, NULL, value); a scalar, a variant null or a SQL NULL gives no rows
 * (one all-NULL row for the _outer form). Used in FROM: `FROM variant_explode(v)` or `FROM t, LATERAL
 * variant_explode(t.v) e` (plan/generate.ts plans it as a generator).
 */
import { AnalysisException } from "../../errors";
import { IntegerType, StringType, type DataType, VariantType } from "../../types/data-types";
import { VariantObject, type VariantNode, VariantVal } from "../../types/variant";
import type { Bound } from "../analyze";
import type { Row } from "../../types/values";

export const VARIANT_EXPLODE_COLUMNS: readonly (readonly [string, DataType])[] = [
  ["pos", IntegerType()],
  ["key", StringType()],
  ["value", VariantType()],
];

export function variantExplodeRows(g: Bound, fn: string): (row: Row) => readonly Row[] {
  if (!(g.dataType instanceof VariantType)) {
    throw new AnalysisException(
      `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "${fn}(${g.name})" due to data type mismatch: The first parameter requires the "VARIANT" type, however "${g.name}" has the type "${g.dataType.sql()}". SQLSTATE: 42K09`,
      { errorClass: "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE", sqlState: "42K09" },
    );
  }
  const ge = g.eval;
  return (row) => {
    const v = ge(row) as VariantVal | null;
    if (v === null) return [];
    const n = v.node;
    if (n instanceof VariantObject) return n.keys.map((k, i) => [i, k, new VariantVal(n.values[i]!)]);
    if (Array.isArray(n)) return (n as readonly VariantNode[]).map((x, i) => [i, null, new VariantVal(x)]);
    return [];
  };
}

/** variant_explode in a select list: Spark registers it only as a table function. */
export function checkNotInSelectList(fn: string): void {
  if (fn === "variant_explode" || fn === "variant_explode_outer") {
    throw new AnalysisException(
      `[NOT_A_SCALAR_FUNCTION] \`${fn}\` appears as a scalar expression here, but the function was defined as a table function. Please update the query to move the function call into the FROM clause, or redefine \`${fn}\` as a scalar function instead. SQLSTATE: 42887`,
      { errorClass: "NOT_A_SCALAR_FUNCTION", sqlState: "42887" },
    );
  }
}
