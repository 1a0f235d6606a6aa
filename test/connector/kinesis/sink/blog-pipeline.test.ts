/**
 * The blog's full pipeline through the engine: source stream -> cast(data as STRING) -> from_json -> events.* ->
 * CAST(id AS STRING) AS partitionKey, data, date -> aws-kinesis sink stream, with the checkpoint in DynamoDB as in
 * the post. Then a stop, more input, and a restart on the same checkpoint: the sink stream ends up with every event
 * exactly once, with the right partition key and data, on the shard its key hashes to.
 */
import type { KinesisClient } from "@aws-sdk/client-kinesis";
import { PutRecordsCommand } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import "../../../../src/connector/register";
import type { DataFrame } from "../../../../src/engine/api/data-frame";
import { DataStreamReader } from "../../../../src/engine/api/data-stream-reader";
import { DataStreamWriter } from "../../../../src/engine/api/data-stream-writer";
import type { StreamingQuery } from "../../../../src/engine/api/streaming-query";
import type { StreamingFrame } from "../../../../src/engine/exec/streaming-context";
import { from_json } from "../../../../src/engine/functions";
import { SparkSession } from "../../../../src/engine/session";
import { LongType, StringType, TimestampType } from "../../../../src/engine/types/data-types";
import { StructType } from "../../../../src/engine/types/struct-type";
import { DynamoDBCheckpointStore } from "../../../../src/connector/checkpoint/dynamodb-store";
import { createDynamoDBClientFor } from "../../../../src/connector/checkpoint/store-clients";
import { hashKeyOf } from "../../../../src/connector/kinesis/sink/shard-map";
import { type StoreServices, startStoreServices, uniqueName } from "../../checkpoint/services";
import { createStream, kinesisEndpoint, listShards, readAll, sortedPairs, stopKinesis, testClient } from "./fixture";

let services: StoreServices;
let url: string;
let client: KinesisClient;

beforeAll(async () => {
  services = await startStoreServices();
  url = await kinesisEndpoint();
  client = testClient(url);
});
afterAll(async () => {
  client?.destroy();
  await stopKinesis();
  await services?.stop();
});

const spark = SparkSession.builder.getOrCreate();
spark.conf.set("spark.sql.session.timeZone", "UTC");

const COUNTRIES = ["Spain", "Portugal", "Finland", "France"];
/** What the Kinesis Data Generator template of the post writes. */
const event = (i: number) =>
  JSON.stringify({ id: i, data: COUNTRIES[i % 4], date: `2024-05-0${1 + (i % 9)} 1${i % 10}:0${i % 6}:00` });

async function putEvents(stream: string, from: number, to: number): Promise<void> {
  const Records = [];
  for (let i = from; i < to; i++) Records.push({ PartitionKey: `pk-${i % 5}`, Data: Buffer.from(event(i)) });
  const out = await client.send(new PutRecordsCommand({ StreamName: stream, Records }));
  expect(out.FailedRecordCount ?? 0).toBe(0);
}

const pythonSchema = new StructType().add("id", new LongType()).add("data", new StringType()).add("date", new TimestampType());

const common = () => ({
  "kinesis.region": "us-east-1",
  "kinesis.endpointUrl": url,
  "kinesis.awsAccessKeyId": "AKIDLOCAL",
  "kinesis.awsSecretKey": "local-secret",
});

function startPipeline(source: string, sink: string, checkpoint: string): Promise<StreamingQuery> {
  let reader = new DataStreamReader(spark).format("aws-kinesis");
  for (const [k, v] of Object.entries({ ...common(), "kinesis.streamName": source, "kinesis.consumerType": "GetRecords", "kinesis.startingposition": "TRIM_HORIZON" })) {
    reader = reader.option(k, v);
  }
  const events = (reader.load() as DataFrame)
    .selectExpr("cast (data as STRING) jsonData")
    .select(from_json("jsonData", pythonSchema).alias("events"))
    .select("events.*");
  const out = events.selectExpr("CAST(id AS STRING) as partitionKey", "data", "date");
  return new DataStreamWriter(out as unknown as StreamingFrame)
    .format("aws-kinesis")
    .outputMode("append")
    .options({ ...common(), "kinesis.streamName": sink, "kinesis.dynamodb.endpointUrl": services.dynamodb.endpoint! })
    .option("checkpointLocation", checkpoint)
    .start();
}

async function waitForSink(stream: string, n: number): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if ((await readAll(client, stream)).records.length >= n) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}

const expected = (n: number) => Array.from({ length: n }, (_, i) => ({ partitionKey: String(i), data: COUNTRIES[i % 4]! }));

describe("the blog's pipeline: Kinesis -> from_json -> Kinesis, checkpoint in DynamoDB", () => {
  it("delivers every event once with its partition key and data, across a restart", async () => {
    const source = await createStream(client, 2, "blog-src");
    const sink = await createStream(client, 3, "blog-sink");
    const checkpoint = `dynamodb://${uniqueName("blog-cp")}/kinesisCheckpoint`;
    await putEvents(source, 0, 20);

    let q = await startPipeline(source, sink, checkpoint);
    await waitForSink(sink, 20);
    await q.stop();
    expect(q.exception).toBeNull();
    expect(sortedPairs((await readAll(client, sink)).records)).toEqual(sortedPairs(expected(20)));

    await putEvents(source, 20, 32);
    q = await startPipeline(source, sink, checkpoint);
    await waitForSink(sink, 32);
    await q.stop();
    expect(q.exception).toBeNull();

    const { records } = await readAll(client, sink);
    expect(sortedPairs(records)).toEqual(sortedPairs(expected(32)));
    // The checkpoint really is in DynamoDB: the engine's logs and the sink's ledger.
    const store = await DynamoDBCheckpointStore.open(checkpoint, createDynamoDBClientFor(services.dynamodb));
    expect(await store.list("")).toEqual(expect.arrayContaining(["commits", "metadata", "offsets", "sinks"]));
    expect((await store.list("sinks/0/committed")).length).toBeGreaterThanOrEqual(2);
    const shards = await listShards(client, sink);
    for (const r of records) {
      const h = hashKeyOf(r.partitionKey);
      const shard = shards.find((s) => BigInt(s.HashKeyRange!.StartingHashKey!) <= h && h <= BigInt(s.HashKeyRange!.EndingHashKey!));
      expect(r.shardId).toBe(shard?.ShardId);
    }
  });
});
