import { describe, expect, it } from "vitest";
import { parseIntervalString, windowStarts } from "../../../src/engine/expr/datetime";
import { show, ts } from "./helpers";

const MIN = 60_000_000n;

describe("windowStarts (Spark TimeWindow)", () => {
  it("tumbling windows give the one window containing the timestamp", () => {
    const t = ts("2016-03-27 19:39:34");
    expect(windowStarts(t, 10n * MIN, 10n * MIN).map((s) => show(s))).toEqual(["2016-03-27 19:30:00"]);
    // a window start is inclusive, the end exclusive
    const edge = ts("2016-03-27 19:40:00");
    expect(windowStarts(edge, 10n * MIN, 10n * MIN).map((s) => show(s))).toEqual(["2016-03-27 19:40:00"]);
  });

  it("sliding windows give every overlapping window, ascending", () => {
    const t = ts("2016-03-27 19:39:34");
    expect(windowStarts(t, 10n * MIN, 5n * MIN).map((s) => show(s))).toEqual([
      "2016-03-27 19:30:00",
      "2016-03-27 19:35:00",
    ]);
    expect(windowStarts(t, 15n * MIN, 5n * MIN)).toHaveLength(3);
  });

  it("honours startTime and pre-epoch timestamps", () => {
    const t = ts("2016-03-27 19:39:34");
    expect(windowStarts(t, 10n * MIN, 10n * MIN, 2n * MIN).map((s) => show(s))).toEqual(["2016-03-27 19:32:00"]);
    expect(windowStarts(-1n, 10n, 10n)).toEqual([-10n]);
  });

  it("rejects non-positive durations", () => {
    expect(() => windowStarts(0n, 0n, 1n)).toThrow(/greater than 0/);
  });
});

describe("parseIntervalString", () => {
  it.each([
    ["10 minutes", 600_000_000n],
    ["1 minute", 60_000_000n],
    ["2 seconds", 2_000_000n],
    ["1 hour 30 minutes", 5_400_000_000n],
    ["interval 5 seconds", 5_000_000n],
    ["INTERVAL 1 day", 86_400_000_000n],
    ["1 week", 604_800_000_000n],
    ["100 milliseconds", 100_000n],
    ["1.5 seconds", 1_500_000n],
    ["7 microseconds", 7n],
  ])("%j", (text, micros) => {
    expect(parseIntervalString(text)).toBe(micros);
  });

  it("rejects bad strings and months", () => {
    expect(() => parseIntervalString("ten minutes")).toThrow(/did not correspond to a valid interval string/);
    expect(() => parseIntervalString("10 fortnights")).toThrow(/unknown unit/);
    expect(() => parseIntervalString("1 month")).toThrow(/Intervals greater than a month is not supported/);
    expect(() => parseIntervalString("")).toThrow();
  });
});

describe("windowStarts validation", () => {
  it("rejects a slide longer than the window", () => {
    expect(() => windowStarts(0n, 10n, 20n)).toThrow(/slide duration/);
  });
});

describe("parseWatermarkDelay", () => {
  it("accepts what window() accepts, and months as 31 days", async () => {
    const { parseWatermarkDelay } = await import("../../../src/engine/expr/datetime");
    expect(parseWatermarkDelay("10 minutes")).toBe(600_000_000n);
    expect(parseWatermarkDelay("1 month")).toBe(31n * 86_400_000_000n);
    expect(parseWatermarkDelay("1 year 1 day")).toBe(373n * 86_400_000_000n);
  });
});
