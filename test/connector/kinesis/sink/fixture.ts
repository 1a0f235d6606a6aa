/**
 * Kinesis for the sink tests: TSPARK_TEST_KINESIS_ENDPOINT when set (kinesis-local from the shared set-up),
 * otherwise a private kinesalite in this worker on 127.0.0.1 (both are real emulators behind the real SDK).
 * Helpers create small multi-shard streams and read a whole stream back (GetRecords on every shard, KPL aggregates
 * de-aggregated) so tests can compare what arrived with what was written.
 */
import { mkdtempSync, rmSync } from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import * as path from "node:path";
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
  type Shard,
} from "@aws-sdk/client-kinesis";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { afterAll, beforeAll } from "vitest";
import { deaggregate } from "../../../../src/connector/kinesis/kpl/aggregate";
import { StructField, StructType } from "../../../../src/engine/types/struct-type";

interface Closable {
  close(cb: () => void): void;
}

let server: Closable | undefined;
let endpoint: string | undefined;

export async function kinesisEndpoint(): Promise<string> {
  if (endpoint) return endpoint;
  const env = process.env.TSPARK_TEST_KINESIS_ENDPOINT;
  if (env) return (endpoint = env);
  // kinesalite has no types; its factory returns an http.Server.
  const kinesalite = require("kinesalite") as (opts: object) => http.Server;
  const s = kinesalite({ createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0, shardLimit: 100 });
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  server = s;
  endpoint = `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  return endpoint;
}

export async function stopKinesis(): Promise<void> {
  const s = server;
  server = undefined;
  endpoint = undefined;
  if (s) await new Promise<void>((r) => s.close(() => r()));
}

export function testClient(url: string): KinesisClient {
  return new KinesisClient({
    region: "us-east-1",
    endpoint: url,
    credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "test-secret" },
    requestHandler: new NodeHttpHandler({ httpAgent: new http.Agent({ keepAlive: true }) }),
  });
}

let counter = 0;
export function uniqueName(prefix: string): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter++}`;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function createStream(client: KinesisClient, shards: number, prefix = "sink"): Promise<string> {
  const name = uniqueName(prefix);
  await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
  for (let i = 0; i < 100; i++) {
    const d = await client.send(new DescribeStreamSummaryCommand({ StreamName: name }));
    if (d.StreamDescriptionSummary?.StreamStatus === "ACTIVE") return name;
    await sleep(50);
  }
  throw new Error(`stream ${name} not ACTIVE`);
}

export async function listShards(client: KinesisClient, stream: string): Promise<Shard[]> {
  const out = await client.send(new ListShardsCommand({ StreamName: stream }));
  return out.Shards ?? [];
}

export interface ReadRecord {
  readonly shardId: string;
  readonly partitionKey: string;
  readonly data: string;
  /** True when it came out of a KPL aggregate. */
  readonly aggregated: boolean;
}

/** Everything in the stream, shard by shard, de-aggregated. `kinesisRecords` counts records as stored. */
export async function readAll(client: KinesisClient, stream: string): Promise<{ records: ReadRecord[]; kinesisRecords: number }> {
  const records: ReadRecord[] = [];
  let kinesisRecords = 0;
  for (const shard of await listShards(client, stream)) {
    const it = await client.send(
      new GetShardIteratorCommand({ StreamName: stream, ShardId: shard.ShardId!, ShardIteratorType: "TRIM_HORIZON" }),
    );
    let iterator = it.ShardIterator;
    for (let empty = 0; iterator && empty < 2; ) {
      const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }));
      const got = page.Records ?? [];
      if (got.length === 0) empty++;
      for (const r of got) {
        kinesisRecords++;
        const subs = deaggregate(r.Data!);
        if (subs === null) {
          records.push({ shardId: shard.ShardId!, partitionKey: r.PartitionKey!, data: Buffer.from(r.Data!).toString(), aggregated: false });
        } else {
          for (const u of subs) {
            records.push({ shardId: shard.ShardId!, partitionKey: u.partitionKey, data: Buffer.from(u.data).toString(), aggregated: true });
          }
        }
      }
      iterator = page.NextShardIterator;
    }
  }
  return { records, kinesisRecords };
}

/** Input schema (partitionKey string, data string [, explicitHashKey string]). */
export function sinkSchema(withHashKey = false, dataType = "string"): StructType {
  const fields = [StructField("partitionKey", "string"), StructField("data", dataType)];
  if (withHashKey) fields.push(StructField("explicitHashKey", "string"));
  return StructType(fields);
}

export function rowsOf(n: number, keys = 7, from = 0): unknown[][] {
  return Array.from({ length: n }, (_, i) => [`key-${(from + i) % keys}`, `payload-${from + i}`]);
}

export function sortedPairs(records: readonly { partitionKey: string; data: string }[]): string[] {
  return records.map((r) => `${r.partitionKey}|${r.data}`).sort();
}

/** The options every sink test starts from: the emulator, test credentials and short retry intervals. */
export function sinkOptions(endpoint: string, stream: string, extra: Record<string, string> = {}): Map<string, string> {
  return new Map(
    Object.entries({
      "kinesis.endpointUrl": endpoint,
      "kinesis.region": "us-east-1",
      "kinesis.streamName": stream,
      "kinesis.awsAccessKeyId": "AKIDTEST",
      "kinesis.awsSecretKey": "test-secret",
      "kinesis.clientRetryIntervalsMs": "5",
      "kinesis.clientMaxRetryIntervalMs": "20",
      ...extra,
    }),
  );
}

/**
 * A test file's Kinesis: the endpoint and a client made before its tests, and the temporary checkpoint folders it
 * made removed after them (with the private emulator, if this worker started one).
 */
export function sinkTestbed(tempPrefix: string): { readonly url: string; readonly client: KinesisClient; checkpointDir(): string } {
  let url = "";
  let client: KinesisClient | undefined;
  const dirs: string[] = [];
  beforeAll(async () => {
    url = await kinesisEndpoint();
    client = testClient(url);
  });
  afterAll(async () => {
    client?.destroy();
    await stopKinesis();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  return {
    get url() {
      return url;
    },
    get client() {
      if (!client) throw new Error("sinkTestbed: the client exists only inside tests");
      return client;
    },
    checkpointDir() {
      const d = mkdtempSync(path.join(tmpdir(), tempPrefix));
      dirs.push(d);
      return path.join(d, "sinks", "0");
    },
  };
}
