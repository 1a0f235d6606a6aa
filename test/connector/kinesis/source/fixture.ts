/**
 * Test fixture for the Kinesis source: a kinesis-local endpoint (TSPARK_TEST_KINESIS_ENDPOINT, else the one the
 * global set-up started), small unique streams, and a driver that runs a StreamSource the way the engine does
 * (latestOffset -> getBatch -> commit), keeping the offset log in memory so "restarts" can be simulated.
 */
import * as http from "node:http";
import {
  CreateStreamCommand,
  DeleteStreamCommand,
  DescribeStreamSummaryCommand,
  KinesisClient,
  ListShardsCommand,
  PutRecordsCommand,
} from "@aws-sdk/client-kinesis";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import type { StreamSource } from "../../../../src/engine/exec/source";
import type { Row } from "../../../../src/engine/types/values";

export function kinesisEndpoint(): string {
  const e = process.env.TSPARK_TEST_KINESIS_ENDPOINT ?? process.env.KINESIS_LOCAL_ENDPOINT;
  if (!e) throw new Error("no kinesis-local endpoint: set TSPARK_TEST_KINESIS_ENDPOINT");
  return e;
}

export function testClient(endpoint = kinesisEndpoint()): KinesisClient {
  return new KinesisClient({
    region: "us-east-1",
    endpoint,
    credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "test-secret" },
    requestHandler: new NodeHttpHandler({ httpAgent: new http.Agent({ keepAlive: true }) }),
  });
}

/**
 * A source's options for a test stream on the emulator with the test credentials; `consumer` adds the consumer
 * type (and, for enhanced fan-out, a fresh consumer name so tests never share a registration).
 */
export function sourceOptions(stream: string, extra: Record<string, string> = {}, consumer?: string): Map<string, string> {
  return new Map(
    Object.entries({
      "kinesis.endpointUrl": kinesisEndpoint(),
      "kinesis.streamName": stream,
      "kinesis.awsAccessKeyId": "AKIDTEST",
      "kinesis.awsSecretKey": "test-secret",
      ...(consumer ? { "kinesis.consumerType": consumer } : {}),
      ...(consumer === "SubscribeToShard" ? { "kinesis.consumerName": uniqueName("c") } : {}),
      ...extra,
    }),
  );
}

let counter = 0;
export function uniqueName(prefix: string): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter++}`;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function waitActive(client: KinesisClient, stream: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const d = await client.send(new DescribeStreamSummaryCommand({ StreamName: stream }));
    if (d.StreamDescriptionSummary?.StreamStatus === "ACTIVE") return;
    await sleep(100);
  }
  throw new Error(`stream ${stream} not ACTIVE`);
}

const created: { client: KinesisClient; name: string }[] = [];

/** Delete the streams this test file created (kinesis-local counts their shards against SHARD_LIMIT). */
export async function deleteCreatedStreams(): Promise<void> {
  for (const { client, name } of created.splice(0)) {
    await client.send(new DeleteStreamCommand({ StreamName: name, EnforceConsumerDeletion: true })).catch(() => undefined);
  }
}

export async function createStream(client: KinesisClient, shards: number, prefix = "src"): Promise<string> {
  const name = uniqueName(prefix);
  created.push({ client, name });
  await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
  await waitActive(client, name);
  return name;
}

export async function put(
  client: KinesisClient,
  stream: string,
  records: { pk: string; data: string | Uint8Array }[],
): Promise<void> {
  for (let i = 0; i < records.length; i += 200) {
    const out = await client.send(
      new PutRecordsCommand({
        StreamName: stream,
        Records: records.slice(i, i + 200).map((r) => ({
          PartitionKey: r.pk,
          Data: typeof r.data === "string" ? Buffer.from(r.data) : r.data,
        })),
      }),
    );
    if (out.FailedRecordCount) throw new Error(`${out.FailedRecordCount} puts failed`);
  }
}

/** Sequential records k-<i> with partition keys spread over `keys`. */
export function numbered(from: number, to: number, keys = 4): { pk: string; data: string }[] {
  const out = [];
  for (let i = from; i < to; i++) out.push({ pk: `key-${i % keys}`, data: `r-${i}` });
  return out;
}

export async function shardIds(client: KinesisClient, stream: string): Promise<string[]> {
  const out = await client.send(new ListShardsCommand({ StreamName: stream }));
  return (out.Shards ?? []).map((s) => s.ShardId!);
}

export const text = (row: Row) => Buffer.from(row[0] as Uint8Array).toString();

/** Drives a source like MicroBatchExecution, with an offset log that survives "restarts". */
export class SourceDriver {
  readonly offsets: string[] = [];
  committed = -1;
  readonly batches: Row[][] = [];

  constructor(public source: StreamSource) {}

  /** One trigger: latestOffset; if new, getBatch + commit. Returns the rows (empty when no batch ran). */
  async step(opts: { commit?: boolean; maxRows?: number } = {}): Promise<Row[] | null> {
    const start = this.offsets.length ? this.offsets[this.offsets.length - 1] : null;
    const end = await this.source.latestOffset(start, { maxRows: opts.maxRows });
    if (end === null || end === start) return null;
    this.offsets.push(end);
    const rows = await this.source.getBatch(start, end);
    if (opts.commit !== false) {
      await this.source.commit(end);
      this.committed = this.offsets.length - 1;
    }
    this.batches.push(rows);
    return rows;
  }

  /**
   * Run triggers until `pred(allRows)` holds or `budgetMs` passed (a bound for a hung test on a loaded machine, not
   * an assertion: the caller asserts on the rows).
   */
  async runUntil(pred: (rows: Row[]) => boolean, budgetMs = 60_000): Promise<Row[]> {
    const until = Date.now() + budgetMs;
    while (!pred(this.allRows()) && Date.now() < until) {
      const r = await this.step();
      if (r === null) await sleep(50);
    }
    return this.allRows();
  }

  allRows(): Row[] {
    return this.batches.flat();
  }

  /** Simulate a restart: new source; an uncommitted last batch is re-run with the same offsets. */
  async restart(create: () => Promise<StreamSource>): Promise<Row[] | null> {
    await this.source.stop();
    const source = await create();
    this.source = source;
    if (this.committed < this.offsets.length - 1) {
      const n = this.offsets.length - 1;
      const start = n > 0 ? this.offsets[n - 1] : null;
      const rows = await source.getBatch(start, this.offsets[n]);
      await source.commit(this.offsets[n]);
      this.committed = n;
      this.batches[n] = rows;
      return rows;
    }
    return null;
  }
}
