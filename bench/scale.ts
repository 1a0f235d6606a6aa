/**
 * Figure 5: scale. (a) 1, 4, 16, 64 shards on kinesalite: time of one AvailableNow batch that reads 20 records per
 * shard, and memory per shard while the readers are open. (b) State growth: groupBy over 1k, 100k and 1M distinct
 * keys from a memory stream, heap held by the aggregation state per group. Goal: linear, with a stated bound.
 * Baselines: the 1-shard batch and the 1k-group state.
 */
import * as v8 from "node:v8";
import { createKinesisClient } from "../src/connector/aws/clients";
import { setDefaultConnection } from "../src/connector/aws/default-connection";
import { startLocalServices } from "../src/connector/local/services";
import { MemoryStream } from "../src/connector/memory/memory-stream";
import type { DataFrame } from "../src/engine/api/data-frame";
import { type Figure, machine, round, withPeakMemory, writeResult } from "./harness";
import { createStream, preload, readAllWithTspark, spark, tempCheckpoint } from "./kinesis-helpers";

const gc = (): void => {
  v8.setFlagsFromString("--expose-gc");
  (globalThis as { gc?: () => void }).gc?.();
};

async function shards(): Promise<Figure[]> {
  const services = await startLocalServices({ services: ["kinesis"], kinesisBackend: "kinesalite" });
  const out: Figure[] = [];
  try {
    setDefaultConnection(services.connection);
    const k = createKinesisClient(services.connection);
    let base = 0;
    // Warm-up (JIT, client pools) so the 1-shard baseline is not the cold start.
    await createStream(k, "bench-scale-warm", 1);
    await preload(k, "bench-scale-warm", 20);
    await readAllWithTspark("bench-scale-warm");
    for (const n of [1, 4, 16, 64]) {
      const stream = `bench-scale-${n}`;
      await createStream(k, stream, n);
      await preload(k, stream, 20 * n);
      const before = process.memoryUsage().rss;
      const t = performance.now();
      const m = await withPeakMemory(() => readAllWithTspark(stream));
      const ms = performance.now() - t;
      if (m.result.rows !== 20 * n) throw new Error(`read ${m.result.rows} of ${20 * n}`);
      if (n === 1) base = ms;
      const perShardMiB = Math.max(0, (m.peakRssMiB * 2 ** 20 - before) / n / 2 ** 20);
      out.push({ name: `${n} shard(s): AvailableNow query reading 20 records/shard`, value: round(ms, 0), unit: "ms", baseline: round(base, 0), ratio: round(ms / base / n), note: `ratio = (time / 1-shard time) / shards: <= 1 means sub-linear; peak RSS growth ${round(perShardMiB, 2)} MiB per shard` });
    }
    k.destroy();
  } finally {
    setDefaultConnection(undefined);
    await services.stop();
  }
  return out;
}

async function state(): Promise<Figure[]> {
  const out: Figure[] = [];
  let basePerGroup = 0;
  for (const groups of [1_000, 100_000, 1_000_000]) {
    const input = new MemoryStream("k BIGINT", spark());
    const df = input.toDF() as DataFrame;
    const per = 100_000;
    for (let s = 0; s < groups; s += per) input.addData(...Array.from({ length: Math.min(per, groups - s) }, (_, i) => BigInt(s + i)));
    gc();
    const before = process.memoryUsage().heapUsed;
    const q = await df.groupBy("k").count().writeStream.outputMode("update").option("checkpointLocation", tempCheckpoint()).foreachBatch(async () => {}).start();
    await q.processAllAvailable();
    gc();
    const after = process.memoryUsage().heapUsed;
    const perGroup = Math.max(0, after - before) / groups;
    if (groups === 1_000) basePerGroup = perGroup;
    const total = (q.lastProgress as { stateOperators?: Array<{ numRowsTotal?: number }> } | null)?.stateOperators?.[0]?.numRowsTotal;
    await q.stop();
    out.push({ name: `state with ${groups} groups: heap per group`, value: round(perGroup, 0), unit: "bytes", baseline: round(basePerGroup, 0), ratio: round(basePerGroup / Math.max(1, perGroup)), note: `numRowsTotal=${total}` });
  }
  return out;
}

async function main(): Promise<void> {
  const figures = [...(await shards()), ...(await state())];
  writeResult({ bench: "scale", command: "npm run bench -- scale", startedAt: new Date().toISOString(), machine: machine(), figures });
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
