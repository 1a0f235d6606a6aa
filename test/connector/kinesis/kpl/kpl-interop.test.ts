/**
 * tspark's hand-written KPL aggregate format checked against aws-kinesis-agg, the AWS library for it: what one
 * aggregates the other de-aggregates, both ways, on both the sink path (toPutEntries' builder) and kpl/aggregate.ts.
 */
import { createHash } from "node:crypto";
import * as agg from "aws-kinesis-agg";
import { describe, expect, it } from "vitest";
import { toPutEntries } from "../../../../src/connector/kinesis/sink/aggregation";
import { ShardMap } from "../../../../src/connector/kinesis/sink/shard-map";
import type { SinkRecord } from "../../../../src/connector/kinesis/sink/sink-records";
import { KPL_MAGIC, type UserRecord, aggregate, deaggregate } from "../../../../src/connector/kinesis/kpl/aggregate";

interface LibUserRecord {
  partitionKey: string;
  explicitPartitionKey?: string;
  data: string;
}

/** aws-kinesis-agg's de-aggregation (its callbacks run synchronously), checksums verified. */
function libDeaggregate(data: Uint8Array): UserRecord[] {
  let out: LibUserRecord[] | undefined;
  let error: Error | undefined;
  const kinesisRecord = { partitionKey: "outer", sequenceNumber: "1", data: Buffer.from(data).toString("base64") };
  // biome-ignore lint/suspicious/noExplicitAny: the library's typings need aws-lambda's types, which we do not install
  (agg as any).deaggregateSync(kinesisRecord, true, (err: Error | null, records?: LibUserRecord[]) => {
    if (err) error = err;
    out = records;
  });
  if (error) throw error;
  if (!out) throw new Error("aws-kinesis-agg returned nothing");
  return out.map((r) => ({
    partitionKey: r.partitionKey,
    ...(r.explicitPartitionKey === undefined ? {} : { explicitHashKey: r.explicitPartitionKey }),
    data: Buffer.from(r.data, "base64"),
  }));
}

/** aws-kinesis-agg's aggregation of all `records` into one Kinesis record. */
function libAggregate(records: readonly UserRecord[]): Uint8Array {
  // biome-ignore lint/suspicious/noExplicitAny: see above
  const aggregator = new (agg as any).RecordAggregator();
  for (const r of records) {
    aggregator.addUserRecord({
      partitionKey: r.partitionKey,
      ...(r.explicitHashKey === undefined ? {} : { explicitHashKey: r.explicitHashKey }),
      data: Buffer.from(r.data),
    });
  }
  return aggregator.build().data as Buffer;
}

const norm = (rs: readonly UserRecord[]) =>
  rs.map((r) => ({ partitionKey: r.partitionKey, explicitHashKey: r.explicitHashKey, data: Buffer.from(r.data).toString("hex") }));

/**
 * What aws-kinesis-agg's reader can give back: protobufjs decodes an absent explicit_hash_key_index as 0, so a
 * record without a hash key, in an aggregate whose hash-key table is not empty, comes back with the table's first
 * entry (a quirk of the library, not of the bytes: tspark's reader returns no hash key there).
 */
const normForLib = (rs: readonly UserRecord[]) => {
  const firstHashKey = rs.find((r) => r.explicitHashKey !== undefined)?.explicitHashKey;
  return norm(rs.map((r) => (r.explicitHashKey === undefined && firstHashKey !== undefined ? { ...r, explicitHashKey: firstHashKey } : r)));
};

const rec = (partitionKey: string, data: string, explicitHashKey?: string): UserRecord =>
  explicitHashKey === undefined ? { partitionKey, data: Buffer.from(data) } : { partitionKey, explicitHashKey, data: Buffer.from(data) };

const oneShard = new ShardMap([{ shardId: "only", start: 0n, end: (1n << 128n) - 1n }]);

/** The sink's aggregate for `records` (one shard, so one entry when they fit). */
function sinkAggregate(records: readonly UserRecord[]): Uint8Array {
  const sinkRecords: SinkRecord[] = records.map((r, row) => ({ row, ...r }) as SinkRecord);
  const entries = toPutEntries(sinkRecords, oneShard, 1_000_000);
  expect(entries).toHaveLength(1);
  return entries[0]!.data;
}

const CASES: Record<string, UserRecord[]> = {
  "plain keys": [rec("a", "one"), rec("b", "two"), rec("a", "three")],
  "explicit hash keys, shared and missing": [
    rec("k1", "x", "0"),
    rec("k2", "y", "340282366920938463463374607431768211455"),
    rec("k3", "z", "0"),
    rec("k4", "no hash key"),
  ],
  "unicode keys and data": [rec("ключ-🔑", "ünïcödé ✓"), rec("キー", "データ"), rec("ключ-🔑", "again")],
  "empty data": [rec("a", ""), rec("b", "not empty"), rec("a", "")],
  "many records": Array.from({ length: 5000 }, (_, i) => rec(`device-${i % 97}`, JSON.stringify({ i, v: i * 3 }), i % 5 === 0 ? String(i) : undefined)),
};

describe("KPL aggregation agrees with aws-kinesis-agg", () => {
  for (const [name, records] of Object.entries(CASES)) {
    it(`${name}: tspark's aggregates de-aggregate with aws-kinesis-agg`, () => {
      expect(norm(libDeaggregate(aggregate(records)))).toEqual(normForLib(records));
      expect(norm(libDeaggregate(sinkAggregate(records)))).toEqual(normForLib(records));
    });

    it(`${name}: aws-kinesis-agg's aggregates de-aggregate with tspark`, () => {
      // aws-kinesis-agg refuses empty data as a string but takes it as a Buffer; every case goes through.
      const theirs = libAggregate(records);
      expect(norm(deaggregate(theirs) ?? [])).toEqual(norm(records));
    });
  }

  it("produces byte-identical aggregates for the same records (same tables, same order, same MD5)", () => {
    for (const records of Object.values(CASES)) {
      const ours = Buffer.from(aggregate(records));
      expect(Buffer.from(sinkAggregate(records)).equals(ours)).toBe(true);
      expect(Buffer.from(libAggregate(records)).equals(ours)).toBe(true);
    }
  });

  it("the MD5 trailer is checked by both: a flipped byte is rejected by aws-kinesis-agg and kept whole by tspark", () => {
    const good = Buffer.from(aggregate(CASES["plain keys"]!));
    const proto = good.subarray(KPL_MAGIC.length, good.length - 16);
    expect(good.subarray(good.length - 16).equals(createHash("md5").update(proto).digest())).toBe(true);
    const bad = Buffer.from(good);
    bad[bad.length - 17]! ^= 0xff; // last byte of the last record's data: the protobuf still parses
    expect(() => libDeaggregate(bad)).toThrow(/checksum/);
    // tspark (like the KCL) delivers a record whose aggregate is corrupt as one plain record: null = not an aggregate.
    expect(deaggregate(bad)).toBeNull();
    const badMd5 = Buffer.from(good);
    badMd5[badMd5.length - 1]! ^= 0x01;
    expect(() => libDeaggregate(badMd5)).toThrow(/checksum/);
    expect(deaggregate(badMd5)).toBeNull();
  });

  it("digit-only partition keys: tspark keeps insertion order in the key table, aws-kinesis-agg does not", () => {
    // aws-kinesis-agg builds its key table with Object.keys, which lists integer-like keys first in numeric order,
    // so its indexes no longer match the table. tspark's aggregates of such keys still read back right with the
    // library, because the reader side of the library is table-order agnostic.
    const records = [rec("b", "1"), rec("10", "2"), rec("2", "3"), rec("b", "4")];
    expect(norm(libDeaggregate(aggregate(records)))).toEqual(norm(records));
    expect(norm(deaggregate(aggregate(records)) ?? [])).toEqual(norm(records));
    const theirs = deaggregate(libAggregate(records)) ?? [];
    expect(theirs.map((r) => r.partitionKey)).not.toEqual(records.map((r) => r.partitionKey));
  });
});
