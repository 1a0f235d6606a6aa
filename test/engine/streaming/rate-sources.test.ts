import { promises as fs } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { rateMicroBatchProvider } from "../../../src/connector/rate/rate-micro-batch-source";
import { rateProvider } from "../../../src/connector/rate/rate-source";
import { valueAtSecond } from "../../../src/connector/rate/value-at-second";
import { LocalFileStore } from "../../../src/engine/checkpoint/local-file-store";
import { ManualClock } from "../../../src/engine/exec/clock";
import { StructType } from "../../../src/engine/types/struct-type";

const opts = (o: Record<string, string>) => new Map(Object.entries(o));

describe("rate source", () => {
  it("ramps up like Spark's valueAtSecond", () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((s) => valueAtSecond(s, 10, 4))).toEqual([0, 2, 6, 12, 20, 30, 40]);
    expect([0, 1, 2].map((s) => valueAtSecond(s, 5, 0))).toEqual([0, 5, 10]);
  });

  it("has columns timestamp and value, and rejects bad options with Spark's messages", () => {
    expect(rateProvider.sourceSchema(opts({})).simpleString()).toBe("struct<timestamp:timestamp,value:bigint>");
    expect(() => rateProvider.validateOptions!(opts({ rowsPerSecond: "0" }))).toThrow(
      "Invalid value '0'. The option 'rowsPerSecond' must be positive",
    );
    expect(() => rateProvider.validateOptions!(opts({ ROWSPERSECOND: "-1" }))).toThrow(/rowsPerSecond/);
    expect(() => rateProvider.validateOptions!(opts({ numPartitions: "0" }))).toThrow(/numPartitions' must be positive/);
    expect(() => rateProvider.sourceSchema(opts({}), StructType().add("a", "int"))).toThrow(
      /does not support user-specified schema/,
    );
  });

  it("generates rows per elapsed second, stamped evenly, the same after a restart", async () => {
    const dir = await fs.mkdtemp(path.join(tmpdir(), "tspark-rate-"));
    const store = new LocalFileStore(dir);
    const clock = new ManualClock(1_000_000);
    const ctx = {
      options: opts({ rowsPerSecond: "4" }),
      metadataPath: `${dir}/sources/0`,
      queryId: "q",
      session: null,
      checkpointStore: store,
      metadataDir: "sources/0",
      clock,
    };
    const source = await rateProvider.createSource(ctx);
    expect(await source.latestOffset(null, {})).toBeNull();
    clock.advance(2_500);
    expect(await source.latestOffset(null, {})).toBe("2");
    const rows = await source.getBatch(null, "2");
    expect(rows.map((r) => r[1])).toEqual([0n, 1n, 2n, 3n, 4n, 5n, 6n, 7n]);
    expect(rows.slice(0, 2).map((r) => r[0])).toEqual([1_000_000_000n, 1_000_250_000n]);
    // A new source on the same checkpoint keeps the start time, so the same range gives the same rows.
    clock.advance(60_000);
    const again = await rateProvider.createSource(ctx);
    expect(await again.getBatch(null, "2")).toEqual(rows);
  });
});

describe("rate-micro-batch source", () => {
  it("admits rowsPerBatch rows per trigger with generated time", async () => {
    const source = await rateMicroBatchProvider.createSource({
      options: opts({ rowsPerBatch: "3", startTimestamp: "1000", advanceMillisPerBatch: "500" }),
      metadataPath: "",
      queryId: "q",
      session: null,
    });
    const o1 = await source.latestOffset(null, {});
    expect(o1).toBe('{"offset":3,"timestamp":1500}');
    expect(await source.getBatch(null, o1!)).toEqual([
      [1_000_000n, 0n],
      [1_000_000n, 1n],
      [1_000_000n, 2n],
    ]);
    const o2 = await source.latestOffset(o1, {});
    expect((await source.getBatch(o1, o2!)).map((r) => r[1])).toEqual([3n, 4n, 5n]);
    expect(() => rateMicroBatchProvider.validateOptions!(opts({}))).toThrow(
      "Invalid value '0'. The option 'rowsPerBatch' must be positive",
    );
  });
});
