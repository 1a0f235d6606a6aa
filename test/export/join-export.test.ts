/**
 * `toPySpark()` of joins: the other input as a variable of its own (a stream's reader and steps, a table, or a
 * placeholder reader with a warning for in-memory rows Spark cannot read), joined with Spark's `how` spelling.
 */
import { describe, expect, it } from "vitest";
import "../../src/connector/register";
import "../../src/connector/export/index";
import { MemoryStream } from "../../src/connector/memory/memory-stream";
import type { DataFrame } from "../../src/engine/api/data-frame";
import * as F from "../../src/engine/functions";
import { SparkSession } from "../../src/engine/session";
import { streamingSession } from "../helpers/stream-test";

const spark = streamingSession(SparkSession.builder.getOrCreate());

describe("toPySpark() of a join", () => {
  it("stream-static: the in-memory static side becomes a placeholder reader with its schema, and a warning", () => {
    const users = spark.createDataFrame([[1, "ann"]], "id INT, name STRING");
    const clicks = new MemoryStream("id INT, ts TIMESTAMP", spark).toDF() as DataFrame;
    const out = clicks.join(F.broadcast(users), "id", "left").toPySpark();
    expect(out.code).toContain('joined_1 = spark.read \\\n    .format("<static-format>")');
    expect(out.code).toContain('.load("<static-path>") \\\n    .hint("broadcast")');
    expect(out.code).toContain('.join(joined_1, ["id"], "left_outer")');
    expect(out.warnings.some((w) => w.includes("the static side is 1 in-memory rows (createDataFrame)") && w.includes("<static-path>"))).toBe(true);
    expect(out.warnings.some((w) => w.includes("not translated"))).toBe(false);
  });

  it("stream-stream: the other stream's reader, watermark and the condition as Column code", () => {
    const imp = (new MemoryStream("adId INT, impTime TIMESTAMP", spark).toDF() as DataFrame).withWatermark("impTime", "10 seconds");
    const clk = (new MemoryStream("clkAdId INT, clkTime TIMESTAMP", spark).toDF() as DataFrame).withWatermark("clkTime", "20 seconds");
    const out = imp.join(clk, F.expr("adId = clkAdId AND clkTime BETWEEN impTime AND impTime + interval 1 hour"), "left_semi").toPySpark();
    expect(out.code).toMatch(/joined_1 = spark\.readStream \\\n {4}\.format\("<source-format>"\) \\\n {4}\.load\(\) \\\n {4}\.withWatermark\("clkTime", "20 seconds"\)/);
    expect(out.code).toMatch(/\.join\(joined_1, .*clkAdId.*, "left_semi"\)/);
    expect(out.warnings.some((w) => w.includes("not translated"))).toBe(false);
  });

  it("a view as the static side is read through its rows (tspark resolves views at once): the same placeholder", () => {
    spark.createDataFrame([[1, "ann"]], "id INT, name STRING").createOrReplaceTempView("users_export");
    const clicks = new MemoryStream("id INT", spark).toDF() as DataFrame;
    const out = clicks.alias("c").join(spark.table("users_export").alias("u"), F.col("c.id").equalTo(F.col("u.id"))).toPySpark();
    expect(out.code).toContain('.load("<static-path>") \\\n    .alias("u")');
    expect(out.code).toContain('.alias("c") \\\n    .join(joined_1, expr("c.id = u.id"), "inner")');
  });
});
