import { describe, expect, it } from "vitest";
import * as F from "../../../src/engine/functions";
import { createAggregator } from "../../../src/engine/plan/aggregation";
import { SparkSession } from "../../../src/engine/session";
import { LongType, StringType, TimestampType } from "../../../src/engine/types/data-types";
import { StructType } from "../../../src/engine/types/struct-type";

function session() {
  const s = SparkSession.builder.create();
  s.conf.set("spark.sql.session.timeZone", "UTC");
  const out: string[] = [];
  s.print = (t) => {
    out.push(t);
  };
  return { s, out };
}

describe("show() prints Spark's layout byte for byte", () => {
  // Examples from pyspark's DataFrame.show docstring.
  const { s, out } = session();
  const df = s.createDataFrame(
    [
      [14, "Tom"],
      [23, "Alice"],
      [16, "Bob"],
    ],
    ["age", "name"],
  );
  it("default", () => {
    df.show();
    expect(out.pop()).toBe("+---+-----+\n|age| name|\n+---+-----+\n| 14|  Tom|\n| 23|Alice|\n| 16|  Bob|\n+---+-----+\n\n");
  });
  it("truncate=3 and n", () => {
    df.show(20, 3);
    expect(out.pop()).toBe("+---+----+\n|age|name|\n+---+----+\n| 14| Tom|\n| 23| Ali|\n| 16| Bob|\n+---+----+\n\n");
    df.show(1);
    // Spark 4.3's showString ends the note without a newline; show() prints one after it.
    expect(out.pop()).toBe("+---+----+\n|age|name|\n+---+----+\n| 14| Tom|\n+---+----+\nonly showing top 1 row\n");
  });
  it("vertical", () => {
    df.show(20, true, true);
    expect(out.pop()).toBe(
      "-RECORD 0-----\n age  | 14    \n name | Tom   \n-RECORD 1-----\n age  | 23    \n name | Alice \n-RECORD 2-----\n age  | 16    \n name | Bob   \n\n",
    );
  });
  it("NULL, nested values, truncation at 20, left-aligned without truncation", () => {
    const d = s.sql("select null as n, array(1, null) as a, named_struct('x', 1, 'y', 'abcdefghijklmnopqrstuvwxyz') as s, X'4142' as b");
    d.show();
    expect(out.pop()).toBe(
      "+----+---------+--------------------+-------+\n|   n|        a|                   s|      b|\n+----+---------+--------------------+-------+\n|NULL|[1, NULL]|{1, abcdefghijklm...|[41 42]|\n+----+---------+--------------------+-------+\n\n",
    );
    s.sql("select 'a\tb' as x").show(20, false);
    expect(out.pop()).toBe("+----+\n|x   |\n+----+\n|a\\tb|\n+----+\n\n");
  });
});

describe("schemas", () => {
  it("printSchema and DDL round trip", () => {
    const schema = StructType().add("id", LongType()).add("data", StringType()).add("date", "timestamp").add("tags", "array<string>").add("m", "map<string,int>");
    expect(schema.treeString()).toBe(
      "root\n |-- id: long (nullable = true)\n |-- data: string (nullable = true)\n |-- date: timestamp (nullable = true)\n |-- tags: array (nullable = true)\n |    |-- element: string (containsNull = true)\n |-- m: map (nullable = true)\n |    |-- key: string\n |    |-- value: integer (valueContainsNull = true)\n",
    );
    expect(StructType.fromDDL(schema.toDDL()).equals(schema)).toBe(true);
    expect(schema.simpleString()).toBe("struct<id:bigint,data:string,date:timestamp,tags:array<string>,m:map<string,int>>");
    expect(StructType.fromDDL("id BIGINT, data STRING").fieldNames()).toEqual(["id", "data"]);
    expect(StructType.fromJson(schema.json()).equals(schema)).toBe(true);
    expect(new LongType()).toBe(LongType());
    expect(TimestampType() instanceof TimestampType).toBe(true);
  });
});

describe("the blog pipeline", () => {
  it("cast -> from_json -> events.* -> filter -> groupBy.count", () => {
    const { s } = session();
    const enc = (o: unknown) => new TextEncoder().encode(typeof o === "string" ? o : JSON.stringify(o));
    const raw = s.createDataFrame(
      [[enc({ id: 1, data: "a" })], [enc({ id: 11, data: "b" })], [enc({ id: 12, data: "b" })], [enc("{broken")], [enc({ id: 20, data: "c" })]],
      "data BINARY",
    );
    const schema = StructType().add("id", LongType()).add("data", StringType());
    const events = raw
      .selectExpr("cast (data as STRING) jsonData")
      .select(F.from_json("jsonData", schema).alias("events"))
      .select("events.*");
    expect(events.columns).toEqual(["id", "data"]);
    const counts = events.filter("id > 10").groupBy("data").count().orderBy("data").collect();
    expect(counts.map((r) => [r.data, r.count])).toEqual([
      ["b", 2],
      ["c", 1],
    ]);
    const malformed = events.filter(F.col("id").isNull()).count();
    expect(malformed).toBe(1); // PERMISSIVE: a bad record becomes nulls, never a crash
  });
});

describe("DataFrame API", () => {
  const { s } = session();
  const df = s.createDataFrame(
    [
      { id: 1, name: "a", v: 2.5 },
      { id: 2, name: "b", v: null },
      { id: 3, name: "a", v: 1.5 },
    ],
    "id INT, name STRING, v DOUBLE",
  );
  it("select/withColumn/when/drop/rename", () => {
    const r = df
      .withColumn("big", F.when(F.col("id").gt(1), "yes").otherwise("no"))
      .withColumnRenamed("name", "n")
      .drop("v")
      .orderBy(F.col("id").desc())
      .collect();
    expect(r.map((x) => x.asDict())).toEqual([
      { id: 3, n: "a", big: "yes" },
      { id: 2, n: "b", big: "yes" },
      { id: 1, n: "a", big: "no" },
    ]);
  });
  it("groupBy an aliased expression: the group column takes the alias (pyspark: groupBy(expr('id % 3 AS k')))", () => {
    const g = s.range(10).groupBy(F.expr("id % 3 AS k")).count();
    expect(g.schema.simpleString()).toBe("struct<k:bigint,count:bigint>");
    expect(g.orderBy("k").collectValues()).toEqual([
      [0n, 4n],
      [1n, 3n],
      [2n, 3n],
    ]);
    expect(s.range(10).groupBy(F.col("id").mod(2).alias("odd")).agg(F.sum("id").alias("s")).orderBy("odd").collectValues()).toEqual([
      [0n, 20n],
      [1n, 25n],
    ]);
  });
  it("agg, distinct, dropDuplicates, union, limit, temp views", () => {
    const a = df.groupBy("name").agg(F.sum("id").alias("s"), F.avg("v"), F.count("*"), F.countDistinct("v")).orderBy("name").collectValues();
    expect(a).toEqual([
      ["a", 4n, 2, 2n, 2n],
      ["b", 2n, null, 1n, 0n],
    ]);
    expect(df.select("name").distinct().count()).toBe(2);
    expect(df.dropDuplicates(["name"]).count()).toBe(2);
    expect(df.union(df).count()).toBe(6);
    expect(df.limit(1).count()).toBe(1);
    df.createOrReplaceTempView("t");
    expect(s.sql("select name, count(*) c from t group by name having c > 1").collectValues()).toEqual([["a", 2n]]);
    expect(s.table("t").first()?.get("name")).toBe("a");
  });
  it("null semantics", () => {
    const r = s.sql("select null + 1, null = null, null <=> null, null and false, null or true, coalesce(null, 2), nvl(null, 'x'), nullif(1, 1), if(null, 1, 2)").collectValues()[0];
    expect(r).toEqual([null, null, true, false, true, 2, "x", null, 2]);
  });
  it("sliding windows put a row in every window it belongs to", () => {
    const ev = s.createDataFrame([["2024-01-01 10:00:30"], ["2024-01-01 10:01:30"]], "ts TIMESTAMP");
    const w = ev.groupBy(F.window(F.col("ts"), "2 minutes", "1 minute")).count().orderBy("window").collect();
    expect(w.map((r) => Number(r.count))).toEqual([1, 2, 1]);
    expect(ev.groupBy(F.window("ts", "1 minute")).count().schema.simpleString()).toBe("struct<window:struct<start:timestamp,end:timestamp>,count:bigint>");
  });
  it("a sliding window in a select gives one row per window the input row falls in", () => {
    const ev = s.createDataFrame([["2024-01-01 10:00:30"]], "ts TIMESTAMP");
    const rows = ev.select(F.window("ts", "2 minutes", "1 minute").alias("w")).selectExpr("cast(w.start as string) s", "cast(w.end as string) e").collectValues();
    expect(rows).toEqual([
      ["2024-01-01 09:59:00", "2024-01-01 10:01:00"],
      ["2024-01-01 10:00:00", "2024-01-01 10:02:00"],
    ]);
  });
  it("aggregator state survives snapshot/restore across batches", () => {
    const plan = df.groupBy("name").count().plan;
    if (plan.kind !== "Aggregate") throw new Error("expected an Aggregate");
    const agg = createAggregator(plan, df.schema);
    agg.update(df.collectValues());
    const snap = JSON.parse(JSON.stringify(agg.snapshot()));
    const again = createAggregator(plan, df.schema);
    again.restore(snap);
    again.update(df.collectValues());
    expect(again.results().sort()).toEqual([
      ["a", 4n],
      ["b", 2n],
    ]);
    expect(again.evict((g) => g[0] === "a")).toBe(1);
    expect(again.size).toBe(1);
  });
});

describe("explode", () => {
  it("turns each array element into a row", () => {
    const { s } = session();
    const df = s.createDataFrame([[1, ["a", "b"]], [2, []]], "id INT, tags ARRAY<STRING>");
    expect(df.select(F.col("id"), F.explode("tags").alias("tag")).collectValues()).toEqual([
      [1, "a"],
      [1, "b"],
    ]);
    expect(s.sql("select explode(array(1, 2))").columns).toEqual(["col"]);
  });
});

describe("expr() takes a named expression, like Spark's parser (found by the Spark oracle)", () => {
  it("names an aggregate with AS inside expr()", () => {
    const s = SparkSession.builder.create();
    const df = s.createDataFrame([["a", 1], ["a", 2], ["b", 5]], "k STRING, v INT");
    const out = df.groupBy("k").agg(F.expr("sum(v) AS total")).orderBy("k");
    expect(out.columns).toEqual(["k", "total"]);
    expect(out.collectValues()).toEqual([
      ["a", 3n],
      ["b", 5n],
    ]);
  });
});
