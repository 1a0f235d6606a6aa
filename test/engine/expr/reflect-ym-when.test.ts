/**
 * reflect / java_method / try_reflect, year-month intervals and SQL when() through the Column builders and the
 * collected forms; Spark's own answers for SQL are in test/spark/goldens/functions.json (groups reflect,
 * ym-interval, when-sql).
 */
import { describe, expect, it } from "vitest";
import { AnalysisException } from "../../../src/engine/errors";
import { Window } from "../../../src/engine/api/window";
import * as F from "../../../src/engine/functions";
import { SparkSession } from "../../../src/engine/session";

const spark = SparkSession.builder.create();
spark.conf.set("spark.sql.session.timeZone", "UTC");

describe("reflect", () => {
  it("calls the supported static methods with Java's results, as strings", () => {
    const row = spark
      .range(1)
      .select(
        F.reflect(F.lit("java.util.UUID"), F.lit("fromString"), F.lit("A5CF6C42-0C85-418F-AF6C-3E4E5B1328F2")),
        F.java_method(F.lit("java.lang.Math"), F.lit("round"), F.lit(2.5)),
        F.reflect(F.lit("java.net.URLEncoder"), F.lit("encode"), F.lit("a b&é"), F.lit("UTF-8")),
        F.try_reflect(F.lit("java.lang.Integer"), F.lit("parseInt"), F.lit("x")),
      )
      .collectValues()[0];
    expect(row).toEqual(["a5cf6c42-0c85-418f-af6c-3e4e5b1328f2", "3", "a+b%26%C3%A9", null]);
    const uuid = spark.range(1).select(F.reflect(F.lit("java.util.UUID"), F.lit("randomUUID"))).collectValues()[0]![0];
    expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it("names the class or method it cannot call, and lists what it can", () => {
    const call = (cls: string, m: string) => () => spark.sql(`SELECT reflect('${cls}', '${m}', 1)`).collect();
    expect(call("com.acme.Util", "f")).toThrow(AnalysisException);
    expect(call("com.acme.Util", "f")).toThrow(/UNEXPECTED_CLASS_TYPE.*class com\.acme\.Util not found.*java\.lang\.Math\.\{abs/);
    expect(call("java.lang.Math", "sqrt")).toThrow(/UNEXPECTED_STATIC_METHOD.*sqrt.*java\.lang\.Math.*sqrt\(double\)/);
  });

  it("fails the query when the method throws (try_reflect gives null)", () => {
    expect(() => spark.sql("SELECT reflect('java.lang.Math', 'floorDiv', 1, 0)").collect()).toThrow(/ArithmeticException: \/ by zero/);
  });
});

describe("year-month intervals", () => {
  it("make_ym_interval shows and casts like Spark and collects as a number of months", () => {
    const df = spark.range(1).select(F.make_ym_interval(F.lit(1), F.lit(2)).alias("i"), F.make_ym_interval(F.lit(-1)).cast("string").alias("s"));
    expect(df.schema.simpleString()).toBe("struct<i:interval year to month,s:string>");
    expect(df.collect()[0]!.asDict()).toEqual({ i: 14, s: "INTERVAL '-1-0' YEAR TO MONTH" });
  });

  it("moves dates and timestamps by whole months, clamping to the month's last day", () => {
    const [d, ts] = spark
      .sql("SELECT CAST(DATE'2024-01-31' + INTERVAL '1' MONTH AS STRING), CAST(TIMESTAMP'2024-02-29 10:00:00' - INTERVAL '1-0' YEAR TO MONTH AS STRING)")
      .collectValues()[0]!;
    expect([d, ts]).toEqual(["2024-02-29", "2023-02-28 10:00:00"]);
  });
});

describe("SQL when()", () => {
  it("is CASE WHEN, with an odd last argument as ELSE", () => {
    const df = spark.sql("SELECT when(id > 0, 'pos', id < 0, 'neg', 'zero') AS s FROM VALUES (1), (-1), (0) AS t(id)");
    expect(df.columns).toEqual(["s"]);
    expect(df.collectValues().map((r) => r[0])).toEqual(["pos", "neg", "zero"]);
    expect(spark.sql("SELECT when(true, 1)").columns).toEqual(["CASE WHEN true THEN 1 END"]);
  });
});

describe("time_bucket, collect_union and counter_diff builders", () => {
  it("time_bucket lays buckets from the origin", () => {
    const df = spark.sql("SELECT TIMESTAMP'2024-01-01 11:27:00' AS ts");
    const [a, b] = df
      .select(F.time_bucket(F.expr("INTERVAL '15' MINUTE"), "ts").cast("string"), F.time_bucket(F.expr("INTERVAL '1' MONTH"), "ts").cast("string"))
      .collectValues()[0]!;
    expect([a, b]).toEqual(["2024-01-01 11:15:00", "2024-01-01 00:00:00"]);
  });

  it("collect_union unions array elements per group, dropping nulls", () => {
    const df = spark.createDataFrame([["a", [1, 2]], ["a", [2, null, 3]], ["b", null]], "k STRING, v ARRAY<INT>");
    const rows = df.groupBy("k").agg(F.sort_array(F.collect_union("v")).alias("u")).orderBy("k").collectValues();
    expect(rows).toEqual([
      ["a", [1, 2, 3]],
      ["b", []],
    ]);
  });

  it("counter_diff turns a cumulative counter into deltas, NULL at a reset", () => {
    const df = spark.createDataFrame([[1, 100], [2, 250], [3, 40], [4, 90]], "t INT, c INT");
    const w = Window.orderBy("t");
    expect(df.select(F.counter_diff("c").over(w)).collectValues().map((r) => r[0])).toEqual([null, 150, null, 50]);
  });
});
