/**
 * histogram_numeric through its Column builder; Spark's answers for SQL (ties, merges, types, errors) are in the
 * goldens (functions/histogram#*).
 */
import { describe, expect, it } from "vitest";
import type { DataFrame } from "../../../src/engine/api/data-frame";
import * as F from "../../../src/engine/functions";
import { SparkSession } from "../../../src/engine/session";

const spark = SparkSession.builder.create();

describe("histogram_numeric", () => {
  it("is exact up to nb distinct values and merges the closest bins past that", () => {
    const df = spark.createDataFrame([[1.0], [2.0], [2.0], [10.0], [null]], "v DOUBLE") as DataFrame;
    const [exact, merged] = df.select(F.histogram_numeric("v", F.lit(5)), F.histogram_numeric("v", F.lit(2))).collectValues()[0]!;
    expect(exact).toEqual([
      [1, 1],
      [2, 2],
      [10, 1],
    ]);
    expect(merged).toEqual([
      [5 / 3, 3],
      [10, 1],
    ]);
  });
});
