import * as net from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { createKinesisSource } from "../../../../src/connector/kinesis/provider";
import { startFaultProxy } from "../../../helpers/fault-proxy";
import { createStream, deleteCreatedStreams, kinesisEndpoint, numbered, put, SourceDriver, testClient, sourceOptions } from "./fixture";

const client = testClient();
afterAll(async () => {
  await deleteCreatedStreams();
  client.destroy();
});

const SECRET = "wJalrXUtnFEMI-very-secret";

function options(stream: string, extra: Record<string, string> = {}) {
  return sourceOptions(stream, {
    "kinesis.awsSecretKey": SECRET,
    "kinesis.startingPosition": "TRIM_HORIZON",
    "kinesis.clientRetryIntervalsMs": "1",
    "kinesis.clientMaxRetryIntervalMs": "5",
    ...extra,
  });
}

async function firstError(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a failure");
}

describe("aws-kinesis source errors", () => {
  it("names an unknown stream, the endpoint and the option to fix", async () => {
    const source = await createKinesisSource(options("no-such-stream"));
    const e = await firstError(source.latestOffset(null, {}));
    expect(e.message).toContain("Stream 'no-such-stream' not found in endpoint");
    expect(e.message).toContain("kinesis.streamName");
    expect(e.message).not.toContain(SECRET);
  });

  it("says the credentials were rejected, without printing them", async () => {
    const stream = await createStream(client, 1);
    const proxy = await startFaultProxy({ target: kinesisEndpoint() });
    try {
      proxy.setRules([{ fault: "unrecognized" }]);
      const source = await createKinesisSource(options(stream, { "kinesis.endpointUrl": proxy.url }));
      const e = await firstError(source.latestOffset(null, {}));
      expect(e.message).toMatch(/credentials were rejected \(UnrecognizedClientException\)/);
      expect(e.message).toContain("kinesis.awsAccessKeyId");
      expect(e.message).not.toContain(SECRET);
    } finally {
      await proxy.close();
    }
  });

  it("fails in bounded time naming an unreachable endpoint", async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((r) => server.close(() => r()));
    const source = await createKinesisSource(options("s", { "kinesis.endpointUrl": `http://127.0.0.1:${port}`, "kinesis.clientNumRetries": "2" }));
    const e = await firstError(source.latestOffset(null, {}));
    expect(e.message).toContain(`Cannot reach Kinesis at endpoint http://127.0.0.1:${port}`);
  });

  it("gives up after the configured retries with the connector's message", async () => {
    const stream = await createStream(client, 1);
    await put(client, stream, numbered(0, 3));
    const proxy = await startFaultProxy({ target: kinesisEndpoint() });
    try {
      proxy.setRules([{ operation: "GetRecords", fault: "throttle" }]);
      const d = new SourceDriver(await createKinesisSource(options(stream, { "kinesis.endpointUrl": proxy.url, "kinesis.clientNumRetries": "3" })));
      const e = await firstError(d.step());
      expect(e.message).toMatch(/^Gave up after 3 retries while reading shard shardId-\d+ with GetRecords: ProvisionedThroughputExceededException/);
      expect(proxy.stats.faults.throttle).toBe(4);
    } finally {
      await proxy.close();
    }
  });

  it("failOnDataLoss: a shard gone before it was read fails the query only when asked", async () => {
    const stream = await createStream(client, 1);
    await put(client, stream, numbered(0, 3));
    const proxy = await startFaultProxy({ target: kinesisEndpoint() });
    try {
      const o = (fail: string) => options(stream, { "kinesis.endpointUrl": proxy.url, "kinesis.failOnDataLoss": fail });
      proxy.setRules([
        {
          operation: "GetShardIterator",
          fault: "not-found",
          message: `Shard shardId-000000000000 in stream ${stream} under account 000000000000 does not exist`,
        },
      ]);
      const strict = new SourceDriver(await createKinesisSource(o("true")));
      const e = await firstError(strict.step());
      expect(e.message).toContain("kinesis.failOnDataLoss=false");
      const lenient = new SourceDriver(await createKinesisSource(o("false")));
      await lenient.step();
      expect(lenient.allRows()).toEqual([]);
    } finally {
      await proxy.close();
    }
  });
});

describe("describeShards", () => {
  it("lists shards with hash ranges, parents and state", async () => {
    const { describeShards, connectionFromOptions } = await import("../../../../src/connector/kinesis/describe-shards");
    const stream = await createStream(client, 2);
    const conn = connectionFromOptions({ "kinesis.endpointUrl": kinesisEndpoint(), "kinesis.awsAccessKeyId": "a", "kinesis.awsSecretKey": "b" });
    const rows = await describeShards(conn, stream);
    expect(rows.map((r) => r.state)).toEqual(["open", "open"]);
    expect(rows[0].lagMs).toBeUndefined();
    const { createKinesisSource } = await import("../../../../src/connector/kinesis/provider");
    const running = new SourceDriver(
      await createKinesisSource(new Map([...options(stream).entries(), ["kinesis.startingPosition", "TRIM_HORIZON"]])),
    );
    await running.step();
    expect((await describeShards(conn, stream)).map((r) => r.lagMs)).toEqual([0, 0]);
    await running.source.stop();
    expect(rows[0].hashRange).toMatch(/^0\.\.\d+$/);
    await expect(describeShards(conn, "missing-stream")).rejects.toThrow("Stream 'missing-stream' not found");
  });

  it("follows ListShards paging (NextToken)", async () => {
    const { listShards } = await import("../../../../src/connector/kinesis/shard-tracker");
    const stream = await createStream(client, 3);
    const proxy = await startFaultProxy({ target: kinesisEndpoint() });
    try {
      const paged = testClient(proxy.url);
      const shards = await listShards(paged, stream, { numRetries: 0, baseMs: 1, maxMs: 1 }, 1);
      expect(shards.map((s) => s.shardId)).toEqual(["shardId-000000000000", "shardId-000000000001", "shardId-000000000002"]);
      expect(proxy.stats.byOperation.ListShards).toBe(3);
      paged.destroy();
    } finally {
      await proxy.close();
    }
  });
});
