import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import "../../src/connector/register";
import "../../src/connector/export/index";
import * as F from "../../src/engine/functions";
import type { DataFrame } from "../../src/engine/api/data-frame";
import { SparkSession } from "../../src/engine/session";
import { blogPipeline, blogSchema } from "./pipelines";

/** The same programs as the golden files, but built the way a user builds them: with DataFrame calls. */
describe("df.toPySpark()", () => {
  const spark = SparkSession.builder.getOrCreate();
  const reader = () => {
    let r = (spark.readStream as { format(f: string): { option(k: string, v: string): unknown } }).format("aws-kinesis") as {
      option(k: string, v: string): unknown;
      load(): import("../../src/engine/api/data-frame").DataFrame;
    };
    for (const [k, v] of blogPipeline.source!.options) r = r.option(k, v) as typeof r;
    return r.load();
  };
  const events = () =>
    reader()
      .selectExpr("cast (data as STRING) jsonData")
      .select(F.from_json("jsonData", blogSchema).alias("events"))
      .select("events.*");

  it("the blog's chain exports the blog's reader, schema and transformations", () => {
    const out = events().selectExpr("CAST(id AS STRING) as partitionKey", "data", "date").toPySpark({ fileName: "blog.py" });
    const golden = readFileSync(join(__dirname, "golden", "blog.py"), "utf8");
    // Same program up to the writer (a DataFrame has none yet).
    const upToWriter = golden.slice(0, golden.indexOf("query = "));
    expect(out.code.startsWith(upToWriter)).toBe(true);
    expect(out.code).toContain("# No writer in the exported DataFrame");
  });

  it("a windowed count: withWatermark, window() and count() as Column code", () => {
    const out = events().withWatermark("date", "10 minutes").groupBy(F.window(F.col("date"), "1 minute"), "data").count().toPySpark();
    expect(out.code).toContain(
      [
        '    .withWatermark("date", "10 minutes") \\',
        '    .groupBy(window(col("date"), "1 minute"), "data").agg(count("*").alias("count"))',
      ].join("\n"),
    );
    expect(out.warnings).toEqual([]);
  });

  it("dropDuplicatesWithinWatermark exports as itself, not as dropDuplicates", () => {
    const out = events().withWatermark("date", "10 minutes").dropDuplicatesWithinWatermark(["id"]).toPySpark();
    expect(out.code).toContain('.dropDuplicatesWithinWatermark(["id"])');
  });
});

describe("query.toPySpark()", () => {
  it("exports a started query with its writer: format, output mode, trigger, name, checkpoint", async () => {
    const { MemoryStream } = await import("../../src/connector/memory/memory-stream");
    const spark = SparkSession.builder.getOrCreate();
    const input = new MemoryStream("value INT", spark);
    const q = await (input.toDF() as DataFrame)
      .selectExpr("value * 2 AS doubled")
      .writeStream.format("console")
      .outputMode("append")
      .queryName("doubler")
      .trigger({ processingTime: "5 seconds" })
      .option("checkpointLocation", "/tmp/tspark-export-query-cp")
      .start();
    try {
      const out = q.toPySpark({ fileName: "doubler.py" });
      expect(out.code).toContain(
        [
          "query = result.writeStream \\",
          '    .format("console") \\',
          '    .outputMode("append") \\',
          '    .queryName("doubler") \\',
          '    .trigger(processingTime="5 seconds") \\',
          '    .option("checkpointLocation", "s3://<bucket>/checkpoints/tspark-export-query-cp") \\',
          "    .start()",
        ].join("\n"),
      );
      expect(out.code).toContain('.selectExpr("value * 2 AS doubled")');
      expect(out.code).toContain('.format("<source-format>")');
      expect(out.warnings).toEqual([
        "source format memory-stream: MemoryStream is tspark's in-process test input; put a real source (aws-kinesis, ...) in its place",
      ]);
      expect(out.submit).toBe("spark-submit doubler.py");
    } finally {
      await q.stop();
    }
  });
});
