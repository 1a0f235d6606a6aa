import { describe, expect, it } from "vitest";
import "../../../src/connector/register";
import { MemoryStream } from "../../../src/connector/memory/memory-stream";
import type { DataFrame } from "../../../src/engine/api/data-frame";
import type { StreamingQuery } from "../../../src/engine/api/streaming-query";
import { estimateMapBytes, estimateValueBytes } from "../../../src/engine/exec/state-size";
import { session_window } from "../../../src/engine/functions";
import { SparkSession } from "../../../src/engine/session";
import { AddData, AssertOnQuery, CheckNewAnswer, Execute, streamingSession, testStream } from "../../helpers/stream-test";

/**
 * memoryUsedBytes of a state operator's progress: an estimate of its in-memory state (as Spark's
 * HDFSBackedStateStoreProvider reports the estimated size of its maps), never 0 once state holds rows, and
 * growing with the rows it holds.
 */
const spark = streamingSession(new SparkSession());

interface OpProgress {
  operatorName: string;
  numRowsTotal: number;
  memoryUsedBytes: number;
}
const ops = (q: StreamingQuery): OpProgress[] => (q.lastProgress as { stateOperators: OpProgress[] }).stateOperators;

describe("estimateValueBytes / estimateMapBytes", () => {
  it("count what a value holds: longer strings, wider bigints and more elements take more", () => {
    expect(estimateValueBytes("a".repeat(100))).toBeGreaterThan(estimateValueBytes("a"));
    // a two-byte string takes twice the characters of a Latin-1 one
    expect(estimateValueBytes("é".repeat(64))).toBeLessThan(estimateValueBytes("€".repeat(64)));
    expect(estimateValueBytes(2n ** 200n)).toBeGreaterThan(estimateValueBytes(1n));
    expect(estimateValueBytes([1, 2, 3, 4])).toBeGreaterThan(estimateValueBytes([1]));
    expect(estimateValueBytes({ a: "x", b: [1n] })).toBeGreaterThan(estimateValueBytes({}));
    expect(estimateValueBytes(new Uint8Array(1000))).toBeGreaterThanOrEqual(1000);
    expect(estimateValueBytes(null)).toBe(0);
  });

  it("grow in proportion to the entries, and a large map is sampled to the same figure", () => {
    const map = (n: number) => new Map(Array.from({ length: n }, (_, i) => [`key-${String(i).padStart(6, "0")}`, { groups: [i], bufs: [BigInt(i)] }]));
    const small = estimateMapBytes(map(100));
    const large = estimateMapBytes(map(10_000));
    expect(small).toBeGreaterThan(100 * 50);
    // same-shaped entries: 100 times the entries is 100 times the bytes, give or take the table's header
    expect(large / small).toBeGreaterThan(95);
    expect(large / small).toBeLessThan(105);
  });

  it("does not loop on a value that refers to itself", () => {
    const a: unknown[] = [];
    a.push(a);
    expect(estimateValueBytes(a)).toBeGreaterThan(0);
  });
});

describe("memoryUsedBytes in a streaming query's progress", () => {
  it("is above 0 for a streaming aggregation and a deduplication, and grows with their state rows", async () => {
    const input = new MemoryStream("k INT, g STRING", spark);
    const df = (input.toDF() as DataFrame).dropDuplicates(["k"]).groupBy("g").count();
    const rows = (from: number, n: number) => Array.from({ length: n }, (_, i) => [from + i, `group-${from + i}`]);
    let first: OpProgress[] = [];
    await testStream(
      df,
      "update",
      AddData(input, ...rows(0, 10)),
      Execute(async (s) => {
        await s.query!.processAllAvailable();
        first = ops(s.query!);
      }),
      AddData(input, ...rows(10, 200)),
      Execute(async (s) => s.query!.processAllAvailable()),
      AssertOnQuery((q) => {
        const now = ops(q);
        expect(first.map((o) => [o.operatorName, o.numRowsTotal])).toEqual([
          ["stateStoreSave", 10],
          ["dedupe", 10],
        ]);
        expect(now.map((o) => [o.operatorName, o.numRowsTotal])).toEqual([
          ["stateStoreSave", 210],
          ["dedupe", 210],
        ]);
        for (const [i, o] of now.entries()) {
          expect(first[i]!.memoryUsedBytes, `${o.operatorName} with 10 rows`).toBeGreaterThan(0);
          // 21 times the rows: well over 10 times the bytes (the table header is the only fixed part)
          expect(o.memoryUsedBytes, `${o.operatorName} with 210 rows`).toBeGreaterThan(10 * first[i]!.memoryUsedBytes);
        }
        return true;
      }),
    );
  });

  it("is above 0 for a stream-stream join and grows with the rows both sides keep", async () => {
    const imp = new MemoryStream("adId INT, page STRING", spark);
    const clk = new MemoryStream("adId INT, user STRING", spark);
    const joined = (imp.toDF() as DataFrame).join(clk.toDF() as DataFrame, "adId");
    let before = 0;
    await testStream(
      joined,
      "append",
      AddData(imp, [1, "home"]),
      CheckNewAnswer(),
      AssertOnQuery((q) => {
        before = ops(q)[0]!.memoryUsedBytes;
        return ops(q)[0]!.numRowsTotal === 1 && before > 0;
      }, "one row kept, its bytes counted"),
      AddData(clk, ...Array.from({ length: 50 }, (_, i) => [100 + i, `user-${i}`])),
      CheckNewAnswer(),
      AssertOnQuery((q) => ops(q)[0]!.numRowsTotal === 51 && ops(q)[0]!.memoryUsedBytes > 10 * before, "51 rows: more bytes"),
    );
  });

  it("is above 0 for a session-window aggregation and grows with the sessions it keeps", async () => {
    const input = new MemoryStream("user STRING, ts TIMESTAMP", spark);
    const df = (input.toDF() as DataFrame).withWatermark("ts", "1 hour").groupBy(session_window("ts", "5 minutes"), "user").count();
    const at = (min: number) => BigInt(min * 60) * 1_000_000n; // microseconds, as TIMESTAMP is held
    let before = 0;
    await testStream(
      df,
      "complete",
      AddData(input, ["u0", at(0)]),
      Execute(async (s) => {
        await s.query!.processAllAvailable();
        before = ops(s.query!)[0]!.memoryUsedBytes;
      }),
      AddData(input, ...Array.from({ length: 50 }, (_, i) => [`u${i + 1}`, at(i)])),
      Execute(async (s) => s.query!.processAllAvailable()),
      AssertOnQuery((q) => {
        const [op] = ops(q);
        expect(before).toBeGreaterThan(0);
        expect([op!.operatorName, op!.numRowsTotal]).toEqual(["sessionWindowStateStoreSaveExec", 51]);
        expect(op!.memoryUsedBytes).toBeGreaterThan(10 * before);
        return true;
      }),
    );
  });
});
