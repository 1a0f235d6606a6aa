import { describe, expect, it } from "vitest";
import "../../../src/connector/register";
import { MemoryStream } from "../../../src/connector/memory/memory-stream";
import { SparkSession } from "../../../src/engine/session";
import { col, window } from "../../../src/engine/functions";
import type { StreamingFrame } from "../../../src/engine/exec/streaming-context";
import { AddData, CheckAnswer, CheckNewAnswer, StartStream, StopStream, streamingSession, testStream } from "../../helpers/stream-test";

const spark = streamingSession(new SparkSession());
const sec = (s: number) => BigInt(s) * 1_000_000n;
const frame = (df: unknown) => df as StreamingFrame;

describe("stateful streaming queries", () => {
  it("counts per key across batches in update mode", async () => {
    const input = new MemoryStream("word STRING", spark);
    const counts = (input.toDF() as { groupBy(c: string): { count(): unknown } }).groupBy("word").count();
    await testStream(
      frame(counts),
      "update",
      AddData(input, "a", "b", "a"),
      CheckNewAnswer(["a", 2n], ["b", 1n]),
      AddData(input, "a", "c"),
      CheckNewAnswer(["a", 3n], ["c", 1n]),
    );
  });

  it("counts per key across batches in complete mode", async () => {
    const input = new MemoryStream("word STRING", spark);
    const counts = (input.toDF() as { groupBy(c: string): { count(): unknown } }).groupBy("word").count();
    await testStream(
      frame(counts),
      "complete",
      AddData(input, "a", "b", "a"),
      CheckAnswer(["a", 2n], ["b", 1n]),
      AddData(input, "b"),
      CheckAnswer(["a", 2n], ["b", 2n]),
    );
  });

  it("keeps the state across a stop and a restart on the same checkpoint", async () => {
    const input = new MemoryStream("word STRING", spark);
    const counts = (input.toDF() as { groupBy(c: string): { count(): unknown } }).groupBy("word").count();
    await testStream(
      frame(counts),
      "update",
      AddData(input, "a", "a"),
      CheckNewAnswer(["a", 2n]),
      StopStream(),
      AddData(input, "a", "b"),
      StartStream(),
      CheckNewAnswer(["a", 3n], ["b", 1n]),
    );
  });

  it("emits windows once the watermark passes their end and drops late rows (append mode)", async () => {
    const input = new MemoryStream("t TIMESTAMP", spark);
    type Df = { withWatermark(c: string, d: string): Df; groupBy(...c: unknown[]): { count(): unknown } };
    const windowed = (input.toDF() as Df)
      .withWatermark("t", "10 seconds")
      .groupBy(window(col("t"), "10 seconds"))
      .count();
    const w = (start: number) => [sec(start), sec(start + 10)];
    await testStream(
      frame(windowed),
      "append",
      AddData(input, sec(10), sec(11), sec(12), sec(13), sec(14), sec(15)),
      CheckNewAnswer(), // watermark 0 during this batch; 5 s after it
      AddData(input, sec(25)),
      CheckNewAnswer(), // watermark 15 s: window [10, 20) still open
      AddData(input, sec(35)),
      CheckNewAnswer([w(10), 6n]), // watermark 25 s closes [10, 20)
      AddData(input, sec(10)), // late: its window has been emitted and evicted
      CheckNewAnswer(),
      AddData(input, sec(45)),
      CheckNewAnswer([w(20), 1n]), // watermark 35 s closes [20, 30); the late row never counted
    );
  });

  it("dropDuplicates keeps the first row per key across batches", async () => {
    const input = new MemoryStream("id STRING, v INT", spark);
    const deduped = (input.toDF() as { dropDuplicates(c: string[]): unknown }).dropDuplicates(["id"]);
    await testStream(
      frame(deduped),
      "append",
      AddData(input, ["a", 1], ["a", 2], ["b", 3]),
      CheckNewAnswer(["a", 1], ["b", 3]),
      AddData(input, ["b", 4], ["c", 5]),
      CheckNewAnswer(["c", 5]),
    );
  });

  it("testStream reports the actions, offsets, sink rows and plan when a check fails", async () => {
    const input = new MemoryStream("word STRING", spark);
    const counts = (input.toDF() as { groupBy(c: string): { count(): unknown } }).groupBy("word").count();
    const failure = await testStream(frame(counts), "complete", AddData(input, "a"), CheckAnswer(["a", 5n])).catch(
      (e: unknown) => e as Error,
    );
    expect(failure).toBeInstanceOf(Error);
    const text = (failure as Error).message;
    expect(text).toContain('Streaming test failed at CheckAnswer(["a","5n"])');
    expect(text).toContain("== Progress ==");
    expect(text).toContain('batch 0: ["a","1n"]');
    expect(text).toContain("== Plan ==");
    expect(text).toContain("Aggregate [word]");
  });
});

describe("sliding windows planned as an Expand step", () => {
  // Spark 4.0.1 (pyspark, checked by hand): [10,20)=1 and [15,25)=1, then [10,20)=2 with one row dropped as late.
  it("drop late rows per window, as Spark does: a row counts in its windows the watermark has not passed", async () => {
    const input = new MemoryStream("t TIMESTAMP", spark);
    type Df = { withWatermark(c: string, d: string): Df; groupBy(...c: unknown[]): { count(): unknown } };
    const sliding = (input.toDF() as Df).withWatermark("t", "0 seconds").groupBy(window(col("t"), "10 seconds", "5 seconds")).count();
    const w = (s: number) => [sec(s), sec(s + 10)];
    await testStream(
      frame(sliding),
      "update",
      AddData(input, sec(15)),
      CheckNewAnswer([w(10), 1n], [w(15), 1n]),
      // watermark 15 s: of 12 s's windows, [5, 15) has ended (dropped), [10, 20) has not
      AddData(input, sec(12)),
      CheckNewAnswer([w(10), 2n]),
    );
  });
});
