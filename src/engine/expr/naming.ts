/**
 * The name Spark gives a select-list item that has no alias (its AliasResolution.resolve, run after the
 * expression is resolved):
 * - a column reference, or a nested field written as a dotted name (`s.a`), keeps the column's or field's name;
 * - an explicit alias keeps the alias;
 * - a CAST / TRY_CAST whose operand is itself a column (or an aliased expression) takes the column's name:
 *   `CAST(ts AS DATE)` is named `ts` (Spark's `Cast(ne: NamedExpression)` rule), while a cast of anything else
 *   prints as SQL, `CAST((i + 1) AS BIGINT)`;
 * - everything else, field extraction from an expression included (`struct(1 AS a).a`, `window(...).start`,
 *   `col("s").getField("a")`), prints as Spark's pretty SQL, which the analyzer computes as Bound.name.
 */
import type { Bound } from "./analyze";
import type * as A from "./ast";

export function outputName(e: A.Expr, b: Bound): string {
  if (e.kind === "Alias") return e.names[0]!;
  if (e.kind === "ColumnRef") return e.parts[e.parts.length - 1]!;
  if (e.kind === "Cast" && b.castOfColumn !== undefined) return b.castOfColumn;
  return b.name;
}

/**
 * The name of a cast's operand when that operand is a named expression in Spark's sense: a reference to a whole
 * column (not a field inside one: Spark unwraps a nested field's alias below the top level) or an alias.
 */
export function namedOperand(child: A.Expr, bound: Bound): string | undefined {
  if (child.kind === "Alias") return child.names[0];
  if (child.kind !== "ColumnRef") return undefined;
  const last = child.parts[child.parts.length - 1]!;
  return bound.name.toLowerCase() === last.toLowerCase() ? bound.name : undefined;
}
