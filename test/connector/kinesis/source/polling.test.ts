import { CreateStreamCommand, DeleteStreamCommand } from "@aws-sdk/client-kinesis";
import { afterAll, describe, expect, it } from "vitest";
import { createKinesisSource } from "../../../../src/connector/kinesis/provider";
import { startFaultProxy } from "../../../helpers/fault-proxy";
import { createStream, kinesisEndpoint, numbered, put, SourceDriver, testClient, text, deleteCreatedStreams, uniqueName, waitActive } from "./fixture";

const client = testClient();
const opts = (stream: string, extra: Record<string, string> = {}) =>
  new Map(Object.entries({ "kinesis.endpointUrl": kinesisEndpoint(), "kinesis.region": "us-east-1", "kinesis.streamName": stream, "kinesis.awsAccessKeyId": "AKIDTEST", "kinesis.awsSecretKey": "test-secret", ...extra }));

afterAll(async () => {
  await deleteCreatedStreams();
  client.destroy();
});

describe("aws-kinesis source, GetRecords", () => {
  it("reads everything from TRIM_HORIZON, once, in order per partition key", async () => {
    const stream = await createStream(client, 2);
    await put(client, stream, numbered(0, 40));
    const d = new SourceDriver(await createKinesisSource(opts(stream, { "kinesis.startingPosition": "TRIM_HORIZON" })));
    const rows = await d.runUntil((r) => r.length >= 40);
    expect(rows.map(text).sort()).toEqual(numbered(0, 40).map((r) => r.data).sort());
    for (let k = 0; k < 4; k++) {
      const seq = rows.filter((r) => r[2] === `key-${k}`).map((r) => Number(text(r).slice(2)));
      expect(seq).toEqual([...seq].sort((a, b) => a - b));
    }
    expect(rows[0][1]).toBe(stream);
    expect(typeof rows[0][4]).toBe("bigint");
    expect(String(rows[0][5])).toMatch(/^shardId-/);
    await d.source.stop();
  });

  it("Trigger.AvailableNow stops at what was there when it was prepared; maxRows bounds a batch", async () => {
    const stream = await createStream(client, 2);
    await put(client, stream, numbered(0, 20));
    await new Promise((r) => setTimeout(r, 10));
    const source = await createKinesisSource(opts(stream, { "kinesis.startingPosition": "TRIM_HORIZON" }));
    await source.prepareForAvailableNow();
    await new Promise((r) => setTimeout(r, 10));
    await put(client, stream, numbered(20, 30));
    const d = new SourceDriver(source);
    for (let i = 0; i < 20; i++) {
      const rows = await d.step({ maxRows: 6 });
      if (rows === null) break;
      expect(rows.length).toBeLessThanOrEqual(6);
    }
    expect(d.allRows().map(text).sort()).toEqual(numbered(0, 20).map((r) => r.data).sort());
    await source.stop();
  });

  it("Trigger.AvailableNow: no extra GetRecords probe once a fetch after the cutoff reached the tip; full responses are not the tip", async () => {
    const stream = await createStream(client, 2);
    await put(client, stream, numbered(0, 30));
    const proxy = await startFaultProxy({ target: kinesisEndpoint() });
    try {
      // Limit 4: most responses are full, so the reader must keep fetching past them (not mistake them for the tip).
      const source = await createKinesisSource(
        opts(stream, { "kinesis.endpointUrl": proxy.url, "kinesis.startingPosition": "TRIM_HORIZON", "kinesis.getRecords.numberOfRecordsPerFetch": "4" }),
      );
      await source.prepareForAvailableNow();
      const d = new SourceDriver(source);
      let probes = -1;
      for (let i = 0; i < 30 && probes < 0; i++) {
        const before = proxy.stats.byOperation.GetRecords ?? 0;
        if ((await d.step()) === null) probes = (proxy.stats.byOperation.GetRecords ?? 0) - before;
      }
      expect(probes).toBe(0); // the trigger that finds nothing new asked the shards nothing
      expect(d.allRows().map(text).sort()).toEqual(numbered(0, 30).map((r) => r.data).sort());
      await source.stop();
    } finally {
      await proxy.close();
    }
  });

  it("reads an ON_DEMAND stream", async () => {
    const stream = uniqueName("ondemand");
    await client.send(new CreateStreamCommand({ StreamName: stream, StreamModeDetails: { StreamMode: "ON_DEMAND" } }));
    await waitActive(client, stream);
    try {
      await put(client, stream, numbered(0, 16, 8));
      const d = new SourceDriver(await createKinesisSource(opts(stream, { "kinesis.startingPosition": "TRIM_HORIZON" })));
      const rows = await d.runUntil((r) => r.length >= 16);
      expect(rows.map(text).sort()).toEqual(numbered(0, 16).map((r) => r.data).sort());
      expect(new Set(rows.map((r) => r[5])).size).toBeGreaterThan(1);
      await d.source.stop();
    } finally {
      await client.send(new DeleteStreamCommand({ StreamName: stream, EnforceConsumerDeletion: true }));
    }
  });
});
