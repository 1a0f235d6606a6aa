/**
 * Subquery expressions (plan/subquery.ts): scalar subqueries, IN / NOT IN, EXISTS / NOT EXISTS, uncorrelated and
 * correlated, in SQL and through Spark 4's DataFrame API (df.scalar(), df.exists(), col.isin(df), Column.outer()).
 * Every expected answer, name and error class is Spark 4.3's for the same query (checked with pyspark 4.3.0).
 */
import { describe, expect, it } from "vitest";
import "../../../src/connector/register";
import { MemoryStream } from "../../../src/connector/memory/memory-stream";
import type { DataFrame } from "../../../src/engine/api/data-frame";
import { col, functions as F } from "../../../src/index";
import { SparkSession } from "../../../src/engine/session";
import { streamingSession } from "../../helpers/stream-test";

const spark = streamingSession(new SparkSession());
for (const v of [
  "CREATE OR REPLACE TEMP VIEW t AS SELECT * FROM VALUES (1, 10), (2, 20), (3, NULL), (NULL, 40) AS t(k, v)",
  "CREATE OR REPLACE TEMP VIEW o AS SELECT * FROM VALUES (1, 'a'), (1, 'b'), (2, 'c'), (NULL, 'd') AS o(k, s)",
  "CREATE OR REPLACE TEMP VIEW e AS SELECT * FROM VALUES (1, 'x') AS e(k, s) WHERE false",
  "CREATE OR REPLACE TEMP VIEW n AS SELECT * FROM VALUES (1), (CAST(NULL AS INT)) AS n(k)",
]) {
  spark.sql(v);
}
const sql = (q: string) => spark.sql(q) as DataFrame;
const rows = (q: string) => sql(q).collectValues();

function failure(f: () => unknown): { name: string; errorClass: string | null; message: string } {
  try {
    f();
  } catch (e) {
    return e as { name: string; errorClass: string | null; message: string };
  }
  throw new Error("expected a failure");
}

describe("scalar subqueries", () => {
  it("in SELECT, WHERE and HAVING; named scalarsubquery()", () => {
    const df = sql("SELECT k, (SELECT max(v) FROM t) FROM t");
    expect(df.schema.simpleString()).toBe("struct<k:int,scalarsubquery():int>");
    expect(df.collectValues()).toEqual([
      [1, 40],
      [2, 40],
      [3, 40],
      [null, 40],
    ]);
    expect(sql("SELECT (SELECT max(v) FROM t) + 1").schema.simpleString()).toBe("struct<(scalarsubquery() + 1):int>");
    expect(rows("SELECT k FROM t WHERE v > (SELECT avg(v) FROM t)")).toEqual([[null]]);
    expect(rows("SELECT k, max(v) FROM t GROUP BY k HAVING max(v) > (SELECT min(v) FROM t) ORDER BY k")).toEqual([
      [null, 40],
      [2, 20],
    ]);
    // an aggregate of a subquery, and a subquery beside grouping columns
    expect(rows("SELECT sum((SELECT max(v) FROM t)) FROM t")).toEqual([[160n]]);
    expect(rows("SELECT k, (SELECT max(v) FROM t) FROM t GROUP BY k ORDER BY k NULLS LAST")).toEqual([
      [1, 40],
      [2, 40],
      [3, 40],
      [null, 40],
    ]);
  });

  it("runs once per run of the query (each action), with one value for every row", () => {
    let calls = 0;
    spark.udf.register("next_ticket", () => ++calls, "int");
    const df = sql("SELECT k, (SELECT next_ticket()) AS ticket FROM t");
    expect(df.collectValues().map((r) => r[1])).toEqual([1, 1, 1, 1]);
    expect(df.collectValues().map((r) => r[1])).toEqual([2, 2, 2, 2]);
    expect(calls).toBe(2);
  });

  it("no row is NULL; more than one row is SCALAR_SUBQUERY_TOO_MANY_ROWS; more than one column is an analysis error", () => {
    expect(rows("SELECT (SELECT k FROM e)")).toEqual([[null]]);
    const many = failure(() => rows("SELECT k FROM t WHERE v = (SELECT v FROM t)"));
    expect(many.name).toBe("SparkException");
    expect(many.errorClass).toBe("SCALAR_SUBQUERY_TOO_MANY_ROWS");
    expect(failure(() => rows("SELECT (SELECT 1 UNION ALL SELECT 2)")).errorClass).toBe("SCALAR_SUBQUERY_TOO_MANY_ROWS");
    const cols = failure(() => sql("SELECT (SELECT k, v FROM t LIMIT 1)"));
    expect(cols.name).toBe("AnalysisException");
    expect(cols.errorClass).toBe("INVALID_SUBQUERY_EXPRESSION.SCALAR_SUBQUERY_RETURN_MORE_THAN_ONE_OUTPUT_COLUMN");
    expect(cols.message).toContain("Scalar subquery must return only one column, but got 2.");
  });

  it("correlated with an aggregate: count is 0 (not NULL) for an outer row without matches", () => {
    const df = sql("SELECT k, (SELECT count(*) FROM o WHERE o.k = t.k) FROM t");
    expect(df.schema.simpleString()).toBe("struct<k:int,scalarsubquery(k):bigint>");
    expect(df.collectValues()).toEqual([
      [1, 2n],
      [2, 1n],
      [3, 0n],
      [null, 0n],
    ]);
    expect(rows("SELECT k, (SELECT max(s) FROM o WHERE o.k = t.k) FROM t")).toEqual([
      [1, "b"],
      [2, "c"],
      [3, null],
      [null, null],
    ]);
    expect(rows("SELECT k FROM t WHERE (SELECT count(*) FROM o WHERE o.k = t.k) = 0")).toEqual([[3], [null]]);
    // a non-equality correlation and a running total
    expect(rows("SELECT * FROM t WHERE k > (SELECT max(k) FROM o WHERE o.k < t.k)")).toEqual([
      [2, 20],
      [3, null],
    ]);
    expect(rows("SELECT k, (SELECT sum(v) FROM t t2 WHERE t2.k <= t.k) FROM t")).toEqual([
      [1, 10n],
      [2, 30n],
      [3, 30n],
      [null, null],
    ]);
  });

  it("correlated without an aggregate: one row per outer row is fine, more fails at run time", () => {
    expect(rows("SELECT k, (SELECT s FROM o WHERE o.k = t.k AND o.s <> 'a') AS s FROM t")).toEqual([
      [1, "b"],
      [2, "c"],
      [3, null],
      [null, null],
    ]);
    const many = failure(() => rows("SELECT k, (SELECT s FROM o WHERE o.k = t.k) AS c FROM t"));
    expect(many.name).toBe("SparkRuntimeException");
    expect(many.errorClass).toBe("SCALAR_SUBQUERY_TOO_MANY_ROWS");
  });
});

describe("IN / NOT IN subqueries", () => {
  it("in WHERE: NOT IN is null-aware (a NULL in the subquery keeps no row; an empty subquery keeps every row)", () => {
    expect(rows("SELECT * FROM t WHERE k IN (SELECT k FROM o)")).toEqual([
      [1, 10],
      [2, 20],
    ]);
    expect(rows("SELECT * FROM t WHERE k NOT IN (SELECT k FROM o)")).toEqual([]);
    expect(rows("SELECT * FROM t WHERE k NOT IN (SELECT k FROM o WHERE k IS NOT NULL)")).toEqual([[3, null]]);
    expect(rows("SELECT * FROM t WHERE k NOT IN (SELECT k FROM e)")).toEqual([
      [1, 10],
      [2, 20],
      [3, null],
      [null, 40],
    ]);
    expect(rows("SELECT * FROM t WHERE k IN (SELECT k FROM o) OR v > 30")).toEqual([
      [1, 10],
      [2, 20],
      [null, 40],
    ]);
    expect(rows("SELECT * FROM t WHERE k NOT IN (SELECT k FROM o) OR v > 30")).toEqual([[null, 40]]);
  });

  it("in SELECT: true or false, never NULL (Spark's existence join), named (k IN (listquery()))", () => {
    const df = sql("SELECT k, k IN (SELECT k FROM o), k NOT IN (SELECT k FROM o) AS x, NOT (k IN (SELECT k FROM o)) AS y FROM t");
    expect(df.schema.simpleString()).toBe("struct<k:int,(k IN (listquery())):boolean,x:boolean,y:boolean>");
    expect(df.collectValues()).toEqual([
      [1, true, false, false],
      [2, true, false, false],
      [3, false, false, false],
      [null, false, false, false],
    ]);
    expect(rows("SELECT k, v IN (SELECT k FROM n) a, v NOT IN (SELECT k FROM n) b FROM t WHERE k = 1")).toEqual([[1, false, false]]);
    expect(rows("SELECT k, k IN (SELECT k FROM e), k NOT IN (SELECT k FROM e) FROM t WHERE k IS NULL")).toEqual([[null, false, true]]);
  });

  it("several columns, correlated, widened types; Spark's errors for a column count or type that does not fit", () => {
    expect(rows("SELECT * FROM t WHERE (k, v) IN (SELECT k, k * 10 FROM o)")).toEqual([
      [1, 10],
      [2, 20],
    ]);
    expect(rows("SELECT k, (k, v) IN (SELECT k, 10 FROM o) FROM t")).toEqual([
      [1, true],
      [2, false],
      [3, false],
      [null, false],
    ]);
    expect(rows("SELECT * FROM t WHERE (k, v) NOT IN (SELECT k, 10 FROM n)")).toEqual([
      [2, 20],
      [null, 40],
    ]);
    expect(rows("SELECT * FROM t WHERE v IN (SELECT k * 10 FROM o WHERE o.k = t.k)")).toEqual([
      [1, 10],
      [2, 20],
    ]);
    expect(rows("SELECT * FROM t WHERE k IN (SELECT CAST(k AS STRING) FROM o)")).toEqual([
      [1, 10],
      [2, 20],
    ]);
    expect(rows("SELECT k FROM t WHERE k IN (SELECT k FROM o WHERE s > (SELECT min(s) FROM o))")).toEqual([[1], [2]]);
    expect(failure(() => sql("SELECT * FROM t WHERE k IN (SELECT k, s FROM o)")).errorClass).toBe("DATATYPE_MISMATCH.IN_SUBQUERY_LENGTH_MISMATCH");
    expect(failure(() => sql("SELECT * FROM t WHERE (k, v) IN (SELECT k FROM o)")).errorClass).toBe("DATATYPE_MISMATCH.IN_SUBQUERY_LENGTH_MISMATCH");
    expect(failure(() => sql("SELECT * FROM t WHERE k IN (SELECT true FROM o)")).errorClass).toBe("DATATYPE_MISMATCH.IN_SUBQUERY_DATA_TYPE_MISMATCH");
  });
});

describe("EXISTS / NOT EXISTS", () => {
  it("correlated in WHERE and SELECT (named exists(k)), uncorrelated, nested, and in HAVING", () => {
    expect(rows("SELECT * FROM t WHERE EXISTS (SELECT 1 FROM o WHERE o.k = t.k)")).toEqual([
      [1, 10],
      [2, 20],
    ]);
    expect(rows("SELECT * FROM t WHERE NOT EXISTS (SELECT 1 FROM o WHERE o.k = t.k)")).toEqual([
      [3, null],
      [null, 40],
    ]);
    const df = sql("SELECT k, EXISTS (SELECT 1 FROM o WHERE o.k = t.k) FROM t");
    expect(df.schema.simpleString()).toBe("struct<k:int,exists(k):boolean>");
    expect(df.collectValues()).toEqual([
      [1, true],
      [2, true],
      [3, false],
      [null, false],
    ]);
    expect(rows("SELECT * FROM t WHERE EXISTS (SELECT 1 FROM e)")).toEqual([]);
    expect(rows("SELECT k FROM t WHERE EXISTS (SELECT 1)")).toEqual([[1], [2], [3], [null]]);
    expect(rows("SELECT * FROM t WHERE EXISTS (SELECT 1 FROM o WHERE o.k > t.k)")).toEqual([[1, 10]]);
    expect(rows("SELECT * FROM t WHERE EXISTS (SELECT * FROM o WHERE o.k = t.k AND EXISTS (SELECT 1 FROM n WHERE n.k = o.k))")).toEqual([[1, 10]]);
    expect(rows("SELECT k, count(*) FROM t GROUP BY k HAVING EXISTS (SELECT 1 FROM o WHERE o.k = t.k) ORDER BY k")).toEqual([
      [1, 1n],
      [2, 1n],
    ]);
    // a global aggregate always has a row, so EXISTS over it is true
    expect(rows("SELECT k FROM t WHERE EXISTS (SELECT max(k) FROM o WHERE o.k = t.k + 10)")).toEqual([[1], [2], [3], [null]]);
  });

  it("exists(array, x -> ...) is still the higher-order function; a name found nowhere is UNRESOLVED_COLUMN", () => {
    expect(rows("SELECT exists(array(1, 2), x -> x > 1)")).toEqual([[true]]);
    const e = failure(() => sql("SELECT * FROM t WHERE EXISTS (SELECT 1 FROM o WHERE o.zz = t.k)"));
    expect(e.errorClass).toBe("UNRESOLVED_COLUMN.WITH_SUGGESTION");
    expect(e.message).toContain("[`o`.`k`, `o`.`s`]");
  });
});

describe("where Spark allows a subquery and an outer reference", () => {
  it("IN / EXISTS and correlated scalar subqueries are refused in ORDER BY; an uncorrelated scalar one is fine", () => {
    for (const q of ["SELECT k FROM t ORDER BY k IN (SELECT k FROM o), k", "SELECT k FROM t ORDER BY EXISTS (SELECT 1 FROM o WHERE o.k = t.k), k"]) {
      expect(failure(() => sql(q)).errorClass).toBe("UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.UNSUPPORTED_IN_EXISTS_SUBQUERY");
    }
    const scalar = failure(() => sql("SELECT k FROM t ORDER BY (SELECT max(s) FROM o WHERE o.k = t.k) DESC NULLS LAST, k"));
    expect(scalar.errorClass).toBe("UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.UNSUPPORTED_CORRELATED_SCALAR_SUBQUERY");
    expect(rows("SELECT k FROM t ORDER BY (SELECT max(k) FROM o), k")).toEqual([[null], [1], [2], [3]]);
  });

  it("an outer column in the subquery's WHERE, HAVING or select list is fine; in its GROUP BY, aggregates or ORDER BY it is not", () => {
    expect(rows("SELECT k, (SELECT count(*) FROM o GROUP BY o.k HAVING o.k = t.k) AS c FROM t")).toEqual([
      [1, 2n],
      [2, 1n],
      [3, null],
      [null, null],
    ]);
    expect(rows("SELECT k, (SELECT o.s || t.k FROM o WHERE o.k = t.k AND o.s = 'c') AS c FROM t")).toEqual([
      [1, null],
      [2, "c2"],
      [3, null],
      [null, null],
    ]);
    for (const q of [
      "SELECT k, (SELECT max(t.k) FROM o) AS c FROM t",
      "SELECT k, (SELECT max(o.k) + t.k FROM o) AS x FROM t",
      "SELECT k, (SELECT count(*) FROM o WHERE o.k = t.k GROUP BY t.k) AS c FROM t",
      "SELECT k, (SELECT max(o.k) FROM o WHERE o.k = t.k GROUP BY o.s ORDER BY t.k LIMIT 1) AS c FROM t",
    ]) {
      expect(failure(() => sql(q)).errorClass).toBe("UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.CORRELATED_REFERENCE");
    }
    expect(failure(() => sql("SELECT k, (SELECT max(o.k + t.k) FROM o) AS c FROM t")).errorClass).toBe(
      "UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.AGGREGATE_FUNCTION_MIXED_OUTER_LOCAL_REFERENCES",
    );
  });
});

describe("correlated equality filters run as a hash lookup (plan/subquery-filter.ts), with the same answers", () => {
  spark.sql("CREATE OR REPLACE TEMP VIEW o2 AS SELECT * FROM VALUES (1L, 'a'), (2L, NULL), (2L, 'c'), (NULL, 'x') AS o2(kb, s)");
  spark.sql("CREATE OR REPLACE TEMP VIEW names AS SELECT * FROM VALUES (1, 'a'), (2, 'c'), (2, NULL), (NULL, 'x') AS names(k, s)");

  it("keys of different numeric types, either order, a residual condition, NULL keys never match", () => {
    expect(rows("SELECT k, (SELECT count(*) FROM o2 WHERE o2.kb = t.k) AS c FROM t")).toEqual([
      [1, 1n],
      [2, 2n],
      [3, 0n],
      [null, 0n],
    ]);
    expect(rows("SELECT k, EXISTS (SELECT 1 FROM o WHERE t.k = o.k AND o.s > 'a') AS e FROM t")).toEqual([
      [1, true],
      [2, true],
      [3, false],
      [null, false],
    ]);
    expect(rows("SELECT n.k, n.s, EXISTS (SELECT 1 FROM o2 WHERE o2.kb = n.k AND o2.s = n.s) AS e FROM names n")).toEqual([
      [1, "a", true],
      [2, "c", true],
      [2, null, false],
      [null, "x", false],
    ]);
    expect(rows("SELECT k FROM t WHERE v IN (SELECT kb * 10 FROM o2 WHERE o2.kb = t.k AND o2.s IS NOT NULL)")).toEqual([[1], [2]]);
  });

  it("NaN equals NaN and -0.0 equals 0.0, as Spark's = has them", () => {
    spark.sql("CREATE OR REPLACE TEMP VIEW d AS SELECT * FROM VALUES (1.5D, 'x'), (CAST('NaN' AS DOUBLE), 'y'), (-0.0D, 'z'), (0.0D, 'w') AS d(x, s)");
    expect(rows("SELECT s, (SELECT count(*) FROM d d2 WHERE d2.x = d.x) AS c FROM d ORDER BY s")).toEqual([
      ["w", 2n],
      ["x", 1n],
      ["y", 1n],
      ["z", 2n],
    ]);
  });

  it("expressions on both sides, a derived table, a nested correlated subquery, and an OR left as a scan", () => {
    expect(rows("SELECT k, (SELECT max(s) FROM o WHERE o.k + 1 = t.k + 1) AS m FROM t")).toEqual([
      [1, "b"],
      [2, "c"],
      [3, null],
      [null, null],
    ]);
    expect(rows("SELECT k, (SELECT count(*) FROM (SELECT k FROM o WHERE o.k = t.k) x) AS c FROM t")).toEqual([
      [1, 2n],
      [2, 1n],
      [3, 0n],
      [null, 0n],
    ]);
    expect(rows("SELECT k, (SELECT count(*) FROM o WHERE o.k = t.k AND EXISTS (SELECT 1 FROM o2 WHERE o2.kb = o.k AND o2.s = o.s)) AS c FROM t")).toEqual([
      [1, 1n],
      [2, 1n],
      [3, 0n],
      [null, 0n],
    ]);
    expect(rows("SELECT k, (SELECT count(*) FROM o WHERE o.k = t.k OR o.s = 'd') AS c FROM t")).toEqual([
      [1, 3n],
      [2, 2n],
      [3, 1n],
      [null, 1n],
    ]);
  });
});

describe("DataFrame subquery columns (Spark 4)", () => {
  const t = spark.createDataFrame(
    [
      [1, 10],
      [2, 20],
      [3, null],
      [null, 40],
    ],
    "k int, v int",
  );
  const o = spark.createDataFrame(
    [
      [1, "a"],
      [1, "b"],
      [2, "c"],
      [null, "d"],
    ],
    "k int, s string",
  );

  it("df.scalar(): uncorrelated and correlated through Column.outer()", () => {
    const df = t.select("k", o.select(F.max("k")).scalar());
    expect(df.schema.simpleString()).toBe("struct<k:int,scalarsubquery():int>");
    expect(df.collectValues()).toEqual([
      [1, 2],
      [2, 2],
      [3, 2],
      [null, 2],
    ]);
    expect(t.where(col("v").gt(o.select(F.max("k").multiply(10)).scalar())).collectValues()).toEqual([[null, 40]]);
    const counts = t.alias("t").select("k", o.where(col("k").eq(col("t.k").outer())).select(F.count("*")).scalar());
    expect(counts.schema.simpleString()).toBe("struct<k:int,scalarsubquery(k):bigint>");
    expect(counts.collectValues()).toEqual([
      [1, 2n],
      [2, 1n],
      [3, 0n],
      [null, 0n],
    ]);
    expect(failure(() => t.select(o.scalar()).schema).errorClass).toBe("INVALID_SUBQUERY_EXPRESSION.SCALAR_SUBQUERY_RETURN_MORE_THAN_ONE_OUTPUT_COLUMN");
    expect(failure(() => t.select(o.select("k").scalar()).collectValues()).errorClass).toBe("SCALAR_SUBQUERY_TOO_MANY_ROWS");
  });

  it("df.exists(), its negation, and col.isin(df)", () => {
    const matching = o.where(col("k").eq(col("t.k").outer()));
    expect(t.alias("t").where(matching.exists()).collectValues()).toEqual([
      [1, 10],
      [2, 20],
    ]);
    expect(t.alias("t").where(matching.exists().not()).collectValues()).toEqual([
      [3, null],
      [null, 40],
    ]);
    expect(t.alias("t").select("k", matching.exists()).schema.simpleString()).toBe("struct<k:int,exists(k):boolean>");
    expect(t.where(col("k").isin(o.select("k"))).collectValues()).toEqual([
      [1, 10],
      [2, 20],
    ]);
  });

  it("only outer() columns reach the outer DataFrame; outer() outside a subquery is the column itself", () => {
    const e = failure(() => t.select("k", o.where(col("s").eq(col("v"))).select(F.count("*")).scalar()).schema);
    expect(e.errorClass).toBe("UNRESOLVED_COLUMN.WITH_SUGGESTION");
    expect(t.select(col("k").outer()).collectValues()).toEqual([[1], [2], [3], [null]]);
    expect(String(col("a").outer())).toBe("Column<'outer(a)'>");
  });
});

describe("subqueries in streaming queries", () => {
  it("a subquery over a static view runs inside a stream's filter and select", async () => {
    const input = new MemoryStream("k INT, v INT", spark);
    (input.toDF() as DataFrame).createOrReplaceTempView("st");
    const df = sql(
      "SELECT k, v, (SELECT max(k) FROM o) AS m, (SELECT count(*) FROM o WHERE o.k = st.k) AS c FROM st WHERE k IN (SELECT k FROM o) OR NOT EXISTS (SELECT 1 FROM o WHERE o.k = st.k)",
    );
    expect(df.isStreaming).toBe(true);
    const q = await df.writeStream.format("memory").queryName("subquery_stream").start();
    try {
      input.addData([1, 10], [3, 30]);
      await q.processAllAvailable();
      input.addData([null, 5], [2, 7]);
      await q.processAllAvailable();
      expect(rows("SELECT * FROM subquery_stream ORDER BY k NULLS FIRST")).toEqual([
        [null, 5, 2, 0n],
        [1, 10, 2, 2n],
        [2, 7, 2, 1n],
        [3, 30, 2, 0n],
      ]);
    } finally {
      await q.stop();
    }
  });

  it("DataFrame subquery columns over a static DataFrame in a streaming aggregation (complete mode)", async () => {
    const input = new MemoryStream("k INT, v INT", spark);
    const keys = spark.createDataFrame([[1], [2]], "k INT");
    const df = (input.toDF() as DataFrame)
      .alias("s")
      .where(keys.where(col("k").eq(col("s.k").outer())).exists())
      .groupBy("k")
      .agg(F.sum("v").alias("total"))
      .withColumn("limit", keys.select(F.max("k")).scalar());
    const q = await df.writeStream.format("memory").queryName("subquery_agg").outputMode("complete").start();
    try {
      input.addData([1, 10], [3, 30], [2, 5]);
      await q.processAllAvailable();
      input.addData([1, 1], [null, 7]);
      await q.processAllAvailable();
      expect(rows("SELECT * FROM subquery_agg ORDER BY k")).toEqual([
        [1, 11n, 2],
        [2, 5n, 2],
      ]);
    } finally {
      await q.stop();
    }
  });

  it("a subquery over a stream is INVALID_SUBQUERY_EXPRESSION.STREAMING_QUERY", () => {
    const input = new MemoryStream("k INT, v INT", spark);
    (input.toDF() as DataFrame).createOrReplaceTempView("st2");
    for (const q of [
      "SELECT * FROM st2 WHERE k IN (SELECT k FROM st2)",
      "SELECT k, (SELECT max(k) FROM st2) AS m FROM st2",
      "SELECT * FROM t WHERE EXISTS (SELECT 1 FROM st2 WHERE st2.k = t.k)",
    ]) {
      const e = failure(() => sql(q).schema);
      expect(e.name).toBe("AnalysisException");
      expect(e.errorClass).toBe("INVALID_SUBQUERY_EXPRESSION.STREAMING_QUERY");
    }
  });
});
