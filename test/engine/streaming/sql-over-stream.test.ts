import { describe, expect, it } from "vitest";
import "../../../src/connector/register";
import { MemoryStream } from "../../../src/connector/memory/memory-stream";
import type { StreamingFrame } from "../../../src/engine/exec/streaming-context";
import { SparkSession } from "../../../src/engine/session";
import { AddData, CheckAnswer, CheckNewAnswer, streamingSession, testStream } from "../../helpers/stream-test";

const spark = streamingSession(new SparkSession());
type Df = { isStreaming: boolean; createOrReplaceTempView(n: string): void; withWatermark(c: string, d: string): Df };
const frame = (df: unknown) => df as StreamingFrame;

describe("spark.sql over a streaming temp view (Spark resolves the view into the query)", () => {
  it("a GROUP BY over the view is a streaming aggregation", async () => {
    const input = new MemoryStream("word STRING", spark);
    (input.toDF() as unknown as Df).createOrReplaceTempView("words_stream");
    const counts = spark.sql("SELECT word, count(*) AS n FROM words_stream GROUP BY word") as unknown as Df;
    expect(counts.isStreaming).toBe(true);
    await testStream(frame(counts), "complete", AddData(input, "a", "b", "a"), CheckAnswer(["a", 2n], ["b", 1n]), AddData(input, "b"), CheckAnswer(["a", 2n], ["b", 2n]));
  });

  it("through a second view, with a qualifier and a filter, in append mode", async () => {
    const input = new MemoryStream("id INT, word STRING", spark);
    (input.toDF() as unknown as Df).createOrReplaceTempView("events_stream");
    (spark.sql("SELECT e.id, upper(e.word) AS w FROM events_stream e WHERE e.id > 1") as unknown as Df).createOrReplaceTempView("big_events");
    const df = spark.sql("SELECT w FROM big_events") as unknown as Df;
    expect(df.isStreaming).toBe(true);
    await testStream(frame(df), "append", AddData(input, [1, "a"], [2, "b"]), CheckNewAnswer(["B"]));
  });

  it("a batch view stays a batch query", () => {
    (spark.createDataFrame([["a"]], "word STRING") as unknown as Df).createOrReplaceTempView("words_batch");
    expect((spark.sql("SELECT count(*) FROM words_batch") as unknown as Df).isStreaming).toBe(false);
  });

  it("a streaming SQL query cannot be collected, as in Spark", () => {
    const input = new MemoryStream("word STRING", spark);
    (input.toDF() as unknown as Df).createOrReplaceTempView("words_stream2");
    const df = spark.sql("SELECT word FROM words_stream2") as unknown as { collect(): unknown };
    expect(() => df.collect()).toThrow(/writeStream/);
  });
});
