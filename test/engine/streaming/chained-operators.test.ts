/**
 * Chains of stateful operators (Spark 3.4+ rules) in append mode: a stream-stream join followed by a windowed
 * aggregation, a windowed aggregation of the windows of a first one (`window(window_time(window), ...)`), and a
 * dropDuplicates after a join, each operator running with the watermark Spark's WatermarkPropagator gives it.
 *
 * Where the numbers come from: every expected row below is what pyspark 4.3.0 (the venv of `npm run spark:setup`,
 * local[2], UTC, 2 shuffle partitions) printed for the same program, fed the same rows one JSON file per batch
 * (`maxFilesPerTrigger` 1, `processAllAvailable` after each file, foreachBatch capture), on 2026-12-06: the program
 * is fixtures/chain-oracle.py. Spark ran
 * both join sides as filters of ONE file source, so each step is exactly one batch; the tests do the same with one
 * MemoryStream. After every data batch Spark (and tspark) ran a no-data batch for the moved watermark; the rows are
 * checked per step (data batch + its no-data batch), and the `stateOperators` numbers are those of Spark's last
 * progress of the step.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import "../../../src/connector/register";
import { MemoryStream } from "../../../src/connector/memory/memory-stream";
import { expr } from "../../../src/engine/api/column";
import type { DataFrame } from "../../../src/engine/api/data-frame";
import type { StreamingQuery } from "../../../src/engine/api/streaming-query";
import { SparkSession } from "../../../src/engine/session";
import { AddData, AssertOnQuery, CheckNewAnswer, StartStream, streamingSession, testStream } from "../../helpers/stream-test";

const spark = streamingSession(new SparkSession());
const sec = (s: number) => BigInt(s) * 1_000_000n;
type Wm = DataFrame & { withWatermark(c: string, d: string): DataFrame };

const RANGE = "adId = clkAdId AND clkTime BETWEEN impTime AND impTime + interval 30 seconds";

/** Impressions (side L) and clicks (side R) as two filtered halves of one stream, 10-second watermarks. */
function adStreams(): { input: MemoryStream; impressions: DataFrame; clicks: DataFrame } {
  const input = new MemoryStream("side STRING, id INT, t TIMESTAMP", spark);
  const df = input.toDF() as DataFrame;
  const impressions = (df.filter("side = 'L'").selectExpr("id AS adId", "t AS impTime") as Wm).withWatermark("impTime", "10 seconds");
  const clicks = (df.filter("side = 'R'").selectExpr("id AS clkAdId", "t AS clkTime") as Wm).withWatermark("clkTime", "10 seconds");
  return { input, impressions, clicks };
}
const L = (id: number, s: number) => ["L", id, sec(s)];
const R = (id: number, s: number) => ["R", id, sec(s)];

interface OpProgress {
  operatorName: string;
  numRowsTotal: number;
  numRowsDroppedByWatermark: number;
}
function ops(q: StreamingQuery): OpProgress[] {
  return (q.lastProgress as unknown as { stateOperators: OpProgress[] }).stateOperators;
}
/** The last progress's (operatorName, numRowsTotal) per operator, in operator-id order. */
const totals = (q: StreamingQuery) => ops(q).map((o) => `${o.operatorName}:${o.numRowsTotal}`);
const StateTotals = (...expected: string[]) =>
  AssertOnQuery((q) => {
    expect(totals(q)).toEqual(expected);
    return true;
  }, `stateOperators numRowsTotal = ${expected.join(", ")}`);

describe("a stream-stream join followed by a windowed aggregation (append)", () => {
  it("emits a window once the join can no longer emit into it, as Spark 4.3", async () => {
    const { input, impressions, clicks } = adStreams();
    const df = impressions
      .join(clicks, expr(RANGE))
      .groupBy(expr("window(clkTime, '1 minute')"))
      .count()
      .selectExpr("CAST(window.start AS STRING) AS ws", "CAST(window.end AS STRING) AS we", "count");
    await testStream(
      df,
      "append",
      AddData(input, L(1, 100), L(2, 105), R(1, 110)),
      CheckNewAnswer(),
      StateTotals("stateStoreSave:1", "symmetricHashJoin:3"),
      AddData(input, L(3, 130), R(2, 120), R(3, 135)),
      CheckNewAnswer(),
      StateTotals("stateStoreSave:2", "symmetricHashJoin:5"),
      // watermark 190 s: the join keeps impressions after 159.999 s, so it may still emit clicks from 159.999 s on:
      // the aggregation's watermark is 159.999 s (not 190 s) and window [02:00, 03:00) stays open
      AddData(input, L(4, 200), R(4, 205)),
      CheckNewAnswer(["1970-01-01 00:01:00", "1970-01-01 00:02:00", 1n]),
      StateTotals("stateStoreSave:2", "symmetricHashJoin:2"),
      // the click at 150 s is late for the join (dropped there, counted in numRowsDroppedByWatermark)
      AddData(input, L(5, 300), R(5, 301), R(1, 150)),
      CheckNewAnswer(["1970-01-01 00:02:00", "1970-01-01 00:03:00", 2n], ["1970-01-01 00:03:00", "1970-01-01 00:04:00", 1n]),
      StateTotals("stateStoreSave:1", "symmetricHashJoin:2"),
      AssertOnQuery((q) => q.recentProgress.some((p) => (p as unknown as { stateOperators: OpProgress[] }).stateOperators[1]?.numRowsDroppedByWatermark === 1), "the join dropped the late click"),
    );
  });
});

describe("explain and progress of a chain", () => {
  it("explain shows each stateful operator with its id and state stores; progress has one entry per operator", async () => {
    const { input, impressions, clicks } = adStreams();
    const df = impressions.join(clicks, expr(RANGE)).groupBy(expr("window(clkTime, '1 minute')")).count();
    const q = await df.writeStream.format("memory").queryName("chain_explain").outputMode("append").start();
    try {
      input.addData(L(1, 100), R(1, 110));
      await q.processAllAvailable();
      const text = q.explain();
      expect(text).toMatch(/^StateStoreSave keys = \[window\], output = \[window, count\], Append, state info \[ operatorId = 0, numPartitions = 1, store = state\/0\/0 \]$/m);
      expect(text).toMatch(
        // below Spark's TimeWindowing filter (+- Filter isnotnull(clkTime)), as in Spark's plan
        /^\s*\+- StreamingSymmetricHashJoin \[adId\], \[clkAdId\], Inner, .*left state evicted where impTime <= watermark - 30001 ms, .*state info \[ operatorId = 1, numPartitions = 1, stores = state\/1\/0\/\{left,right\}-\{keyToNumValues,keyWithIndexToValue\} \]$/m,
      );
      expect(totals(q)).toEqual(["stateStoreSave:1", "symmetricHashJoin:2"]);
    } finally {
      await q.stop();
    }
  });
});

describe("a stream-stream join followed by an aggregation in update mode", () => {
  // pyspark 4.3.0 runs it (an inner join of two streams in update mode, the aggregation above it in update mode):
  // batch 0 emits the window of the one joined pair, the no-data batch after it nothing
  it("runs and emits the updated window, as Spark 4.3", async () => {
    const { input, impressions, clicks } = adStreams();
    const df = impressions.join(clicks, expr(RANGE)).groupBy(expr("window(clkTime, '1 minute')")).count().selectExpr("CAST(window.start AS STRING) AS ws", "count");
    await testStream(df, "update", AddData(input, L(1, 100), L(2, 105), R(1, 110)), CheckNewAnswer(["1970-01-01 00:01:00", 1n]), StateTotals("stateStoreSave:1", "symmetricHashJoin:3"));
  });
});

describe("dropDuplicates after a stream-stream join (append)", () => {
  it("drops the duplicate pairs two impressions make with one click, and evicts by the join's output watermark", async () => {
    const { input, impressions, clicks } = adStreams();
    const df = impressions.join(clicks, expr(RANGE)).dropDuplicates(["clkAdId", "clkTime"]).selectExpr("clkAdId", "CAST(clkTime AS STRING) AS clkTime");
    await testStream(
      df,
      "append",
      AddData(input, L(1, 100), L(1, 101), R(1, 110)),
      CheckNewAnswer([1, "1970-01-01 00:01:50"]),
      StateTotals("dedupe:1", "symmetricHashJoin:3"),
      AddData(input, L(2, 120), L(2, 121), R(2, 125), R(1, 112)),
      CheckNewAnswer([1, "1970-01-01 00:01:52"], [2, "1970-01-01 00:02:05"]),
      StateTotals("dedupe:3", "symmetricHashJoin:6"),
      AddData(input, L(3, 200), R(3, 205)),
      CheckNewAnswer([3, "1970-01-01 00:03:25"]),
      StateTotals("dedupe:1", "symmetricHashJoin:2"),
      AddData(input, L(4, 300), R(4, 301)),
      CheckNewAnswer([4, "1970-01-01 00:05:01"]),
      StateTotals("dedupe:1", "symmetricHashJoin:2"),
    );
  });
});

const W = (w: string, s: number) => [w, sec(s)];
const WORD_BATCHES = [
  [W("a", 1), W("a", 2), W("b", 15)],
  [W("a", 25), W("b", 40), W("a", 55)],
  [W("a", 70), W("b", 61), W("a", 3)],
  [W("a", 130)],
  [W("b", 200)],
];

describe("a windowed aggregation of the windows of a first one (append)", () => {
  function tenSecondCounts(): { input: MemoryStream; counts: DataFrame } {
    const input = new MemoryStream("word STRING, t TIMESTAMP", spark);
    const counts = ((input.toDF() as Wm).withWatermark("t", "10 seconds") as DataFrame).groupBy(expr("window(t, '10 seconds')"), expr("word")).count();
    return { input, counts };
  }

  it("window(window_time(window), '1 minute'): a 1-minute window is emitted with the 10-second windows the same batch closes", async () => {
    const { input, counts } = tenSecondCounts();
    const df = counts
      .groupBy(expr("window(window_time(window), '1 minute')"), expr("word"))
      .agg(expr("sum(count) AS total"), expr("count(*) AS windows"))
      .selectExpr("CAST(window.start AS STRING) AS ws", "word", "total", "windows");
    await testStream(
      df,
      "append",
      AddData(input, ...WORD_BATCHES[0]!),
      CheckNewAnswer(),
      StateTotals("stateStoreSave:0", "stateStoreSave:2"),
      AddData(input, ...WORD_BATCHES[1]!),
      CheckNewAnswer(),
      StateTotals("stateStoreSave:2", "stateStoreSave:2"),
      // watermark 60 s: the 10-second window [50, 60) is emitted and, not late for the next operator (its late rows
      // are those at or below the previous batch's watermark, 45 s), closes the minute [0, 60) in the same batch
      AddData(input, ...WORD_BATCHES[2]!),
      CheckNewAnswer(["1970-01-01 00:00:00", "a", 4n, 3n], ["1970-01-01 00:00:00", "b", 2n, 2n]),
      StateTotals("stateStoreSave:0", "stateStoreSave:2"),
      AddData(input, ...WORD_BATCHES[3]!),
      CheckNewAnswer(["1970-01-01 00:01:00", "a", 1n, 1n], ["1970-01-01 00:01:00", "b", 1n, 1n]),
      StateTotals("stateStoreSave:0", "stateStoreSave:1"),
      AddData(input, ...WORD_BATCHES[4]!),
      CheckNewAnswer(["1970-01-01 00:02:00", "a", 1n, 1n]),
      StateTotals("stateStoreSave:0", "stateStoreSave:1"),
      AssertOnQuery((q) => q.recentProgress.some((p) => (p as unknown as { stateOperators: OpProgress[] }).stateOperators[1]?.numRowsDroppedByWatermark === 1), "the late word at 3 s was dropped by the first aggregation"),
    );
  });

  it("window(window, '1 minute') over the window column groups by its window_time too", async () => {
    const { input, counts } = tenSecondCounts();
    const df = counts.groupBy(expr("window(window, '1 minute')")).agg(expr("sum(count) AS total")).selectExpr("CAST(window.start AS STRING) AS ws", "total");
    await testStream(
      df,
      "append",
      AddData(input, ...WORD_BATCHES[0]!),
      CheckNewAnswer(),
      AddData(input, ...WORD_BATCHES[1]!),
      CheckNewAnswer(),
      AddData(input, ...WORD_BATCHES[2]!),
      CheckNewAnswer(["1970-01-01 00:00:00", 6n]),
      AddData(input, ...WORD_BATCHES[3]!),
      CheckNewAnswer(["1970-01-01 00:01:00", 2n]),
      AddData(input, ...WORD_BATCHES[4]!),
      CheckNewAnswer(["1970-01-01 00:02:00", 1n]),
    );
  });

  it("runs with the single global watermark when spark.sql.streaming.statefulOperator.allowMultiple is false (Spark's old behaviour)", async () => {
    const session = streamingSession(new SparkSession());
    session.conf.set("spark.sql.streaming.statefulOperator.allowMultiple", "false");
    const input = new MemoryStream("word STRING, t TIMESTAMP", session);
    const counts = ((input.toDF() as Wm).withWatermark("t", "10 seconds") as DataFrame).groupBy(expr("window(t, '10 seconds')"), expr("word")).count();
    const df = counts
      .groupBy(expr("window(window_time(window), '1 minute')"), expr("word"))
      .agg(expr("sum(count) AS total"), expr("count(*) AS windows"))
      .selectExpr("CAST(window.start AS STRING) AS ws", "word", "total", "windows");
    // pyspark 4.3.0 with the conf false: the windows the first aggregation emits as the watermark passes them are
    // late for the second, which loses them ([50, 60) of a, [40, 50) of b; later minutes get nothing)
    await testStream(
      df,
      "append",
      AddData(input, ...WORD_BATCHES[0]!),
      CheckNewAnswer(),
      AddData(input, ...WORD_BATCHES[1]!),
      CheckNewAnswer(),
      AddData(input, ...WORD_BATCHES[2]!),
      CheckNewAnswer(["1970-01-01 00:00:00", "a", 3n, 2n], ["1970-01-01 00:00:00", "b", 1n, 1n]),
      AddData(input, ...WORD_BATCHES[3]!),
      CheckNewAnswer(),
      AddData(input, ...WORD_BATCHES[4]!),
      CheckNewAnswer(),
    );
  });

  it("reads allowMultiple from the session at each start: like Spark 4.3, offsets/N does not record it", async () => {
    // pyspark 4.3.0 with the conf set to false wrote offsets/0's conf with multipleWatermarkPolicy, shuffle.partitions,
    // the state store's settings... and no spark.sql.streaming.statefulOperator.allowMultiple
    const session = streamingSession(new SparkSession());
    session.conf.set("spark.sql.streaming.statefulOperator.allowMultiple", "false");
    const input = new MemoryStream("word STRING", session);
    const dir = mkdtempSync(join(tmpdir(), "allow-multiple-"));
    try {
      await testStream((input.toDF() as DataFrame).groupBy(expr("word")).count(), "update", StartStream({ checkpointLocation: dir }), AddData(input, ["a"]), CheckNewAnswer(["a", 1n]));
      const conf = JSON.parse(readFileSync(join(dir, "offsets", "0"), "utf8").split("\n")[1]!).conf as Record<string, string>;
      expect(conf["spark.sql.streaming.multipleWatermarkPolicy"]).toBe("min");
      expect(Object.keys(conf)).not.toContain("spark.sql.streaming.statefulOperator.allowMultiple");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("chains Spark 4 refuses, refused before the query starts with its message", () => {
  const CORRECTNESS = /^Detected pattern of possible 'correctness' issue due to global watermark\. The query contains stateful operation/;
  function counts(): DataFrame {
    const input = new MemoryStream("word STRING, t TIMESTAMP", spark);
    return ((input.toDF() as Wm).withWatermark("t", "10 seconds") as DataFrame).groupBy(expr("window(t, '10 seconds')"), expr("word")).count();
  }

  it.each([["update"], ["complete"]])("two windowed aggregations in %s mode", async (mode) => {
    const df = counts().groupBy(expr("window(window_time(window), '1 minute')")).count();
    await expect(df.writeStream.format("memory").queryName(`chain_${mode}`).outputMode(mode).start()).rejects.toThrow(CORRECTNESS);
  });

  it("dropDuplicates on the window (an event-time key) after an aggregation in update mode", async () => {
    const df = counts().dropDuplicates(["window"]);
    await expect(df.writeStream.format("memory").queryName("agg_dedup_update").outputMode("update").start()).rejects.toThrow(CORRECTNESS);
  });

  it("but the same dropDuplicates after an aggregation in append mode runs (as in Spark)", async () => {
    const q = await counts().dropDuplicates(["window"]).writeStream.format("memory").queryName("agg_dedup_append").outputMode("append").start();
    await q.stop();
  });

  it("spark.sql.streaming.statefulOperator.checkCorrectness.enabled=false lets the update-mode chain run", async () => {
    const session = streamingSession(new SparkSession());
    session.conf.set("spark.sql.streaming.statefulOperator.checkCorrectness.enabled", "false");
    const input = new MemoryStream("word STRING, t TIMESTAMP", session);
    const df = ((input.toDF() as Wm).withWatermark("t", "10 seconds") as DataFrame).groupBy(expr("window(t, '10 seconds')"), expr("word")).count().groupBy("word").count();
    const q = await df.writeStream.format("memory").queryName("unchecked_chain").outputMode("update").start();
    await q.stop();
  });

  it("an outer aggregation without a watermarked key in append mode", async () => {
    const df = counts().groupBy("word").count();
    // Spark 4.3's error class and text
    await expect(df.writeStream.format("memory").queryName("outer_no_wm").outputMode("append").start()).rejects.toThrow(
      /^\[STREAMING_OUTPUT_MODE.UNSUPPORTED_OPERATION\] Invalid streaming output mode: append. This output mode is not supported for streaming aggregations without watermark on streaming DataFrames\/DataSets/,
    );
  });
});
