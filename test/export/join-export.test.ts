/**
 * `toPySpark()` of joins: the other input as a variable of its own (a stream's reader and steps, a table, or
 * in-memory rows as `spark.createDataFrame(rows, schema)`), joined with Spark's `how` spelling. The Spark differential
 * suite runs the exported stream-static joins on Spark (exported/stream-static-join-*).
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
  it("stream-static: the in-memory static side becomes spark.createDataFrame(rows, schema), Python values by type", () => {
    const users = spark.createDataFrame(
      [
        [1, "ann", 2, new Date("2024-01-01T00:00:01.5Z")],
        [null, 'x"y', null, null],
      ],
      "id INT, name STRING, d DOUBLE, t TIMESTAMP",
    );
    const clicks = new MemoryStream("id INT, ts TIMESTAMP", spark).toDF() as DataFrame;
    const out = clicks.join(F.broadcast(users), "id", "left").toPySpark();
    expect(out.code).toContain(
      [
        "joined_1 = spark.createDataFrame([",
        '    (1, "ann", 2.0, datetime.datetime(2024, 1, 1, 0, 0, 1, 500000, tzinfo=datetime.timezone.utc)),',
        '    (None, "x\\"y", None, None),',
        "], StructType([",
        '    StructField("id", IntegerType(), True),',
      ].join("\n"),
    );
    expect(out.code).toContain("\nimport datetime\n");
    expect(out.code).toContain('])) \\\n    .hint("broadcast")');
    expect(out.code).toContain('.join(joined_1, ["id"], "left_outer")');
    expect(out.warnings.filter((w) => !w.startsWith("source format memory-stream"))).toEqual([]);
  });

  it("stream-stream: the other stream's reader, watermark and the condition as Column code", () => {
    const imp = (new MemoryStream("adId INT, impTime TIMESTAMP", spark).toDF() as DataFrame).withWatermark("impTime", "10 seconds");
    const clk = (new MemoryStream("clkAdId INT, clkTime TIMESTAMP", spark).toDF() as DataFrame).withWatermark("clkTime", "20 seconds");
    const out = imp.join(clk, F.expr("adId = clkAdId AND clkTime BETWEEN impTime AND impTime + interval 1 hour"), "left_semi").toPySpark();
    expect(out.code).toMatch(/joined_1 = spark\.readStream \\\n {4}\.format\("<source-format>"\) \\\n {4}\.load\(\) \\\n {4}\.withWatermark\("clkTime", "20 seconds"\)/);
    expect(out.code).toMatch(/\.join\(joined_1, .*clkAdId.*, "left_semi"\)/);
    expect(out.warnings.some((w) => w.includes("not translated"))).toBe(false);
  });

  it("a view as the static side is read through its rows (tspark resolves views at once): createDataFrame too", () => {
    spark.createDataFrame([[1, "ann"]], "id INT, name STRING").createOrReplaceTempView("users_export");
    const clicks = new MemoryStream("id INT", spark).toDF() as DataFrame;
    const out = clicks.alias("c").join(spark.table("users_export").alias("u"), F.col("c.id").equalTo(F.col("u.id"))).toPySpark();
    expect(out.code).toContain('joined_1 = spark.createDataFrame([\n    (1, "ann"),\n], StructType([');
    expect(out.code).toContain('])) \\\n    .alias("u")');
    expect(out.code).toContain('.alias("c") \\\n    .join(joined_1, expr("c.id = u.id"), "inner")');
  });
});
