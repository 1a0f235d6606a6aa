/**
 * Window functions on batch DataFrames, SQL and the DataFrame API alike. Expected rows are what Spark 4 gives for
 * the same inputs (checked with pyspark): ties share a rank, nulls sort first under ASC (the default) and last
 * under DESC, and an aggregate's default frame is RANGE UNBOUNDED PRECEDING..CURRENT ROW (peers included) with
 * ORDER BY and the whole partition without.
 */
import { describe, expect, it } from "vitest";
import type { DataFrame } from "../../../src/engine/api/data-frame";
import { Window } from "../../../src/engine/api/window";
import * as F from "../../../src/engine/functions";
import { SparkSession } from "../../../src/engine/session";
import { rowKey } from "../../helpers/stream-test";

const spark = new SparkSession();
const t = spark.createDataFrame(
  [["a", 1, 10], ["a", 2, 20], ["a", 2, 30], ["a", null, 5], ["a", 4, null], ["b", 1, 7], ["b", 3, 8]],
  "k STRING, v INT, x INT",
) as DataFrame;
t.createOrReplaceTempView("t");

function rows(df: DataFrame): string[] {
  return df.collectValues().map(rowKey).sort();
}
function sorted(...expected: unknown[][]): string[] {
  return expected.map(rowKey).sort();
}
const sql = (q: string) => spark.sql(q) as DataFrame;

describe("ranking functions", () => {
  const want = [
    ["a", 1, 10, 2, 2, 2, 0.25, 0.4, 1],
    ["a", 2, 20, 3, 3, 3, 0.5, 0.8, 1],
    ["a", 2, 30, 4, 3, 3, 0.5, 0.8, 2],
    ["a", 4, null, 5, 5, 4, 1.0, 1.0, 2],
    ["a", null, 5, 1, 1, 1, 0.0, 0.2, 1],
    ["b", 1, 7, 1, 1, 1, 0.0, 0.5, 1],
    ["b", 3, 8, 2, 2, 2, 1.0, 1.0, 2],
  ];
  it("SQL: row_number, rank, dense_rank, percent_rank, cume_dist, ntile with ties and a null key", () => {
    const df = sql(
      "SELECT k, v, x, row_number() OVER (PARTITION BY k ORDER BY v, x) rn, rank() OVER (PARTITION BY k ORDER BY v) r, dense_rank() OVER (PARTITION BY k ORDER BY v) dr, percent_rank() OVER (PARTITION BY k ORDER BY v) pr, cume_dist() OVER (PARTITION BY k ORDER BY v) cd, ntile(2) OVER (PARTITION BY k ORDER BY v, x) nt FROM t",
    );
    expect(df.columns).toEqual(["k", "v", "x", "rn", "r", "dr", "pr", "cd", "nt"]);
    expect(rows(df)).toEqual(sorted(...want));
  });
  it("DataFrame API: the same through Window and Column.over", () => {
    const byV = Window.partitionBy("k").orderBy("v");
    const byVX = Window.partitionBy("k").orderBy(F.col("v"), F.col("x"));
    const df = t.select(
      "k",
      "v",
      "x",
      F.row_number().over(byVX).alias("rn"),
      F.rank().over(byV).alias("r"),
      F.dense_rank().over(byV).alias("dr"),
      F.percent_rank().over(byV).alias("pr"),
      F.cume_dist().over(byV).alias("cd"),
      F.ntile(2).over(byVX).alias("nt"),
    );
    expect(rows(df)).toEqual(sorted(...want));
  });
  it("withColumn keeps every input column and adds the window value", () => {
    const df = t.withColumn("rn", F.row_number().over(Window.partitionBy("k").orderBy(F.col("x").desc())));
    expect(df.columns).toEqual(["k", "v", "x", "rn"]);
    // DESC puts nulls last
    expect(rows(df.filter("k = 'a'"))).toEqual(sorted(["a", 2, 30, 1], ["a", 2, 20, 2], ["a", 1, 10, 3], ["a", null, 5, 4], ["a", 4, null, 5]));
  });
  it("a window value inside a larger expression, and a filter on it (top-1 per key)", () => {
    const w = Window.partitionBy("k").orderBy(F.col("x").desc());
    const df = t.withColumn("rn", F.row_number().over(w)).filter(F.col("rn").equalTo(1)).select("k", "x", F.rank().over(w).minus(1).alias("r0"));
    expect(rows(df)).toEqual(sorted(["a", 30, 0], ["b", 8, 0]));
  });
});

describe("aggregates over windows and frames", () => {
  const want = [
    ["a", 1, 10, 15, 65, 3, 10, 20.0],
    ["a", 2, 20, 65, 65, 3, 30, 25.0],
    ["a", 2, 30, 65, 65, 2, 30, 25.0],
    ["a", 4, null, 65, 65, 1, null, null],
    ["a", null, 5, 5, 65, 2, 5, 16.25],
    ["b", 1, 7, 7, 15, 2, 7, 7.5],
    ["b", 3, 8, 15, 15, 2, 8, 8.0],
  ];
  it("SQL: default frames, ROWS and RANGE offsets, DESC", () => {
    const df = sql(
      "SELECT k, v, x, sum(x) OVER (PARTITION BY k ORDER BY v) s_default, sum(x) OVER (PARTITION BY k) s_all, count(x) OVER (PARTITION BY k ORDER BY v ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) c_rows, max(x) OVER (PARTITION BY k ORDER BY v RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) m_range, avg(x) OVER (PARTITION BY k ORDER BY v DESC) a_desc FROM t",
    );
    expect(rows(df)).toEqual(sorted(...want.map((r) => r.map((v, i) => (i === 3 || i === 4 ? (v === null ? null : BigInt(v as number)) : i === 5 ? BigInt(v as number) : v)))));
  });
  it("DataFrame API: rowsBetween / rangeBetween with Window's constants", () => {
    const w = Window.partitionBy("k").orderBy("v");
    const df = t.select(
      "k",
      "v",
      "x",
      F.sum("x").over(w).alias("s_default"),
      F.sum("x").over(Window.partitionBy("k")).alias("s_all"),
      F.count("x").over(w.rowsBetween(-1, 1)).alias("c_rows"),
      F.max("x").over(w.rangeBetween(-1, Window.currentRow)).alias("m_range"),
      F.avg("x").over(Window.partitionBy("k").orderBy(F.desc("v"))).alias("a_desc"),
    );
    expect(rows(df)).toEqual(sorted(...want.map((r) => r.map((v, i) => (i === 3 || i === 4 ? (v === null ? null : BigInt(v as number)) : i === 5 ? BigInt(v as number) : v)))));
  });
  it("RANGE CURRENT ROW..1 FOLLOWING without PARTITION BY, and collect_list to the partition's end", () => {
    const df = sql(
      "SELECT k, v, x, sum(x) OVER (ORDER BY v RANGE BETWEEN CURRENT ROW AND 1 FOLLOWING) sr, collect_list(x) OVER (PARTITION BY k ORDER BY v ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) cl FROM t",
    );
    expect(rows(df)).toEqual(
      sorted(
        ["a", 1, 10, 67n, [10, 20, 30]],
        ["a", 2, 20, 58n, [20, 30]],
        ["a", 2, 30, 58n, [30]],
        ["a", 4, null, null, []],
        ["a", null, 5, 5n, [5, 10, 20, 30]],
        ["b", 1, 7, 67n, [7, 8]],
        ["b", 3, 8, 8n, [8]],
      ),
    );
  });
  it("a running collect_list gives each row its own list", () => {
    const df = t.filter("k = 'b'").select("x", F.collect_list("x").over(Window.orderBy("x").rowsBetween(Window.unboundedPreceding, Window.currentRow)).alias("l"));
    expect(rows(df)).toEqual(sorted([7, [7]], [8, [7, 8]]));
  });
});

describe("offset and value functions", () => {
  const want = [
    ["a", 1, 10, 5, 30, 5, null, 10, 10, 30],
    ["a", 2, 20, 10, null, 5, null, 10, 10, 30],
    ["a", 2, 30, 20, -1, 5, null, 10, 10, 30],
    ["a", 4, null, 30, -1, 5, null, 10, 10, 30],
    ["a", null, 5, null, 20, 5, null, null, 10, 30],
    ["b", 1, 7, null, -1, 7, 8, null, 7, 8],
    ["b", 3, 8, 7, -1, 7, 8, 8, 7, 8],
  ];
  it("SQL: lag, lead with a default, first_value, last_value, nth_value, first/last ignoring nulls", () => {
    const df = sql(
      "SELECT k, v, x, lag(x) OVER (PARTITION BY k ORDER BY v, x) lg, lead(x, 2, -1) OVER (PARTITION BY k ORDER BY v, x) ld, first_value(x) OVER (PARTITION BY k ORDER BY v, x) fv, last_value(x) OVER (PARTITION BY k ORDER BY v, x ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) lv, nth_value(x, 2) OVER (PARTITION BY k ORDER BY v, x) nv, first(x, true) OVER (PARTITION BY k ORDER BY v NULLS LAST, x) fi, last(x, true) OVER (PARTITION BY k ORDER BY v, x ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) li FROM t",
    );
    expect(rows(df)).toEqual(sorted(...want));
  });
  it("DataFrame API: the same builders", () => {
    const w = Window.partitionBy("k").orderBy("v", "x");
    const whole = w.rowsBetween(Window.unboundedPreceding, Window.unboundedFollowing);
    const df = t.select(
      "k",
      "v",
      "x",
      F.lag("x").over(w).alias("lg"),
      F.lead("x", 2, -1).over(w).alias("ld"),
      F.first_value("x").over(w).alias("fv"),
      F.last_value("x").over(whole).alias("lv"),
      F.nth_value("x", 2).over(w).alias("nv"),
      F.first("x", true).over(Window.partitionBy("k").orderBy(F.asc_nulls_last("v"), F.col("x"))).alias("fi"),
      F.last("x", true).over(whole).alias("li"),
    );
    expect(rows(df)).toEqual(sorted(...want));
  });
});

describe("SQL syntax and names", () => {
  it("a named WINDOW clause shared by two functions", () => {
    const df = sql("SELECT k, v, x, sum(x) OVER w s, row_number() OVER w rn FROM t WINDOW w AS (PARTITION BY k ORDER BY v, x)");
    expect(rows(df)).toEqual(
      sorted(["a", 1, 10, 15n, 2], ["a", 2, 20, 35n, 3], ["a", 2, 30, 65n, 4], ["a", 4, null, 65n, 5], ["a", null, 5, 5n, 1], ["b", 1, 7, 7n, 1], ["b", 3, 8, 15n, 2]),
    );
  });
  it("unaliased columns are named as Spark names them", () => {
    const df = sql("SELECT row_number() OVER (PARTITION BY k ORDER BY v), sum(x) OVER (PARTITION BY k ORDER BY v), lag(x) OVER (PARTITION BY k ORDER BY v) FROM t");
    expect(df.columns).toEqual([
      "row_number() OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)",
      "sum(x) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)",
      "lag(x, 1, NULL) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST ROWS BETWEEN -1 FOLLOWING AND -1 FOLLOWING)",
    ]);
  });
  it("errors: ranking without ORDER BY, an undefined named window, a non-window function", () => {
    expect(() => sql("SELECT row_number() OVER (PARTITION BY k) FROM t").collectValues()).toThrow(
      "[WINDOW_FUNCTION_FRAME_NOT_ORDERED] Window function row_number requires the window to be ordered. You need to add an ORDER BY clause. For example: SELECT row_number() OVER (PARTITION BY window_partition ORDER BY window_ordering) FROM table. SQLSTATE: 42601",
    );
    expect(() => sql("SELECT sum(x) OVER w FROM t")).toThrow("[MISSING_WINDOW_SPECIFICATION]");
    expect(() => sql("SELECT upper(k) OVER (ORDER BY v) FROM t").collectValues()).toThrow("[UNSUPPORTED_EXPR_FOR_WINDOW]");
    expect(() => sql("SELECT row_number() FROM t").collectValues()).toThrow('[WINDOW_FUNCTION_WITHOUT_OVER_CLAUSE] Window function "row_number()" requires an OVER clause. SQLSTATE: 42601');
    expect(() => t.select(F.rank()).collectValues()).toThrow("[WINDOW_FUNCTION_WITHOUT_OVER_CLAUSE]");
    // a window beside GROUP BY (window-over-aggregate.test.ts) gives what the subquery form gives
    const nested = sql("SELECT k, r FROM (SELECT k, rank() OVER (ORDER BY s) r FROM (SELECT k, sum(x) s FROM t GROUP BY k)) ORDER BY k").collectValues();
    expect(sql("SELECT k, rank() OVER (ORDER BY sum(x)) AS r FROM t GROUP BY k ORDER BY k").collectValues()).toEqual(nested);
  });
});
