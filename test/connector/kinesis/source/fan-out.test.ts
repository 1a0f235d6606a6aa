import { DescribeStreamSummaryCommand, ListStreamConsumersCommand } from "@aws-sdk/client-kinesis";
import { afterAll, describe, expect, it } from "vitest";
import type { KinesisSource } from "../../../../src/connector/kinesis/kinesis-source";
import { createKinesisSource } from "../../../../src/connector/kinesis/provider";
import { startFaultProxy } from "../../../helpers/fault-proxy";
import { createStream, deleteCreatedStreams, kinesisEndpoint, numbered, put, SourceDriver, testClient, text, uniqueName, sourceOptions } from "./fixture";

const client = testClient();
afterAll(async () => {
  await deleteCreatedStreams();
  client.destroy();
});

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function options(stream: string, extra: Record<string, string> = {}) {
  return sourceOptions(stream, {
    "kinesis.consumerType": "SubscribeToShard",
    "kinesis.startingPosition": "TRIM_HORIZON",
    "kinesis.clientRetryIntervalsMs": "20",
    "kinesis.clientMaxRetryIntervalMs": "200",
    ...extra,
  });
}

async function consumers(stream: string): Promise<string[]> {
  const arn = (await client.send(new DescribeStreamSummaryCommand({ StreamName: stream }))).StreamDescriptionSummary!.StreamARN!;
  const out = await client.send(new ListStreamConsumersCommand({ StreamARN: arn }));
  return (out.Consumers ?? []).filter((c) => c.ConsumerStatus !== "DELETING").map((c) => c.ConsumerName!);
}

describe("enhanced fan-out", () => {
  it("registers the consumer, renews subscriptions without loss or repeat, deregisters on stop", async () => {
    const stream = await createStream(client, 2);
    const name = uniqueName("efo");
    let arrived = 0; // SourceContext.dataArrived: pushed events wake an idle query
    const source = (await createKinesisSource(
      options(stream, { "kinesis.consumerName": name, "kinesis.internal.subscriptionRenewalMs": "1500" }),
      undefined,
      () => arrived++,
    )) as KinesisSource;
    expect(await consumers(stream)).toEqual([name]);
    const d = new SourceDriver(source);
    for (let i = 0; i < 6; i++) {
      await put(client, stream, numbered(i * 10, i * 10 + 10));
      await d.step();
      await sleep(250);
    }
    const rows = await d.runUntil((r) => r.length >= 60);
    const values = rows.map(text);
    expect(values.length).toBe(60);
    expect(new Set(values).size).toBe(60);
    expect(arrived).toBeGreaterThan(0);
    // Each shard subscribed more than once: the subscriptions were renewed (kinesis-local answers ResourceInUse for ~5 s
    // after a client-side end, which the subscription backoff rides out).
    expect(Number(source.metrics().subscriptions)).toBeGreaterThan(2);
    await source.stop();
    expect(await consumers(stream)).toEqual([]);
  });

  it("keeps a consumer given by ARN (or with deregisterConsumerOnStop=false)", async () => {
    const stream = await createStream(client, 1);
    const name = uniqueName("keep");
    const first = await createKinesisSource(options(stream, { "kinesis.consumerName": name, "kinesis.deregisterConsumerOnStop": "false" }));
    await first.stop();
    expect(await consumers(stream)).toEqual([name]);
    const arn = (await client.send(new DescribeStreamSummaryCommand({ StreamName: stream }))).StreamDescriptionSummary!.StreamARN!;
    const list = await client.send(new ListStreamConsumersCommand({ StreamARN: arn }));
    const consumerArn = list.Consumers![0].ConsumerARN!;
    await put(client, stream, numbered(0, 5));
    const byArn = new SourceDriver(await createKinesisSource(options(stream, { "kinesis.consumerArn": consumerArn })));
    const rows = await byArn.runUntil((r) => r.length >= 5);
    expect(rows.map(text)).toEqual(numbered(0, 5).map((r) => r.data));
    await byArn.source.stop();
    expect(await consumers(stream)).toEqual([name]);
  });

  it("recovers from subscriptions dropped mid-stream without loss or repeat", async () => {
    const stream = await createStream(client, 1);
    await put(client, stream, numbered(0, 10));
    const proxy = await startFaultProxy({ target: kinesisEndpoint(), seed: 3 });
    try {
      proxy.setRules([{ operation: "SubscribeToShard", fault: "cut", delayMs: 1500, count: 2 }]);
      const source = (await createKinesisSource(
        options(stream, { "kinesis.endpointUrl": proxy.url, "kinesis.consumerName": uniqueName("cut") }),
      )) as KinesisSource;
      const d = new SourceDriver(source);
      await d.runUntil((r) => r.length >= 10);
      await put(client, stream, numbered(10, 20));
      await sleep(2000);
      await put(client, stream, numbered(20, 30));
      const rows = await d.runUntil((r) => r.length >= 30);
      expect(rows.map(text)).toEqual(numbered(0, 30).map((r) => r.data));
      expect(proxy.stats.faults.cut).toBe(2);
      await source.stop();
    } finally {
      await proxy.close();
    }
  });
});
