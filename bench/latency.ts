/**
 * Figure 3: latency from PutRecord to the row reaching the sink, p50/p99 over >= 200 records at a steady low rate,
 * for polling (GetRecords) and enhanced fan-out (SubscribeToShard) on kinesis-local. Baselines, same run, same
 * producer (rate and count): polling against a raw SDK GetRecords loop that polls every 200 ms (the connector's
 * default fetch interval); fan-out against a raw SDK SubscribeToShard consumer (RegisterStreamConsumer, one
 * subscription per shard). Goals: polling p50 <= 300 ms, p99 <= 1 s; fan-out p50 <= the raw SubscribeToShard p50
 * + 150 ms, because kinesis-local pushes fan-out events about once a second per shard whatever the data rate (its
 * pacing, measured here as the gap between events), so no consumer of it can reach an absolute 150 ms.
 */
import {
  DescribeStreamConsumerCommand,
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type KinesisClient,
  ListShardsCommand,
  PutRecordCommand,
  RegisterStreamConsumerCommand,
  SubscribeToShardCommand,
} from "@aws-sdk/client-kinesis";
import { createKinesisClient } from "../src/connector/aws/clients";
import { setDefaultConnection } from "../src/connector/aws/default-connection";
import { startLocalServices } from "../src/connector/local/services";
import type { DataFrame } from "../src/engine/api/data-frame";
import { type Figure, machine, percentile, round, writeResult } from "./harness";
import { createStream, sleep, spark, tempCheckpoint } from "./kinesis-helpers";

const COUNT = Number(process.env.BENCH_LATENCY_RECORDS ?? 200);
const RATE = 20;
/** Fan-out goal: what tspark may add over a raw SubscribeToShard consumer on the same emulator. */
const FAN_OUT_OVERHEAD_GOAL_MS = 150;

async function produce(k: KinesisClient, stream: string, stopAt: () => boolean): Promise<void> {
  for (let i = 0; i < COUNT && !stopAt(); i++) {
    await k.send(new PutRecordCommand({ StreamName: stream, PartitionKey: `pk-${i}`, Data: Buffer.from(JSON.stringify({ i, t: Date.now() })) }));
    await sleep(1000 / RATE);
  }
}

async function tsparkLatencies(k: KinesisClient, stream: string, opts: Record<string, string>): Promise<number[]> {
  const lat: number[] = [];
  const df = spark().readStream.format("aws-kinesis").option("kinesis.streamName", stream).option("kinesis.startingPosition", "LATEST").options(opts).load() as DataFrame;
  const q = await df
    .selectExpr("cast(data as string) as json")
    .writeStream.option("checkpointLocation", tempCheckpoint())
    .foreachBatch(async (b: unknown) => {
      const batch = b as DataFrame;
      const now = Date.now();
      for (const row of batch.collect()) lat.push(now - (JSON.parse(String(row.get(0))) as { t: number }).t);
    })
    .start();
  await sleep(3000); // let readers (and the fan-out subscription) settle at LATEST
  await produce(k, stream, () => false);
  for (let i = 0; i < 50 && lat.length < COUNT; i++) await sleep(100);
  await q.stop();
  return lat;
}

/**
 * Same-run fan-out baseline: a plain SDK SubscribeToShard consumer (RegisterStreamConsumer, then one subscription
 * per shard at LATEST), timing PutRecord -> event arrival. Also returns the gaps between consecutive events of a
 * shard while records flow: the emulator's own event pacing.
 */
async function rawFanOutLatencies(k: KinesisClient, streamClient: KinesisClient, stream: string): Promise<{ lat: number[]; gaps: number[]; events: number }> {
  const lat: number[] = [];
  const gaps: number[] = [];
  let events = 0;
  const streamArn = (await k.send(new DescribeStreamSummaryCommand({ StreamName: stream }))).StreamDescriptionSummary!.StreamARN!;
  const consumerArn = (await k.send(new RegisterStreamConsumerCommand({ StreamARN: streamArn, ConsumerName: "bench-raw-efo" }))).Consumer!.ConsumerARN!;
  for (let i = 0; i < 300; i++) {
    const c = await k.send(new DescribeStreamConsumerCommand({ ConsumerARN: consumerArn }));
    if (c.ConsumerDescription?.ConsumerStatus === "ACTIVE") break;
    await sleep(100);
  }
  const shards = (await k.send(new ListShardsCommand({ StreamName: stream }))).Shards ?? [];
  const abort = new AbortController();
  let producing = false;
  const subscriptions = shards.map(async (s) => {
    const out = await streamClient.send(
      new SubscribeToShardCommand({ ConsumerARN: consumerArn, ShardId: s.ShardId!, StartingPosition: { Type: "LATEST" } }),
      { abortSignal: abort.signal },
    );
    let last = 0;
    try {
      for await (const ev of out.EventStream ?? []) {
        const now = Date.now();
        const recs = ev.SubscribeToShardEvent?.Records ?? [];
        if (producing && last > 0) gaps.push(now - last);
        last = now;
        if (recs.length > 0) events++;
        for (const rec of recs) lat.push(now - (JSON.parse(Buffer.from(rec.Data!).toString()) as { t: number }).t);
      }
    } catch (error) {
      if (!abort.signal.aborted) throw error;
    }
  });
  await sleep(3000); // same settle time as the tspark run
  producing = true;
  await produce(k, stream, () => false);
  for (let i = 0; i < 50 && lat.length < COUNT; i++) await sleep(100);
  producing = false;
  abort.abort();
  await Promise.allSettled(subscriptions);
  return { lat, gaps, events };
}

async function rawLatencies(k: KinesisClient, stream: string): Promise<number[]> {
  const lat: number[] = [];
  const shards = (await k.send(new ListShardsCommand({ StreamName: stream }))).Shards ?? [];
  let done = false;
  const readers = shards.map(async (s) => {
    let it = (await k.send(new GetShardIteratorCommand({ StreamName: stream, ShardId: s.ShardId!, ShardIteratorType: "LATEST" }))).ShardIterator;
    while (it && !done) {
      const r = await k.send(new GetRecordsCommand({ ShardIterator: it, Limit: 10000 }));
      const now = Date.now();
      for (const rec of r.Records ?? []) lat.push(now - (JSON.parse(Buffer.from(rec.Data!).toString()) as { t: number }).t);
      it = r.NextShardIterator;
      await sleep(200);
    }
  });
  await sleep(500);
  await produce(k, stream, () => false);
  await sleep(1000);
  done = true;
  await Promise.all(readers);
  return lat;
}

function fanOutFigures(lat: number[], raw: { lat: number[]; gaps: number[]; events: number }): Figure[] {
  const p50 = percentile(lat, 50);
  const b50 = percentile(raw.lat, 50);
  const out: Figure[] = [
    {
      name: `fan-out p50 latency (${lat.length} records)`,
      value: p50,
      unit: "ms",
      baseline: b50,
      ratio: round(b50 / Math.max(1, p50)),
      goal: `<= raw SubscribeToShard p50 + ${FAN_OUT_OVERHEAD_GOAL_MS} ms`,
      met: p50 <= b50 + FAN_OUT_OVERHEAD_GOAL_MS,
    },
    { name: "fan-out p99 latency", value: percentile(lat, 99), unit: "ms", baseline: percentile(raw.lat, 99) },
    { name: `raw SubscribeToShard p50 latency (${raw.lat.length} records)`, value: b50, unit: "ms", note: "plain SDK consumer, same stream rate and count" },
    { name: "raw SubscribeToShard p99 latency", value: percentile(raw.lat, 99), unit: "ms" },
    {
      name: `kinesis-local event pacing: median gap between events of a shard while records flow (${raw.events} events with records)`,
      value: percentile(raw.gaps, 50),
      unit: "ms",
      note: "the emulator's own push interval, whatever the data rate",
    },
  ];
  if (lat.length < COUNT) out.push({ name: "fan-out records seen", value: lat.length, unit: "records", note: `of ${COUNT} put` });
  return out;
}

function figures(label: string, lat: number[], base: number[], p50Goal: number, p99Goal?: number): Figure[] {
  const p50 = percentile(lat, 50);
  const p99 = percentile(lat, 99);
  const b50 = percentile(base, 50);
  const out: Figure[] = [
    { name: `${label} p50 latency (${lat.length} records)`, value: p50, unit: "ms", baseline: b50, ratio: round(b50 / Math.max(1, p50)), goal: `<= ${p50Goal} ms`, met: p50 <= p50Goal },
    { name: `${label} p99 latency`, value: p99, unit: "ms", baseline: percentile(base, 99), ...(p99Goal ? { goal: `<= ${p99Goal} ms`, met: p99 <= p99Goal } : {}) },
  ];
  if (lat.length < COUNT) out.push({ name: `${label} records seen`, value: lat.length, unit: "records", note: `of ${COUNT} put` });
  return out;
}

async function main(): Promise<void> {
  const services = await startLocalServices({ services: ["kinesis"], fastTimings: true });
  try {
    setDefaultConnection(services.connection);
    const k = createKinesisClient(services.connection);
    await createStream(k, "bench-lat-raw", 2);
    await createStream(k, "bench-lat-poll", 2);
    await createStream(k, "bench-lat-efo", 2);
    await createStream(k, "bench-lat-raw-efo", 2);
    const base = await rawLatencies(k, "bench-lat-raw");
    const streamClient = createKinesisClient(services.connection); // own sockets for the event streams
    const rawEfo = await rawFanOutLatencies(k, streamClient, "bench-lat-raw-efo");
    streamClient.destroy();
    const poll = await tsparkLatencies(k, "bench-lat-poll", {});
    const efo = await tsparkLatencies(k, "bench-lat-efo", { "kinesis.consumerType": "SubscribeToShard", "kinesis.consumerName": "bench-efo" });
    k.destroy();
    writeResult({
      bench: "latency",
      command: "npm run bench -- latency",
      startedAt: new Date().toISOString(),
      machine: machine(),
      figures: [...figures("polling", poll, base, 300, 1000), ...fanOutFigures(efo, rawEfo)],
    });
  } finally {
    setDefaultConnection(undefined);
    await services.stop();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
