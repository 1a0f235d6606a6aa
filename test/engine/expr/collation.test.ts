/**
 * collation/collate (default collation only) and current_path through the Column builders, and the refusal of
 * a collation tspark does not have. Spark's answers for SQL are in the goldens (functions/collation#*).
 */
import { describe, expect, it } from "vitest";
import type { DataFrame } from "../../../src/engine/api/data-frame";
import * as F from "../../../src/engine/functions";
import { SparkSession } from "../../../src/engine/session";

const spark = SparkSession.builder.create();

describe("collation builders", () => {
  it("collate keeps the value under UTF8_BINARY and collation names it", () => {
    const df = spark.createDataFrame([["b"], [null]], "s STRING") as DataFrame;
    const rows = df.select(F.collate("s", "UTF8_BINARY").alias("c"), F.collation("s").alias("n"), F.current_path().alias("p")).collectValues();
    expect(rows).toEqual([
      ["b", "SYSTEM.BUILTIN.UTF8_BINARY", "system.builtin,system.session,spark_catalog.default"],
      [null, "SYSTEM.BUILTIN.UTF8_BINARY", "system.builtin,system.session,spark_catalog.default"],
    ]);
  });

  it("refuses another collation by name instead of comparing bytes", () => {
    expect(() => spark.sql("select collate('a', 'UTF8_LCASE')")).toThrow(/UNSUPPORTED_FEATURE.TSPARK_NOT_YET.*UTF8_LCASE.*only the default collation UTF8_BINARY/);
    expect(() => spark.sql("select collate('a', 'NOPE')")).toThrow(/COLLATION_INVALID_NAME/);
  });
});
