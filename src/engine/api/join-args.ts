/**
 * Argument parsing for `df.join(other, on?, how?)` (STYLE example 4): `on` is a column name, a list of names
 * (a USING join), a Column condition, or a list of Columns (ANDed), as pyspark's DataFrame.join takes it.
 */
import { AnalysisException } from "../errors";
import * as A from "../expr/ast";
import { parseJoinType } from "../plan/join-type";
import type { JoinType } from "../plan/nodes";
import { Column } from "./column";

export type JoinOn = string | Column | readonly string[] | readonly Column[] | null | undefined;

export interface JoinArgs {
  readonly joinType: JoinType;
  readonly condition: A.Expr | null;
  readonly using: readonly string[] | null;
}

export function parseJoinArgs(on: JoinOn, how: string | null | undefined): JoinArgs {
  const joinType = parseJoinType(how ?? "inner");
  if (on === null || on === undefined) {
    // pyspark: no `on` is a cross product whatever `how` says for inner
    return { joinType: joinType === "inner" ? "cross" : joinType, condition: null, using: null };
  }
  if (typeof on === "string") return { joinType, condition: null, using: [on] };
  if (on instanceof Column) return { joinType, condition: on.expr, using: null };
  const list = on as readonly (string | Column)[];
  if (list.length === 0) return { joinType: joinType === "inner" ? "cross" : joinType, condition: null, using: null };
  if (list.every((x) => typeof x === "string")) return { joinType, condition: null, using: list as readonly string[] };
  if (list.every((x) => x instanceof Column)) {
    const cond = (list as readonly Column[]).map((c) => c.expr).reduce((a, b) => A.binary("AND", a, b));
    return { joinType, condition: cond, using: null };
  }
  throw new AnalysisException("join: `on` must be a column name, a list of names, a Column or a list of Columns, not a mix of names and Columns");
}
