/**
 * KPL aggregated-record format (what the Kinesis Producer Library and aws-kinesis-agg write):
 *
 *   magic F3 89 9A C2 | protobuf AggregatedRecord | MD5(protobuf) (16 bytes)
 *
 *   message AggregatedRecord { repeated string partition_key_table = 1; repeated string explicit_hash_key_table = 2;
 *                              repeated Record records = 3; }
 *   message Record { required uint64 partition_key_index = 1; optional uint64 explicit_hash_key_index = 2;
 *                    required bytes data = 3; repeated Tag tags = 4; }
 */
import { createHash } from "node:crypto";
import { ProtoReader, ProtoWriter, WIRE_LEN, WIRE_VARINT } from "./protobuf";

export const KPL_MAGIC = Uint8Array.from([0xf3, 0x89, 0x9a, 0xc2]);
const MD5_LENGTH = 16;

export interface UserRecord {
  readonly partitionKey: string;
  readonly explicitHashKey?: string;
  readonly data: Uint8Array;
}

/** Encode user records into one aggregated Kinesis record payload. */
export function aggregate(records: readonly UserRecord[]): Uint8Array {
  const keys: string[] = [];
  const keyIndex = new Map<string, number>();
  const hashKeys: string[] = [];
  const hashKeyIndex = new Map<string, number>();
  const indexOf = (table: string[], index: Map<string, number>, value: string) => {
    let i = index.get(value);
    if (i === undefined) {
      i = table.length;
      table.push(value);
      index.set(value, i);
    }
    return i;
  };
  const encodedRecords = records.map((r) => {
    const w = new ProtoWriter().uint64Field(1, indexOf(keys, keyIndex, r.partitionKey));
    if (r.explicitHashKey !== undefined) w.uint64Field(2, indexOf(hashKeys, hashKeyIndex, r.explicitHashKey));
    return w.bytesField(3, r.data).finish();
  });
  const body = new ProtoWriter();
  for (const k of keys) body.stringField(1, k);
  for (const h of hashKeys) body.stringField(2, h);
  for (const r of encodedRecords) body.bytesField(3, r);
  const proto = body.finish();
  const md5 = createHash("md5").update(proto).digest();
  return Buffer.concat([KPL_MAGIC, proto, md5]);
}

/** Size in bytes `aggregate` would produce (for the sink's batching decisions). */
export function aggregatedSize(records: readonly UserRecord[]): number {
  return aggregate(records).length;
}

export function isAggregated(data: Uint8Array): boolean {
  if (data.length < KPL_MAGIC.length + MD5_LENGTH) return false;
  for (let i = 0; i < KPL_MAGIC.length; i++) if (data[i] !== KPL_MAGIC[i]) return false;
  return true;
}

/**
 * User records inside `data`, or null when `data` is not a valid aggregate (wrong magic, bad MD5, bad protobuf):
 * like the KCL, such a record is then delivered as one plain record instead of failing the query.
 */
export function deaggregate(data: Uint8Array): UserRecord[] | null {
  if (!isAggregated(data)) return null;
  const proto = data.subarray(KPL_MAGIC.length, data.length - MD5_LENGTH);
  const digest = createHash("md5").update(proto).digest();
  const expected = data.subarray(data.length - MD5_LENGTH);
  if (!Buffer.from(expected).equals(digest)) return null;
  try {
    return decode(proto);
  } catch {
    return null;
  }
}

function decode(proto: Uint8Array): UserRecord[] {
  const keys: string[] = [];
  const hashKeys: string[] = [];
  const raw: { pk: number; ehk?: number; data: Uint8Array }[] = [];
  const r = new ProtoReader(proto);
  while (!r.done) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === WIRE_LEN) keys.push(r.string());
    else if (field === 2 && wire === WIRE_LEN) hashKeys.push(r.string());
    else if (field === 3 && wire === WIRE_LEN) raw.push(decodeRecord(r.bytes()));
    else r.skip(wire);
  }
  return raw.map((rec) => {
    const partitionKey = keys[rec.pk];
    if (partitionKey === undefined) throw new Error("partition key index out of range");
    const explicitHashKey = rec.ehk === undefined ? undefined : hashKeys[rec.ehk];
    return explicitHashKey === undefined ? { partitionKey, data: rec.data } : { partitionKey, explicitHashKey, data: rec.data };
  });
}

function decodeRecord(bytes: Uint8Array): { pk: number; ehk?: number; data: Uint8Array } {
  const r = new ProtoReader(bytes);
  let pk: number | undefined;
  let ehk: number | undefined;
  let data: Uint8Array | undefined;
  while (!r.done) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === WIRE_VARINT) pk = Number(r.varint());
    else if (field === 2 && wire === WIRE_VARINT) ehk = Number(r.varint());
    else if (field === 3 && wire === WIRE_LEN) data = r.bytes();
    else r.skip(wire); // tags (field 4) are not surfaced
  }
  if (pk === undefined || data === undefined) throw new Error("record without partition key index or data");
  return { pk, ehk, data };
}
