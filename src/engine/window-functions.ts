/**
 * pyspark.sql.functions' window functions as Column builders; each must be used with `.over(w)`
 * (the families that evaluate them: expr/functions/window-ranking.ts and window-offset.ts).
 */
import { Column, type ColumnOrName, literalExpr, toExpr } from "./api/column";
import * as A from "./expr/ast";

const fn = (name: string, ...args: A.Expr[]) => new Column(A.call(name, args));
const L = (v: unknown) => literalExpr(v);

export const row_number = () => fn("row_number");
export const rank = () => fn("rank");
export const dense_rank = () => fn("dense_rank");
export const percent_rank = () => fn("percent_rank");
export const cume_dist = () => fn("cume_dist");
export const ntile = (n: number) => fn("ntile", L(n));
/** lag(col, offset = 1, default = null): the value `offset` rows before, or `default` past the partition start. */
export const lag = (c: ColumnOrName, offset = 1, dflt: unknown = null) => fn("lag", toExpr(c), L(offset), ...(dflt === null ? [] : [dflt instanceof Column ? dflt.expr : L(dflt)]));
export const lead = (c: ColumnOrName, offset = 1, dflt: unknown = null) => fn("lead", toExpr(c), L(offset), ...(dflt === null ? [] : [dflt instanceof Column ? dflt.expr : L(dflt)]));
export const first_value = (c: ColumnOrName, ignoreNulls = false) => fn("first_value", toExpr(c), ...(ignoreNulls ? [L(true)] : []));
export const last_value = (c: ColumnOrName, ignoreNulls = false) => fn("last_value", toExpr(c), ...(ignoreNulls ? [L(true)] : []));
export const nth_value = (c: ColumnOrName, offset: number, ignoreNulls = false) => fn("nth_value", toExpr(c), L(offset), ...(ignoreNulls ? [L(true)] : []));
