/**
 * The blog's query end to end through the engine: aws-kinesis -> cast(data as STRING) -> from_json -> events.*,
 * with both consumer types, then a restart on the checkpoint that continues without loss or repeat.
 */
import { promises as fs } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import "../../../../src/connector/register";
import type { DataFrame } from "../../../../src/engine/api/data-frame";
import { DataStreamReader } from "../../../../src/engine/api/data-stream-reader";
import { DataStreamWriter } from "../../../../src/engine/api/data-stream-writer";
import { StreamingQueryManager } from "../../../../src/engine/api/query-manager";
import type { StreamingFrame } from "../../../../src/engine/exec/streaming-context";
import { from_json } from "../../../../src/engine/functions";
import { SparkSession } from "../../../../src/engine/session";
import { LongType, StringType, TimestampType } from "../../../../src/engine/types/data-types";
import { StructType } from "../../../../src/engine/types/struct-type";
import { createStream, deleteCreatedStreams, kinesisEndpoint, put, testClient, uniqueName } from "./fixture";

const client = testClient();
afterAll(async () => {
  await deleteCreatedStreams();
  client.destroy();
});

const spark = SparkSession.builder.getOrCreate();
// session.streams loads the query manager with require(), which vitest cannot resolve for .ts files: hand it over.
(spark as unknown as { streamsCache: unknown }).streamsCache ??= new StreamingQueryManager(spark);
spark.conf.set("spark.sql.session.timeZone", "UTC");

const COUNTRIES = ["Spain", "Portugal", "Finland", "France"];
/** Records as the Kinesis Data Generator template of the blog writes them. */
function events(from: number, to: number): { pk: string; data: string }[] {
  const out = [];
  for (let i = from; i < to; i++) {
    const date = `2024-05-0${1 + (i % 9)} 1${i % 10}:0${i % 6}:00`;
    out.push({ pk: `pk-${i % 5}`, data: JSON.stringify({ id: i, data: COUNTRIES[i % 4], date }) });
  }
  return out;
}

const pythonSchema = new StructType().add("id", new LongType()).add("data", new StringType()).add("date", new TimestampType());

function blogQuery(stream: string, consumer: string, consumerName: string): DataFrame {
  const kinesis = new DataStreamReader(spark)
    .format("aws-kinesis")
    .option("kinesis.region", "us-east-1")
    .option("kinesis.streamName", stream)
    .option("kinesis.consumerType", consumer)
    .option("kinesis.consumerName", consumerName)
    .option("kinesis.endpointUrl", kinesisEndpoint())
    .option("kinesis.awsAccessKeyId", "AKIDLOCAL")
    .option("kinesis.awsSecretKey", "local-secret")
    .option("kinesis.startingposition", "TRIM_HORIZON")
    .load() as DataFrame;
  return kinesis
    .selectExpr("cast (data as STRING) jsonData")
    .select(from_json("jsonData", pythonSchema).alias("events"))
    .select("events.*");
}

describe.each(["GetRecords", "SubscribeToShard"])("the blog's query with %s", (consumer) => {
  it("turns Kinesis JSON records into typed rows and resumes from the checkpoint", async () => {
    const stream = await createStream(client, 2);
    await put(client, stream, events(0, 12));
    const checkpoint = await fs.mkdtemp(path.join(tmpdir(), "tspark-blog-"));
    const consumerName = uniqueName("blog");
    const seen: unknown[][] = [];
    const start = () =>
      new DataStreamWriter(blogQuery(stream, consumer, consumerName) as unknown as StreamingFrame)
        .foreachBatch(async (batch) => {
          for (const r of await (batch as DataFrame).collectValues()) seen.push(r as unknown[]);
        })
        .option("checkpointLocation", checkpoint)
        .start();
    const waitFor = async (n: number) => {
      for (let i = 0; i < 300 && seen.length < n; i++) await new Promise((r) => setTimeout(r, 50));
    };

    let q = await start();
    await waitFor(12);
    await q.stop();
    await put(client, stream, events(12, 20));
    q = await start();
    await waitFor(20);
    await q.stop();

    expect(seen.length).toBe(20);
    const byId = new Map(seen.map((r) => [r[0], r]));
    expect(byId.size).toBe(20);
    expect(byId.get(5n)).toEqual([5n, "Portugal", BigInt(Date.UTC(2024, 4, 6, 15, 5)) * 1000n]);
    expect(byId.get(19n)?.[1]).toBe("France");
  });
});
