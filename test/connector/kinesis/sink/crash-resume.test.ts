/**
 * A real process running MemoryStream -> aws-kinesis sink with its checkpoint in DynamoDB or S3 is SIGKILLed in
 * the middle of a batch; the restarted process resumes from the checkpoint: the interrupted batch is re-run with
 * the same offsets, and the sink stream holds every record exactly once.
 */
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { KinesisClient } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoDBCheckpointStore } from "../../../../src/connector/checkpoint/dynamodb-store";
import { S3CheckpointStore } from "../../../../src/connector/checkpoint/s3-store";
import { createDynamoDBClientFor, createS3ClientFor } from "../../../../src/connector/checkpoint/store-clients";
import type { CheckpointStore } from "../../../../src/engine/checkpoint/checkpoint-store";
import { LocalFileStore } from "../../../../src/engine/checkpoint/local-file-store";
import { createBucket, type StoreServices, startStoreServices, uniqueName } from "../../checkpoint/services";
import { createStream, kinesisEndpoint, readAll, sortedPairs, stopKinesis, testClient } from "./fixture";

const SCRIPT = path.join(__dirname, "fixtures", "sink-crash-query.ts");
const ROOT = path.resolve(__dirname, "../../../..");

let services: StoreServices;
let kinesisUrl: string;
let client: KinesisClient;

beforeAll(async () => {
  services = await startStoreServices();
  kinesisUrl = await kinesisEndpoint();
  client = testClient(kinesisUrl);
});
afterAll(async () => {
  client?.destroy();
  await stopKinesis();
  await services?.stop();
});

/** Runs the child without blocking this worker's event loop (kinesalite may live in it). */
function runChild(location: string, stream: string, batches: number, mode: string, crashAt?: string, rowsPerBatch = 6) {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", SCRIPT, location, stream, String(batches), mode, String(rowsPerBatch)], {
      cwd: ROOT,
      env: {
        ...process.env,
        TSPARK_CRASH_AT: crashAt ?? "",
        TSPARK_TEST_KINESIS_ENDPOINT: kinesisUrl,
        TSPARK_TEST_DYNAMODB_ENDPOINT: services.dynamodb.endpoint,
        TSPARK_TEST_S3_ENDPOINT: services.s3.endpoint,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr!.on("data", (c: Buffer) => {
      stderr += c.toString();
    });
    child.stdout!.resume();
    child.on("exit", (code, signal) => resolve({ code, signal, stderr }));
  });
}

const expected = (batches: number, rowsPerBatch = 6) =>
  Array.from({ length: batches }, (_, i) => Array.from({ length: rowsPerBatch }, (_, j) => ({ partitionKey: `key-${j % 5}`, data: `b${i}-r${j}` }))).flat();

async function locationFor(kind: "dynamodb" | "s3" | "local"): Promise<{ location: string; store: CheckpointStore }> {
  if (kind === "local") {
    const location = mkdtempSync(path.join(tmpdir(), "tspark-sink-crash-"));
    return { location, store: new LocalFileStore(location) };
  }
  if (kind === "dynamodb") {
    const location = `dynamodb://${uniqueName("cp")}/queries/orders`;
    return { location, store: await DynamoDBCheckpointStore.open(location, createDynamoDBClientFor(services.dynamodb)) };
  }
  const location = `s3://${await createBucket(services.s3)}/queries/orders`;
  return { location, store: new S3CheckpointStore(location, createS3ClientFor(services.s3), undefined, false) };
}

// Each case starts two ts-node processes (~5 s each), so one crash point per store: the sink's own idempotence case
// (killed after addBatch) on DynamoDB, the engine's replay case (killed before the sink) on S3.
describe("a query with its checkpoint in DynamoDB or S3, killed mid-batch", () => {
  it.each([
    ["dynamodb", "after the sink wrote batch 2, before its commit", "afterAddBatch:2"],
    ["s3", "after the offset log of batch 2, before the sink", "afterOffsetLog:2"],
  ] as const)("%s, %s: resumes exactly, nothing written twice", async (kind, _label, crashAt) => {
    const stream = await createStream(client, 2);
    const { location, store } = await locationFor(kind);
    const killed = await runChild(location, stream, 3, "progressive", crashAt);
    expect(killed.signal, killed.stderr).toBe("SIGKILL");
    const offsetsBefore = await store.get("offsets/2");
    expect(offsetsBefore).not.toBeNull();
    expect(await store.get("commits/2")).toBeNull();
    expect(await store.list("sinks/0/committed")).toEqual(crashAt.startsWith("afterAddBatch") ? ["0", "1", "2"] : ["0", "1"]);

    const restarted = await runChild(location, stream, 4, "upfront");
    expect(restarted.code, restarted.stderr).toBe(0);
    expect(await store.get("offsets/2")).toBe(offsetsBefore);
    expect(await store.list("commits")).toEqual(["0", "1", "2", "3"]);
    const { records } = await readAll(client, stream);
    expect(sortedPairs(records)).toEqual(sortedPairs(expected(4)));
  });
});

// Kills inside the sink's PutRecords (the sink's own crash points, sink/crash-point.ts): batches of 700 records,
// aggregation off, so a batch takes two PutRecords requests. Before the intent + reconciliation, the restart sent
// the whole batch again (the records of the first request, or all 700, twice).
describe("a query killed while the sink's PutRecords of a batch are in flight", () => {
  it.each([
    ["local", "between the two PutRecords requests of batch 1", "sinkBetweenPutRecords:1"],
    ["dynamodb", "after the last PutRecords response of batch 1, before the ledger entry", "sinkBeforeLedger:1"],
  ] as const)("%s, %s: the restart writes each record exactly once", async (kind, _label, crashAt) => {
    const stream = await createStream(client, 2);
    const { location, store } = await locationFor(kind);
    const killed = await runChild(location, stream, 2, "progressive", crashAt, 700);
    expect(killed.signal, killed.stderr).toBe("SIGKILL");
    expect(killed.stderr).toContain(`tspark crash point ${crashAt}`);
    expect(await store.list("sinks/0/committed")).toEqual(["0"]);
    expect(await store.list("sinks/0/intent")).toEqual(["0", "1"]);

    const restarted = await runChild(location, stream, 3, "upfront", undefined, 700);
    expect(restarted.code, restarted.stderr).toBe(0);
    expect(restarted.stderr).toMatch(/batch 1 was being written to .* when the query stopped/);
    expect(restarted.stderr).toMatch(crashAt.startsWith("sinkBefore") ? /batch 1: 700 of 700 record\(s\) were already in/ : /batch 1: 500 of 700 record\(s\) were already in/);
    expect(await store.list("sinks/0/committed")).toEqual(["0", "1", "2"]);
    const { records } = await readAll(client, stream);
    expect(records).toHaveLength(3 * 700);
    expect(sortedPairs(records)).toEqual(sortedPairs(expected(3, 700)));
  });
});
