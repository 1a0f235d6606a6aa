import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CreateStreamCommand, DeleteStreamCommand } from "@aws-sdk/client-kinesis";
import { afterAll, describe, expect, it } from "vitest";
import "../../../../src/connector/register";
import type { DataFrame } from "../../../../src/engine/api/data-frame";
import { SparkSession } from "../../../../src/engine/session";
import { deleteCreatedStreams, kinesisEndpoint, numbered, put, testClient, uniqueName, waitActive } from "./fixture";

/**
 * #15.3: a checkpoint outliving the records it points at (an earlier session's emulator, a re-created stream) gets
 * an error that says so and names both fixes, not a false "Stream not found". Re-creating the stream on the test
 * emulator is what `--fresh` (or a deleted data directory) does to the shell's streams.
 */
const client = testClient();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tspark-gone-"));
afterAll(async () => {
  fs.rmSync(tmp, { recursive: true, force: true });
  await deleteCreatedStreams();
  client.destroy();
});

async function recreate(stream: string): Promise<void> {
  await client.send(new DeleteStreamCommand({ StreamName: stream }));
  for (let i = 0; i < 50; i++) {
    try {
      await client.send(new CreateStreamCommand({ StreamName: stream, ShardCount: 1 }));
      break;
    } catch (e) {
      if ((e as Error).name !== "ResourceInUseException") throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  await waitActive(client, stream);
}

/** Runs a query on `stream` with `checkpoint` until it has read what is there; returns the rows' data. */
async function runOnce(stream: string, checkpoint: string, extra: Record<string, string> = {}): Promise<string[]> {
  const spark = SparkSession.builder.create();
  const seen: string[] = [];
  let reader = spark.readStream
    .format("aws-kinesis")
    .option("kinesis.endpointUrl", kinesisEndpoint())
    .option("kinesis.awsAccessKeyId", "AKIDTEST")
    .option("kinesis.awsSecretKey", "test-secret")
    .option("kinesis.streamName", stream)
    .option("kinesis.startingPosition", "TRIM_HORIZON");
  for (const [k, v] of Object.entries(extra)) reader = reader.option(k, v);
  const q = await (reader.load() as DataFrame)
    .selectExpr("CAST(data AS STRING) AS data")
    .writeStream.option("checkpointLocation", checkpoint)
    .foreachBatch((df: unknown) => {
      for (const r of (df as DataFrame).collect()) seen.push(String(r.data));
    })
    .start();
  try {
    await q.processAllAvailable();
  } finally {
    await q.stop();
  }
  return seen;
}

describe("a checkpoint pointing at records the stream no longer has", () => {
  it("fails with an error naming the cause and both fixes; failOnDataLoss=false reads the shard from its start", async () => {
    const stream = uniqueName("gone");
    await client.send(new CreateStreamCommand({ StreamName: stream, ShardCount: 1 }));
    await waitActive(client, stream);
    const checkpoint = path.join(tmp, "first");
    await put(client, stream, numbered(0, 5, 1));
    expect(await runOnce(stream, checkpoint)).toHaveLength(5);

    await recreate(stream); // the records the checkpoint points at are gone
    await put(client, stream, numbered(100, 103, 1));
    const error = await runOnce(stream, checkpoint).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(
      new RegExp(`The checkpoint points at sequence number \\d+ in shard shardId-000000000000 of stream '${stream}', which the stream does not have`),
    );
    expect(error?.message).toContain("Start the query with a new checkpointLocation");
    expect(error?.message).toContain("set kinesis.failOnDataLoss=false to read that shard from its oldest record instead");
    expect(error?.message).not.toContain("not found");

    // The second fix: the shard is read from its oldest record, the new records arrive.
    const read = await runOnce(stream, checkpoint, { "kinesis.failOnDataLoss": "false" });
    expect(read.sort()).toEqual(numbered(100, 103, 1).map((r) => r.data).sort());
    // The first fix: a new checkpoint starts over.
    const fresh = path.join(tmp, "second");
    expect(await runOnce(stream, fresh)).toHaveLength(3);
    await client.send(new DeleteStreamCommand({ StreamName: stream })).catch(() => undefined);
  }, 120_000);
});
