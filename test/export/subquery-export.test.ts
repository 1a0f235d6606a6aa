/**
 * Subquery expressions in an exported program (connector/export/expr-sql.ts): one written in SQL prints its own
 * text, so Spark parses the same query; one that reads a temp view, or a DataFrame subquery column (no text),
 * is reported as not translated, since the exported program would not have what it reads.
 */
import { describe, expect, it } from "vitest";
import "../../src/connector/register";
import "../../src/connector/export/index";
import { MemoryStream } from "../../src/connector/memory/memory-stream";
import type { DataFrame } from "../../src/engine/api/data-frame";
import { col, functions as F, SparkSession } from "../../src/index";

const spark = new SparkSession();

function streamOf(): DataFrame {
  return new MemoryStream("k INT, v INT", spark as never).toDF() as DataFrame;
}

describe("subqueries in exported programs", () => {
  it("a SQL subquery over VALUES prints as written, NOT IN / NOT EXISTS included", () => {
    const df = streamOf()
      .filter("k NOT IN (SELECT col1 FROM VALUES (1), (2)) AND v > (SELECT min(col1) FROM VALUES (5))")
      .selectExpr("k", "NOT EXISTS (SELECT 1 FROM VALUES (1) AS x(a) WHERE x.a = k) AS ne");
    const out = df.toPySpark();
    expect(out.code).toContain(`.where("k NOT IN (SELECT col1 FROM VALUES (1), (2)) AND v > (SELECT min(col1) FROM VALUES (5))")`);
    expect(out.code).toContain(`"NOT EXISTS (SELECT 1 FROM VALUES (1) AS x(a) WHERE x.a = k) AS ne"`);
    expect(out.warnings.filter((w) => !w.includes("MemoryStream"))).toEqual([]);
  });

  it("a subquery over a temp view, or a DataFrame subquery column, is reported", () => {
    spark.createDataFrame([[1]], "k INT").createOrReplaceTempView("known_keys");
    const viaView = streamOf().filter("k IN (SELECT k FROM known_keys)").toPySpark();
    expect(viaView.warnings.join("\n")).toContain("the subquery reads temp view known_keys");
    const keys = spark.createDataFrame([[1]], "k INT");
    const viaColumn = streamOf().where(col("k").isin(keys.select(F.max("k")))).toPySpark();
    expect(viaColumn.warnings.join("\n")).toContain("a DataFrame subquery column (df.scalar(), df.exists(), col.isin(df)) has no SQL form");
  });
});
