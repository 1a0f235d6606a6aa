/**
 * The source's shard-metadata committer on local files (HDFS type), S3 (HDFS type with an s3:// path) and DynamoDB:
 * first writer wins per (batch, shard), reads per batch, latest batch id, purge by retention.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createMetadataCommitter,
  createMetadataCommitterFromOptions,
  defaultMetadataTableName,
  minBatchesToRetain,
  parseMetadataCommitterType,
  purgeToRetain,
  type ShardMetadataCommitter,
} from "../../../src/connector/checkpoint/metadata-committer";
import { createDynamoDBClientFor } from "../../../src/connector/checkpoint/store-clients";
import { setLocalStoreDefaults } from "../../../src/connector/checkpoint/store-connection";
import { createBucket, type StoreServices, startStoreServices, uniqueName } from "./services";

let services: StoreServices;
const tempDirs: string[] = [];
const FAST_RETRY = { numRetries: 2, intervalMs: 10, maxIntervalMs: 50 };

beforeAll(async () => {
  services = await startStoreServices();
});
afterAll(async () => {
  setLocalStoreDefaults(undefined);
  await services?.stop();
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), "tspark-meta-"));
  tempDirs.push(d);
  return d;
}

const info = (shard: string, seq: string) =>
  JSON.stringify({ shardId: shard, iteratorType: "AFTER_SEQUENCE_NUMBER", iteratorPosition: seq, subSequenceNumber: -1, isLast: true });

type Kind = "HDFS local" | "HDFS s3" | "DYNAMODB";

async function newCommitter(kind: Kind): Promise<ShardMetadataCommitter> {
  const streamName = uniqueName("stream");
  if (kind === "HDFS local") {
    return createMetadataCommitter({ type: "HDFS", path: tempDir(), region: "us-east-1", streamName, connection: {} });
  }
  if (kind === "HDFS s3") {
    const bucket = await createBucket(services.s3);
    return createMetadataCommitter({
      type: "HDFS",
      path: `s3://${bucket}/cp/sources/0`,
      region: "us-east-1",
      streamName,
      connection: { s3: services.s3 },
      retry: FAST_RETRY,
    });
  }
  return createMetadataCommitter({
    type: "DYNAMODB",
    region: "us-east-1",
    streamName,
    connection: { dynamodb: services.dynamodb },
    retry: FAST_RETRY,
  });
}

describe.each<Kind>(["HDFS local", "HDFS s3", "DYNAMODB"])("shard-metadata committer, %s", (kind) => {
  it("records end positions per batch and shard; the first writer wins", async () => {
    const c = await newCommitter(kind);
    expect(await c.latestBatchId()).toBeUndefined();
    expect(await c.get(0)).toEqual(new Map());
    expect(await c.add(0, "shardId-000000000000", info("shardId-000000000000", "100"))).toBe(true);
    expect(await c.add(0, "shardId-000000000001", info("shardId-000000000001", "200"))).toBe(true);
    // A replayed task must not move a recorded end position.
    expect(await c.add(0, "shardId-000000000000", info("shardId-000000000000", "999"))).toBe(false);
    expect(await c.add(1, "shardId-000000000000", info("shardId-000000000000", "150"))).toBe(true);
    expect(await c.get(0)).toEqual(
      new Map([
        ["shardId-000000000000", info("shardId-000000000000", "100")],
        ["shardId-000000000001", info("shardId-000000000001", "200")],
      ]),
    );
    expect(await c.latestBatchId()).toBe(1);
  });

  it("purges old batches and keeps the last minBatchesToRetain", async () => {
    const c = await newCommitter(kind);
    for (let b = 0; b < 12; b++) await c.add(b, "shardId-000000000000", info("shardId-000000000000", String(b)));
    await c.purge(3);
    expect((await c.get(2)).size).toBe(0);
    expect((await c.get(3)).size).toBe(1);
    await purgeToRetain(c, 4);
    for (let b = 0; b < 8; b++) expect((await c.get(b)).size).toBe(0);
    for (let b = 8; b < 12; b++) expect((await c.get(b)).get("shardId-000000000000")).toBe(info("shardId-000000000000", String(b)));
    expect(await c.latestBatchId()).toBe(11);
  });

  // Not on s3rver: it ignores If-None-Match, so only a later (not a racing) second writer is refused there.
  it.runIf(kind !== "HDFS s3")("of two racing writers for one shard, exactly one wins", async () => {
    const c = await newCommitter(kind);
    const results = await Promise.all([1, 2, 3, 4].map((i) => c.add(5, "shardId-000000000003", info("s", String(i)))));
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});

describe("committer options", () => {
  it("parses kinesis.metadataCommitterType case-insensitively and rejects anything else", () => {
    expect(parseMetadataCommitterType(undefined)).toBe("HDFS");
    expect(parseMetadataCommitterType("hdfs")).toBe("HDFS");
    expect(parseMetadataCommitterType(" DynamoDB ")).toBe("DYNAMODB");
    expect(() => parseMetadataCommitterType("s3")).toThrow(/Unsupported committer type s3/);
  });

  it("names the DynamoDB table like the connector", () => {
    expect(defaultMetadataTableName("us-east-2", "orders")).toBe("kdsc_us-east-2_orders");
    expect(defaultMetadataTableName("us-east-2", "orders", "app1")).toBe("kdsc_us-east-2_orders_app1");
  });

  it("reads kinesis.minBatchesToRetain, else the session default", () => {
    expect(minBatchesToRetain(new Map())).toBe(100);
    expect(minBatchesToRetain(new Map(), 7)).toBe(7);
    expect(minBatchesToRetain(new Map([["KINESIS.minBatchesToRetain", "3"]]))).toBe(3);
    expect(() => minBatchesToRetain(new Map([["kinesis.minBatchesToRetain", "0"]]))).toThrow(/positive integer/);
  });

  it("builds a DYNAMODB committer from the source's options, creating the default table PAY_PER_REQUEST", async () => {
    setLocalStoreDefaults(services.defaults);
    const streamName = uniqueName("orders");
    const c = await createMetadataCommitterFromOptions(
      new Map([
        ["kinesis.metadataCommitterType", "dynamodb"],
        ["kinesis.region", "eu-west-1"],
        ["kinesis.metadataNumRetries", "1"],
      ]),
      { streamName, consumerName: "app" },
    );
    expect(c.description).toBe(`DynamoDB table kdsc_eu-west-1_${streamName}_app`);
    expect(await c.add(0, "shardId-000000000000", "{}")).toBe(true);
    const table = await createDynamoDBClientFor(services.dynamodb).send(
      new DescribeTableCommand({ TableName: `kdsc_eu-west-1_${streamName}_app` }),
    );
    expect(table.Table?.BillingModeSummary?.BillingMode).toBe("PAY_PER_REQUEST");
    expect(table.Table?.KeySchema).toEqual([
      { AttributeName: "metadataKey", KeyType: "HASH" },
      { AttributeName: "metadataSortKey", KeyType: "RANGE" },
    ]);
  });

  it("builds an HDFS committer under kinesis.metadataPath, or the checkpoint dir, in the connector's layout", async () => {
    const dir = tempDir();
    const c = await createMetadataCommitterFromOptions(new Map(), { checkpointDir: dir, streamName: "s" });
    await c.add(4, "shardId-000000000002", "{\"x\":1}");
    expect(readFileSync(path.join(dir, "shard-source", "4", "shardId-000000000002"), "utf8")).toBe("{\"x\":1}");
    const other = tempDir();
    const c2 = await createMetadataCommitterFromOptions(new Map([["kinesis.metadataPath", other]]), { checkpointDir: dir, streamName: "s" });
    await c2.add(0, "shardId-000000000000", "{}");
    expect(readFileSync(path.join(other, "shard-source", "0", "shardId-000000000000"), "utf8")).toBe("{}");
  });
});
