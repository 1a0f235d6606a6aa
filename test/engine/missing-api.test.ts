import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { col, functions, SparkSession } from "../../src/index";

const spark = new SparkSession();
const df = spark.createDataFrame([[1, "a"]], "id INT, s STRING");
type Loose = Record<string, (...a: unknown[]) => unknown>;

function failure(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a failure");
}

describe("a PySpark API tspark lacks says so (UNSUPPORTED_FEATURE), never `x is not a function`", () => {
  it("DataFrame, Column, GroupedData, SparkSession and functions methods", () => {
    const cases: [string, () => unknown][] = [
      ["DataFrame.toPandas", () => (df as unknown as Loose).toPandas!()],
      ["DataFrame.mapInPandas", () => (df as unknown as Loose).mapInPandas!(() => 0, "x int")],
      ["DataFrame.lateralJoin", () => (df as unknown as Loose).lateralJoin!(df)],
      ["DataFrame.mergeInto", () => (df as unknown as Loose).mergeInto!("t", col("x"))],
      ["GroupedData.applyInPandas", () => (df.groupBy("id") as unknown as Loose).applyInPandas!(() => 0, "x int")],
      ["SparkSession.addArtifact", () => (spark as unknown as Loose).addArtifact!("x.jar")],
      ["Catalog.createTable", () => (spark.catalog as unknown as Loose).createTable!("t", "/tmp/x")],
      ["functions.hll_sketch_agg", () => (functions as unknown as Loose).hll_sketch_agg!("x")],
    ];
    for (const [name, call] of cases) {
      const err = failure(call);
      expect(err.name).toBe("SparkUnsupportedOperationException");
      expect(err.message).toContain(`\`${name}\` is a PySpark API that is not in tspark yet`);
      expect((err as unknown as { errorClass: string }).errorClass).toBe("UNSUPPORTED_FEATURE.TSPARK_NOT_YET");
    }
  });

  it("a PySpark property tspark lacks throws when read", () => {
    expect(() => (df as unknown as Record<string, unknown>).rdd).toThrow(/`DataFrame.rdd` is a PySpark API that is not in tspark yet/);
  });

  it("leaves what tspark has, Symbol keys, Promise detection, inspect and key listing alone", async () => {
    expect(df.columns).toEqual(["id", "s"]);
    expect((df as unknown as { then?: unknown }).then).toBeUndefined();
    expect(await Promise.resolve(df)).toBe(df); // not treated as a thenable
    expect((df as unknown as Record<string, unknown>).notAPySparkName).toBeUndefined();
    expect(inspect(col("x"))).toContain("Column");
    expect(Object.keys(df)).not.toContain("toPandas");
    expect(typeof (functions as unknown as Loose).upper).toBe("function");
    expect(col("x") instanceof (col("y").constructor as new (...a: unknown[]) => unknown)).toBe(true);
  });
});
