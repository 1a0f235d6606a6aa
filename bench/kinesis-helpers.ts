/** Stream set-up and the tspark query runner the Kinesis benchmarks share. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CreateStreamCommand, DescribeStreamSummaryCommand, type KinesisClient, PutRecordsCommand } from "@aws-sdk/client-kinesis";
import "../src/connector/register";
import type { DataFrame } from "../src/engine/api/data-frame";
import { SparkSession } from "../src/engine/session";

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function createStream(k: KinesisClient, name: string, shards: number): Promise<void> {
  await k.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
  for (let i = 0; i < 600; i++) {
    const d = await k.send(new DescribeStreamSummaryCommand({ StreamName: name }));
    if (d.StreamDescriptionSummary?.StreamStatus === "ACTIVE") return;
    await sleep(100);
  }
  throw new Error(`${name} not ACTIVE`);
}

export async function preload(k: KinesisClient, name: string, count: number, payload = (i: number) => `{"id": ${i % 101}, "data": "Spain", "n": ${i}}`): Promise<void> {
  const parallel = 4;
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const start = next;
      const n = Math.min(500, count - start);
      next += n;
      const records = Array.from({ length: n }, (_, j) => ({ Data: Buffer.from(payload(start + j)), PartitionKey: `pk-${start + j}` }));
      let pending = records;
      while (pending.length) {
        const out = await k.send(new PutRecordsCommand({ StreamName: name, Records: pending }));
        pending = pending.filter((_, idx) => out.Records?.[idx]?.ErrorCode);
      }
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}

export function spark(): SparkSession {
  return SparkSession.builder.getOrCreate();
}

export function tempCheckpoint(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "tspark-bench-cp-"));
}

/** Reads the whole stream with Trigger.AvailableNow into a counting no-op sink; returns rows seen. */
export async function readAllWithTspark(stream: string, extra: Record<string, string> = {}): Promise<{ rows: number; batches: number }> {
  const df = spark()
    .readStream.format("aws-kinesis")
    .option("kinesis.streamName", stream)
    .option("kinesis.startingPosition", "TRIM_HORIZON")
    .options(extra)
    .load() as DataFrame;
  let rows = 0;
  const q = await df.writeStream
    .trigger({ availableNow: true })
    .option("checkpointLocation", tempCheckpoint())
    .foreachBatch(async (b: unknown) => {
      const batch = b as DataFrame;
      rows += batch.count();
    })
    .start();
  await q.awaitTermination();
  return { rows, batches: q.recentProgress.length };
}
