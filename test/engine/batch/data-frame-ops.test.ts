/**
 * Issue #19.8: PySpark's DataFrame operations beyond select/filter/groupBy: na functions, describe/summary,
 * set operations, unionByName with missing columns, transform, unpivot, cube/rollup, pivot, sample, tail,
 * observe, the accepted no-op hints shown in explain, and the catalog.
 */
import { describe, expect, it } from "vitest";
import { functions as F, SparkSession, col, lit } from "../../../src/index";
import { Observation } from "../../../src/engine/api/observation";

const spark = SparkSession.builder.getOrCreate();
const df = () => spark.createDataFrame([[1, "a", 2.5], [2, null, null], [2, "b", 1.0], [null, "a", Number.NaN]], "k INT, s STRING, x DOUBLE");
const rows = (d: { collectValues(): unknown[][] }) => d.collectValues().map((r) => JSON.stringify(r, (_k, v) => (typeof v === "number" && Number.isNaN(v) ? "NaN" : typeof v === "bigint" ? Number(v) : v)));

describe("DataFrame na functions", () => {
  it("fill by type (NaN too), drop with how/thresh/subset, replace", () => {
    expect(rows(df().na.fill(0))).toEqual(['[1,"a",2.5]', "[2,null,0]", '[2,"b",1]', '[0,"a",0]']);
    expect(rows(df().fillna({ s: "zz" }))).toContain('[2,"zz",null]');
    expect(rows(df().dropna())).toEqual(['[1,"a",2.5]', '[2,"b",1]']);
    expect(rows(df().dropna("any", 2))).toHaveLength(2);
    expect(rows(df().na.drop("all", null, ["s"]))).toHaveLength(3);
    expect(rows(df().replace("a", "A"))).toEqual(['[1,"A",2.5]', "[2,null,null]", '[2,"b",1]', '[null,"A","NaN"]']);
  });
});

describe("DataFrame set operations and reshaping", () => {
  it("intersect/subtract are distinct, intersectAll/exceptAll keep multiplicity", () => {
    const a = spark.createDataFrame([[1], [1], [2], [null]], "v INT");
    const b = spark.createDataFrame([[1], [null], [3]], "v INT");
    expect(rows(a.intersect(b).orderBy("v"))).toEqual(["[null]", "[1]"]);
    expect(rows(a.subtract(b))).toEqual(["[2]"]);
    expect(rows(a.intersectAll(b).orderBy("v"))).toEqual(["[null]", "[1]"]);
    expect(rows(a.exceptAll(b).orderBy("v"))).toEqual(["[1]", "[2]"]);
  });
  it("unionByName(allowMissingColumns) fills nulls; transform chains", () => {
    const u = df().unionByName(spark.createDataFrame([[9, true]], "k INT, flag BOOLEAN"), true);
    expect(u.columns).toEqual(["k", "s", "x", "flag"]);
    expect(rows(u.filter("k = 9"))).toEqual(["[9,null,null,true]"]);
    expect(df().transform((d, n: number) => d.limit(n), 1).count()).toBe(1);
  });
  it("unpivot/melt, cube, rollup, pivot", () => {
    const w = spark.createDataFrame([[1, 10, 20]], "id INT, a INT, b INT");
    expect(rows(w.unpivot("id", ["a", "b"], "var", "val"))).toEqual(['[1,"a",10]', '[1,"b",20]']);
    expect(rows(w.melt(["id"], null, "var", "val"))).toHaveLength(2);
    expect(rows(df().rollup("k").count().orderBy(col("k").asc_nulls_first(), "count"))).toEqual(["[null,1]", "[null,4]", "[1,1]", "[2,2]"]);
    expect(df().cube("k", "s").count().count()).toBe(11);
    expect(df().cube("k").agg(F.grouping_id().alias("g"), F.count("*").alias("n")).filter("g = 1").collect()[0]!.n).toBe(4);
    const p = df().groupBy("k").pivot("s", ["a", "b"]).agg(F.sum("x"));
    expect(p.columns).toEqual(["k", "a", "b"]);
    expect(rows(p.filter("k = 2"))).toEqual(["[2,null,1]"]);
  });
});

describe("DataFrame actions and hints", () => {
  it("describe and summary give strings per statistic", () => {
    const d = df().describe("k");
    expect(d.columns).toEqual(["summary", "k"]);
    expect(rows(d)).toEqual(['["count","3"]', '["mean","1.6666666666666667"]', '["stddev","0.5773502691896257"]', '["min","1"]', '["max","2"]']);
    expect(rows(df().summary("count", "50%").select("summary"))).toEqual(['["count"]', '["50%"]']);
  });
  it("sample is repeatable with a seed; tail takes the last rows", () => {
    expect(df().sample(0.5, 7).count()).toBe(df().sample(0.5, 7).count());
    expect(df().sample(false, 1.0).count()).toBe(4);
    expect(df().tail(1)[0]!.s).toBe("a");
  });
  it("observe names metrics read after an action", () => {
    const o = new Observation("m");
    const d = df().observe(o, F.count(lit(1)).alias("rows"), F.max("k").alias("mx"));
    expect(d.count()).toBe(4);
    expect(o.get).toEqual({ rows: 4, mx: 2 });
  });
  it("cache/persist/repartition/coalesce are accepted and shown in explain", () => {
    let text = "";
    const s = SparkSession.builder.create();
    s.print = (t) => {
      text += t;
    };
    const d = s.createDataFrame([[1]], "v INT").repartition(4).cache().coalesce(1);
    d.explain();
    expect(text).toContain("Repartition 4, true");
    expect(text).toContain("InMemoryRelation");
    expect(text).toContain("Repartition 1, false");
    expect(d.unpersist().count()).toBe(1);
  });
});

describe("spark.catalog", () => {
  it("lists and checks tables, columns, functions, databases", () => {
    const s = SparkSession.builder.create();
    s.createDataFrame([[1, "x"]], "a INT, b STRING").createOrReplaceTempView("cat_t");
    expect(s.catalog.currentDatabase()).toBe("default");
    expect(s.catalog.listDatabases().map((d) => d.name)).toEqual(["default"]);
    expect(s.catalog.tableExists("cat_t")).toBe(true);
    expect(s.catalog.listColumns("cat_t").map((c) => `${c.name}:${c.dataType}`)).toEqual(["a:int", "b:string"]);
    expect(s.catalog.functionExists("array_union")).toBe(true);
    expect(s.catalog.listFunctions("map_*").map((f) => f.name)).toContain("map_entries");
    expect(s.catalog.dropTempView("cat_t")).toBe(true);
    expect(s.catalog.tableExists("cat_t")).toBe(false);
  });
});
