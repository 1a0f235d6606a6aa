/**
 * The aws-kinesis sink against a real emulator: delivery across shards, explicit hash keys, KPL aggregation,
 * idempotent re-runs, resend of throttled entries and failed calls, bounded in-flight calls, and bad rows.
 */
import type { PutRecordsCommandOutput, PutRecordsInput, PutRecordsResultEntry } from "@aws-sdk/client-kinesis";
import { describe, expect, it } from "vitest";
import { setDefaultConnection } from "../../../../src/connector/aws/default-connection";
import { hashKeyOf } from "../../../../src/connector/kinesis/sink/shard-map";
import type { KinesisSink } from "../../../../src/connector/kinesis/sink/kinesis-sink";
import { createKinesisSink } from "../../../../src/connector/kinesis/sink/provider";
import { StructField, StructType } from "../../../../src/engine/types/struct-type";
import { startFaultProxy } from "../../../helpers/fault-proxy";
import {
  createStream,
  listShards,
  readAll,
  rowsOf,
  sinkSchema,
  sortedPairs,
  sinkOptions,
  sinkTestbed,
  testClient,
} from "./fixture";

const bed = sinkTestbed("tspark-sink-");
const checkpointDir = () => bed.checkpointDir();

const options = (stream: string, extra: Record<string, string> = {}, endpoint = bed.url) => sinkOptions(endpoint, stream, extra);

async function sinkFor(stream: string, extra: Record<string, string> = {}, cp: string | undefined = checkpointDir(), endpoint = bed.url) {
  return createKinesisSink({ options: options(stream, extra, endpoint), outputMode: "append", checkpointPath: cp, session: undefined }, undefined);
}

/** Shard whose hash range holds the record's hash key. */
async function expectedShard(stream: string): Promise<(pk: string, ehk?: string) => string> {
  const shards = await listShards(bed.client, stream);
  return (pk, ehk) => {
    const h = hashKeyOf(pk, ehk);
    return shards.find((s) => BigInt(s.HashKeyRange!.StartingHashKey!) <= h && h <= BigInt(s.HashKeyRange!.EndingHashKey!))!.ShardId!;
  };
}

/**
 * SDK middleware that makes Kinesis refuse some PutRecords entries: the picked entries are taken out of the request
 * (so they are really not written) and come back with ProvisionedThroughputExceededException, as AWS answers.
 */
function throttleEntries(sink: KinesisSink, pick: (callNo: number, index: number, data: string) => boolean): { throttled: number; calls: number } {
  const stats = { throttled: 0, calls: 0 };
  sink.client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== "PutRecordsCommand") return next(args);
      const callNo = stats.calls++;
      const input = args.input as PutRecordsInput;
      const all = input.Records ?? [];
      const refused = all.map((e, i) => pick(callNo, i, Buffer.from(e.Data ?? new Uint8Array()).toString()));
      const kept = all.filter((_, i) => !refused[i]);
      stats.throttled += all.length - kept.length;
      const result =
        kept.length > 0
          ? await next({ ...args, input: { ...input, Records: kept } })
          : { response: {}, output: { Records: [], FailedRecordCount: 0, $metadata: {} } as PutRecordsCommandOutput };
      const out = result.output as PutRecordsCommandOutput;
      const answers = [...(out.Records ?? [])];
      const merged: PutRecordsResultEntry[] = refused.map((r) =>
        r ? { ErrorCode: "ProvisionedThroughputExceededException", ErrorMessage: "Rate exceeded for shard (injected)" } : answers.shift()!,
      );
      return { ...result, output: { ...out, Records: merged, FailedRecordCount: merged.filter((m) => m.ErrorCode).length } };
    },
    { step: "initialize", name: "throttleEntries" },
  );
  return stats;
}

describe("aws-kinesis sink delivery", () => {
  it("writes every row once, with its partition key and data, to the shard its key hashes to (aggregation off)", async () => {
    const stream = await createStream(bed.client, 4);
    const sink = await sinkFor(stream, { "kinesis.sink.aggregationEnabled": "false" });
    const rows = rowsOf(120, 13);
    await sink.addBatch(0, rows, sinkSchema());
    await sink.stop();
    const { records, kinesisRecords } = await readAll(bed.client, stream);
    expect(kinesisRecords).toBe(120);
    expect(sortedPairs(records)).toEqual(sortedPairs(rows.map(([pk, data]) => ({ partitionKey: String(pk), data: String(data) }))));
    const shardOf = await expectedShard(stream);
    for (const r of records) expect(r.shardId).toBe(shardOf(r.partitionKey));
    expect(new Set(records.map((r) => r.shardId)).size).toBe(4);
    // Per partition key, order is kept (one connection, no retries).
    const k0 = records.filter((r) => r.partitionKey === "key-0").map((r) => Number(r.data.slice(8)));
    expect(k0).toEqual([...k0].sort((a, b) => a - b));
  });

  it("aggregates per shard by default (KPL format): fewer Kinesis records, every user record back on its shard", async () => {
    const stream = await createStream(bed.client, 3);
    const sink = await sinkFor(stream);
    const rows = rowsOf(300, 11);
    await sink.addBatch(0, rows, sinkSchema());
    const { records, kinesisRecords } = await readAll(bed.client, stream);
    expect(sortedPairs(records)).toEqual(sortedPairs(rows.map(([pk, data]) => ({ partitionKey: String(pk), data: String(data) }))));
    expect(kinesisRecords).toBeLessThanOrEqual(6);
    expect(records.every((r) => r.aggregated)).toBe(true);
    const shardOf = await expectedShard(stream);
    for (const r of records) expect(r.shardId).toBe(shardOf(r.partitionKey));
    expect(sink.lastReport).toMatchObject({ batchId: 0, rows: 300, kinesisRecords });
    await sink.stop();
  });

  it("routes by explicitHashKey when given, and accepts binary columns", async () => {
    const stream = await createStream(bed.client, 4);
    const shards = await listShards(bed.client, stream);
    const target = shards[2]!;
    const ehk = target.HashKeyRange!.StartingHashKey!;
    const sink = await sinkFor(stream, { "kinesis.sink.aggregationEnabled": "false" });
    const rows = Array.from({ length: 10 }, (_, i) => [Buffer.from(`bin-key-${i}`), Buffer.from(`bytes-${i}`), i % 2 === 0 ? ehk : null]);
    const schema = StructType([
      StructField("partitionKey", "binary"),
      StructField("data", "binary"),
      StructField("explicitHashKey", "string"),
    ]);
    await sink.addBatch(0, rows, schema);
    await sink.stop();
    const { records } = await readAll(bed.client, stream);
    expect(records).toHaveLength(10);
    const shardOf = await expectedShard(stream);
    for (const r of records) {
      const i = Number(r.partitionKey.slice(8));
      expect(r.data).toBe(`bytes-${i}`);
      expect(r.shardId).toBe(i % 2 === 0 ? target.ShardId : shardOf(r.partitionKey));
    }
  });

  it("ignores other columns and splits big batches into PutRecords calls within 500 records / 5 MiB", async () => {
    // A volume test: on kinesalite when the shared set-up runs it (kinesis-local slows down as shards fill).
    const endpoint = process.env.TSPARK_TEST_KINESALITE_ENDPOINT ?? bed.url;
    const volumeClient = testClient(endpoint);
    const stream = await createStream(volumeClient, 2);
    const sink = await sinkFor(stream, { "kinesis.sink.aggregationEnabled": "false" }, checkpointDir(), endpoint);
    const requests: { entries: number; bytes: number }[] = [];
    sink.client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === "PutRecordsCommand") {
          const records = (args.input as PutRecordsInput).Records ?? [];
          const bytes = records.reduce((n, r) => n + (r.Data?.byteLength ?? 0) + Buffer.byteLength(r.PartitionKey ?? ""), 0);
          requests.push({ entries: records.length, bytes });
        }
        return next(args);
      },
      { step: "initialize", name: "recordRequests" },
    );
    const wide = sinkSchema().add("extra", "integer");
    const big = "x".repeat(200_000);
    const rows = [...rowsOf(1001, 5).map((r) => [...r, 1]), ...Array.from({ length: 30 }, (_, i) => [`big-${i}`, big, 2])];
    await sink.addBatch(0, rows, wide);
    // 1001 small rows: 500 + 500 + 1; the last small row and 26 big ones (5.2 MB) fill a call, 4 big ones need another.
    expect(requests.map((r) => r.entries)).toEqual([500, 500, 27, 4]);
    for (const r of requests) expect(r.bytes).toBeLessThanOrEqual(5 * 1024 * 1024);
    const { records } = await readAll(volumeClient, stream);
    expect(records).toHaveLength(1031);
    await sink.stop();
    volumeClient.destroy();
  });
});

describe("aws-kinesis sink in local mode", () => {
  it("needs only kinesis.streamName: endpoint, region and credentials come from the embedded services", async () => {
    const stream = await createStream(bed.client, 2);
    setDefaultConnection({ region: "us-east-1", kinesisEndpoint: bed.url, credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" }, local: true });
    try {
      const sink = await createKinesisSink(
        { options: new Map([["kinesis.streamName", stream]]), outputMode: "append", checkpointPath: checkpointDir(), session: undefined },
        undefined,
      );
      await sink.addBatch(0, rowsOf(10), sinkSchema());
      await sink.stop();
    } finally {
      setDefaultConnection(undefined);
    }
    expect((await readAll(bed.client, stream)).records).toHaveLength(10);
  });
});

describe("aws-kinesis sink idempotence", () => {
  it("a batch re-run after a kill (new sink, same checkpoint, same batch id) writes nothing twice", async () => {
    const stream = await createStream(bed.client, 2);
    const cp = checkpointDir();
    const first = await sinkFor(stream, {}, cp);
    await first.addBatch(0, rowsOf(40), sinkSchema());
    await first.addBatch(1, rowsOf(10, 7, 40), sinkSchema());
    // "kill": the first sink is dropped without stop(); the engine re-runs batch 1 on a new sink.
    const second = await sinkFor(stream, {}, cp);
    await second.addBatch(1, rowsOf(10, 7, 40), sinkSchema());
    expect(second.lastReport).toMatchObject({ batchId: 1, skipped: true });
    await second.addBatch(2, rowsOf(5, 7, 50), sinkSchema());
    const { records } = await readAll(bed.client, stream);
    expect(sortedPairs(records)).toEqual(
      sortedPairs(rowsOf(55).map(([pk, data]) => ({ partitionKey: String(pk), data: String(data) }))),
    );
    await first.stop();
    await second.stop();
  });

  it("keeps only the newest minBatchesToRetain ledger entries", async () => {
    const stream = await createStream(bed.client, 1);
    const cp = checkpointDir();
    const sink = await sinkFor(stream, { "kinesis.minBatchesToRetain": "3" }, cp);
    for (let b = 0; b < 6; b++) await sink.addBatch(b, rowsOf(1, 1, b), sinkSchema());
    const { LocalFileStore } = await import("../../../../src/engine/checkpoint/local-file-store");
    expect(await new LocalFileStore(cp).list("committed")).toEqual(["3", "4", "5"]);
    // An old batch id is still recognised as written (ids at or below the newest are skipped).
    const again = await sinkFor(stream, {}, cp);
    await again.addBatch(1, rowsOf(1, 1, 1), sinkSchema());
    expect(again.lastReport?.skipped).toBe(true);
    await sink.stop();
    await again.stop();
  });
});

describe("aws-kinesis sink under throttling and failures", () => {
  it("resends only the entries Kinesis refused until all are delivered, exactly once", async () => {
    const stream = await createStream(bed.client, 4);
    const sink = await sinkFor(stream, { "kinesis.sink.aggregationEnabled": "false" });
    // The first three calls refuse every third entry.
    const stats = throttleEntries(sink, (call, i) => call < 3 && i % 3 === 0);
    const rows = rowsOf(200, 9);
    await sink.addBatch(0, rows, sinkSchema());
    expect(stats.throttled).toBeGreaterThan(60);
    expect(sink.lastReport!.retriedEntries).toBe(stats.throttled);
    const { records } = await readAll(bed.client, stream);
    expect(sortedPairs(records)).toEqual(sortedPairs(rows.map(([pk, data]) => ({ partitionKey: String(pk), data: String(data) }))));
    await sink.stop();
  });

  it("retries whole calls that fail with throttling, 5xx or a reset (injected on the wire)", async () => {
    const stream = await createStream(bed.client, 2);
    const proxy = await startFaultProxy({ target: bed.url, seed: 3 });
    try {
      proxy.setRules([
        { operation: "PutRecords", fault: "throttle", count: 2 },
        { operation: "PutRecords", fault: "503", count: 1 },
        { operation: "PutRecords", fault: "reset", count: 1 },
        { operation: "PutRecords", fault: "limit", count: 1 },
      ]);
      const sink = await sinkFor(stream, { "kinesis.sink.aggregationEnabled": "false" }, checkpointDir(), proxy.url);
      const rows = rowsOf(50);
      await sink.addBatch(0, rows, sinkSchema());
      expect(proxy.stats.faults).toMatchObject({ throttle: 2, "503": 1, reset: 1, limit: 1 });
      expect(sink.lastReport!.failedCalls).toBe(5);
      const { records } = await readAll(bed.client, stream);
      expect(sortedPairs(records)).toEqual(sortedPairs(rows.map(([pk, data]) => ({ partitionKey: String(pk), data: String(data) }))));
      await sink.stop();
    } finally {
      await proxy.close();
    }
  });

  it("fails the batch with a clear error when records keep failing past kinesis.sink.recordTtl", async () => {
    const stream = await createStream(bed.client, 1);
    const sink = await sinkFor(stream, { "kinesis.sink.aggregationEnabled": "false", "kinesis.sink.recordTtl": "60" });
    throttleEntries(sink, (_call, _i, data) => data === "payload-1");
    await expect(sink.addBatch(0, rowsOf(3), sinkSchema())).rejects.toThrow(
      /1 record\(s\) for Kinesis stream '.*' were still failing \(ProvisionedThroughputExceededException\).*kinesis\.sink\.recordTtl \(60 ms\); rows 1\./,
    );
    // Rows 0 and 2 were delivered; the batch is not recorded as written, but its intent is: the re-run reads the
    // stream back and sends only row 1.
    expect(sortedPairs((await readAll(bed.client, stream)).records)).toEqual(["key-0|payload-0", "key-2|payload-2"]);
    sink.client.middlewareStack.remove("throttleEntries");
    await sink.addBatch(0, rowsOf(3), sinkSchema());
    expect(sink.lastReport).toMatchObject({ skipped: false, reconciled: { reason: "interrupted", found: 2, sent: 1 } });
    expect(sortedPairs((await readAll(bed.client, stream)).records)).toEqual(sortedPairs(rowsOf(3).map(([pk, data]) => ({ partitionKey: String(pk), data: String(data) }))));
    await sink.stop();
  });

  it("keeps at most kinesis.sink.maxConnections PutRecords calls in flight", async () => {
    const endpoint = process.env.TSPARK_TEST_KINESALITE_ENDPOINT ?? bed.url; // volume: kinesalite when available
    const volumeClient = testClient(endpoint);
    for (const max of [1, 3]) {
      const stream = await createStream(volumeClient, 2);
      const sink = await sinkFor(
        stream,
        { "kinesis.sink.aggregationEnabled": "false", "kinesis.sink.maxConnections": String(max) },
        checkpointDir(),
        endpoint,
      );
      let inFlight = 0;
      let peak = 0;
      sink.client.middlewareStack.add(
        (next, context) => async (args) => {
          if (context.commandName !== "PutRecordsCommand") return next(args);
          peak = Math.max(peak, ++inFlight);
          try {
            await new Promise((r) => setTimeout(r, 20));
            return await next(args);
          } finally {
            inFlight--;
          }
        },
        { step: "initialize", name: "countInFlight" },
      );
      await sink.addBatch(0, rowsOf(1600), sinkSchema()); // 4 calls
      expect(peak).toBe(max);
      await sink.stop();
    }
    volumeClient.destroy();
  });
});

describe("aws-kinesis sink input errors", () => {
  it("an oversize record fails the batch naming the row, before anything is sent; the other rows are not lost", async () => {
    const stream = await createStream(bed.client, 2);
    const sink = await sinkFor(stream);
    const rows = rowsOf(20);
    rows.splice(7, 0, ["huge-key", "z".repeat(1024 * 1024)]);
    await expect(sink.addBatch(0, rows, sinkSchema())).rejects.toThrow(
      /Batch 0: 1 of 21 rows cannot be written to Kinesis stream '.*', so no record of this batch was sent .*row 7 \(partitionKey 'huge-key'\): the record is 1048584 bytes \(data 1048576 \+ partition key 8\), over the 1048576-byte Kinesis record limit/,
    );
    expect((await readAll(bed.client, stream)).records).toHaveLength(0);
    // The same batch without the bad row (e.g. after adding a filter) delivers all the others.
    await sink.addBatch(0, rows.filter((_, i) => i !== 7), sinkSchema());
    const { records } = await readAll(bed.client, stream);
    expect(sortedPairs(records)).toEqual(sortedPairs(rowsOf(20).map(([pk, data]) => ({ partitionKey: String(pk), data: String(data) }))));
    await sink.stop();
  });

  it("null or empty partition keys, null data and bad hash keys are named per row", async () => {
    const stream = await createStream(bed.client, 1);
    const sink = await sinkFor(stream);
    const rows = [
      ["a", "ok", null],
      [null, "no key", null],
      ["", "empty key", null],
      ["b", null, null],
      ["c", "bad hash", "12x"],
    ];
    const error = await sink.addBatch(3, rows, sinkSchema(true)).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.name).toBe("IllegalArgumentException");
    expect(error?.message).toContain("Batch 3: 4 of 5 rows");
    expect(error?.message).toContain("row 1: partitionKey is null");
    expect(error?.message).toContain("row 2 (partitionKey ''): partitionKey is empty");
    expect(error?.message).toContain("row 3 (partitionKey 'b'): data is null");
    expect(error?.message).toContain("row 4 (partitionKey 'c'): explicitHashKey '12x' is not a decimal integer");
    await sink.stop();
  });

  it("missing or mistyped columns give the connector's messages", async () => {
    const stream = await createStream(bed.client, 1);
    const sink = await sinkFor(stream);
    await expect(sink.addBatch(0, [["k"]], StructType([StructField("partitionKey", "string")]))).rejects.toThrow(
      /Required attribute 'data' not found/,
    );
    await expect(
      sink.addBatch(0, [["k", 1]], StructType([StructField("partitionKey", "string"), StructField("data", "integer")])),
    ).rejects.toThrow(/data attribute type must be a String or BinaryType/);
    await expect(
      sink.addBatch(0, [[1, "d"]], StructType([StructField("partitionKey", "long"), StructField("data", "string")])),
    ).rejects.toThrow(/partitionKey attribute type must be a String or BinaryType/);
    await expect(
      sink.addBatch(0, [["k", "d"]], StructType([StructField("PartitionKey", "string"), StructField("data", "string")])),
    ).rejects.toThrow(/Required attribute 'partitionKey' not found: found 'PartitionKey'/);
    await sink.stop();
  });

  it("a stream that does not exist is named, with the endpoint, and the batch is not recorded as written", async () => {
    const sink = await sinkFor("no-such-stream-xyz", { "kinesis.sink.aggregationEnabled": "false" });
    await expect(sink.addBatch(0, rowsOf(2), sinkSchema())).rejects.toThrow(
      /Stream 'no-such-stream-xyz' not found in endpoint http:\/\/127\.0\.0\.1:\d+, region us-east-1.*kinesis\.streamName/,
    );
    await expect(sink.addBatch(0, rowsOf(2), sinkSchema())).rejects.toThrow(/not found/);
    await sink.stop();
  });
});
