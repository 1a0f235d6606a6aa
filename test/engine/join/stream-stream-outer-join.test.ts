/**
 * Stream-stream joins with an event-time range condition and watermarks on both sides (Spark's
 * StreamingJoinHelper): each side's state is evicted at the state watermark the range gives it, and left / right /
 * full outer and left semi joins emit what Spark emits: an unmatched outer row once, when the watermark passes it.
 * Impressions and clicks with `clkTime BETWEEN impTime AND impTime + 30 seconds` and 10-second watermarks: the
 * impression state goes at watermark - 30.001 s, the click state at watermark - 0.001 s.
 */
import { describe, expect, it } from "vitest";
import "../../../src/connector/register";
import { MemoryStream } from "../../../src/connector/memory/memory-stream";
import { expr } from "../../../src/engine/api/column";
import type { DataFrame } from "../../../src/engine/api/data-frame";
import type { StreamingQuery } from "../../../src/engine/api/streaming-query";
import { SparkSession } from "../../../src/engine/session";
import { AddData, AssertOnQuery, CheckNewAnswer, StartStream, StopStream, streamingSession, testStream } from "../../helpers/stream-test";

const spark = streamingSession(new SparkSession());
const sec = (s: number) => BigInt(s) * 1_000_000n;
const RANGE = "adId = clkAdId AND clkTime BETWEEN impTime AND impTime + interval 30 seconds";

function streams(): { imp: MemoryStream; clk: MemoryStream; impressions: DataFrame; clicks: DataFrame } {
  const imp = new MemoryStream("adId INT, impTime TIMESTAMP", spark);
  const clk = new MemoryStream("clkAdId INT, clkTime TIMESTAMP", spark);
  return {
    imp,
    clk,
    impressions: (imp.toDF() as DataFrame).withWatermark("impTime", "10 seconds"),
    clicks: (clk.toDF() as DataFrame).withWatermark("clkTime", "10 seconds"),
  };
}

function joinProgress(q: StreamingQuery): { numRowsTotal: number; numRowsDroppedByWatermark: number } {
  return (q.lastProgress as { stateOperators: { numRowsTotal: number; numRowsDroppedByWatermark: number }[] }).stateOperators[0]!;
}

describe("stream-stream joins with an event-time range condition", () => {
  it("inner: the state of both sides is evicted by the range, so it stays bounded", async () => {
    const { imp, clk, impressions, clicks } = streams();
    await testStream(
      impressions.join(clicks, expr(RANGE)).select("adId", "clkAdId"),
      "append",
      AddData(imp, [1, sec(100)], [2, sec(100)]),
      AddData(clk, [1, sec(110)]),
      CheckNewAnswer([1, 1]),
      // the watermark moves to 190 s: impressions at or below 159.999 s and clicks at or below 189.999 s go
      AddData(imp, [3, sec(200)]),
      AddData(clk, [3, sec(200)]),
      CheckNewAnswer([3, 3]),
      AssertOnQuery((q) => joinProgress(q).numRowsTotal === 2, "only the rows at 200 s are kept"),
    );
  });

  it("left outer: an unmatched impression is emitted with nulls once the watermark passes it, a matched one never", async () => {
    const { imp, clk, impressions, clicks } = streams();
    await testStream(
      impressions.join(clicks, expr(RANGE), "left_outer").select("adId", "clkAdId"),
      "append",
      AddData(imp, [1, sec(100)], [2, sec(100)]),
      AddData(clk, [1, sec(110)]),
      CheckNewAnswer([1, 1]),
      // watermark 90 s: the impressions may still meet a click up to 130 s
      AddData(imp, [3, sec(200)]),
      AddData(clk, [9, sec(200)]),
      CheckNewAnswer([2, null]),
      // late input (at or below the 190 s watermark) is dropped, counted, and never emitted
      AddData(imp, [4, sec(150)]),
      CheckNewAnswer(),
      AssertOnQuery((q) => joinProgress(q).numRowsDroppedByWatermark === 1, "the late impression is dropped"),
    );
  });

  it("right outer and full outer: the unmatched rows of the preserved sides, once each", async () => {
    const right = streams();
    await testStream(
      right.impressions.join(right.clicks, expr(RANGE), "right").select("adId", "clkAdId"),
      "append",
      AddData(right.imp, [1, sec(100)]),
      AddData(right.clk, [1, sec(110)], [5, sec(110)]),
      CheckNewAnswer([1, 1]),
      AddData(right.imp, [3, sec(200)]),
      AddData(right.clk, [9, sec(200)]),
      CheckNewAnswer([null, 5]),
    );
    const full = streams();
    await testStream(
      full.impressions.join(full.clicks, expr(RANGE), "full_outer").select("adId", "clkAdId"),
      "append",
      AddData(full.imp, [1, sec(100)], [2, sec(100)]),
      AddData(full.clk, [1, sec(110)], [5, sec(110)]),
      CheckNewAnswer([1, 1]),
      AddData(full.imp, [3, sec(300)]),
      AddData(full.clk, [3, sec(300)]),
      CheckNewAnswer([3, 3], [2, null], [null, 5]),
      StopStream(),
      StartStream(),
      AddData(full.imp, [4, sec(400)]),
      AddData(full.clk, [4, sec(400)]),
      // after a restart the matched flags come back: the rows at 300 s matched, so nothing unmatched is emitted
      CheckNewAnswer([4, 4]),
    );
  });

  it("left semi: an impression once, at its first click, with the impression's columns only", async () => {
    const { imp, clk, impressions, clicks } = streams();
    await testStream(
      impressions.join(clicks, expr(RANGE), "left_semi"),
      "append",
      AddData(imp, [1, sec(100)], [2, sec(100)]),
      AddData(clk, [1, sec(110)], [1, sec(115)]),
      CheckNewAnswer([1, sec(100)]),
      AddData(clk, [2, sec(120)], [1, sec(120)]),
      CheckNewAnswer([2, sec(100)]),
      AddData(imp, [1, sec(105)]),
      // a new impression meets the click state at once
      CheckNewAnswer([1, sec(105)]),
    );
  });

  it("refuses an outer join the range does not bound, with Spark's message; explain shows the eviction", async () => {
    const { impressions, clicks } = streams();
    // `clkTime >= impTime` bounds the clicks by the impressions' watermark, but not the impressions
    const oneSided = expr("adId = clkAdId AND clkTime >= impTime");
    await expect(impressions.join(clicks, oneSided, "left").writeStream.format("memory").queryName("ss_range_left").start()).rejects.toThrow(
      "Stream-stream LeftOuter join between two streaming DataFrame/Datasets is not supported without a watermark in the join keys, or a watermark on the nullable side and an appropriate range condition",
    );
    await expect(impressions.join(clicks, oneSided, "full").writeStream.format("memory").queryName("ss_range_full").start()).rejects.toThrow(
      "Stream-stream FullOuter join between two streaming DataFrame/Datasets is not supported without a watermark in the join keys",
    );
    const q = await impressions.join(clicks, oneSided, "right").writeStream.format("memory").queryName("ss_range_right").start();
    try {
      expect(q.explain()).toContain("right state evicted where clkTime <= watermark - 1 ms");
    } finally {
      await q.stop();
    }
  });
});
