import { describe, expect, it } from "vitest";
import "../../../src/connector/register";
import { MemoryStream } from "../../../src/connector/memory/memory-stream";
import type { DataFrame } from "../../../src/engine/api/data-frame";
import { parseWatermarkPolicy, WatermarkTracker } from "../../../src/engine/exec/watermark-tracker";
import { SparkSession } from "../../../src/engine/session";
import { AddData, AssertOnQuery, CheckNewAnswer, streamingSession, testStream } from "../../helpers/stream-test";

const sec = (s: number) => BigInt(s) * 1_000_000n;

describe("watermark tracker", () => {
  it("keeps one watermark per withWatermark node and chooses the global one by policy, never moving back", () => {
    const min = new WatermarkTracker([10_000, 20_000], "min");
    const max = new WatermarkTracker([10_000, 20_000], "max");
    for (const t of [min, max]) t.observe([100_000, 100_000]);
    expect(min.advance()).toBe(80_000);
    expect(max.advance()).toBe(90_000);
    // a lower event time never moves a node's watermark back
    min.observe([50_000, 150_000]);
    expect(min.advance()).toBe(90_000);
  });

  it("a node that has seen no event time counts as 0 under min (Spark populates 0), and is ignored before any batch", () => {
    const t = new WatermarkTracker([1_000, 1_000], "min");
    expect(t.next()).toBe(0);
    t.observe([100_000, null]);
    expect(t.next()).toBe(0);
    t.observe([null, 50_000]);
    expect(t.next()).toBe(49_000);
  });

  it("restores the global watermark of the checkpoint and refuses an unknown policy", () => {
    const t = new WatermarkTracker([1_000]);
    t.restore(7_000);
    t.observe([5_000]);
    expect(t.next()).toBe(7_000);
    expect(() => parseWatermarkPolicy("median")).toThrow(/must be "min" or "max", not "median"/);
  });
});

describe("a union of two watermarked streams", () => {
  type Wm = DataFrame & { withWatermark(c: string, d: string): DataFrame };
  const run = async (policy: string | undefined, expected: string) => {
    const spark = streamingSession(new SparkSession());
    if (policy !== undefined) spark.conf.set("spark.sql.streaming.multipleWatermarkPolicy", policy);
    const a = new MemoryStream("t TIMESTAMP", spark);
    const b = new MemoryStream("t TIMESTAMP", spark);
    const df = (a.toDF() as Wm).withWatermark("t", "10 seconds").union((b.toDF() as Wm).withWatermark("t", "20 seconds"));
    await testStream(
      df,
      "append",
      AddData(a, sec(100)),
      AddData(b, sec(100)),
      CheckNewAnswer([sec(100)], [sec(100)]),
      AddData(a, sec(101)),
      CheckNewAnswer([sec(101)]),
      AssertOnQuery((q) => q.lastProgress?.eventTime.watermark === expected, `watermark ${expected}`),
    );
  };

  it("runs on the slower watermark by default (min)", async () => {
    await run(undefined, "1970-01-01T00:01:20.000Z");
  });

  it("runs on the faster one with spark.sql.streaming.multipleWatermarkPolicy=max", async () => {
    await run("max", "1970-01-01T00:01:30.000Z");
  });
});
