import { describe, expect, it } from "vitest";
import { decodeState, encodeState } from "../../../src/engine/checkpoint/state-codec";
import { createAggregator } from "../../../src/engine/plan/aggregation";
import { SparkSession } from "../../../src/engine/session";
import { Decimal } from "../../../src/engine/types/decimal";

const roundTrip = (v: unknown) => decodeState(JSON.parse(JSON.stringify(encodeState(v))));

describe("the one state codec", () => {
  it("round-trips the values aggregation state holds: bigint, Decimal, Map, bytes, non-finite numbers", () => {
    const value = [1n, new Decimal(12345n, 2), new Map([["k", 2n]]), new Uint8Array([1, 2]), Number.NaN, -0, { $t: "x" }];
    expect(roundTrip(value)).toEqual(value);
  });

  it("aggregation snapshots go through it, and snapshots tagged by the aggregator itself (older checkpoints) restore", () => {
    const s = new SparkSession();
    const df = s.createDataFrame(
      [
        ["a", 1n, "1.50"],
        ["a", 2n, "2.25"],
      ],
      "g STRING, n BIGINT, d STRING",
    ).selectExpr("g", "n", "cast(d as decimal(10,2)) d");
    const plan = df.groupBy("g").agg({ n: "sum", d: "sum" }).plan;
    if (plan.kind !== "Aggregate") throw new Error("expected an Aggregate");
    const agg = createAggregator(plan, df.schema);
    agg.update(df.collectValues());
    const restored = createAggregator(plan, df.schema);
    restored.restore(roundTrip(agg.snapshot()));
    expect(restored.results()).toEqual(agg.results());

    const legacy = createAggregator(plan, df.schema);
    const tagged = (agg.snapshot() as [string, unknown[], unknown[]][]).map(([k, g, b]) => [
      k,
      g,
      b.map((x) => (typeof x === "bigint" ? { $b: x.toString() } : x instanceof Decimal ? { $d: x.unscaled.toString(), s: x.scale } : x)),
    ]);
    legacy.restore(decodeState(JSON.parse(JSON.stringify(encodeState(tagged)))));
    expect(legacy.results()).toEqual(agg.results());
  });
});
