import { describe, it } from "vitest";
import "../../../src/connector/register";
import { MemoryStream } from "../../../src/connector/memory/memory-stream";
import type { DataFrame } from "../../../src/engine/api/data-frame";
import { ManualClock } from "../../../src/engine/exec/clock";
import { SparkSession } from "../../../src/engine/session";
import { AddData, AdvanceClock, CheckNewAnswer, StartStream, streamingSession, testStream } from "../../helpers/stream-test";

const spark = streamingSession(new SparkSession());
spark.conf.set("spark.sql.session.timeZone", "UTC"); // current_date() below is a UTC day

describe("the per-batch context", () => {
  it("current_timestamp() is the batch timestamp of each micro-batch (offsets/N batchTimestampMs), as in Spark", async () => {
    const input = new MemoryStream("v INT", spark);
    const df = (input.toDF() as DataFrame).selectExpr("v", "current_timestamp() AS now", "current_date() AS today");
    const clock = new ManualClock(86_400_000 + 5_000);
    await testStream(
      df,
      "append",
      StartStream({ clock }),
      AddData(input, 1),
      CheckNewAnswer([1, 86_405_000_000n, 1]),
      AdvanceClock(86_400_000),
      AddData(input, 2),
      CheckNewAnswer([2, 172_805_000_000n, 2]),
    );
  });
});
