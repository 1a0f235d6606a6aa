/**
 * Issue #19.8/9: the PySpark DataFrame, Column, Catalog and SparkSession methods a Structured Streaming user
 * reaches for, with Spark 4.3's results and errors (the numbers and frames are also checked against Spark's
 * goldens: test/spark/corpus/frames.json, entries stat-* and df-*). These cover what the corpus cannot:
 * sessions, catalogs, iterators, explain text and the checks made before anything runs.
 */
import { describe, expect, it } from "vitest";
import { col, functions as F, lit, MemoryStream, SparkSession } from "../../../src/index";
import { QuantileSummary } from "../../../src/engine/api/quantile-summaries";
import { StructType } from "../../../src/engine/types/struct-type";

const spark = SparkSession.builder.create();
const df = spark.createDataFrame(
  [
    ["a", 1, 2.0],
    ["b", 2, 4.0],
    ["a", 3, 7.0],
    ["c", null, 1.0],
    ["b", 5, null],
  ],
  "k STRING, x INT, y DOUBLE",
);
const values = (d: { collectValues(): unknown[][] }) => d.collectValues();

function failure(f: () => unknown): Error & { errorClass?: string } {
  try {
    f();
  } catch (e) {
    return e as Error & { errorClass?: string };
  }
  throw new Error("expected a failure");
}

describe("df.stat", () => {
  it("approxQuantile: exact with relativeError 0 (rank ceil(p*n), nulls skipped), one list per column for a list of names", () => {
    expect(df.approxQuantile("x", [0, 0.25, 0.5, 0.75, 1], 0)).toEqual([1, 1, 2, 3, 5]);
    expect(df.stat.approxQuantile(["x", "y"], [0.5], 0.1)).toEqual([[2], [2]]);
    expect(spark.createDataFrame([[null]], "a DOUBLE").approxQuantile("a", [0.5], 0)).toEqual([]);
    expect(spark.createDataFrame([[Number.NaN], [1]], "a DOUBLE").approxQuantile("a", [0.5], 0)).toEqual([1]);
  });

  it("approxQuantile over many values gives the samples Spark's Greenwald-Khanna summary gives", () => {
    // spark.range(1000).approxQuantile("id", [0.1, 0.5, 0.9, 0.99], 0.05) and range(100) with 0.1, on Spark 4.3
    expect(spark.range(1000).approxQuantile("id", [0.1, 0.5, 0.9, 0.99], 0.05)).toEqual([79, 478, 858, 999]);
    expect(spark.range(100).approxQuantile("id", [0.1, 0.33, 0.5, 0.9, 0.99], 0.1)).toEqual([0, 25, 47, 99, 99]);
    // past the 50,000-value head buffer the summary compresses as it goes and stays within the error
    const s = new QuantileSummary(0.01);
    for (let i = 0; i < 120000; i++) s.insert((i * 7919) % 120000);
    s.compress();
    expect(Math.abs(s.query(0.5)! - 60000)).toBeLessThanOrEqual(0.01 * 120000);
  });

  it("approxQuantile's checks: probabilities, relativeError, numeric columns", () => {
    expect(failure(() => df.approxQuantile("x", [1.5], 0.1)).errorClass).toBe("NOT_EXPECTED_TYPE");
    expect(failure(() => df.approxQuantile("x", [0.5], -1)).errorClass).toBe("NEGATIVE_VALUE");
    expect(failure(() => df.approxQuantile("k", [0.5], 0.1)).message).toBe("requirement failed: Quantile calculation for column k with data type StringType is not supported.");
    expect(failure(() => df.approxQuantile("nope", [0.5], 0.1)).errorClass).toMatch(/^UNRESOLVED_COLUMN/);
  });

  it("corr and cov read a null as 0.0, as Spark does; pearson only", () => {
    expect(df.corr("x", "y")).toBe(0.00936750168134966);
    expect(df.cov("x", "y")).toBeCloseTo(0.05, 12);
    expect(Number.isNaN(spark.createDataFrame([[1, 1], [1, 2]], "a INT, b INT").corr("a", "b"))).toBe(true);
    expect(failure(() => df.corr("x", "y", "spearman")).errorClass).toBe("VALUE_NOT_ALLOWED");
    expect(failure(() => df.cov("x", "k")).message).toBe("requirement failed: Currently covariance calculation for columns with dataType string not supported.");
  });

  it("crosstab: col2's values as sorted text columns, counts as longs, null as 'null'", () => {
    const t = df.crosstab("k", "x");
    expect(t.columns).toEqual(["k_x", "1", "2", "3", "5", "null"]);
    expect(values(t.orderBy("k_x"))).toEqual([
      ["a", 1n, 0n, 1n, 0n, 0n],
      ["b", 0n, 1n, 0n, 1n, 0n],
      ["c", 0n, 0n, 0n, 0n, 1n],
    ]);
  });

  it("freqItems: arrays of possibly frequent items named <col>_freqItems; support checked", () => {
    const f = df.freqItems(["k"], 0.5);
    expect(f.dtypes).toEqual([["k_freqItems", "array<string>"]]);
    expect(values(f)).toEqual([[["a", "b"]]]);
    expect(failure(() => df.freqItems(["k"], 0.00001)).message).toBe("requirement failed: Support must be in [1e-4, 1], but got 1.0E-5.");
  });

  it("sampleBy keeps a stratum with its fraction (0 for strata not listed) and is repeatable with a seed", () => {
    expect(values(df.sampleBy("k", { a: 1, b: 0 }, 42))).toEqual([
      ["a", 1, 2],
      ["a", 3, 7],
    ]);
    const big = spark.range(2000).selectExpr("id % 2 AS g");
    const a = big.sampleBy("g", { 0: 0.5, 1: 0.1 }, 7).groupBy("g").count().orderBy("g").collectValues();
    expect(big.sampleBy("g", { 0: 0.5, 1: 0.1 }, 7).groupBy("g").count().orderBy("g").collectValues()).toEqual(a);
    expect(Number(a[0]![1])).toBeGreaterThan(400);
    expect(Number(a[1]![1])).toBeLessThan(200);
    expect(failure(() => df.sampleBy("k", { a: 2 })).message).toBe("requirement failed: Fractions must be in [0, 1], but got Map(a -> 2.0).");
  });
});

describe("more DataFrame methods", () => {
  it("randomSplit: normalised weights, every row in exactly one part, the same parts for the same seed", () => {
    const d = spark.range(1000);
    const parts = d.randomSplit([1, 3], 11);
    const counts = parts.map((p) => p.count());
    expect(counts[0]! + counts[1]!).toBe(1000);
    expect(counts[0]).toBeGreaterThan(180);
    expect(counts[0]).toBeLessThan(320);
    const ids = parts.flatMap((p) => p.collectValues().map((r) => r[0]));
    expect(new Set(ids).size).toBe(1000);
    expect(d.randomSplit([1, 3], 11).map((p) => p.collectValues())).toEqual(parts.map((p) => p.collectValues()));
    expect(failure(() => d.randomSplit([1, -1])).errorClass).toBe("VALUE_NOT_POSITIVE");
  });

  it("offset, zipWithIndex, toLocalIterator, foreach, foreachPartition", () => {
    expect(values(df.offset(3))).toEqual([
      ["c", null, 1],
      ["b", 5, null],
    ]);
    expect(failure(() => df.offset(-1)).errorClass).toBe("INVALID_LIMIT_LIKE_EXPRESSION.IS_NEGATIVE");
    expect(values(df.select("k").zipWithIndex("i"))).toEqual([
      ["a", 0n],
      ["b", 1n],
      ["a", 2n],
      ["c", 3n],
      ["b", 4n],
    ]);
    expect([...df.toLocalIterator()].map((r) => r.get(0))).toEqual(["a", "b", "a", "c", "b"]);
    const seen: unknown[] = [];
    df.foreach((r) => seen.push(r.get(1)));
    expect(seen).toEqual([1, 2, 3, null, 5]);
    let calls = 0;
    df.foreachPartition((rows) => {
      calls++;
      expect([...rows]).toHaveLength(5);
    });
    expect(calls).toBe(1);
  });

  it("colRegex selects the columns whose whole name matches; a plain name is that column", () => {
    expect(df.select(df.colRegex("`[xy]`")).columns).toEqual(["x", "y"]);
    expect(df.select(df.colRegex("`K`")).columns).toEqual(["k"]);
    expect(df.select(df.colRegex("x")).columns).toEqual(["x"]);
  });

  it("groupingSets: one aggregate per set, the columns a set leaves out null", () => {
    const r = df.groupingSets([["k"], []], "k").agg(F.sum("x")).orderBy(col("k").asc_nulls_last());
    expect(r.columns).toEqual(["k", "sum(x)"]);
    expect(values(r)).toEqual([
      ["a", 4n],
      ["b", 7n],
      ["c", null],
      [null, 11n],
    ]);
  });

  it("transpose: index values sorted into columns, the others' common type; no common type fails", () => {
    const t = df.transpose();
    expect(t.columns).toEqual(["key", "a", "a", "b", "b", "c"]);
    expect(values(t)).toEqual([
      ["x", 1, 3, 2, 5, null],
      ["y", 2, 7, 4, null, 1],
    ]);
    expect(failure(() => df.transpose("x")).errorClass).toBe("TRANSPOSE_NO_LEAST_COMMON_TYPE");
  });

  it("to(schema): by name, cast, missing nullable columns null; Spark's errors otherwise", () => {
    const t = df.to(StructType.fromDDL("y DOUBLE, x BIGINT, z STRING"));
    expect(t.dtypes).toEqual([
      ["y", "double"],
      ["x", "bigint"],
      ["z", "string"],
    ]);
    expect(values(t)[0]).toEqual([2, 1n, null]);
    expect(failure(() => df.to(StructType.fromDDL("x INT NOT NULL"))).errorClass).toBe("NULLABLE_COLUMN_OR_FIELD");
    expect(failure(() => df.to(StructType.fromDDL("k INT"))).errorClass).toBe("INVALID_COLUMN_OR_FIELD_DATA_TYPE");
  });

  it("checkpoint and localCheckpoint return the same rows and cut the plan; explain shows where", () => {
    const out: string[] = [];
    const s = SparkSession.builder.create();
    s.print = (t) => out.push(t);
    const d = s.createDataFrame([[1], [2], [3]], "v INT").filter("v > 1");
    const c = d.localCheckpoint();
    expect(values(c)).toEqual(values(d));
    c.explain(true);
    expect(out.join("")).not.toContain("Filter");
    expect(values(d.checkpoint(false))).toEqual([[2], [3]]);
    out.length = 0;
    d.repartitionByRange(3, "v").explain();
    expect(out.join("")).toContain("RepartitionByExpression [v ASC NULLS FIRST], 3");
  });

  it("sameSemantics, semanticHash, isLocal, inputFiles, storageLevel, executionInfo, sparkSession", () => {
    expect(df.sameSemantics(df.select("*"))).toBe(true);
    expect(df.select("k").sameSemantics(df.select("x"))).toBe(false);
    expect(df.select("k").semanticHash()).toBe(df.select("k").semanticHash());
    expect(df.select("k").semanticHash()).not.toBe(df.select("x").semanticHash());
    expect(df.isLocal()).toBe(true);
    expect(df.filter("x > 1").isLocal()).toBe(false);
    expect(df.inputFiles()).toEqual([]);
    expect(String(df.storageLevel)).toBe("StorageLevel(False, False, False, False, 1)");
    expect(String(df.cache().storageLevel)).toBe("StorageLevel(True, True, False, True, 1)");
    expect(df.executionInfo).toBeNull();
    expect(df.sparkSession).toBe(spark);
  });
});

describe("global temp views", () => {
  it("live in global_temp, are seen by every session, and are dropped by name", () => {
    df.createGlobalTempView("gv_people");
    expect(values(spark.sql("SELECT count(*) FROM global_temp.gv_people"))).toEqual([[5n]]);
    expect(spark.newSession().table("global_temp.gv_people").count()).toBe(5);
    expect(failure(() => spark.table("gv_people")).errorClass).toBe("TABLE_OR_VIEW_NOT_FOUND");
    expect(failure(() => df.createGlobalTempView("gv_people")).errorClass).toBe("TEMP_TABLE_OR_VIEW_ALREADY_EXISTS");
    df.filter("x > 2").createOrReplaceGlobalTempView("gv_people");
    expect(spark.table("global_temp.gv_people").count()).toBe(2);
    expect(spark.catalog.tableExists("global_temp.gv_people")).toBe(true);
    expect(spark.catalog.listTables("global_temp").map((t) => [t.name, t.namespace])).toContainEqual(["gv_people", ["global_temp"]]);
    expect(spark.catalog.getTable("global_temp.gv_people").namespace).toEqual(["global_temp"]);
    expect(spark.catalog.dropGlobalTempView("gv_people")).toBe(true);
    expect(spark.catalog.dropGlobalTempView("gv_people")).toBe(false);
  });

  it("registerTempTable is createOrReplaceTempView", () => {
    const s = SparkSession.builder.create();
    df.registerTempTable("rt");
    expect(spark.table("rt").count()).toBe(5);
    expect(s.catalog.tableExists("rt")).toBe(false);
  });
});

describe("Column.withField / dropFields / transform", () => {
  const s = df.select(F.struct("k", "x").alias("s"));
  it("withField adds or replaces a field (dotted paths reach nested structs), named as Spark names it", () => {
    const w = s.select(col("s").withField("z", lit(1)));
    expect(w.columns).toEqual(["update_fields(s, WithField(1))"]);
    expect(w.schema.fields[0]!.dataType.simpleString()).toBe("struct<k:string,x:int,z:int>");
    expect(values(s.select(col("s").withField("K", lit(9)).alias("s")))[0]).toEqual([[9, 1]]);
    const nested = s.select(F.struct("s").alias("t")).select(col("t").withField("s.q", lit(1)).alias("t"));
    expect(nested.schema.fields[0]!.dataType.simpleString()).toBe("struct<s:struct<k:string,x:int,q:int>>");
    expect(failure(() => df.select(col("k").withField("z", lit(1))).schema).errorClass).toBe("DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE");
  });

  it("dropFields removes fields (unknown names ignored); dropping all fails as in Spark", () => {
    expect(values(s.select(col("s").dropFields("k", "nope").alias("s")))[0]).toEqual([[1]]);
    expect(failure(() => s.select(col("s").dropFields("k", "x")).schema).errorClass).toBe("DATATYPE_MISMATCH.CANNOT_DROP_ALL_FIELDS");
    expect(values(s.select(col("s").withField("z", lit(1)).dropFields("k").alias("s")))[0]).toEqual([[1, 1]]);
  });

  it("a null struct stays null; transform applies a function", () => {
    const n = spark.createDataFrame([[null]], "s STRUCT<a: INT>");
    expect(values(n.select(col("s").withField("b", lit(1))))).toEqual([[null]]);
    expect(values(df.select(col("x").transform((c) => c.plus(1))).limit(1))).toEqual([[2]]);
  });
});

describe("Catalog", () => {
  const s = SparkSession.builder.create();
  s.createDataFrame([[1]], "v INT").createOrReplaceTempView("tv");
  it("databases, catalogs, tables, views and functions by name, with Spark's not-found errors", () => {
    expect(s.catalog.getDatabase("default").name).toBe("default");
    expect(failure(() => s.catalog.getDatabase("nope")).errorClass).toBe("SCHEMA_NOT_FOUND");
    s.catalog.setCurrentDatabase("default");
    expect(failure(() => s.catalog.setCurrentDatabase("nope")).errorClass).toBe("SCHEMA_NOT_FOUND");
    expect(s.catalog.listCatalogs()).toEqual([{ name: "spark_catalog", description: null }]);
    expect(s.catalog.getTable("tv")).toEqual({ name: "tv", catalog: null, namespace: [], description: null, tableType: "TEMPORARY", isTemporary: true });
    expect(failure(() => s.catalog.getTable("nope")).errorClass).toBe("TABLE_OR_VIEW_NOT_FOUND");
    expect(s.catalog.listViews().map((t) => t.name)).toContain("tv");
    expect(s.catalog.getFunction("abs").name).toBe("abs");
    expect(failure(() => s.catalog.getFunction("nope")).errorClass).toBe("UNRESOLVED_ROUTINE");
  });

  it("cache and refresh check the name and remember what is cached", () => {
    expect(s.catalog.isCached("tv")).toBe(false);
    s.catalog.cacheTable("tv");
    expect(s.catalog.isCached("tv")).toBe(true);
    s.catalog.uncacheTable("tv");
    expect(s.catalog.isCached("tv")).toBe(false);
    s.catalog.cacheTable("tv");
    s.catalog.clearCache();
    expect(s.catalog.isCached("tv")).toBe(false);
    s.catalog.refreshTable("tv");
    s.catalog.refreshByPath("/tmp/anything");
    for (const f of [() => s.catalog.isCached("nope"), () => s.catalog.cacheTable("nope"), () => s.catalog.uncacheTable("nope"), () => s.catalog.refreshTable("nope")]) {
      expect(failure(f).errorClass).toBe("TABLE_OR_VIEW_NOT_FOUND");
    }
  });

  it("createTable says why it is missing and what to use", () => {
    const e = failure(() => (s.catalog as unknown as Record<string, (...a: unknown[]) => unknown>).createTable!("t", "/tmp/x"));
    expect(e.errorClass).toBe("UNSUPPORTED_FEATURE.TSPARK_NOT_YET");
    expect(e.message).toContain("createOrReplaceTempView");
  });
});

describe("SparkSession: active session, tags, interrupts", () => {
  it("active / getActiveSession give the getOrCreate session", () => {
    const s = SparkSession.builder.getOrCreate();
    expect(SparkSession.active()).toBe(s);
    expect(SparkSession.getActiveSession()).toBe(s);
    expect(spark.active()).toBe(s);
  });

  it("tags are checked as Spark checks them; interrupts return the (empty) list of interrupted operations", () => {
    const s = SparkSession.builder.create();
    s.addTag("etl");
    s.addTag("daily");
    expect(s.getTags()).toEqual(new Set(["etl", "daily"]));
    s.removeTag("etl");
    expect(s.getTags()).toEqual(new Set(["daily"]));
    s.clearTags();
    expect(s.getTags()).toEqual(new Set());
    expect(failure(() => s.addTag("a,b")).message).toBe("Spark job tag cannot contain ','.");
    expect(failure(() => s.addTag("")).message).toBe("Spark job tag cannot be an empty string.");
    expect(s.interruptAll()).toEqual([]);
    expect(s.interruptTag("daily")).toEqual([]);
    expect(s.interruptOperation("12")).toEqual([]);
    expect(failure(() => s.interruptOperation("x")).message).toBe("executionId must be a number in string form.");
  });
});

describe("on a streaming DataFrame", () => {
  const stream = new MemoryStream("k STRING, x INT, y DOUBLE", spark).toDF();
  it("actions fail with Spark's error; lazy methods stay streaming", () => {
    for (const f of [
      () => stream.approxQuantile("x", [0.5], 0.1),
      () => stream.corr("x", "y"),
      () => stream.cov("x", "y"),
      () => stream.checkpoint(),
      () => stream.localCheckpoint(),
      () => stream.toLocalIterator(),
      () => stream.foreach(() => undefined),
      () => stream.foreachPartition(() => undefined),
      () => stream.inputFiles(),
    ]) {
      expect(failure(f).errorClass).toBe("_LEGACY_ERROR_TEMP_3102");
    }
    expect(failure(() => stream.crosstab("k", "x")).errorClass).toBe("_LEGACY_ERROR_TEMP_3063");
    expect(failure(() => stream.offset(1)).message).toMatch(/^Offset is not supported on streaming DataFrames\/Datasets/);
    for (const f of [() => stream.freqItems(["k"]), () => stream.randomSplit([1, 1]), () => stream.zipWithIndex(), () => stream.transpose()]) {
      expect(failure(f).errorClass).toBe("UNSUPPORTED_FEATURE.TSPARK_NOT_YET");
    }
    for (const d of [stream.sampleBy("k", { a: 0.5 }, 1), stream.to(StructType.fromDDL("x BIGINT")), stream.select(stream.colRegex("`[xy]`")), stream.repartitionByRange(2, "x")]) {
      expect(d.isStreaming).toBe(true);
    }
    expect(stream.isLocal()).toBe(false);
  });

  it("a global temp view of a stream is streaming in spark.sql", () => {
    stream.createOrReplaceGlobalTempView("gv_stream");
    expect(spark.sql("SELECT k, count(*) FROM global_temp.gv_stream GROUP BY k").isStreaming).toBe(true);
    spark.catalog.dropGlobalTempView("gv_stream");
  });
});
