/**
 * `df.stat` (PySpark's DataFrameStatFunctions) and the DataFrame methods that call it: approxQuantile
 * (Greenwald-Khanna, quantile-summaries.ts), corr / cov (Spark's one-pass co-moment counter), crosstab,
 * freqItems (Karp-Schenker-Papadimitriou counting), sampleBy. Each follows Spark's StatFunctions: the
 * same argument checks and messages, the same output schema and column names, and Spark's quirks —
 * corr and cov read a null as 0.0 (Spark's row.getDouble of a null), approxQuantile skips nulls and NaN.
 * The numbers are computed eagerly (they are actions in Spark too); crosstab and freqItems return a
 * DataFrame over the computed rows.
 */
import { AnalysisException, IllegalArgumentException, PySparkTypeError, PySparkValueError } from "../errors";
import * as A from "../expr/ast";
import { isNumericType } from "../expr/coercion";
import { node } from "../plan/nodes";
import { ArrayType, type DataType, DoubleType, LongType, StringType } from "../types/data-types";
import { StructFieldImpl, StructTypeImpl } from "../types/struct-type";
import type { Row } from "../types/values";
import { keyOf } from "../expr/compare";
import { Column, literalExpr } from "./column";
import type { DataFrame } from "./data-frame";
import { notInTspark, withPySparkSurface } from "./missing-api";
import { batchOnly } from "./data-frame-extras";
import { QuantileSummary } from "./quantile-summaries";

/** Spark's Scala name of a type, as its `require` messages print it (StringType, IntegerType ...). */
function scalaName(t: DataType): string {
  const n = t.typeName();
  const simple: Record<string, string> = {
    string: "StringType",
    integer: "IntegerType",
    long: "LongType",
    short: "ShortType",
    byte: "ByteType",
    double: "DoubleType",
    float: "FloatType",
    boolean: "BooleanType",
    date: "DateType",
    timestamp: "TimestampType",
    timestamp_ntz: "TimestampNTZType",
    binary: "BinaryType",
  };
  return simple[n] ?? t.simpleString();
}

/** Java's Double.toString, as Spark's messages print numbers (2.0, 1.0E-5). */
function javaDouble(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? "NaN" : n > 0 ? "Infinity" : "-Infinity";
  const a = Math.abs(n);
  if (a === 0 || (a >= 1e-3 && a < 1e7)) return Number.isInteger(n) ? `${n}.0` : String(n);
  const [m, e] = n.toExponential().split("e");
  return `${m!.includes(".") ? m : `${m}.0`}E${Number(e)}`;
}

const requirement = (msg: string) => new IllegalArgumentException(`requirement failed: ${msg}`);

function fieldOf(df: DataFrame, name: string): StructFieldImpl {
  // resolve through the analyzer: unknown names fail with UNRESOLVED_COLUMN, as Spark's df.resolve does
  return df.select(new Column(A.colRef([name]))).schema.fields[0]!;
}

/** Values of `cols` cast to double, one array per row (an action: Spark's error on a stream). */
function doubles(df: DataFrame, cols: readonly string[]): (number | null)[][] {
  batchOnly(df);
  const exprs = cols.map((c) => A.cast(A.colRef([c]), DoubleType()));
  return df.withPlan(node({ kind: "Project", child: df.plan, exprs })).collectValues() as (number | null)[][];
}

function checkProbabilities(probabilities: unknown): number[] {
  const ok = Array.isArray(probabilities) && probabilities.every((p) => typeof p === "number" && p >= 0 && p <= 1);
  if (!ok) {
    const got = Array.isArray(probabilities) ? "list" : typeof probabilities === "number" ? "float" : typeof probabilities;
    throw new PySparkTypeError(`[NOT_EXPECTED_TYPE] Argument \`probabilities\` should be list[float, int], got ${got}.`, {
      errorClass: "NOT_EXPECTED_TYPE",
      messageParameters: { arg_name: "probabilities", expected_type: "list[float, int]", arg_type: got },
    });
  }
  return probabilities as number[];
}

/**
 * approxQuantile(col | cols, probabilities, relativeError): for one column name a list of numbers, for a
 * list of names a list per column; a column with no non-null, non-NaN value gives an empty list.
 */
export function approxQuantile(df: DataFrame, col: string | readonly string[], probabilities: readonly number[], relativeError: number): number[] | number[][] {
  const cols = typeof col === "string" ? [col] : Array.isArray(col) ? [...col] : null;
  if (cols === null || cols.some((c) => typeof c !== "string")) {
    throw new PySparkTypeError(`[NOT_LIST_OR_STR_OR_TUPLE] Argument \`col\` should be a list, str or tuple, got ${typeof col}.`, {
      errorClass: "NOT_LIST_OR_STR_OR_TUPLE",
    });
  }
  const probs = checkProbabilities(probabilities);
  if (typeof relativeError !== "number" || relativeError < 0) {
    throw new PySparkValueError(`[NEGATIVE_VALUE] Value for \`relativeError\` must be greater than or equal to 0, got '${String(relativeError)}'.`, {
      errorClass: "NEGATIVE_VALUE",
      messageParameters: { arg_name: "relativeError", arg_value: String(relativeError) },
    });
  }
  for (const c of cols) {
    const f = fieldOf(df, c);
    if (!isNumericType(f.dataType)) throw requirement(`Quantile calculation for column ${c} with data type ${scalaName(f.dataType)} is not supported.`);
  }
  const summaries = cols.map(() => new QuantileSummary(relativeError));
  for (const row of doubles(df, cols)) {
    row.forEach((v, i) => {
      if (v !== null && !Number.isNaN(v)) summaries[i]!.insert(v);
    });
  }
  const answers = summaries.map((s) => {
    s.compress();
    return probs.map((p) => s.query(p)).filter((v): v is number => v !== null);
  });
  return typeof col === "string" ? answers[0]! : answers;
}

/** Spark's CovarianceCounter: one pass of running means and co-moments over (x, y) as doubles, null read as 0. */
function coMoments(df: DataFrame, col1: string, col2: string, what: "correlation" | "covariance"): { ck: number; mx: number; my: number; n: number } {
  for (const c of [col1, col2]) {
    const f = df.schema.fields.find((x) => x.name === c);
    if (f === undefined) throw requirement(`Couldn't find column with name ${c}`);
    if (!isNumericType(f.dataType)) throw requirement(`Currently ${what} calculation for columns with dataType ${f.dataType.simpleString()} not supported.`);
  }
  let xAvg = 0;
  let yAvg = 0;
  let ck = 0;
  let mx = 0;
  let my = 0;
  let n = 0;
  for (const [a, b] of doubles(df, [col1, col2])) {
    const x = a ?? 0;
    const y = b ?? 0;
    const dx = x - xAvg;
    const dy = y - yAvg;
    n++;
    xAvg += dx / n;
    yAvg += dy / n;
    ck += dx * (y - yAvg);
    mx += dx * (x - xAvg);
    my += dy * (y - yAvg);
  }
  return { ck, mx, my, n };
}

function checkColumnName(name: unknown, arg: string): string {
  if (typeof name !== "string") {
    throw new PySparkTypeError(`[NOT_STR] Argument \`${arg}\` should be a str, got ${typeof name}.`, { errorClass: "NOT_STR" });
  }
  return name;
}

/** Pearson correlation of two numeric columns (the only method Spark has). */
export function corr(df: DataFrame, col1: string, col2: string, method = "pearson"): number {
  checkColumnName(col1, "col1");
  checkColumnName(col2, "col2");
  if (method !== "pearson") {
    throw new PySparkValueError(`[VALUE_NOT_ALLOWED] Value for \`method\` has to be amongst the following values: ['pearson'].`, {
      errorClass: "VALUE_NOT_ALLOWED",
    });
  }
  const m = coMoments(df, col1, col2, "correlation");
  return m.ck / Math.sqrt(m.mx * m.my);
}

/** Sample covariance of two numeric columns. */
export function cov(df: DataFrame, col1: string, col2: string): number {
  checkColumnName(col1, "col1");
  checkColumnName(col2, "col2");
  const m = coMoments(df, col1, col2, "covariance");
  return m.ck / (m.n - 1);
}

/**
 * crosstab(col1, col2): a contingency table: one row per distinct col1 value (as a string, "null" for null)
 * in column `col1_col2`, one long column per distinct col2 value named by its text, sorted as strings.
 */
export function crosstab(df: DataFrame, col1: string, col2: string): DataFrame {
  checkColumnName(col1, "col1");
  checkColumnName(col2, "col2");
  if (df.isStreaming) throw new AnalysisException("pivot is not supported on a streaming DataFrames/Datasets", { errorClass: "_LEGACY_ERROR_TEMP_3063" });
  const asText = (c: string) => A.cast(A.colRef([c]), StringType());
  const counted = df.groupBy(new Column(asText(col1)), new Column(asText(col2))).count().collectValues();
  const clean = (v: unknown) => (v === null ? "null" : String(v));
  const distinct2 = [...new Set(counted.map((r) => clean(r[1])))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (distinct2.length >= 1e4) throw requirement(`The number of distinct values for ${col2}, can't exceed 1e4. Currently ${distinct2.length}`);
  const index = new Map(distinct2.map((v, i) => [v, i + 1]));
  const table = new Map<string, Row>();
  for (const [a, b, n] of counted) {
    const k = clean(a);
    let row = table.get(k);
    if (row === undefined) {
      row = [k, ...distinct2.map(() => 0n)];
      table.set(k, row);
    }
    (row as unknown[])[index.get(clean(b))!] = n;
  }
  const schema = new StructTypeImpl([
    new StructFieldImpl(`${col1}_${col2}`, StringType(), true),
    ...distinct2.map((v) => new StructFieldImpl(v.replace(/`/g, ""), LongType(), true)),
  ]);
  return df.withPlan(node({ kind: "LocalRelation", schema, rows: [...table.values()] }));
}

/**
 * freqItems(cols, support = 0.01): items that may occur in more than `support` of the rows, per column
 * (false positives possible), as one row of arrays named `<col>_freqItems`. Counting keeps at most
 * 1/support candidates; when full, a new item lowers every count by one (Karp et al.). Arrays list the
 * items in the order they were first kept (Spark's hash-map order differs; sort them to compare).
 */
export function freqItems(df: DataFrame, cols: readonly string[], support?: number | null): DataFrame {
  if (!Array.isArray(cols)) {
    throw new PySparkTypeError(`[NOT_LIST_OR_TUPLE] Argument \`cols\` should be a list or tuple, got ${typeof cols}.`, { errorClass: "NOT_LIST_OR_TUPLE" });
  }
  if (df.isStreaming) {
    throw notInTspark("DataFrame", "freqItems on a streaming DataFrame", "Spark runs it as a streaming aggregate; tspark counts the items when called: call it on each micro-batch inside foreachBatch.");
  }
  const s = support ?? 0.01;
  if (s < 1e-4) throw requirement(`Support must be in [1e-4, 1], but got ${javaDouble(s)}.`);
  const size = Math.trunc(1 / s);
  const fields = cols.map((c) => fieldOf(df, c));
  const rows = df.select(...cols.map((c) => new Column(A.colRef([c])))).collectValues();
  const maps = cols.map(() => new Map<string, { value: unknown; n: number }>());
  for (const r of rows) {
    maps.forEach((m, i) => {
      const v = r[i] ?? null;
      const k = keyOf([v]);
      const hit = m.get(k);
      if (hit !== undefined) hit.n++;
      else if (m.size < size) m.set(k, { value: v, n: 1 });
      else {
        for (const [key, e] of m) {
          if (e.n > 1) e.n--;
          else m.delete(key);
        }
      }
    });
  }
  const schema = new StructTypeImpl(fields.map((f, i) => new StructFieldImpl(`${cols[i]}_freqItems`, ArrayType(f.dataType, true), true)));
  const row: Row = maps.map((m) => [...m.values()].map((e) => e.value));
  return df.withPlan(node({ kind: "LocalRelation", schema, rows: [row] }));
}

/**
 * sampleBy(col, fractions, seed): each row kept with the probability its stratum has in `fractions` (0 for a
 * stratum not listed): `rand(seed) < CASE col WHEN k THEN fraction ... ELSE 0 END`.
 */
export function sampleBy(df: DataFrame, col: string | Column, fractions: Readonly<Record<string, number>> | ReadonlyMap<unknown, number>, seed?: number | null): DataFrame {
  if (typeof col !== "string" && !(col instanceof Column)) {
    throw new PySparkTypeError(`[NOT_COLUMN_OR_STR] Argument \`col\` should be a Column or str, got ${typeof col}.`, { errorClass: "NOT_COLUMN_OR_STR" });
  }
  if (fractions === null || typeof fractions !== "object") {
    throw new PySparkTypeError(`[NOT_DICT] Argument \`fractions\` should be a dict, got ${typeof fractions}.`, { errorClass: "NOT_DICT" });
  }
  const entries: [unknown, number][] = fractions instanceof Map ? [...fractions] : Object.entries(fractions);
  if (entries.some(([, f]) => !(f >= 0 && f <= 1))) {
    throw requirement(`Fractions must be in [0, 1], but got Map(${entries.map(([k, f]) => `${String(k)} -> ${javaDouble(f)}`).join(", ")}).`);
  }
  const key = typeof col === "string" ? A.colRef([col]) : col.expr;
  const s = seed ?? Math.floor(Math.random() * 2 ** 31);
  const fraction: A.Expr = entries.length === 0 ? A.lit(0, DoubleType()) : A.caseWhen(null, entries.map(([k, f]) => [A.binary("=", key, literalExpr(k)), A.lit(f, DoubleType())] as const), A.lit(0, DoubleType()));
  return df.filter(new Column(A.binary("<", A.call("rand", [literalExpr(s)]), fraction)));
}

/** PySpark's DataFrameStatFunctions: `df.stat.corr(...)` is `df.corr(...)`. */
export class DataFrameStatFunctions {
  constructor(private readonly df: DataFrame) {
    // biome-ignore lint/correctness/noConstructorReturn: PySpark methods tspark lacks say so (missing-api.ts)
    return withPySparkSurface(this, "DataFrameStatFunctions");
  }
  approxQuantile(col: string | readonly string[], probabilities: readonly number[], relativeError: number): number[] | number[][] {
    return approxQuantile(this.df, col, probabilities, relativeError);
  }
  corr(col1: string, col2: string, method?: string): number {
    return corr(this.df, col1, col2, method);
  }
  cov(col1: string, col2: string): number {
    return cov(this.df, col1, col2);
  }
  crosstab(col1: string, col2: string): DataFrame {
    return crosstab(this.df, col1, col2);
  }
  freqItems(cols: readonly string[], support?: number | null): DataFrame {
    return freqItems(this.df, cols, support);
  }
  sampleBy(col: string | Column, fractions: Readonly<Record<string, number>>, seed?: number | null): DataFrame {
    return sampleBy(this.df, col, fractions, seed);
  }
}

