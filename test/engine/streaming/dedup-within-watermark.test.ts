import { describe, expect, it } from "vitest";
import "../../../src/connector/register";
import { MemoryStream } from "../../../src/connector/memory/memory-stream";
import type { StreamingFrame } from "../../../src/engine/exec/streaming-context";
import { SparkSession } from "../../../src/engine/session";
import { AddData, AssertOnQuery, CheckNewAnswer, StartStream, StopStream, streamingSession, testStream } from "../../helpers/stream-test";

const spark = streamingSession(new SparkSession());
const sec = (s: number) => BigInt(s) * 1_000_000n;
const frame = (df: unknown) => df as StreamingFrame;
type Df = {
  withWatermark(c: string, d: string): Df;
  dropDuplicatesWithinWatermark(c?: string[]): Df;
  collect(): unknown[];
};
type Progress = { stateOperators: { operatorName: string; numRowsTotal: number; numRowsRemoved: number }[] };
const stateRows = (q: { lastProgress: unknown }) => (q.lastProgress as Progress).stateOperators[0]!;

describe("dropDuplicatesWithinWatermark (Spark's StreamingDeduplicateWithinWatermarkExec)", () => {
  it("forgets a key once the watermark passes its event time plus the delay, in the no-data batch the moved watermark runs", async () => {
    const input = new MemoryStream("id STRING, t TIMESTAMP", spark);
    const deduped = (input.toDF() as Df).withWatermark("t", "2 seconds").dropDuplicatesWithinWatermark(["id"]);
    await testStream(
      frame(deduped),
      "append",
      AddData(input, ["a", sec(17)]),
      CheckNewAnswer(["a", sec(17)]), // a expires at 19 s; watermark moves to 15 s
      AssertOnQuery((q) => stateRows(q).operatorName === "dedupeWithinWatermark" && stateRows(q).numRowsTotal === 1, "one key"),
      AddData(input, ["a", sec(16)]),
      CheckNewAnswer(), // a duplicate within the watermark: dropped
      AddData(input, ["b", sec(25)]),
      CheckNewAnswer(["b", sec(25)]), // watermark moves to 23 s: the no-data batch evicts a (19 <= 23)
      AssertOnQuery((q) => stateRows(q).numRowsTotal === 1 && stateRows(q).numRowsRemoved === 1, "a evicted by the no-data batch"),
      AddData(input, ["a", sec(24)], ["b", sec(26)]),
      CheckNewAnswer(["a", sec(24)]), // a was forgotten, so it is new again; b (expires 27 s) still a duplicate
      AddData(input, ["c", sec(20)]),
      CheckNewAnswer(), // late: at or below the 23 s watermark
    );
  });

  it("keeps its state across a restart on the same checkpoint", async () => {
    const input = new MemoryStream("id STRING, t TIMESTAMP", spark);
    const deduped = (input.toDF() as Df).withWatermark("t", "5 seconds").dropDuplicatesWithinWatermark(["id"]);
    await testStream(
      frame(deduped),
      "append",
      AddData(input, ["a", sec(10)]),
      CheckNewAnswer(["a", sec(10)]),
      StopStream(),
      AddData(input, ["a", sec(12)]),
      StartStream(),
      CheckNewAnswer(), // a (expires 15 s) restored from state/0/0
      AddData(input, ["z", sec(30)]),
      CheckNewAnswer(["z", sec(30)]),
      AddData(input, ["a", sec(27)]),
      CheckNewAnswer(["a", sec(27)]), // watermark 25 s evicted a
    );
  });

  it("fails without a watermark, with Spark's message", async () => {
    const input = new MemoryStream("id STRING, t TIMESTAMP", spark);
    const deduped = (input.toDF() as Df).dropDuplicatesWithinWatermark(["id"]);
    const err = await testStream(frame(deduped), "append", AddData(input, ["a", sec(1)]), CheckNewAnswer(["a", sec(1)])).catch(
      (e: unknown) => e as Error,
    );
    expect(err).toBeInstanceOf(Error);
    expect(String((err as Error).message)).toContain("dropDuplicatesWithinWatermark is not supported on streaming DataFrames/DataSets without watermark");
  });

  it("is dropDuplicates on a batch DataFrame", () => {
    const df = spark.createDataFrame(
      [
        ["a", 1],
        ["a", 2],
        ["b", 3],
      ],
      "id STRING, v INT",
    ) as unknown as Df;
    const rows = df.dropDuplicatesWithinWatermark(["id"]).collect() as { id: string }[];
    expect(rows.map((r) => r.id).sort()).toEqual(["a", "b"]);
  });
});
