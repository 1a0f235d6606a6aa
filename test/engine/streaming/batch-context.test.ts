import { promises as fs } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
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

describe("no-data batches", () => {
  type Wm = DataFrame & { withWatermark(c: string, d: string): DataFrame };
  const sec = (s: number) => BigInt(s) * 1_000_000n;

  it("run when an operator would evict at the moved watermark (update mode), not in complete mode", async () => {
    for (const [mode, batches] of [
      ["update", 2],
      ["complete", 1],
    ] as const) {
      const input = new MemoryStream("t TIMESTAMP", spark);
      const df = ((input.toDF() as Wm).withWatermark("t", "1 second") as DataFrame).groupBy("t").count();
      const checkpoint = await fs.mkdtemp(path.join(tmpdir(), "tspark-no-data-"));
      const q = await df.writeStream.outputMode(mode).option("checkpointLocation", checkpoint).foreachBatch(async () => {}).start();
      try {
        input.addData(sec(10));
        await q.processAllAvailable();
        await q.processAllAvailable();
        // batch 0 has the row; the watermark then moves to 9 s: update mode runs batch 1 without data to evict
        expect(q.recentProgress.length).toBe(batches);
      } finally {
        await q.stop();
      }
    }
  });
});
