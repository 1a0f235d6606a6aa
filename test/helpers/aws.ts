import { CreateBucketCommand } from "@aws-sdk/client-s3";
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListShardsCommand,
  PutRecordsCommand,
} from "@aws-sdk/client-kinesis";
import { createKinesisClient, createS3Client } from "../../src/connector/aws/clients";
import { type AwsConnection, LOCAL_CREDENTIALS, LOCAL_REGION } from "../../src/connector/aws/connection";

/** Connections to the services the global set-up started (see global-setup.ts). */
export function testConnection(backend: "kinesis-local" | "kinesalite" = "kinesis-local"): AwsConnection {
  const need = (name: string): string => {
    const v = process.env[name];
    if (!v) throw new Error(`${name} is not set: run the tests through vitest (test/helpers/global-setup.ts starts the services)`);
    return v;
  };
  return {
    region: LOCAL_REGION,
    kinesisEndpoint: need(backend === "kinesalite" ? "TSPARK_TEST_KINESALITE_ENDPOINT" : "TSPARK_TEST_KINESIS_ENDPOINT"),
    dynamodbEndpoint: need("TSPARK_TEST_DYNAMODB_ENDPOINT"),
    s3Endpoint: need("TSPARK_TEST_S3_ENDPOINT"),
    credentials: { ...LOCAL_CREDENTIALS },
    local: true,
    kinesisBackend: backend,
  };
}

let counter = 0;
/** Unique per test process and call, valid as a stream, table or (lower-cased) bucket name. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter++}`.toLowerCase();
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function createTestStream(conn: AwsConnection, name: string, shardCount: number): Promise<void> {
  const client = createKinesisClient(conn);
  try {
    await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: shardCount }));
    for (let i = 0; i < 200; i++) {
      const d = await client.send(new DescribeStreamSummaryCommand({ StreamName: name }));
      if (d.StreamDescriptionSummary?.StreamStatus === "ACTIVE") return;
      await sleep(50);
    }
    throw new Error(`stream ${name} did not become ACTIVE`);
  } finally {
    client.destroy();
  }
}

export async function createTestBucket(conn: AwsConnection, name: string): Promise<void> {
  const s3 = createS3Client(conn);
  try {
    await s3.send(new CreateBucketCommand({ Bucket: name }));
  } finally {
    s3.destroy();
  }
}

export async function putTestRecords(
  conn: AwsConnection,
  stream: string,
  records: Array<{ data: string | Uint8Array; partitionKey: string }>,
): Promise<void> {
  const client = createKinesisClient(conn);
  try {
    for (let i = 0; i < records.length; i += 500) {
      const chunk = records.slice(i, i + 500);
      const out = await client.send(
        new PutRecordsCommand({
          StreamName: stream,
          Records: chunk.map((r) => ({
            Data: typeof r.data === "string" ? Buffer.from(r.data) : r.data,
            PartitionKey: r.partitionKey,
          })),
        }),
      );
      if (out.FailedRecordCount) throw new Error(`${out.FailedRecordCount} records failed`);
    }
  } finally {
    client.destroy();
  }
}

/** Every record of every shard from TRIM_HORIZON, as UTF-8 text with its shard and partition key. */
export async function readAllRecords(
  conn: AwsConnection,
  stream: string,
): Promise<Array<{ shardId: string; partitionKey: string; data: string; sequenceNumber: string }>> {
  const client = createKinesisClient(conn);
  const out: Array<{ shardId: string; partitionKey: string; data: string; sequenceNumber: string }> = [];
  try {
    const shards = await client.send(new ListShardsCommand({ StreamName: stream }));
    for (const shard of shards.Shards ?? []) {
      const it = await client.send(
        new GetShardIteratorCommand({ StreamName: stream, ShardId: shard.ShardId!, ShardIteratorType: "TRIM_HORIZON" }),
      );
      let iterator = it.ShardIterator;
      for (let i = 0; i < 1000 && iterator; i++) {
        const r = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10000 }));
        for (const rec of r.Records ?? []) {
          out.push({
            shardId: shard.ShardId!,
            partitionKey: rec.PartitionKey!,
            data: Buffer.from(rec.Data!).toString("utf8"),
            sequenceNumber: rec.SequenceNumber!,
          });
        }
        if (!r.Records?.length && (r.MillisBehindLatest ?? 0) === 0) break;
        iterator = r.NextShardIterator;
      }
    }
  } finally {
    client.destroy();
  }
  return out;
}
