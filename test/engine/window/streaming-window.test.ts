/**
 * Window functions and streams, as in Spark: a non-time window over a streaming DataFrame is refused before the
 * query starts (NON_TIME_WINDOW_NOT_SUPPORTED_IN_STREAMING, Spark 4's text checked with pyspark), and the pattern
 * that works is a window function over each micro-batch inside foreachBatch.
 */
import { describe, expect, it } from "vitest";
import "../../../src/connector/register";
import { MemoryStream } from "../../../src/connector/memory/memory-stream";
import type { DataFrame } from "../../../src/engine/api/data-frame";
import { Window } from "../../../src/engine/api/window";
import * as F from "../../../src/engine/functions";
import { SparkSession } from "../../../src/engine/session";
import { streamingSession } from "../../helpers/stream-test";

const spark = streamingSession(new SparkSession());

describe("window functions on streams", () => {
  it("refuses row_number() over a stream before the query starts, with Spark's message", async () => {
    const input = new MemoryStream("value BIGINT", spark);
    const df = (input.toDF() as DataFrame).withColumn("rn", F.row_number().over(Window.orderBy("value")));
    await expect(df.writeStream.format("memory").queryName("window_refused").start()).rejects.toThrow(
      "[NON_TIME_WINDOW_NOT_SUPPORTED_IN_STREAMING] Window function is not supported in ROW_NUMBER() (as column `rn`) on streaming DataFrames/Datasets.\nStructured Streaming only supports time-window aggregation using the WINDOW function. (window specification: (ORDER BY VALUE ASC NULLS FIRST ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)) SQLSTATE: 42KDE",
    );
  });

  it("the pattern that works: the latest event per device in each micro-batch, inside foreachBatch", async () => {
    const input = new MemoryStream("device STRING, ts INT, temp DOUBLE", spark);
    const seen: unknown[][][] = [];
    const q = await (input.toDF() as DataFrame).writeStream
      .foreachBatch((batchDf: unknown) => {
        const batch = batchDf as DataFrame;
        const w = Window.partitionBy("device").orderBy(F.col("ts").desc());
        const latest = batch.withColumn("rn", F.row_number().over(w)).filter("rn = 1").drop("rn").orderBy("device");
        seen.push(latest.collectValues());
      })
      .start();
    try {
      input.addData(["d1", 1, 20.5], ["d1", 3, 21.0], ["d2", 2, 18.0]);
      await q.processAllAvailable();
      input.addData(["d2", 5, 19.5], ["d2", 4, 19.0]);
      await q.processAllAvailable();
    } finally {
      await q.stop();
    }
    expect(seen.filter((b) => b.length > 0)).toEqual([
      [
        ["d1", 3, 21.0],
        ["d2", 2, 18.0],
      ],
      [["d2", 5, 19.5]],
    ]);
  });
});
