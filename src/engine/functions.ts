/**
 * pyspark.sql.functions for TypeScript: every built-in SQL function as a Column builder.
 * Column arguments accept a Column or a column name (as pyspark does); parameters that Spark takes
 * as literals (patterns, formats, positions, schemas) accept plain values.
 *   from_json(col("jsonData"), schema), window(col("ts"), "10 minutes", "5 minutes"), count("*")
 */
import { Column, type ColumnOrName, col, expr, lit, literalExpr, toExpr } from "./api/column";
import * as A from "./expr/ast";
import { StructTypeImpl } from "./types/struct-type";
import type { DataType } from "./types/data-types";

const C = (c: ColumnOrName) => toExpr(c);
const L = (v: unknown) => literalExpr(v);
const fn = (name: string, ...args: A.Expr[]) => new Column(A.call(name, args));

function optionsMap(options?: Readonly<Record<string, string>>): A.Expr[] {
  if (options === undefined) return [];
  return [A.call("map", Object.entries(options).flatMap(([k, v]) => [L(k), L(String(v))]))];
}
function schemaText(schema: DataType | string | Column): A.Expr {
  if (schema instanceof Column) return schema.expr;
  if (typeof schema === "string") return L(schema);
  return L(schema instanceof StructTypeImpl ? schema.toDDL() : schema.simpleString());
}

/** A generic call: `call_function("upper", col("a"))`. */
export function call_function(name: string, ...cols: ColumnOrName[]): Column {
  return new Column(A.call(name, cols.map(C)));
}

export { col, expr, lit };

/** `broadcast(df)`: marks a DataFrame small, so a join builds its hash table from it (a hint, as in Spark). */
export function broadcast<T extends { hint(name: string): T }>(df: T): T {
  return df.hint("broadcast");
}
export { udf } from "./api/udf";
export * from "./window-functions";
export * from "./function-builders";
export const column = col;

export function when(condition: Column, value: unknown): Column {
  return new Column(A.caseWhen(null, [[condition.expr, L(value)]], null));
}
export const not = (c: ColumnOrName) => new Column(A.unary("NOT", C(c)));
export const asc = (c: ColumnOrName) => new Column(A.sortOrder(C(c), true, true));
export const desc = (c: ColumnOrName) => new Column(A.sortOrder(C(c), false, false));
export const asc_nulls_last = (c: ColumnOrName) => new Column(A.sortOrder(C(c), true, false));
export const desc_nulls_first = (c: ColumnOrName) => new Column(A.sortOrder(C(c), false, true));

// ---- aggregates ---------------------------------------------------------------------------------
export const count = (c: ColumnOrName) =>
  c === "*" ? new Column(A.call("count", [], false, { star: true })) : fn("count", C(c));
export const countDistinct = (...cs: ColumnOrName[]) => new Column(A.call("count", cs.map(C), true));
export const count_distinct = countDistinct;
export const sum = (c: ColumnOrName) => fn("sum", C(c));
export const sum_distinct = (c: ColumnOrName) => new Column(A.call("sum", [C(c)], true));
export const avg = (c: ColumnOrName) => fn("avg", C(c));
export const mean = (c: ColumnOrName) => fn("mean", C(c));
export const min = (c: ColumnOrName) => fn("min", C(c));
export const max = (c: ColumnOrName) => fn("max", C(c));
export const first = (c: ColumnOrName, ignorenulls = false) => fn("first", C(c), ...(ignorenulls ? [L(true)] : []));
export const last = (c: ColumnOrName, ignorenulls = false) => fn("last", C(c), ...(ignorenulls ? [L(true)] : []));
export const collect_list = (c: ColumnOrName) => fn("collect_list", C(c));
export const collect_set = (c: ColumnOrName) => fn("collect_set", C(c));
export const approx_count_distinct = (c: ColumnOrName) => fn("approx_count_distinct", C(c));
export const stddev = (c: ColumnOrName) => fn("stddev", C(c));
export const variance = (c: ColumnOrName) => fn("variance", C(c));
export const max_by = (c: ColumnOrName, o: ColumnOrName) => fn("max_by", C(c), C(o));
export const min_by = (c: ColumnOrName, o: ColumnOrName) => fn("min_by", C(c), C(o));

// ---- strings ------------------------------------------------------------------------------------
export const upper = (c: ColumnOrName) => fn("upper", C(c));
export const lower = (c: ColumnOrName) => fn("lower", C(c));
export const length = (c: ColumnOrName) => fn("length", C(c));
export const substring = (c: ColumnOrName, pos: number, len: number) => fn("substring", C(c), L(pos), L(len));
export const substr = (c: ColumnOrName, pos: ColumnOrName | number, len?: ColumnOrName | number) =>
  fn("substr", C(c), typeof pos === "number" ? L(pos) : C(pos), ...(len === undefined ? [] : [typeof len === "number" ? L(len) : C(len)]));
export const concat = (...cs: ColumnOrName[]) => fn("concat", ...cs.map(C));
export const concat_ws = (sep: string, ...cs: ColumnOrName[]) => fn("concat_ws", L(sep), ...cs.map(C));
export const trim = (c: ColumnOrName, chars?: string) => fn("trim", C(c), ...(chars === undefined ? [] : [L(chars)]));
export const ltrim = (c: ColumnOrName, chars?: string) => fn("ltrim", C(c), ...(chars === undefined ? [] : [L(chars)]));
export const rtrim = (c: ColumnOrName, chars?: string) => fn("rtrim", C(c), ...(chars === undefined ? [] : [L(chars)]));
export const replace = (c: ColumnOrName, search: ColumnOrName, rep?: ColumnOrName) => fn("replace", C(c), C(search), ...(rep === undefined ? [] : [C(rep)]));
export const split = (c: ColumnOrName, pattern: string, limit = -1) => fn("split", C(c), L(pattern), L(limit));
export const lpad = (c: ColumnOrName, len: number, pad: string) => fn("lpad", C(c), L(len), L(pad));
export const rpad = (c: ColumnOrName, len: number, pad: string) => fn("rpad", C(c), L(len), L(pad));
export const instr = (c: ColumnOrName, sub: string) => fn("instr", C(c), L(sub));
export const locate = (sub: string, c: ColumnOrName, pos = 1) => fn("locate", L(sub), C(c), L(pos));
export const regexp_replace = (c: ColumnOrName, pattern: string | Column, rep: string | Column) =>
  fn("regexp_replace", C(c), pattern instanceof Column ? pattern.expr : L(pattern), rep instanceof Column ? rep.expr : L(rep));
export const regexp_extract = (c: ColumnOrName, pattern: string, idx: number) => fn("regexp_extract", C(c), L(pattern), L(idx));
export const initcap = (c: ColumnOrName) => fn("initcap", C(c));
export const reverse = (c: ColumnOrName) => fn("reverse", C(c));
export const repeat = (c: ColumnOrName, n: number) => fn("repeat", C(c), L(n));
export const hex = (c: ColumnOrName) => fn("hex", C(c));
export const base64 = (c: ColumnOrName) => fn("base64", C(c));
export const unbase64 = (c: ColumnOrName) => fn("unbase64", C(c));
export const format_number = (c: ColumnOrName, d: number) => fn("format_number", C(c), L(d));

// ---- conditional / null -------------------------------------------------------------------------
export const coalesce = (...cs: ColumnOrName[]) => fn("coalesce", ...cs.map(C));
export const nvl = (a: ColumnOrName, b: ColumnOrName) => fn("nvl", C(a), C(b));
export const ifnull = (a: ColumnOrName, b: ColumnOrName) => fn("ifnull", C(a), C(b));
export const nvl2 = (a: ColumnOrName, b: ColumnOrName, c: ColumnOrName) => fn("nvl2", C(a), C(b), C(c));
export const nullif = (a: ColumnOrName, b: ColumnOrName) => fn("nullif", C(a), C(b));
export const isnull = (c: ColumnOrName) => fn("isnull", C(c));
export const isnan = (c: ColumnOrName) => fn("isnan", C(c));
export const greatest = (...cs: ColumnOrName[]) => fn("greatest", ...cs.map(C));
export const least = (...cs: ColumnOrName[]) => fn("least", ...cs.map(C));

// ---- math ---------------------------------------------------------------------------------------
export const abs = (c: ColumnOrName) => fn("abs", C(c));
export const round = (c: ColumnOrName, scale = 0) => fn("round", C(c), L(scale));
export const bround = (c: ColumnOrName, scale = 0) => fn("bround", C(c), L(scale));
export const ceil = (c: ColumnOrName) => fn("ceil", C(c));
export const floor = (c: ColumnOrName) => fn("floor", C(c));
export const sqrt = (c: ColumnOrName) => fn("sqrt", C(c));
export const exp = (c: ColumnOrName) => fn("exp", C(c));
export const log = (c: ColumnOrName) => fn("ln", C(c));
export const pow = (a: ColumnOrName | number, b: ColumnOrName | number) => fn("pow", typeof a === "number" ? L(a) : C(a), typeof b === "number" ? L(b) : C(b));

// ---- datetime -----------------------------------------------------------------------------------
export const current_timestamp = () => fn("current_timestamp");
export const current_date = () => fn("current_date");
export const to_timestamp = (c: ColumnOrName, format?: string) => fn("to_timestamp", C(c), ...(format === undefined ? [] : [L(format)]));
export const to_date = (c: ColumnOrName, format?: string) => fn("to_date", C(c), ...(format === undefined ? [] : [L(format)]));
export const date_format = (c: ColumnOrName, format: string) => fn("date_format", C(c), L(format));
export const year = (c: ColumnOrName) => fn("year", C(c));
export const month = (c: ColumnOrName) => fn("month", C(c));
export const dayofmonth = (c: ColumnOrName) => fn("dayofmonth", C(c));
export const dayofweek = (c: ColumnOrName) => fn("dayofweek", C(c));
export const dayofyear = (c: ColumnOrName) => fn("dayofyear", C(c));
export const hour = (c: ColumnOrName) => fn("hour", C(c));
export const minute = (c: ColumnOrName) => fn("minute", C(c));
export const second = (c: ColumnOrName) => fn("second", C(c));
export const unix_timestamp = (c?: ColumnOrName, format = "yyyy-MM-dd HH:mm:ss") => (c === undefined ? fn("unix_timestamp") : fn("unix_timestamp", C(c), L(format)));
export const from_unixtime = (c: ColumnOrName, format = "yyyy-MM-dd HH:mm:ss") => fn("from_unixtime", C(c), L(format));
export const date_add = (c: ColumnOrName, days: number | ColumnOrName) => fn("date_add", C(c), typeof days === "number" ? L(days) : C(days));
export const date_sub = (c: ColumnOrName, days: number | ColumnOrName) => fn("date_sub", C(c), typeof days === "number" ? L(days) : C(days));
export const datediff = (end: ColumnOrName, start: ColumnOrName) => fn("datediff", C(end), C(start));
export const add_months = (c: ColumnOrName, n: number) => fn("add_months", C(c), L(n));
export const date_trunc = (format: string, c: ColumnOrName) => fn("date_trunc", L(format), C(c));
export const timestamp_seconds = (c: ColumnOrName) => fn("timestamp_seconds", C(c));

/** Event-time window: struct<start: timestamp, end: timestamp>; sliding when `slideDuration` < `windowDuration`. */
export const window = (timeColumn: ColumnOrName, windowDuration: string, slideDuration?: string, startTime?: string) =>
  fn("window", C(timeColumn), L(windowDuration), ...(slideDuration === undefined ? (startTime === undefined ? [] : [L(windowDuration)]) : [L(slideDuration)]), ...(startTime === undefined ? [] : [L(startTime)]));
/**
 * Session window: struct<start: timestamp, end: timestamp>; rows of a key closer than `gapDuration` share a session.
 * A string gap is a literal duration ("5 minutes", as in PySpark); a Column gives each row its own gap.
 */
export const session_window = (timeColumn: ColumnOrName, gapDuration: string | Column) =>
  fn("session_window", C(timeColumn), gapDuration instanceof Column ? gapDuration.expr : L(gapDuration));
/** The event time of a window or session window column: its end minus one microsecond. */
export const window_time = (windowColumn: ColumnOrName) => fn("window_time", C(windowColumn));

// ---- json ---------------------------------------------------------------------------------------
export const from_json = (c: ColumnOrName, schema: DataType | string | Column, options?: Readonly<Record<string, string>>) =>
  fn("from_json", C(c), schemaText(schema), ...optionsMap(options));
export const to_json = (c: ColumnOrName, options?: Readonly<Record<string, string>>) => fn("to_json", C(c), ...optionsMap(options));
export const get_json_object = (c: ColumnOrName, path: string) => fn("get_json_object", C(c), L(path));
export const json_tuple = (c: ColumnOrName, ...fields: string[]) => fn("json_tuple", C(c), ...fields.map(L));
export const schema_of_json = (json: string | Column, options?: Readonly<Record<string, string>>) =>
  fn("schema_of_json", json instanceof Column ? json.expr : L(json), ...optionsMap(options));

// ---- collections --------------------------------------------------------------------------------
export const array = (...cs: ColumnOrName[]) => fn("array", ...cs.map(C));
export const struct = (...cs: ColumnOrName[]) => fn("struct", ...cs.map(C));
export const create_map = (...cs: ColumnOrName[]) => fn("map", ...cs.map(C));
export const size = (c: ColumnOrName) => fn("size", C(c));
export const element_at = (c: ColumnOrName, k: unknown) => fn("element_at", C(c), L(k));
export const array_contains = (c: ColumnOrName, v: unknown) => fn("array_contains", C(c), L(v));
export const explode = (c: ColumnOrName) => fn("explode", C(c));
export const explode_outer = (c: ColumnOrName) => fn("explode_outer", C(c));

// ---- builders whose SQL form is an operator or a DISTINCT aggregate --------------------------------------
export const asc_nulls_first = (c: ColumnOrName) => new Column(A.sortOrder(C(c), true, true));
export const desc_nulls_last = (c: ColumnOrName) => new Column(A.sortOrder(C(c), false, false));
export const bitwise_not = (c: ColumnOrName) => new Column(A.unary("~", C(c)));
/** `call_udf("name", cols...)`: a function registered with spark.udf.register, by name. */
export const call_udf = (name: string, ...cols: ColumnOrName[]) => new Column(A.call(name, cols.map(C)));
export const product = (c: ColumnOrName) => fn("product", C(c));
export const listagg_distinct = (c: ColumnOrName, delimiter?: string | Column) =>
  new Column(A.call("listagg", [C(c), ...(delimiter === undefined ? [] : [delimiter instanceof Column ? delimiter.expr : L(delimiter)])], true));
export const string_agg_distinct = (c: ColumnOrName, delimiter?: string | Column) =>
  new Column(A.call("string_agg", [C(c), ...(delimiter === undefined ? [] : [delimiter instanceof Column ? delimiter.expr : L(delimiter)])], true));

// ---- partition transforms: only for DataFrameWriterV2.partitionedBy, an error anywhere else (as in Spark) ----
const transform_ = (name: string, ...args: A.Expr[]) => new Column(A.call("__partition_transform", [L(name), ...args]));
export const years = (c: ColumnOrName) => transform_("years", C(c));
export const months = (c: ColumnOrName) => transform_("months", C(c));
export const days = (c: ColumnOrName) => transform_("days", C(c));
export const hours = (c: ColumnOrName) => transform_("hours", C(c));
export const bucket = (numBuckets: number | Column, c: ColumnOrName) => transform_("bucket", numBuckets instanceof Column ? numBuckets.expr : L(numBuckets), C(c));

/** timestamp_add("HOUR", 2, col): the SQL timestampadd; the unit is a name such as YEAR, MONTH, DAY, HOUR. */
export const timestamp_add = (unit: string, quantity: ColumnOrName | number, ts: ColumnOrName) =>
  new Column(A.call("timestampadd", [L(unit), typeof quantity === "number" ? L(quantity) : C(quantity), C(ts)]));
/** timestamp_diff("DAY", start, end): whole units from start to end (SQL timestampdiff). */
export const timestamp_diff = (unit: string, start: ColumnOrName, end: ColumnOrName) => new Column(A.call("timestampdiff", [L(unit), C(start), C(end)]));
