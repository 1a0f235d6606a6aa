import { describe, expect, it } from "vitest";
import * as F from "../../../src/engine/functions";
import { SparkSession } from "../../../src/engine/session";
import { LongType, StringType } from "../../../src/engine/types/data-types";
import { StructType } from "../../../src/engine/types/struct-type";

// A projection over a projection runs as one (Spark's CollapseProject); what the user sees must not change.
const spark = SparkSession.builder.create();
spark.conf.set("spark.sql.session.timeZone", "UTC");
const schema = StructType().add("id", LongType()).add("data", StringType());

function blogFrame(records: (string | null)[]) {
  const df = spark.createDataFrame(
    records.map((r) => [r === null ? null : Buffer.from(r)]),
    "data BINARY",
  );
  return df.selectExpr("cast (data as STRING) jsonData").select(F.from_json("jsonData", schema).alias("events"));
}

describe("collapsed projections", () => {
  it("keep names, types and values of the blog's cast -> from_json -> events.* chain", () => {
    const df = blogFrame(['{"id": 1, "data": "Spain"}', null, "not json"]).select("events.*");
    expect(df.schema.simpleString()).toBe("struct<id:bigint,data:string>");
    expect(df.collectValues()).toEqual([
      [1n, "Spain"],
      [null, null],
      [null, null],
    ]);
  });

  it("keep the auto-generated names written against the lower column", () => {
    const df = spark.sql("select upper(j), j from (select cast(b as string) j from values (X'4142') t(b))");
    expect(df.columns).toEqual(["upper(j)", "j"]);
    expect(df.collectValues()).toEqual([["AB", "AB"]]);
  });

  it("give the same values when a computed lower column is referenced more than once (no collapse)", () => {
    const df = spark.sql("select j between 'A' and 'C', j || j, length(j) from (select cast(b as string) j from values (X'42'), (X'5A') t(b))");
    expect(df.collectValues()).toEqual([
      [true, "BB", 1],
      [false, "ZZ", 1],
    ]);
  });

  it("report errors in either list as the uncollapsed plan would", () => {
    expect(() => spark.sql("select nope from (select cast(b as string) j from values (X'41') t(b))").collect()).toThrow(/UNRESOLVED_COLUMN/);
  });

  it("compile a long withColumn chain in linear time", () => {
    let df = spark.sql("select 1 as c0");
    for (let i = 1; i <= 60; i++) df = df.withColumn(`c${i}`, F.expr(`c${i - 1} + 1`));
    expect(df.collectValues()[0]![60]).toBe(61);
  });
});
