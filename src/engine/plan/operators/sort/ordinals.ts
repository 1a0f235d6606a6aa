/**
 * `ORDER BY 1, 2 DESC`: an integer literal in a sort order is a position in the select list (Spark's
 * SubstituteUnresolvedOrdinals with spark.sql.orderByOrdinal, on by default, for SQL and `orderBy(lit(1))` alike).
 * A position outside the list is ORDER_BY_POS_OUT_OF_RANGE. Any other literal sorts by a constant, as in Spark.
 */
import { AnalysisException, sparkError } from "../../../errors";
import type { Attr, Bound } from "../../../expr/analyze";
import type * as A from "../../../expr/ast";
import { IntegerType } from "../../../types/data-types";

/** The position an order names (1-based), or undefined when it is not an INT literal. */
export function sortOrdinal(order: A.SortOrder): number | undefined {
  const e = order.child;
  if (e.kind !== "Literal" || !(e.dataType instanceof IntegerType) || typeof e.value !== "number") return undefined;
  return e.value;
}

/** The sort key of position `pos` among `visible` (the child's output the select list shows). */
export function ordinalSortKey(pos: number, visible: readonly Attr[]): Bound {
  const attr = visible[pos - 1];
  if (attr === undefined) {
    throw sparkError(AnalysisException, "ORDER_BY_POS_OUT_OF_RANGE", { index: String(pos), size: String(visible.length) });
  }
  const i = pos - 1;
  return { dataType: attr.dataType, nullable: attr.nullable, name: attr.name, eval: (row) => row[i] ?? null, foldable: false, ordinal: i };
}
