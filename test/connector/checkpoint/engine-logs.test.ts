/**
 * The engine's own logs (commits, offsets via MetadataLog) on a DynamoDB checkpoint opened through the registry,
 * as a query would: two processes' stores on one location, and only one of them may record a batch.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setLocalStoreDefaults } from "../../../src/connector/checkpoint/store-connection";
import { dynamoDBCheckpointStoreFactory, s3CheckpointStoreFactory } from "../../../src/connector/checkpoint/store-factories";
import { CommitLog } from "../../../src/engine/checkpoint/commit-log";
import { resolveCheckpointStore } from "../../../src/engine/checkpoint/resolve-store";
import { registerCheckpointStore } from "../../../src/engine/registry";
import { createBucket, type StoreServices, startStoreServices, uniqueName } from "./services";

let services: StoreServices;

beforeAll(async () => {
  services = await startStoreServices();
  setLocalStoreDefaults(services.defaults);
  registerCheckpointStore(dynamoDBCheckpointStoreFactory);
  registerCheckpointStore(s3CheckpointStoreFactory);
});
afterAll(async () => {
  setLocalStoreDefaults(undefined);
  await services?.stop();
});

describe("engine logs on connector checkpoint stores", () => {
  it("a second writer of the same batch on one DynamoDB checkpoint is refused, even when racing", async () => {
    const location = `dynamodb://${uniqueName("cp")}/orders-query`;
    const a = new CommitLog(await resolveCheckpointStore(location));
    const b = new CommitLog(await resolveCheckpointStore(location));
    expect(await a.add(0, { nextBatchWatermarkMs: 0 })).toBe(true);
    expect(await b.add(0, { nextBatchWatermarkMs: 5 })).toBe(false);
    const race = await Promise.all([a.add(1, { nextBatchWatermarkMs: 1 }), b.add(1, { nextBatchWatermarkMs: 2 })]);
    expect(race.filter(Boolean)).toHaveLength(1);
    expect(await b.get(0)).toEqual({ nextBatchWatermarkMs: 0 });
    expect(await a.getLatestBatchId()).toBe(1);
  });

  it("s3:// locations resolve through the registry with the local S3 defaults", async () => {
    const location = `s3://${await createBucket(services.s3)}/cp/q`;
    const log = new CommitLog(await resolveCheckpointStore(location, new Map([["kinesis.metadataNumRetries", "1"]])));
    expect(await log.add(0, { nextBatchWatermarkMs: 0 })).toBe(true);
    expect(await log.add(0, { nextBatchWatermarkMs: 0 })).toBe(false);
    expect(await log.getLatestBatchId()).toBe(0);
  });

  it("explains a bad location", async () => {
    await expect(resolveCheckpointStore("dynamodb:///x")).rejects.toThrow(/names no table: use dynamodb:\/\/table\/prefix/);
    await expect(resolveCheckpointStore("dynamodb://a/x")).rejects.toThrow(/not a valid DynamoDB table name/);
  });
});
