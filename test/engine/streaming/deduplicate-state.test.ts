import { describe, expect, it } from "vitest";
import { DeduplicateState } from "../../../src/engine/exec/deduplicate-state";
import { StructType } from "../../../src/engine/types/struct-type";

const schema = StructType().add("id", "string").add("t", "timestamp");
const sec = (s: number) => BigInt(s) * 1_000_000n;

describe("streaming dropDuplicates state", () => {
  it("emits the first row per key across batches and survives a snapshot/restore", () => {
    const d = new DeduplicateState(schema, ["id"], undefined);
    expect(d.process([["a", sec(1)], ["b", sec(1)], ["a", sec(2)]], 0)).toEqual([["a", sec(1)], ["b", sec(1)]]);
    const restored = new DeduplicateState(schema, ["id"], undefined);
    restored.restore(d.snapshot());
    expect(restored.process([["a", sec(3)], ["c", sec(3)]], 0)).toEqual([["c", sec(3)]]);
    expect(restored.metrics()).toMatchObject({ numRowsTotal: 3, numRowsUpdated: 1 });
  });

  it("with the event time among the keys, drops late rows and evicts old keys by the watermark", () => {
    const d = new DeduplicateState(schema, ["id", "t"], "t");
    d.process([["a", sec(10)], ["b", sec(20)]], 0);
    // watermark 15 s: ["a", 10 s] is evicted; a late row at 12 s is dropped.
    expect(d.process([["c", sec(12)], ["b", sec(20)], ["d", sec(30)]], 15_000)).toEqual([["d", sec(30)]]);
    expect(d.metrics()).toMatchObject({ numRowsDroppedByWatermark: 1, numRowsRemoved: 1, numRowsTotal: 2 });
  });

  it("names an unknown key column", () => {
    expect(() => new DeduplicateState(schema, ["nope"], undefined)).toThrow(/Cannot resolve column name "nope" among \(id, t\)/);
  });
});
