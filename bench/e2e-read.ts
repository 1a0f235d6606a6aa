/**
 * Figure 2: end-to-end read throughput from an emulator stream (4 shards, preloaded): a tspark query
 * (aws-kinesis, TRIM_HORIZON, AvailableNow) into a no-op sink, against a raw SDK GetRecords loop (one loop per
 * shard, concurrently) over the same stream. Goal >= 0.9x. kinesalite holds 100k records; kinesis-local fewer,
 * because it slows down as its shards fill (local-aws.md trap 4).
 */
import { GetRecordsCommand, GetShardIteratorCommand, type KinesisClient, ListShardsCommand } from "@aws-sdk/client-kinesis";
import { createKinesisClient } from "../src/connector/aws/clients";
import { setDefaultConnection } from "../src/connector/aws/default-connection";
import { startLocalServices } from "../src/connector/local/services";
import { createStream, preload, readAllWithTspark } from "./kinesis-helpers";
import { type Figure, machine, median, round, writeResult } from "./harness";

async function rawRead(k: KinesisClient, stream: string, expected: number): Promise<number> {
  const shards = (await k.send(new ListShardsCommand({ StreamName: stream }))).Shards ?? [];
  let total = 0;
  await Promise.all(
    shards.map(async (s) => {
      let it = (await k.send(new GetShardIteratorCommand({ StreamName: stream, ShardId: s.ShardId!, ShardIteratorType: "TRIM_HORIZON" }))).ShardIterator;
      let emptyInARow = 0;
      while (it && total < expected && emptyInARow < 3) {
        const r = await k.send(new GetRecordsCommand({ ShardIterator: it, Limit: 10000 }));
        const n = r.Records?.length ?? 0;
        total += n;
        emptyInARow = n === 0 ? emptyInARow + 1 : 0;
        it = r.NextShardIterator;
      }
    }),
  );
  return total;
}

async function one(backend: "kinesalite" | "kinesis-local", records: number): Promise<Figure[]> {
  const services = await startLocalServices({ services: ["kinesis"], kinesisBackend: backend, fastTimings: true });
  try {
    setDefaultConnection(services.connection);
    const k = createKinesisClient(services.connection);
    const stream = `bench-read-${backend}`;
    await createStream(k, stream, 4);
    const tLoad = performance.now();
    await preload(k, stream, records);
    const loadMs = performance.now() - tLoad;
    const raw: number[] = [];
    const ours: number[] = [];
    for (let rep = 0; rep < 3; rep++) {
      let t = performance.now();
      const got = await rawRead(k, stream, records);
      raw.push(performance.now() - t);
      if (got !== records) throw new Error(`raw loop read ${got} of ${records}`);
      t = performance.now();
      const r = await readAllWithTspark(stream);
      ours.push(performance.now() - t);
      if (r.rows !== records) throw new Error(`tspark read ${r.rows} of ${records}`);
    }
    k.destroy();
    const rawRate = records / (median(raw) / 1000);
    const ourRate = records / (median(ours) / 1000);
    return [
      { name: `${backend}: tspark read records/s (4 shards, ${records} records)`, value: round(ourRate, 0), unit: "records/s", baseline: round(rawRate, 0), ratio: round(ourRate / rawRate), goal: ">= 0.9x raw GetRecords loop", met: ourRate / rawRate >= 0.9 },
      { name: `${backend}: preload PutRecords rate`, value: round(records / (loadMs / 1000), 0), unit: "records/s", note: "the emulator's own write speed, for context" },
    ];
  } finally {
    setDefaultConnection(undefined);
    await services.stop();
  }
}

async function main(): Promise<void> {
  const quick = process.env.BENCH_QUICK === "1";
  const figures = [...(await one("kinesalite", quick ? 10_000 : 100_000)), ...(await one("kinesis-local", quick ? 1_000 : 5_000))];
  writeResult({ bench: "e2e-read", command: "npm run bench -- e2e-read", startedAt: new Date().toISOString(), machine: machine(), figures });
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
