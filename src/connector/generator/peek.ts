import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  type KinesisClient,
  ListShardsCommand,
  type ShardIteratorType,
} from "@aws-sdk/client-kinesis";
import Table from "cli-table3";
import { createKinesisClient } from "../aws/clients";
import type { AwsConnection } from "../aws/connection";
import { deaggregate, isAggregated } from "../kinesis/kpl/aggregate";

export interface PeekOptions {
  shardId?: string;
  /** LATEST | TRIM_HORIZON | "AT_TIMESTAMP <iso>" (default TRIM_HORIZON, as the console's "Trim horizon"). */
  from?: string;
  /** Records to show at most (default 20). */
  n?: number;
}

export interface PeekedRecord {
  shardId: string;
  sequenceNumber: string;
  partitionKey: string;
  arrival: Date | undefined;
  data: Uint8Array;
}

function startOf(from: string | undefined): { type: ShardIteratorType; timestamp?: Date } {
  const f = (from ?? "TRIM_HORIZON").trim();
  const upper = f.toUpperCase();
  if (upper === "LATEST" || upper === "TRIM_HORIZON") return { type: upper };
  if (upper.startsWith("AT_TIMESTAMP")) {
    const ts = new Date(f.slice("AT_TIMESTAMP".length).trim());
    if (Number.isNaN(ts.getTime())) throw new Error(`--from AT_TIMESTAMP needs an ISO time, e.g. AT_TIMESTAMP 2026-11-23T10:00:00Z`);
    return { type: "AT_TIMESTAMP", timestamp: ts };
  }
  throw new Error(`--from must be LATEST, TRIM_HORIZON or "AT_TIMESTAMP <iso>", not '${f}'`);
}

/** Records of a stream as the AWS console's Data viewer fetches them: per shard, from a starting position. */
export async function peekRecords(conn: AwsConnection, stream: string, opts: PeekOptions = {}, client?: KinesisClient): Promise<PeekedRecord[]> {
  const k = client ?? createKinesisClient(conn);
  const n = opts.n ?? 20;
  const start = startOf(opts.from);
  const out: PeekedRecord[] = [];
  try {
    const shards = opts.shardId
      ? [opts.shardId]
      : ((await k.send(new ListShardsCommand({ StreamName: stream }))).Shards ?? []).map((s) => s.ShardId!);
    for (const shardId of shards) {
      if (out.length >= n) break;
      const it = await k.send(
        new GetShardIteratorCommand({ StreamName: stream, ShardId: shardId, ShardIteratorType: start.type, Timestamp: start.timestamp }),
      );
      let iterator = it.ShardIterator;
      for (let i = 0; i < 50 && iterator && out.length < n; i++) {
        const r = await k.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: n - out.length }));
        for (const rec of r.Records ?? []) {
          const data = rec.Data ?? new Uint8Array();
          // The aws-kinesis sink writes KPL aggregates by default: show the user records inside, as KCL would.
          const users = isAggregated(data) ? (deaggregate(data) ?? []) : [{ partitionKey: rec.PartitionKey ?? "", data }];
          users.forEach((u, i) => {
            out.push({
              shardId,
              sequenceNumber: users.length > 1 ? `${rec.SequenceNumber ?? ""}/${i}` : (rec.SequenceNumber ?? ""),
              partitionKey: u.partitionKey,
              arrival: rec.ApproximateArrivalTimestamp,
              data: u.data,
            });
          });
        }
        if (!r.Records?.length && (r.MillisBehindLatest ?? 0) === 0) break;
        iterator = r.NextShardIterator;
      }
    }
  } finally {
    if (!client) k.destroy();
  }
  return out.slice(0, n);
}

/** UTF-8 text (pretty if JSON) when the bytes are valid UTF-8 without control characters, base64 otherwise. */
export function decodeData(data: Uint8Array): { kind: "json" | "text" | "base64"; text: string } {
  const text = Buffer.from(data).toString("utf8");
  const valid = Buffer.from(text, "utf8").equals(Buffer.from(data)) && !/[\u0000-\u0008\u000e-\u001f]/.test(text);
  if (!valid) return { kind: "base64", text: Buffer.from(data).toString("base64") };
  try {
    return { kind: "json", text: JSON.stringify(JSON.parse(text)) };
  } catch {
    return { kind: "text", text };
  }
}

/** `width`: the terminal's columns; the Data column takes what the fixed columns leave (at least 24). */
export function formatPeek(records: readonly PeekedRecord[], width = process.stdout.columns ?? 160): string {
  if (!records.length) return "No records found (try --from TRIM_HORIZON, or another shard).";
  const table = new Table({ head: ["Shard", "Partition key", "Sequence number", "Approximate arrival", "Data"], wordWrap: true, wrapOnWordBoundary: false, colWidths: [22, 15, 60, 26, Math.max(24, width - 22 - 15 - 60 - 26 - 6)], style: { head: [], border: [] } });
  for (const r of records) {
    const d = decodeData(r.data);
    table.push([r.shardId, r.partitionKey, r.sequenceNumber, r.arrival?.toISOString() ?? "", d.kind === "base64" ? `(base64) ${d.text}` : d.text]);
  }
  return `${table.toString()}\n${records.length} record(s)`;
}
