/**
 * From user records to PutRecords entries, with or without KPL aggregation.
 *
 * Aggregation packs consecutive user records bound for the same shard into one Kinesis record in the KPL format
 * (kpl/aggregate.ts), up to the KPL's default AggregationMaxSize of 51,200 bytes; a record alone in its aggregate,
 * or larger than that, is sent as a plain record (as the KPL does). The aggregate carries the first record's
 * partition key and, as explicit hash key, the first record's hash key, so it lands in that shard; de-aggregating
 * readers (the KCL, tspark's source, the connector) get every user record back with its own partition key.
 * Order per shard is kept.
 */
import { createHash } from "node:crypto";
import { KPL_MAGIC } from "../kpl/aggregate";
import type { SinkRecord } from "./sink-records";
import { hashKeyOf, type ShardMap } from "./shard-map";

/** One PutRecords entry and the input rows it carries. */
export interface PutEntry {
  readonly partitionKey: string;
  readonly explicitHashKey?: string;
  readonly data: Uint8Array;
  readonly rows: readonly number[];
  /** Bytes Kinesis counts against the record and request limits: data + partition key. */
  readonly size: number;
  /** User records inside (1 when not aggregated). */
  readonly userRecords: number;
}

/** KPL's default AggregationMaxSize. */
export const AGGREGATION_MAX_BYTES = 51_200;
const MAGIC_AND_MD5 = 4 + 16;

export function plainEntry(r: SinkRecord): PutEntry {
  const size = r.data.byteLength + Buffer.byteLength(r.partitionKey, "utf8");
  return r.explicitHashKey === undefined
    ? { partitionKey: r.partitionKey, data: r.data, rows: [r.row], size, userRecords: 1 }
    : { partitionKey: r.partitionKey, explicitHashKey: r.explicitHashKey, data: r.data, rows: [r.row], size, userRecords: 1 };
}

export function varintLength(n: number): number {
  let len = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 128);
    len++;
  }
  return len;
}

/** Bytes of a length-delimited field with a one-byte tag. */
function fieldLength(len: number): number {
  return 1 + varintLength(len) + len;
}

function writeVarint(buf: Buffer, pos: number, n: number): number {
  while (n >= 0x80) {
    buf[pos++] = (n % 128) | 0x80;
    n = Math.floor(n / 128);
  }
  buf[pos++] = n;
  return pos;
}

/**
 * Incremental size of an aggregate being filled, and its encoding straight into one buffer of that size: the same
 * bytes as kpl/aggregate.ts's `aggregate` (a unit test compares them), without its per-field allocations, which
 * cost ~4 µs per record in a 100k-row batch.
 */
class AggregateBuilder {
  readonly records: SinkRecord[] = [];
  private readonly keys = new Map<string, number>();
  private readonly hashKeys = new Map<string, number>();
  private protoBytes = 0;

  private encode(): Uint8Array {
    const buf = Buffer.allocUnsafe(MAGIC_AND_MD5 + this.protoBytes);
    buf.set(KPL_MAGIC, 0);
    let pos = KPL_MAGIC.length;
    const writeString = (field: number, text: string) => {
      buf[pos++] = (field << 3) | 2;
      pos = writeVarint(buf, pos, Buffer.byteLength(text, "utf8"));
      pos += buf.write(text, pos, "utf8");
    };
    for (const k of this.keys.keys()) writeString(1, k);
    for (const h of this.hashKeys.keys()) writeString(2, h);
    for (const r of this.records) {
      const pkIndex = this.keys.get(r.partitionKey)!;
      const ehkIndex = r.explicitHashKey === undefined ? undefined : this.hashKeys.get(r.explicitHashKey)!;
      const recordLength =
        1 + varintLength(pkIndex) + (ehkIndex === undefined ? 0 : 1 + varintLength(ehkIndex)) + fieldLength(r.data.byteLength);
      buf[pos++] = (3 << 3) | 2;
      pos = writeVarint(buf, pos, recordLength);
      buf[pos++] = 1 << 3;
      pos = writeVarint(buf, pos, pkIndex);
      if (ehkIndex !== undefined) {
        buf[pos++] = 2 << 3;
        pos = writeVarint(buf, pos, ehkIndex);
      }
      buf[pos++] = (3 << 3) | 2;
      pos = writeVarint(buf, pos, r.data.byteLength);
      buf.set(r.data, pos);
      pos += r.data.byteLength;
    }
    const md5 = createHash("md5").update(buf.subarray(KPL_MAGIC.length, pos)).digest();
    md5.copy(buf, pos);
    return buf;
  }

  /** Aggregate size (data + the aggregate's partition key) if `r` were added. */
  sizeWith(r: SinkRecord): number {
    return MAGIC_AND_MD5 + this.protoBytes + this.delta(r) + Buffer.byteLength(this.records[0]?.partitionKey ?? r.partitionKey, "utf8");
  }

  private delta(r: SinkRecord): number {
    let d = 0;
    let pkIndex = this.keys.get(r.partitionKey);
    if (pkIndex === undefined) {
      pkIndex = this.keys.size;
      d += fieldLength(Buffer.byteLength(r.partitionKey, "utf8"));
    }
    let recordLength = 1 + varintLength(pkIndex) + fieldLength(r.data.byteLength);
    if (r.explicitHashKey !== undefined) {
      let ehkIndex = this.hashKeys.get(r.explicitHashKey);
      if (ehkIndex === undefined) {
        ehkIndex = this.hashKeys.size;
        d += fieldLength(Buffer.byteLength(r.explicitHashKey, "utf8"));
      }
      recordLength += 1 + varintLength(ehkIndex);
    }
    return d + fieldLength(recordLength);
  }

  add(r: SinkRecord): void {
    this.protoBytes += this.delta(r);
    if (!this.keys.has(r.partitionKey)) this.keys.set(r.partitionKey, this.keys.size);
    if (r.explicitHashKey !== undefined && !this.hashKeys.has(r.explicitHashKey)) {
      this.hashKeys.set(r.explicitHashKey, this.hashKeys.size);
    }
    this.records.push(r);
  }

  toEntry(): PutEntry {
    if (this.records.length === 1) return plainEntry(this.records[0]!);
    const first = this.records[0]!;
    const data = this.encode();
    return {
      partitionKey: first.partitionKey,
      explicitHashKey: hashKeyOf(first.partitionKey, first.explicitHashKey).toString(),
      data,
      rows: this.records.map((r) => r.row),
      size: data.byteLength + Buffer.byteLength(first.partitionKey, "utf8"),
      userRecords: this.records.length,
    };
  }
}

/**
 * Entries for `records`. Without a shard map (aggregation off) every record is its own entry. With one, records
 * are grouped by shard and packed into aggregates of at most `maxAggregateBytes` (never more than the record limit).
 */
export function toPutEntries(
  records: readonly SinkRecord[],
  shardMap: ShardMap | undefined,
  maxAggregateBytes = AGGREGATION_MAX_BYTES,
): PutEntry[] {
  if (shardMap === undefined) return records.map(plainEntry);
  const open = new Map<string, AggregateBuilder>();
  const out: PutEntry[] = [];
  // Partition keys repeat a lot (device ids, user ids): hash each distinct key once.
  const shardOfKey = new Map<string, string>();
  for (const r of records) {
    let shard: string | undefined;
    if (r.explicitHashKey === undefined) {
      shard = shardOfKey.get(r.partitionKey);
      if (shard === undefined) {
        shard = shardMap.shardFor(hashKeyOf(r.partitionKey)) ?? "?";
        shardOfKey.set(r.partitionKey, shard);
      }
    } else {
      shard = shardMap.shardFor(hashKeyOf(r.partitionKey, r.explicitHashKey)) ?? "?";
    }
    let builder = open.get(shard);
    if (builder !== undefined && builder.records.length > 0 && builder.sizeWith(r) > maxAggregateBytes) {
      out.push(builder.toEntry());
      builder = undefined;
    }
    if (builder === undefined) {
      builder = new AggregateBuilder();
      open.set(shard, builder);
    }
    builder.add(r);
  }
  for (const b of open.values()) if (b.records.length > 0) out.push(b.toEntry());
  return out;
}
