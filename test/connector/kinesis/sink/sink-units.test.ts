/** The sink's pure parts: options, output mode, request chunking, aggregate packing. */
import { describe, expect, it } from "vitest";
import { aggregate, deaggregate } from "../../../../src/connector/kinesis/kpl/aggregate";
import { AGGREGATION_MAX_BYTES, type PutEntry, toPutEntries } from "../../../../src/connector/kinesis/sink/aggregation";
import { checkSinkOutputMode, kinesisSinkProvider } from "../../../../src/connector/kinesis/sink/provider";
import { chunkRequests } from "../../../../src/connector/kinesis/sink/put-records-sender";
import { hashKeyOf, ShardMap } from "../../../../src/connector/kinesis/sink/shard-map";
import { parseSinkOptions } from "../../../../src/connector/kinesis/sink/sink-options";
import type { SinkRecord } from "../../../../src/connector/kinesis/sink/sink-records";
import { StructField, StructType } from "../../../../src/engine/types/struct-type";

const opts = (o: Record<string, string>) => new Map(Object.entries(o));

describe("sink options", () => {
  it("uses the connector's defaults, case-insensitive keys and the unprefixed aliases", () => {
    const o = parseSinkOptions(opts({ "KINESIS.STREAMNAME": "out" }));
    expect(o).toMatchObject({ streamName: "out", maxConnections: 1, aggregationEnabled: true, recordTtlMs: 30_000, maxRecordSizeBytes: 1048576 });
    expect(o.maxRequestBytes).toBe(5 * 1048576);
    expect(parseSinkOptions(opts({ streamName: "legacy" })).streamName).toBe("legacy");
    const tuned = parseSinkOptions(
      opts({
        "kinesis.streamName": "s",
        "kinesis.sink.maxConnections": "4",
        "kinesis.sink.aggregationEnabled": "FALSE",
        "kinesis.sink.recordTtl": "500",
        "kinesis.sink.maxRecordSizeBytes": String(10 * 1048576),
      }),
    );
    expect(tuned).toMatchObject({ maxConnections: 4, aggregationEnabled: false, recordTtlMs: 500, maxRequestBytes: 10 * 1048576 });
  });

  it("rejects what cannot work, naming the option", () => {
    expect(() => parseSinkOptions(opts({}))).toThrow(/kinesis.streamName is not specified/);
    expect(() => parseSinkOptions(opts({ "kinesis.streamName": "s", "kinesis.sink.maxConections": "2" }))).toThrow(
      /kinesis.sink.maxConections \(did you mean kinesis.sink.maxConnections\?\)/,
    );
    expect(() => parseSinkOptions(opts({ "kinesis.streamName": "s", "kinesis.sink.maxConnections": "0" }))).toThrow(/positive integer/);
    expect(() => parseSinkOptions(opts({ "kinesis.streamName": "s", "kinesis.sink.aggregationEnabled": "yes" }))).toThrow(/true or false/);
    expect(() => parseSinkOptions(opts({ "kinesis.streamName": "s", "kinesis.sink.maxRecordSizeBytes": "20000000" }))).toThrow(/10 MiB/);
    // The connector's proxy options are taken (connector #21; checked with the connection, connector-asks.test.ts).
    expect(parseSinkOptions(opts({ "kinesis.streamName": "s", "kinesis.sink.proxyAddress": "p", "kinesis.sink.proxyPort": "3128" })).streamName).toBe("s");
    // Source options in a shared options map are fine.
    expect(parseSinkOptions(opts({ "kinesis.streamName": "s", "kinesis.startingPosition": "LATEST" })).streamName).toBe("s");
  });

  it("supports Append output mode only, with the connector's message", () => {
    expect(() => checkSinkOutputMode("append")).not.toThrow();
    expect(() => checkSinkOutputMode("update")).toThrow(/^OutputMode Update not supported\. .*outputMode\("append"\)/);
    const schema = StructType([StructField("partitionKey", "string"), StructField("data", "string")]);
    const o = opts({ "kinesis.streamName": "s", "kinesis.endpointUrl": "http://127.0.0.1:1", "kinesis.region": "us-east-1" });
    let error: Error | undefined;
    try {
      kinesisSinkProvider.validateOptions!(o, schema, "complete");
    } catch (e) {
      error = e as Error;
    }
    expect(error?.name).toBe("IllegalStateException");
    expect(error?.message).toMatch(/OutputMode Complete not supported/);
    expect(() => kinesisSinkProvider.validateOptions!(o, schema, "append")).not.toThrow();
    expect(() => kinesisSinkProvider.validateOptions!(o, StructType([StructField("data", "string")]), "append")).toThrow(
      /Required attribute 'partitionKey' not found/,
    );
  });
});

function record(row: number, pk: string, size = 10, ehk?: string): SinkRecord {
  const data = Buffer.alloc(size, 97);
  return ehk === undefined ? { partitionKey: pk, data, row } : { partitionKey: pk, explicitHashKey: ehk, data, row };
}

const entry = (size: number): PutEntry => ({ partitionKey: "k", data: new Uint8Array(), rows: [0], size, userRecords: 1 });

describe("request chunking", () => {
  it("cuts at 500 entries and at the byte limit, keeping order", () => {
    expect(chunkRequests(Array.from({ length: 1201 }, () => entry(10)), 5 * 1048576).map((c) => c.length)).toEqual([500, 500, 201]);
    const mixed = [entry(3_000_000), entry(2_000_000), entry(100), entry(1_048_576)];
    expect(chunkRequests(mixed, 5 * 1048576).map((c) => c.map((e) => e.size))).toEqual([[3_000_000, 2_000_000, 100], [1_048_576]]);
  });
});

describe("KPL aggregation packing", () => {
  const twoShards = new ShardMap([
    { shardId: "shard-a", start: 0n, end: (1n << 127n) - 1n },
    { shardId: "shard-b", start: 1n << 127n, end: (1n << 128n) - 1n },
  ]);

  it("packs records of one shard together, routes the aggregate by its first record, and round-trips", () => {
    const records = Array.from({ length: 50 }, (_, i) => record(i, `key-${i}`, 20 + i));
    const entries = toPutEntries(records, twoShards);
    expect(entries).toHaveLength(2);
    for (const e of entries) {
      const users = deaggregate(e.data)!;
      const shard = twoShards.shardFor(BigInt(e.explicitHashKey!));
      for (const u of users) expect(twoShards.shardFor(hashKeyOf(u.partitionKey))).toBe(shard);
      expect(e.explicitHashKey).toBe(hashKeyOf(users[0]!.partitionKey).toString());
      expect(e.size).toBe(e.data.byteLength + Buffer.byteLength(e.partitionKey));
      expect(e.rows).toEqual(e.rows.slice().sort((a, b) => a - b));
    }
    expect(entries.flatMap((e) => e.rows).sort((a, b) => a - b)).toEqual(records.map((r) => r.row));
  });

  it("never exceeds the aggregate size limit and fills aggregates close to it (the size estimate is exact)", () => {
    const records = Array.from({ length: 600 }, (_, i) => record(i, `k${i % 17}`, 100 + ((i * 37) % 900), i % 5 === 0 ? String(i) : undefined));
    const oneShard = new ShardMap([{ shardId: "only", start: 0n, end: (1n << 128n) - 1n }]);
    const entries = toPutEntries(records, oneShard);
    expect(entries.length).toBeGreaterThan(5);
    for (const e of entries) expect(e.size).toBeLessThanOrEqual(AGGREGATION_MAX_BYTES);
    // Full aggregates are close to the limit: the estimate would otherwise waste room or overflow.
    expect(Math.max(...entries.map((e) => e.size))).toBeGreaterThan(AGGREGATION_MAX_BYTES - 1100);
    const back = entries.flatMap((e) => deaggregate(e.data) ?? []);
    expect(back).toHaveLength(600);
    expect(back.filter((u) => u.explicitHashKey !== undefined)).toHaveLength(120);
  });

  it("encodes exactly the bytes of the shared KPL encoder", () => {
    const oneShard = new ShardMap([{ shardId: "only", start: 0n, end: (1n << 128n) - 1n }]);
    const records = Array.from({ length: 300 }, (_, i) =>
      record(i, i % 3 === 0 ? `ключ-${i % 7}` : `k${i % 200}`, (i * 13) % 300, i % 4 === 0 ? String(BigInt(i) * 10n ** 30n) : undefined),
    );
    for (const e of toPutEntries(records, oneShard)) {
      const inside = records.filter((r) => e.rows.includes(r.row));
      expect(Buffer.from(e.data).equals(Buffer.from(aggregate(inside)))).toBe(true);
    }
  });

  it("sends a lone record, or one bigger than the aggregate limit, as a plain record", () => {
    const entries = toPutEntries([record(0, "a", 60_000), record(1, "a", 10)], new ShardMap([{ shardId: "s", start: 0n, end: (1n << 128n) - 1n }]));
    expect(entries).toHaveLength(2);
    for (const e of entries) expect(deaggregate(e.data)).toBeNull();
    expect(entries[0]!.explicitHashKey).toBeUndefined();
  });
});
