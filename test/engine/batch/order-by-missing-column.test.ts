/**
 * ORDER BY a column the SELECT list does not output (Spark's ResolveMissingReferences): the key is computed below
 * the projection or aggregate as a hidden column and dropped after the sort. Expected rows and errors are Spark
 * 4.3's for the same queries (checked with pyspark), including where Spark refuses: DISTINCT, and a column outside
 * GROUP BY.
 */
import { describe, expect, it } from "vitest";
import "../../../src/connector/register";
import { MemoryStream } from "../../../src/connector/memory/memory-stream";
import type { DataFrame } from "../../../src/engine/api/data-frame";
import { SparkSession } from "../../../src/engine/session";
import { streamingSession } from "../../helpers/stream-test";

const spark = streamingSession(new SparkSession());
spark.sql("CREATE OR REPLACE TEMP VIEW emp AS SELECT * FROM VALUES (1, 'ann', 10), (2, 'bob', 20), (3, 'cy', NULL), (4, 'dee', 30) AS emp(id, name, dept)");
spark.sql("CREATE OR REPLACE TEMP VIEW dept AS SELECT * FROM VALUES (10, 'eng'), (20, 'ops'), (40, 'hr'), (NULL, 'none') AS dept(dept, title)");
spark.sql(
  "CREATE OR REPLACE TEMP VIEW w AS SELECT * FROM VALUES ('a', 1, 10), ('a', 2, CAST(NULL AS INT)), ('a', 3, 30), ('a', 4, CAST(NULL AS INT)), ('b', 1, CAST(NULL AS INT)), ('b', 2, 5) AS w(k, t, v)",
);
const sql = (q: string) => spark.sql(q) as DataFrame;

describe("ORDER BY a column the SELECT list drops", () => {
  it("after a join, by the other side's qualified column; with an alias in the SELECT list", () => {
    const df = sql("SELECT e.name FROM emp e JOIN dept d ON e.dept = d.dept ORDER BY d.title DESC");
    expect(df.schema.simpleString()).toBe("struct<name:string>");
    expect(df.collectValues()).toEqual([["bob"], ["ann"]]);
    expect(sql("SELECT e.name AS who FROM emp e JOIN dept d ON e.dept = d.dept ORDER BY d.title DESC, who").collectValues()).toEqual([["bob"], ["ann"]]);
    expect(sql("SELECT name AS n FROM emp ORDER BY id DESC").collectValues()).toEqual([["dee"], ["cy"], ["bob"], ["ann"]]);
  });

  it("by expressions over dropped columns, after WHERE", () => {
    expect(sql("SELECT upper(name) FROM emp ORDER BY length(name), id DESC").collectValues()).toEqual([["CY"], ["DEE"], ["BOB"], ["ANN"]]);
    expect(sql("SELECT name FROM emp WHERE dept IS NOT NULL ORDER BY dept * -1").collectValues()).toEqual([["dee"], ["bob"], ["ann"]]);
  });

  it("after GROUP BY, by an aggregate the SELECT list does not hold (also beside HAVING)", () => {
    expect(sql("SELECT k FROM w GROUP BY k ORDER BY sum(v)").collectValues()).toEqual([["b"], ["a"]]);
    expect(sql("SELECT k FROM w GROUP BY k ORDER BY min(t) + max(v)").collectValues()).toEqual([["b"], ["a"]]);
    expect(sql("SELECT k, sum(v) AS s FROM w GROUP BY k HAVING s > 1 ORDER BY max(t)").collectValues()).toEqual([
      ["b", 5n],
      ["a", 40n],
    ]);
    expect(sql("SELECT k, count(*) AS n FROM w GROUP BY k ORDER BY count(*) DESC, k").collectValues()).toEqual([
      ["a", 4n],
      ["b", 2n],
    ]);
  });

  it("the DataFrame form: select(a).orderBy(b), also through a filter", () => {
    const df = spark.createDataFrame([[1, 2], [3, 1]], "a INT, b INT") as DataFrame;
    expect(df.select("a").orderBy("b").collectValues()).toEqual([[3], [1]]);
    expect(df.select("a").orderBy(df.col("b").desc()).collectValues()).toEqual([[1], [3]]);
    expect(df.select("a").filter("a > 0").orderBy("b").collectValues()).toEqual([[3], [1]]);
  });

  it("where Spark refuses: DISTINCT, a column outside GROUP BY, an unknown column (UNRESOLVED_COLUMN)", () => {
    expect(() => sql("SELECT DISTINCT name FROM emp ORDER BY id")).toThrow(/\[UNRESOLVED_COLUMN\.WITH_SUGGESTION\].*`id`/);
    expect(() => sql("SELECT k FROM w GROUP BY k ORDER BY t")).toThrow(/\[UNRESOLVED_COLUMN\.WITH_SUGGESTION\].*`t`.*\[`k`\]/);
    expect(() => sql("SELECT name FROM emp ORDER BY nope")).toThrow(/\[UNRESOLVED_COLUMN\.WITH_SUGGESTION\].*`nope`/);
  });

  it("in a streaming aggregation (complete mode), sorted by an aggregate it does not output", async () => {
    const input = new MemoryStream("k STRING, v INT", spark);
    (input.toDF() as DataFrame).createOrReplaceTempView("kv");
    const q = await sql("SELECT k FROM kv GROUP BY k ORDER BY sum(v) DESC").writeStream.format("memory").queryName("order_hidden").outputMode("complete").start();
    try {
      input.addData(["a", 1], ["b", 5], ["a", 2]);
      await q.processAllAvailable();
    } finally {
      await q.stop();
    }
    expect(sql("SELECT * FROM order_hidden").collectValues()).toEqual([["b"], ["a"]]);
  });
});
