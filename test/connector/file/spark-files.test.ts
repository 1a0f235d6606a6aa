/**
 * Files written by real Apache Spark 4 (test/fixtures/spark-files, made by scripts/spark/file-fixtures.py):
 * snappy Parquet with INT96 and with TIMESTAMP_MICROS timestamps, decimals of every physical layout, nested
 * types; and Spark's own JSON and CSV text, which tspark's writers must reproduce byte for byte.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { fileTestSession, plain } from "./helpers";

const FIXTURES = path.resolve(__dirname, "../../fixtures/spark-files");
const TYPES =
  "id BIGINT, i INT, s STRING, b BOOLEAN, f DOUBLE, d DECIMAL(20,2), small DECIMAL(5,1), big DECIMAL(38,6), day DATE, ts TIMESTAMP, " +
  "st STRUCT<a: INT, tags: ARRAY<STRING>>, arr ARRAY<BIGINT>, m MAP<STRING, INT>, bin BINARY";
const ROWS = [
  [1n, 7, "héllo", true, 1.5, "12345678901234567.89", "12.3", "-12345678901234567890123456789012.123456", "2024-01-01", "2024-01-01 10:00:00.123456", { a: 1, tags: ["p", null] }, [1n, 2n], new Map([["k", 1]]), "ab"],
  [2n, null, null, null, null, null, null, null, null, null, null, null, null, null],
  [3n, -1, "", false, -0.25, "-0.01", "-9.9", "0.000001", "1969-12-31", "1970-01-01 00:00:00", { a: null, tags: [] }, [], new Map(), ""],
];

describe("files written by Spark", () => {
  it.each(["types-int96", "types-micros"])("%s.snappy.parquet reads with Spark's schema and exact values", async (name) => {
    const { spark } = fileTestSession();
    const want = spark.createDataFrame(ROWS, TYPES);
    const df = await spark.read.parquet(path.join(FIXTURES, `${name}.snappy.parquet`));
    expect(df.schema.simpleString()).toBe(want.schema.simpleString());
    expect(plain(df.orderBy("id").collectValues())).toEqual(plain(want.collectValues()));
  });

  it("Spark's JSON reads back; tspark writes the same JSON text", async () => {
    const { spark, dir } = fileTestSession();
    const want = spark.createDataFrame(ROWS, TYPES).drop("bin");
    const df = await spark.read.schema(want.schema).json(path.join(FIXTURES, "types.json"));
    const expected = plain(want.collectValues()) as unknown[][];
    expected[0]![9] = "1704103200123000n"; // JSON keeps milliseconds
    expect(plain(df.collectValues())).toEqual(expected);
    await want.write.json(`${dir}/j`);
    const written = (await spark.read.text(`${dir}/j`)).collectValues().map((r) => r[0]);
    expect(written.join("\n")).toBe(readFileSync(path.join(FIXTURES, "types.json"), "utf8").trimEnd());
  });

  it("Spark's CSV reads back; tspark writes the same CSV text", async () => {
    const { spark, dir } = fileTestSession();
    const want = spark.createDataFrame(ROWS, TYPES).select("id", "i", "s", "b", "f", "d", "day", "ts");
    const df = await spark.read.schema(want.schema).option("header", true).csv(path.join(FIXTURES, "types.csv"));
    expect(df.count()).toBe(3);
    await want.write.option("header", true).csv(`${dir}/c`);
    const written = (await spark.read.text(`${dir}/c`)).collectValues().map((r) => r[0]);
    expect(written.join("\n")).toBe(readFileSync(path.join(FIXTURES, "types.csv"), "utf8").trimEnd());
  });
});
