/**
 * Streaming session windows (Spark's SessionWindowStateStoreRestore/Save): sessions merged across batches, a late
 * row that bridges two stored sessions joining them, late rows dropped by the watermark, append mode emitting a
 * session once the watermark passes its end (in the no-data batch the moved watermark runs), complete mode, state
 * kept across a restart, and Spark's refusals (update mode, append without a watermark, a global session window).
 * Expected answers are what pyspark 4.3 gives for the same input (test/spark/corpus/streams.json session-window-*).
 */
import { describe, expect, it } from "vitest";
import "../../../src/connector/register";
import { MemoryStream } from "../../../src/connector/memory/memory-stream";
import type { StreamingFrame } from "../../../src/engine/exec/streaming-context";
import * as F from "../../../src/engine/functions";
import { SparkSession } from "../../../src/engine/session";
import { AddData, AssertOnQuery, CheckAnswer, CheckNewAnswer, StartStream, StopStream, streamingSession, testStream } from "../../helpers/stream-test";

const spark = streamingSession(new SparkSession());
/** 1970-01-01 hh:mm as TIMESTAMP micros (the hour keeps watermarks above 0). */
const at = (h: number, m: number) => BigInt((h * 60 + m) * 60) * 1_000_000n;
type Df = {
  withWatermark(c: string, d: string): Df;
  groupBy(...c: unknown[]): { agg(...a: unknown[]): Df; count(): Df };
  selectExpr(...e: string[]): Df;
};
const frame = (df: Df) => df as unknown as StreamingFrame;
type Op = { operatorName: string; numRowsTotal: number; numRowsUpdated: number; numRowsRemoved: number; numRowsDroppedByWatermark: number };
const op = (q: { lastProgress: unknown }) => (q.lastProgress as { stateOperators: Op[] }).stateOperators[0]!;

function sessions(input: MemoryStream, delay = "30 minutes"): Df {
  return (input.toDF() as unknown as Df)
    .withWatermark("ts", delay)
    .groupBy(F.session_window("ts", "5 minutes"), "k")
    .agg(F.count("*").alias("n"), F.sum("v").alias("s"))
    .selectExpr("k", "session_window.start", "session_window.end", "n", "s");
}

describe("session windows on a stream, append mode", () => {
  it("merges sessions across batches (a late row bridges two), drops rows late for the watermark, emits closed sessions", async () => {
    const input = new MemoryStream("ts TIMESTAMP, k STRING, v INT", spark);
    await testStream(
      frame(sessions(input)),
      "append",
      AddData(input, [at(10, 0), "a", 1], [at(10, 10), "a", 2], [at(10, 2), "b", 5]),
      CheckNewAnswer(), // a: [10:00, 10:05] and [10:10, 10:15]; b: [10:02, 10:07]; watermark 9:40
      AddData(input, [at(10, 6), "a", 3]),
      CheckNewAnswer(), // [10:06, 10:11] joins [10:10, 10:15]
      AssertOnQuery((q) => op(q).operatorName === "sessionWindowStateStoreSaveExec" && op(q).numRowsTotal === 3, "three open sessions"),
      AddData(input, [at(10, 3), "a", 4]),
      CheckNewAnswer(), // [10:03, 10:08] bridges [10:00, 10:05] and [10:06, 10:15]
      AssertOnQuery((q) => op(q).numRowsTotal === 2 && op(q).numRowsUpdated === 1 && op(q).numRowsRemoved === 1, "a's sessions merged"),
      AddData(input, [at(11, 0), "c", 1]),
      // watermark 10:30: the no-data batch emits the sessions that ended before it
      CheckNewAnswer(["a", at(10, 0), at(10, 15), 4n, 10n], ["b", at(10, 2), at(10, 7), 1n, 5n]),
      AddData(input, [at(10, 20), "a", 9], [at(10, 40), "b", 7]),
      CheckNewAnswer(), // (10:20, a) ends 10:25 <= 10:30: late; (10:40, b) ends 10:45: kept
      AssertOnQuery((q) => op(q).numRowsDroppedByWatermark === 1 && op(q).numRowsTotal === 2, "one late row dropped"),
      AddData(input, [at(11, 50), "c", 2]),
      CheckNewAnswer(["b", at(10, 40), at(10, 45), 1n, 7n], ["c", at(11, 0), at(11, 5), 1n, 1n]),
    );
  });

  it("keeps open sessions across a restart on the same checkpoint and merges new rows into them", async () => {
    const input = new MemoryStream("ts TIMESTAMP, k STRING, v INT", spark);
    await testStream(
      frame(sessions(input, "10 minutes")),
      "append",
      AddData(input, [at(10, 0), "a", 1], [at(10, 8), "a", 2]),
      CheckNewAnswer(),
      StopStream(),
      AddData(input, [at(10, 4), "a", 3]),
      StartStream(),
      CheckNewAnswer(), // restored [10:00, 10:05] and [10:08, 10:13]; [10:04, 10:09] joins them
      AddData(input, [at(10, 30), "z", 0]),
      CheckNewAnswer(["a", at(10, 0), at(10, 13), 3n, 6n]),
    );
  });

  it("gives each row its own gap from an expression; a null or non-positive gap drops the row", async () => {
    const input = new MemoryStream("ts TIMESTAMP, k STRING, v INT", spark);
    const gap = F.when(F.col("k").equalTo("a"), "10 minutes").when(F.col("k").equalTo("z"), "-1 minutes").when(F.col("v").equalTo(8), null).otherwise("3 minutes");
    const df = (input.toDF() as unknown as Df)
      .withWatermark("ts", "10 minutes")
      .groupBy(F.session_window("ts", gap), "k")
      .agg(F.count("*").alias("n"))
      .selectExpr("k", "session_window.start", "session_window.end", "n");
    await testStream(
      frame(df),
      "append",
      AddData(input, [at(10, 0), "a", 1], [at(10, 0), "b", 2], [at(10, 5), "z", 3], [at(10, 9), "b", 8]),
      CheckNewAnswer(),
      AddData(input, [at(10, 8), "a", 4], [at(10, 4), "b", 5]),
      CheckNewAnswer(),
      AddData(input, [at(10, 40), "a", 7]),
      CheckNewAnswer(["a", at(10, 0), at(10, 18), 2n], ["b", at(10, 0), at(10, 3), 1n], ["b", at(10, 4), at(10, 7), 1n]),
    );
  });
});

describe("session windows on a stream, other modes", () => {
  it("complete mode emits every session each batch, with or without a watermark", async () => {
    const input = new MemoryStream("ts TIMESTAMP, k STRING, v INT", spark);
    const df = (input.toDF() as unknown as Df).groupBy("k", F.session_window("ts", "5 minutes")).count().selectExpr("k", "session_window.start", "count");
    await testStream(
      frame(df),
      "complete",
      AddData(input, [at(10, 0), "a", 1], [at(10, 10), "a", 2]),
      CheckAnswer(["a", at(10, 0), 1n], ["a", at(10, 10), 1n]),
      AddData(input, [at(10, 3), "a", 3], [at(10, 7), "a", 4]),
      CheckAnswer(["a", at(10, 0), 4n]),
    );
  });

  it("refuses update mode with Spark's error", async () => {
    const input = new MemoryStream("ts TIMESTAMP, k STRING, v INT", spark);
    const err = await testStream(frame(sessions(input)), "update", AddData(input, [at(10, 0), "a", 1]), CheckNewAnswer()).catch((e: unknown) => e as Error);
    expect(String((err as Error).message)).toContain(
      "[STREAMING_OUTPUT_MODE.UNSUPPORTED_OPERATION] Invalid streaming output mode: update. This output mode is not supported for session window streaming aggregations",
    );
  });

  it("refuses append mode without a watermark, and a session window with no other key", async () => {
    const input = new MemoryStream("ts TIMESTAMP, k STRING, v INT", spark);
    const noWatermark = (input.toDF() as unknown as Df).groupBy(F.session_window("ts", "5 minutes"), "k").count();
    const e1 = await testStream(frame(noWatermark), "append", AddData(input, [at(10, 0), "a", 1]), CheckNewAnswer()).catch((e: unknown) => e as Error);
    expect(String((e1 as Error).message)).toContain("This output mode is not supported for streaming aggregations without watermark");
    const global = (input.toDF() as unknown as Df).withWatermark("ts", "1 minute").groupBy(F.session_window("ts", "5 minutes")).count();
    const e2 = await testStream(frame(global), "append", AddData(input, [at(10, 0), "a", 1]), CheckNewAnswer()).catch((e: unknown) => e as Error);
    expect(String((e2 as Error).message)).toContain("Global aggregation with session window in streaming query is not supported.");
  });

  it("explain shows the session operator with its state store", async () => {
    const input = new MemoryStream("ts TIMESTAMP, k STRING, v INT", spark);
    const df = sessions(input) as unknown as { writeStream: { format(f: string): { queryName(n: string): { outputMode(m: string): { start(): Promise<{ explain(x: boolean): string; stop(): Promise<void> }> } } } } };
    const q = await df.writeStream.format("memory").queryName("session_explain").outputMode("append").start();
    try {
      const text = q.explain(true);
      const physical = text.slice(text.indexOf("== Physical Plan =="));
      expect(physical).toMatch(
        /SessionWindowStateStoreSave keys = \[k\], session = session_window, output = \[session_window, k, n, s\], Append, state info \[ operatorId = 0, numPartitions = 1, store = state\/0\/0 \]/,
      );
      expect(physical).toMatch(/\+- SessionWindow session_window\(ts, 5 minutes\) AS session_window/);
    } finally {
      await q.stop();
    }
  });
});
