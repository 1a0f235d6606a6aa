/**
 * Window functions beside GROUP BY (Spark's ExtractWindowExpressions: Aggregate below, Window above, Project on
 * top). Expected rows, names and errors are Spark 4.3's for the same queries (checked with pyspark): the window's
 * aggregate expressions read the aggregate's results, HAVING filters groups before the window runs, and a window
 * over a streaming aggregate is refused when the query starts.
 */
import { describe, expect, it } from "vitest";
import "../../../src/connector/register";
import { MemoryStream } from "../../../src/connector/memory/memory-stream";
import type { DataFrame } from "../../../src/engine/api/data-frame";
import { SparkSession } from "../../../src/engine/session";
import { rowKey, streamingSession } from "../../helpers/stream-test";

const spark = streamingSession(new SparkSession());
spark.sql(
  "CREATE OR REPLACE TEMP VIEW w AS SELECT * FROM VALUES ('a', 1, 10), ('a', 2, CAST(NULL AS INT)), ('a', 3, 30), ('a', 4, CAST(NULL AS INT)), ('b', 1, CAST(NULL AS INT)), ('b', 2, 5) AS w(k, t, v)",
);
const sql = (q: string) => spark.sql(q) as DataFrame;
const rows = (df: DataFrame) => df.collectValues().map(rowKey).sort();
const sorted = (...expected: unknown[][]) => expected.map(rowKey).sort();

describe("window functions over GROUP BY results", () => {
  it("ranks groups by their aggregate", () => {
    const df = sql("SELECT k, sum(v) AS s, rank() OVER (ORDER BY sum(v) DESC) AS r FROM w GROUP BY k");
    expect(df.schema.simpleString()).toBe("struct<k:string,s:bigint,r:int>");
    expect(rows(df)).toEqual(sorted(["a", 40n, 1], ["b", 5n, 2]));
  });

  it("names an unaliased window item from the query as written, as Spark does", () => {
    const df = sql("SELECT k, sum(sum(v)) OVER () FROM w GROUP BY k");
    expect(df.columns).toEqual(["k", "sum(sum(v)) OVER (ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)"]);
    expect(rows(df)).toEqual(sorted(["a", 45n], ["b", 45n]));
    expect(sql("SELECT k, rank() OVER (ORDER BY sum(v) DESC) FROM w GROUP BY k").columns[1]).toBe(
      "RANK() OVER (ORDER BY sum(v) DESC NULLS LAST ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)",
    );
    expect(sql("SELECT k, count(*) AS n, row_number() OVER (PARTITION BY k ORDER BY max(t)) FROM w GROUP BY k").columns[2]).toBe(
      "row_number() OVER (PARTITION BY k ORDER BY max(t) ASC NULLS FIRST ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)",
    );
  });

  it("with HAVING and ORDER BY: groups are filtered before the window, the result sorted after it", () => {
    const df = sql(
      "SELECT k, sum(v) AS s, sum(sum(v)) OVER () AS tot, rank() OVER (ORDER BY sum(v)) AS r FROM w GROUP BY k HAVING count(*) > 1 ORDER BY r DESC",
    );
    expect(df.collectValues()).toEqual([
      ["a", 40n, 45n, 2],
      ["b", 5n, 45n, 1],
    ]);
    const filtered = sql("SELECT k, dense_rank() OVER (ORDER BY count(v)) AS d FROM w WHERE t > 1 GROUP BY k HAVING max(t) >= 2 ORDER BY d, k");
    expect(filtered.collectValues()).toEqual([
      ["a", 1],
      ["b", 1],
    ]);
  });

  it("offset functions and arithmetic over aggregates, a grouping expression, several grouping columns", () => {
    expect(sql("SELECT k, lag(sum(v)) OVER (ORDER BY k) AS prev, sum(v) - lag(sum(v), 1, 0) OVER (ORDER BY k) AS delta FROM w GROUP BY k").collectValues()).toEqual([
      ["a", null, 40n],
      ["b", 40n, -35n],
    ]);
    expect(rows(sql("SELECT upper(k) AS uk, percent_rank() OVER (ORDER BY sum(t)) AS p FROM w GROUP BY upper(k)"))).toEqual(sorted(["A", 1], ["B", 0]));
    expect(rows(sql("SELECT k, t, sum(v) AS s, rank() OVER (PARTITION BY k ORDER BY t) AS r FROM w GROUP BY k, t"))).toEqual(
      sorted(["a", 1, 10n, 1], ["a", 2, null, 2], ["a", 3, 30n, 3], ["a", 4, null, 4], ["b", 1, null, 1], ["b", 2, 5n, 2]),
    );
    expect(sql("SELECT k, avg(t) AS a, sum(count(*)) OVER (ORDER BY k) AS running FROM w GROUP BY k").collectValues()).toEqual([
      ["a", 2.5, 4n],
      ["b", 1.5, 6n],
    ]);
  });

  it("a global aggregate beside a window, through SQL and selectExpr", () => {
    expect(sql("SELECT sum(v), rank() OVER (ORDER BY sum(v)) AS r FROM w").collectValues()).toEqual([[45n, 1]]);
    const df = spark.createDataFrame([[1, 2], [3, 1]], "a INT, b INT") as DataFrame;
    expect(df.selectExpr("sum(a) AS s", "rank() OVER (ORDER BY sum(a)) AS r").collectValues()).toEqual([[4n, 1]]);
  });

  it("errors as Spark's: a column outside GROUP BY, no GROUP BY at all, a lateral alias in the window, ORDER BY what the window's output lacks", () => {
    expect(() => sql("SELECT k, rank() OVER (ORDER BY v) FROM w GROUP BY k")).toThrow(/\[MISSING_AGGREGATION\] The non-aggregating expression "v"/);
    expect(() => sql("SELECT k, rank() OVER (ORDER BY sum(v)) AS r FROM w")).toThrow("[MISSING_GROUP_BY]");
    expect(() => sql("SELECT k, sum(v) FROM w")).toThrow("[MISSING_GROUP_BY]");
    expect(() => sql("SELECT k, sum(v) AS s, rank() OVER (ORDER BY s) AS r FROM w GROUP BY k")).toThrow(
      "[UNSUPPORTED_FEATURE.LATERAL_COLUMN_ALIAS_IN_WINDOW] The feature is not supported: Referencing a lateral column alias `s` in window expression",
    );
    expect(() => sql("SELECT k, rank() OVER (ORDER BY sum(v)) AS r FROM w GROUP BY k ORDER BY max(t) DESC")).toThrow(
      /\[UNRESOLVED_COLUMN\.WITH_SUGGESTION\] .*`t` cannot be resolved/,
    );
  });

  it("over a streaming aggregate: refused when the query starts (NON_TIME_WINDOW_NOT_SUPPORTED_IN_STREAMING)", async () => {
    const input = new MemoryStream("k STRING, v BIGINT", spark);
    (input.toDF() as DataFrame).createOrReplaceTempView("ws");
    const df = sql("SELECT k, sum(v) AS s, rank() OVER (ORDER BY sum(v)) AS r FROM ws GROUP BY k");
    expect(df.isStreaming).toBe(true);
    await expect(df.writeStream.format("memory").queryName("window_over_agg").outputMode("complete").start()).rejects.toThrow(
      /\[NON_TIME_WINDOW_NOT_SUPPORTED_IN_STREAMING\] Window function is not supported in RANK\(\) \(as column `r`\)/,
    );
  });
});

describe("aggregate names with a null treatment (no OVER)", () => {
  it("first/last/any_value IGNORE NULLS are named without the flag; first_value/last_value with one become first/last", () => {
    const df = sql("SELECT first_value(v), first_value(v, true), last_value(v) IGNORE NULLS, any_value(v, true), last(v) RESPECT NULLS, first(v) IGNORE NULLS FROM w");
    expect(df.columns).toEqual(["first_value(v)", "first_value(v)", "last(v)", "any_value(v)", "last(v)", "first(v)"]);
    expect(df.collectValues()).toEqual([[10, 10, 5, 10, 5, 10]]);
  });
});
