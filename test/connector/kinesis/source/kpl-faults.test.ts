import { afterAll, describe, expect, it } from "vitest";
import { aggregate } from "../../../../src/connector/kinesis/kpl/aggregate";
import { createKinesisSource } from "../../../../src/connector/kinesis/provider";
import type { KinesisSource } from "../../../../src/connector/kinesis/kinesis-source";
import { startFaultProxy } from "../../../helpers/fault-proxy";
import { createStream, deleteCreatedStreams, kinesisEndpoint, numbered, put, SourceDriver, testClient, text, sourceOptions } from "./fixture";

const client = testClient();
afterAll(async () => {
  await deleteCreatedStreams();
  client.destroy();
});

const CONSUMERS = ["GetRecords", "SubscribeToShard"] as const;

function options(stream: string, consumer: string, extra: Record<string, string> = {}) {
  const retries = { "kinesis.clientRetryIntervalsMs": "5", "kinesis.clientMaxRetryIntervalMs": "40" };
  return sourceOptions(stream, { "kinesis.startingPosition": "TRIM_HORIZON", ...retries, ...extra }, consumer);
}

/** Aggregated records of 5 user records each, plus plain records in between. */
function kplRecords(n: number): { pk: string; data: Uint8Array }[] {
  const out: { pk: string; data: Uint8Array }[] = [];
  for (let i = 0; i < n; i += 5) {
    const users = numbered(i, Math.min(n, i + 5), 3).map((r) => ({ partitionKey: r.pk, data: Buffer.from(r.data) }));
    out.push({ pk: users[0].partitionKey, data: aggregate(users) });
    out.push({ pk: "plain", data: Buffer.from(`p-${i}`) });
  }
  return out;
}

describe.each(CONSUMERS)("KPL and injected faults with %s", (consumer) => {
  it("de-aggregates KPL records and resumes inside an aggregate without repeats", async () => {
    const stream = await createStream(client, 1);
    await put(client, stream, kplRecords(30));
    const o = options(stream, consumer, { "kinesis.maxFetchRecordsPerShard": "3" });
    const d = new SourceDriver(await createKinesisSource(o));
    await d.step();
    await d.step({ commit: false });
    await d.restart(() => createKinesisSource(o));
    const rows = await d.runUntil((r) => r.length >= 36);
    const values = rows.map(text);
    const expected = kplRecords(30).flatMap((_, j) => (j % 2 === 0 ? numbered(j * 2.5, j * 2.5 + 5, 3).map((r) => r.data) : [`p-${(j - 1) * 2.5}`]));
    expect(values).toEqual(expected);
    const firstAgg = rows.filter((r) => r[3] === rows[0][3]);
    expect(firstAgg.map((r) => r[2])).toEqual(["key-0", "key-1", "key-2", "key-0", "key-1"]);
    await d.source.stop();
  });

  it("loses nothing under injected throttling, limit errors, 5xx, resets and expired iterators", async () => {
    const stream = await createStream(client, 2);
    await put(client, stream, numbered(0, 60));
    const proxy = await startFaultProxy({ target: kinesisEndpoint(), seed: 42 });
    try {
      proxy.setRules([
        { operation: "GetRecords", fault: "throttle", rate: 0.25 },
        { operation: "GetRecords", fault: "expired", rate: 0.15 },
        { operation: "GetRecords", fault: "503", rate: 0.1 },
        { operation: "ListShards", fault: "limit", rate: 0.3 },
        { operation: "SubscribeToShard", fault: "in-use", count: 2 },
        { operation: "SubscribeToShard", fault: "500", count: 1 },
        { operation: "GetShardIterator", fault: "500", rate: 0.2 },
        { operation: /GetRecords|GetShardIterator|ListShards|DescribeStreamConsumer/, fault: "reset", rate: 0.1 },
      ]);
      const o = options(stream, consumer, {
        "kinesis.endpointUrl": proxy.url,
        "kinesis.maxFetchRecordsPerShard": "7",
        "kinesis.getRecords.numberOfRecordsPerFetch": "5",
        "kinesis.getRecords.fetchIntervalMs": "0",
        "kinesis.clientNumRetries": "20",
      });
      const source = (await createKinesisSource(o)) as KinesisSource;
      const d = new SourceDriver(source);
      let rows = await d.runUntil((r) => r.length >= 30);
      // A restart in the middle re-reads through the faults too.
      await d.step({ commit: false });
      await d.restart(() => createKinesisSource(o));
      await put(client, stream, numbered(60, 80));
      rows = await d.runUntil((r) => r.length >= 80);
      const values = rows.map(text);
      expect(values.length).toBe(80);
      expect(new Set(values).size).toBe(80);
      if (consumer === "SubscribeToShard") expect(proxy.stats.faults["in-use"]).toBe(2);
      if (consumer === "GetRecords") {
        // Only the polling reader is sure to call GetRecords; fan-out calls it (and so meets the throttle rule) only
        // when timing sends it to catch up, which a loaded machine may never do.
        expect(proxy.stats.faults.throttle ?? 0).toBeGreaterThan(0);
        expect(proxy.stats.faults.expired ?? 0).toBeGreaterThan(0);
        expect(Number(source.metrics().retries)).toBeGreaterThan(0);
      }
      await d.source.stop();
    } finally {
      await proxy.close();
    }
  });
});
