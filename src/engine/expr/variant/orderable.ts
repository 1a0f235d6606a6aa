/**
 * VARIANT has no order and no equality in Spark: comparing, sorting or grouping by a variant (or a struct/array
 * holding one) fails at analysis with Spark's error. Cast to a concrete type first (variant_get or ::).
 */
import { AnalysisException } from "../../errors";
import { ArrayType, type DataType, MapType, VariantType } from "../../types/data-types";
import { StructTypeImpl } from "../../types/struct-type";

export function containsVariant(t: DataType): boolean {
  if (t instanceof VariantType) return true;
  if (t instanceof ArrayType) return containsVariant(t.elementType);
  if (t instanceof MapType) return containsVariant(t.keyType) || containsVariant(t.valueType);
  if (t instanceof StructTypeImpl) return t.fields.some((f) => containsVariant(f.dataType));
  return false;
}

function invalidOrdering(sqlExpr: string, op: string, t: DataType): AnalysisException {
  return new AnalysisException(
    `[DATATYPE_MISMATCH.INVALID_ORDERING_TYPE] Cannot resolve "${sqlExpr}" due to data type mismatch: The \`${op}\` does not support ordering on type "${t.sql()}". SQLSTATE: 42K09`,
    { errorClass: "DATATYPE_MISMATCH.INVALID_ORDERING_TYPE", sqlState: "42K09" },
  );
}

/** Returns `name` when `l op r` may be compared; throws Spark's error when either side holds a variant. */
export function orderableComparison(name: string, op: string, l: DataType, r: DataType): string {
  const bad = containsVariant(l) ? l : containsVariant(r) ? r : null;
  if (bad !== null) throw invalidOrdering(name, op === "==" ? "=" : op, bad);
  return name;
}

/** ORDER BY on a variant. */
export function checkSortable(sortName: string, t: DataType): void {
  if (containsVariant(t)) throw invalidOrdering(sortName, "sortorder", t);
}

/** GROUP BY on a variant. */
export function checkGroupable(exprName: string, t: DataType): void {
  if (containsVariant(t)) {
    throw new AnalysisException(
      `[GROUP_EXPRESSION_TYPE_IS_NOT_ORDERABLE] The expression "${exprName}" cannot be used as a grouping expression because its data type "${t.sql()}" is not an orderable data type. SQLSTATE: 42822`,
      { errorClass: "GROUP_EXPRESSION_TYPE_IS_NOT_ORDERABLE", sqlState: "42822" },
    );
  }
}
