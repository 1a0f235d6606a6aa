/**
 * Issue #19.8 `observe`: a streaming DataFrame's named metrics appear per batch in progress `observedMetrics`
 * (lastProgress, recentProgress, listener events, the progress JSON), computed over the rows reaching that point of
 * the plan; an empty batch and a no-data batch report count 0 and nulls. Expected values are what pyspark 4.3
 * printed for the same programs (fixtures/observe-oracle.py); the streams/observe-* entries of the Spark
 * differential suite check them against Spark on every run. Also: Spark's analysis errors for invalid metrics,
 * pyspark's Observation for batch queries (and its error on a stream), and a global aggregate in update mode.
 */
import { describe, expect, it } from "vitest";
import "../../../src/connector/register";
import { MemoryStream } from "../../../src/connector/memory/memory-stream";
import { Observation } from "../../../src/engine/api/observation";
import { col, functions as F, lit } from "../../../src/index";
import { SparkSession } from "../../../src/engine/session";
import type { StreamingQueryProgress } from "../../../src/engine/exec/progress";
import { streamingSession } from "../../helpers/stream-test";

const spark = streamingSession(new SparkSession());
spark.conf.set("spark.sql.session.timeZone", "UTC");

type Query = {
  processAllAvailable(): Promise<void>;
  stop(): Promise<void>;
  readonly lastProgress: (StreamingQueryProgress & { json: string }) | null;
  readonly recentProgress: readonly (StreamingQueryProgress & { json: string })[];
};

async function runBatches(df: { writeStream: unknown }, input: MemoryStream, batches: unknown[][][], mode = "append"): Promise<{ query: Query; rows: unknown[][][] }> {
  const rows: unknown[][][] = [];
  const w = df.writeStream as {
    outputMode(m: string): { foreachBatch(fn: (b: { collectValues(): unknown[][] }, id: number) => void): { start(): Promise<Query> } };
  };
  const query = await w
    .outputMode(mode)
    .foreachBatch((b) => void rows.push(b.collectValues()))
    .start();
  for (const b of batches) {
    input.addRows(b);
    await query.processAllAvailable();
  }
  return { query, rows };
}

/** Each batch's observedMetrics as the progress JSON writes them. */
const observedJson = (q: Query) => q.recentProgress.map((p) => [p.batchId, JSON.parse(p.json).observedMetrics ?? {}]);

const S = "k STRING, v INT, d DOUBLE";
const B: unknown[][][] = [[["a", 1, 1.5], ["b", 2, 2.5], ["c", 3, null]], [], [["d", 5, 0.5]], [["e", 0, 1.0]]];

describe("observe on a streaming DataFrame", () => {
  it("reports each batch's metrics over the rows after the filter below it, an empty batch as count 0 and nulls", async () => {
    const progressEvents: unknown[] = [];
    const listener = { onQueryStarted() {}, onQueryProgress: (e: { progress: StreamingQueryProgress }) => void progressEvents.push(JSON.parse(JSON.stringify(e.progress.observedMetrics))), onQueryIdle() {}, onQueryTerminated() {} };
    spark.streams.addListener(listener);
    const input = new MemoryStream(S, spark);
    const df = input
      .toDF()
      .filter("v > 1")
      .observe("m", F.count(lit(1)).alias("rows"), F.max("v").alias("maxv"), F.avg("d").alias("avgd"), F.max("k").alias("maxk"), F.sum("v").alias("s"))
      .select("k");
    const { query, rows } = await runBatches(df, input, B);
    try {
      // pyspark 4.3: {"m": {"rows": 2, "maxv": 3, "avgd": 2.5, "maxk": "c", "s": 5}}, then rows 0 and nulls, ...
      expect(observedJson(query)).toEqual([
        [0, { m: { rows: 2, maxv: 3, avgd: 2.5, maxk: "c", s: 5 } }],
        [1, { m: { rows: 0, maxv: null, avgd: null, maxk: null, s: null } }],
        [2, { m: { rows: 1, maxv: 5, avgd: 0.5, maxk: "d", s: 5 } }],
        [3, { m: { rows: 0, maxv: null, avgd: null, maxk: null, s: null } }],
      ]);
      expect(rows).toEqual([[["b"], ["c"]], [], [["d"]], []]);
      // the typed record holds Rows, as pyspark's progress.observedMetrics holds Row objects
      const m = query.lastProgress!.observedMetrics.m!;
      expect(String(m)).toBe("Row(rows=0, maxv=None, avgd=None, maxk=None, s=None)");
      const second = query.recentProgress[2]!.observedMetrics.m!;
      expect([second.rows, second.get(1), second.asDict()]).toEqual([1, 5, { rows: 1, maxv: 5, avgd: 0.5, maxk: "d", s: 5 }]);
      // the listener's onQueryProgress sees the same metrics
      expect(progressEvents).toEqual(query.recentProgress.map((p) => JSON.parse(p.json).observedMetrics));
    } finally {
      await query.stop();
      spark.streams.removeListener(listener);
    }
  });

  it("two observation points, metrics of any aggregate expression, names sorted in the JSON", async () => {
    const input = new MemoryStream(S, spark);
    const df = input
      .toDF()
      .observe("before", F.count("*").alias("n"))
      .filter("v > 1")
      .observe("after", F.count("*").alias("n"), F.sort_array(F.collect_list("k")).alias("ks"), F.max("v").multiply(2).plus(1).alias("x"), lit(1).alias("one"));
    const { query } = await runBatches(df, input, B.slice(0, 2));
    try {
      expect(query.lastProgress!.json).toContain('"observedMetrics":{"after":{"n":0,"ks":[],"x":null,"one":1},"before":{"n":0}}');
      expect(observedJson(query)[0]).toEqual([0, { after: { n: 2, ks: ["b", "c"], x: 7, one: 1 }, before: { n: 3 } }]);
    } finally {
      await query.stop();
    }
  });

  it("the no-data batch a moved watermark runs reports count 0; timestamps are written as Spark's Row.jsonValue text", async () => {
    const input = new MemoryStream("k STRING, t TIMESTAMP", spark);
    const ts = (s: string) => BigInt(Date.parse(s)) * 1000n;
    const df = input
      .toDF()
      .withWatermark("t", "5 seconds")
      .observe("m", F.count("*").alias("n"), F.max("t").alias("maxt"))
      .groupBy(F.window("t", "10 seconds"))
      .count();
    const { query } = await runBatches(df, input, [[["a", ts("2024-01-01T00:00:01Z")], ["b", ts("2024-01-01T00:00:12Z")]], [["c", ts("2024-01-01T00:00:30Z")]]]);
    try {
      // pyspark 4.3: batches 1 and 3 are the no-data batches of the moved watermark
      expect(observedJson(query)).toEqual([
        [0, { m: { n: 2, maxt: "2024-01-01 00:00:12" } }],
        [1, { m: { n: 0, maxt: null } }],
        [2, { m: { n: 1, maxt: "2024-01-01 00:00:30" } }],
        [3, { m: { n: 0, maxt: null } }],
      ]);
      expect(query.recentProgress[0]!.observedMetrics.m!.maxt).toEqual(new Date("2024-01-01T00:00:12Z"));
    } finally {
      await query.stop();
    }
  });

  it("a query without observe reports no observedMetrics (left out of the JSON, as an empty map)", async () => {
    const input = new MemoryStream(S, spark);
    const { query } = await runBatches(input.toDF().select("k"), input, B.slice(0, 1));
    try {
      expect(query.lastProgress!.observedMetrics).toEqual({});
      expect(query.lastProgress!.json).not.toContain("observedMetrics");
    } finally {
      await query.stop();
    }
  });
});

describe("observe checks metrics as Spark's analyzer does, at once", () => {
  const df = spark.createDataFrame([["a", 1]], "k STRING, v INT");
  const cases: [string, () => unknown, string][] = [
    ["a column outside an aggregate", () => df.observe("m", F.max("v").plus(col("v")).alias("x")), "INVALID_OBSERVED_METRICS.NON_AGGREGATE_FUNC_ARG_IS_ATTRIBUTE"],
    ["DISTINCT", () => df.observe("m", F.count_distinct("v").alias("x")), "INVALID_OBSERVED_METRICS.AGGREGATE_EXPRESSION_WITH_DISTINCT_UNSUPPORTED"],
    ["nested aggregates", () => df.observe("m", F.max(F.sum("v")).alias("x")), "INVALID_OBSERVED_METRICS.NESTED_AGGREGATES_UNSUPPORTED"],
    ["rand() outside an aggregate", () => df.observe("m", F.max("v").plus(F.rand()).alias("x")), "INVALID_OBSERVED_METRICS.NON_AGGREGATE_FUNC_ARG_IS_NON_DETERMINISTIC"],
    ["one name, two sets of metrics", () => df.observe("m", F.count("*").alias("n")).filter("v > 0").observe("m", F.max("v").alias("x")), "DUPLICATED_METRICS_NAME"],
    ["no metrics", () => df.observe("m"), "CANNOT_BE_EMPTY"],
  ];
  for (const [what, f, errorClass] of cases) {
    it(`refuses ${what} (${errorClass})`, () => {
      expect(f).toThrow(expect.objectContaining({ errorClass }));
    });
  }
  it("quotes the metric in Spark's words", () => {
    expect(() => df.observe("m", F.max("v").plus(col("v")).alias("x"))).toThrow(
      '[INVALID_OBSERVED_METRICS.NON_AGGREGATE_FUNC_ARG_IS_ATTRIBUTE] Invalid observed metrics. Attribute "(max(v) + v) AS x" can only be used as an argument to an aggregate function. SQLSTATE: 42K0E',
    );
  });
  it("allows rand() inside an aggregate, a literal, unnamed metrics and the same observation reached twice", () => {
    const o = df.observe("m", F.max("v"), F.count(lit(1)), F.max(F.rand()).alias("r"), lit(1).alias("one"));
    expect(o.union(o).count()).toBe(2);
    let text = "";
    const s = SparkSession.builder.create();
    s.print = (t) => void (text += t);
    s.createDataFrame([[1]], "v INT").observe("m", F.max("v")).explain();
    expect(text).toContain("CollectMetrics m, [max(v)]");
  });
});

describe("pyspark's Observation", () => {
  const df = spark.createDataFrame([["a", 1], ["b", 2]], "k STRING, v INT");
  it("gets the metrics of the last action that ran the observed DataFrame", () => {
    const obs = new Observation("o");
    const observed = df.filter("v > 1").observe(obs, F.count(lit(1)).alias("rows"), F.max("v").alias("maxv"));
    expect(() => obs.get).toThrow(/no metrics yet: run an action/);
    observed.collect();
    expect(obs.get).toEqual({ rows: 1, maxv: 2 }); // pyspark 4.3: {'rows': 1, 'maxv': 2}
    expect(() => df.observe(obs, F.count("*"))).toThrow(expect.objectContaining({ errorClass: "REUSE_OBSERVATION" }));
  });
  it("is refused on a streaming DataFrame with Spark's message", () => {
    const input = new MemoryStream(S, spark);
    expect(() => input.toDF().observe(new Observation("s"), F.count("*"))).toThrow(/^Observation does not support streaming Datasets/);
  });
});

describe("a global aggregate in update mode", () => {
  it("emits its row every batch, an empty one too (count 0 / null before any row), as Spark does", async () => {
    const input = new MemoryStream("k STRING, v INT", spark);
    const { query, rows } = await runBatches(input.toDF().agg(F.count("*").alias("n"), F.sum("v").alias("s")), input, [[], [["a", 1]], []], "update");
    await query.stop();
    // pyspark 4.3: [(0, None)], [(1, 1)], [(1, 1)]
    expect(rows).toEqual([[[0n, null]], [[1n, 1n]], [[1n, 1n]]]);
  });
});
