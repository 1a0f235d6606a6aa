/**
 * What the connector's users ask for (its issue tracker), on the real emulator: a stream ARN as kinesis.streamName
 * (#12), being told when kinesis.startingPosition is ignored because the checkpoint has positions (#67), several
 * streams in one reader (#16), and an
 * HTTP(S) proxy for the source and the sink (#21), checked through a real forward proxy that counts what it carried.
 */
import { PutRecordsCommand } from "@aws-sdk/client-kinesis";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { createKinesisClient } from "../../../../src/connector/kinesis/connection";
import { KinesisOptions } from "../../../../src/connector/kinesis/options";
import { createKinesisSource, kinesisSourceProvider } from "../../../../src/connector/kinesis/provider";
import { resolveConnection } from "../../../../src/connector/kinesis/resolve-connection";
import { parseSinkOptions, withAliases } from "../../../../src/connector/kinesis/sink/sink-options";
import { type ForwardProxy, startForwardProxy } from "../../../helpers/forward-proxy";
import { SourceDriver, createStream, deleteCreatedStreams, kinesisEndpoint, numbered, put, testClient, text } from "./fixture";

const client = testClient();
let proxy: ForwardProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
});
afterAll(async () => {
  await deleteCreatedStreams();
  client.destroy();
});

const base = (stream: string, extra: Record<string, string> = {}) =>
  new Map(
    Object.entries({
      "kinesis.endpointUrl": kinesisEndpoint(),
      "kinesis.streamName": stream,
      "kinesis.awsAccessKeyId": "AKIDTEST",
      "kinesis.awsSecretKey": "test-secret",
      "kinesis.describeShardInterval": "0s",
      ...extra,
    }),
  );

describe("connector tracker asks", () => {
  it("reads a stream named by its ARN (#12)", async () => {
    const stream = await createStream(client, 1);
    await put(client, stream, numbered(0, 5));
    const arn = `arn:aws:kinesis:us-east-1:000000000000:stream/${stream}`;
    const d = new SourceDriver(await createKinesisSource(base(arn, { "kinesis.startingPosition": "TRIM_HORIZON" })));
    const rows = await d.runUntil((r) => r.length >= 5);
    expect(rows.map(text).sort()).toEqual(numbered(0, 5).map((r) => r.data).sort());
    expect(rows[0]![1]).toBe(stream); // the streamName column holds the name, as the connector's does
    await d.source.stop();
  });

  it("says when kinesis.startingPosition is ignored because the checkpoint has positions (#67)", async () => {
    const stream = await createStream(client, 2);
    await put(client, stream, numbered(0, 6));
    const o = base(stream, { "kinesis.startingPosition": "TRIM_HORIZON" });
    const d = new SourceDriver(await createKinesisSource(o));
    await d.runUntil((r) => r.length >= 6);
    expect(d.source.metrics?.().startingPosition).toBeUndefined(); // a fresh start uses it
    // Restart on the same offset log with another starting position: the checkpoint wins, and the source says so.
    await d.restart(() => createKinesisSource(base(stream, { "kinesis.startingPosition": "LATEST" })));
    await d.step();
    const note = d.source.metrics?.().startingPosition;
    expect(note).toMatch(/^kinesis\.startingPosition 'LATEST' ignored for the 2 shard\(s\) in the checkpoint \(resumed from batch \d+\)/);
    expect(note).toContain("Use a new checkpointLocation to start from it.");
    expect((await d.source.explainLines?.())?.join("\n")).toContain("kinesis.startingPosition 'LATEST' ignored");
    await d.source.stop();
    // Without a given startingPosition there is nothing to say.
    const quiet = new SourceDriver(await createKinesisSource(base(stream)));
    quiet.offsets.push(...d.offsets);
    quiet.committed = d.committed;
    await quiet.step();
    expect(quiet.source.metrics?.().startingPosition).toBeUndefined();
    await quiet.source.stop();
  });

  it("reads through an HTTP proxy with credentials (#21, source: kinesis.proxy*)", async () => {
    proxy = await startForwardProxy({ user: "me", password: "p@ss word" });
    const stream = await createStream(client, 1);
    await put(client, stream, numbered(0, 4));
    const o = base(stream, {
      "kinesis.startingPosition": "TRIM_HORIZON",
      "kinesis.proxyAddress": "127.0.0.1",
      "kinesis.proxyPort": String(proxy.port),
      "kinesis.proxyUsername": "me",
      "kinesis.proxyPassword": "p@ss word",
    });
    const d = new SourceDriver(await createKinesisSource(o));
    const rows = await d.runUntil((r) => r.length >= 4);
    expect(rows.map(text).sort()).toEqual(numbered(0, 4).map((r) => r.data).sort());
    expect(proxy.stats.forwarded).toBeGreaterThan(0);
    expect(proxy.stats.refused).toBe(0);
    await d.source.stop();
  });

  it("writes through an HTTP proxy (#21, sink: the connector's kinesis.sink.proxy* options)", async () => {
    proxy = await startForwardProxy();
    const stream = await createStream(client, 1);
    const options = new Map([...base(stream), ["kinesis.sink.proxyAddress", proxy.url], ["kinesis.region", "us-east-1"]]);
    expect(parseSinkOptions(options).streamName).toBe(stream); // accepted, no longer refused
    const conn = resolveConnection(new KinesisOptions(withAliases(options)));
    expect(conn.describe).toContain("through a proxy");
    const k = createKinesisClient(conn); // the client sink/provider.ts gives the sink
    const out = await k.send(new PutRecordsCommand({ StreamName: stream, Records: [{ Data: Buffer.from("via-proxy"), PartitionKey: "k" }] }));
    expect(out.FailedRecordCount ?? 0).toBe(0);
    expect(proxy.stats.forwarded).toBe(1);
    k.destroy();
  });

  it("reads several streams in one reader and resumes each from its part of the checkpoint (#16)", async () => {
    const a = await createStream(client, 2);
    const b = await createStream(client, 1);
    await put(client, a, numbered(0, 6));
    await put(client, b, numbered(100, 103));
    const options = base(`${a}, ${b}`, { "kinesis.startingPosition": "TRIM_HORIZON" });
    const create = () => kinesisSourceProvider.createSource({ options, metadataPath: "", queryId: "q", session: undefined });
    kinesisSourceProvider.validateOptions?.(options);
    const d = new SourceDriver(await create());
    expect(d.source.description).toBe(`KinesisV2[streams=${a},${b}]`);
    let rows = await d.runUntil((r) => r.length >= 9);
    const byStream = (rs: typeof rows, s: string) => rs.filter((r) => r[1] === s).map(text).sort();
    expect(byStream(rows, a)).toEqual(numbered(0, 6).map((r) => r.data).sort());
    expect(byStream(rows, b)).toEqual(numbered(100, 103).map((r) => r.data).sort());
    const m = d.source.metrics?.() ?? {};
    expect(m.recordsRead).toBe("9");
    expect(m.shards).toBe("3");
    expect(Object.keys(m).filter((k) => k.startsWith("msBehindLatest.")).sort()).toEqual(
      [`msBehindLatest.${a}/shardId-000000000000`, `msBehindLatest.${a}/shardId-000000000001`, `msBehindLatest.${b}/shardId-000000000000`].sort(),
    );
    // Restart: each stream continues after its own last position; new records only, once.
    await d.restart(create);
    await put(client, b, numbered(103, 105));
    rows = await d.runUntil((r) => r.length >= 11);
    expect(rows.length).toBe(11);
    expect(byStream(rows, b)).toEqual(numbered(100, 105).map((r) => r.data).sort());
    await d.source.stop();
    // A single-stream checkpoint cannot be resumed by a several-stream reader, and the reverse is named too.
    const single = await createKinesisSource(base(a));
    const off = await single.latestOffset(null, {});
    await single.stop();
    const multi = await create();
    await expect(multi.latestOffset(off, {})).rejects.toThrow("The checkpoint holds the offset of a single-stream reader");
    await multi.stop();
    expect(() => kinesisSourceProvider.validateOptions?.(base(`${a},${a}`))).toThrow(`kinesis.streamName names stream '${a}' twice`);
    expect(() => parseSinkOptions(base(`${a},${b}`))).toThrow("the aws-kinesis sink writes to one");
  });

  it("refuses half-given proxy settings with the fix", () => {
    expect(() => resolveConnection(new KinesisOptions({ "kinesis.streamName": "s", "kinesis.region": "us-east-1", "kinesis.sink.proxyPort": "3128" }))).toThrow(
      "without kinesis.sink.proxyAddress",
    );
    expect(() => resolveConnection(new KinesisOptions({ "kinesis.streamName": "s", "kinesis.region": "us-east-1", "kinesis.proxyAddress": "proxy.corp" }))).toThrow(
      "has no port",
    );
  });
});
