/**
 * Joins (issue #17). Figure 1: a stream-static inner join of 1M stream rows (10 batches) against a 100k-row static
 * table, against a hand-written Map-lookup loop over the same rows building the same output rows. Goal: >= 0.5x.
 * Figure 2: a stream-stream inner join with an event-time range condition and 10-minute watermarks, fed in batches
 * of 50k rows per side: the join state rows and the heap at 100k, 500k and 1M input rows per side (flat = bounded;
 * the heap also holds the MemoryStreams' input, which grows with the rows fed).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import "../src/connector/register";
import { MemoryStream } from "../src/connector/memory/memory-stream";
import { expr } from "../src/engine/api/column";
import type { DataFrame } from "../src/engine/api/data-frame";
import { SparkSession } from "../src/engine/session";
import type { Row } from "../src/engine/types/values";
import { machine, median, round, writeResult } from "./harness";

const N = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const TABLE = 100_000;
const BATCHES = 10;
const REPS = Number(process.env.BENCH_REPS ?? 3);

function handLoop(stream: readonly Row[], table: readonly Row[]): number {
  const byId = new Map<number, Row[]>();
  for (const t of table) {
    const k = t[0] as number;
    const b = byId.get(k);
    if (b === undefined) byId.set(k, [t]);
    else b.push(t);
  }
  const out: Row[] = [];
  for (const s of stream) {
    for (const t of byId.get(s[0] as number) ?? []) out.push([s[0], s[1], t[1]]);
  }
  return out.length;
}

function prepareStreamStatic(spark: SparkSession, stream: readonly Row[], table: DataFrame): () => Promise<number> {
  const input = new MemoryStream("id INT, v INT", spark);
  const per = Math.ceil(stream.length / BATCHES);
  const slices = Array.from({ length: BATCHES }, (_, b) => stream.slice(b * per, (b + 1) * per) as Row[]);
  const joined = (input.toDF() as DataFrame).join(table, "id");
  return async () => {
    let rows = 0;
    const q = await joined.writeStream
      .option("checkpointLocation", fs.mkdtempSync(path.join(os.tmpdir(), "tspark-bench-join-")))
      .foreachBatch(async (b: unknown) => {
        // count(), not collect(): the loop builds plain arrays, so the join's rows are not wrapped as Row objects
        rows += Number((b as DataFrame).count());
      })
      .start();
    // one micro-batch per slice (rows added before start would all go into the first batch)
    for (const slice of slices) {
      input.addRows(slice);
      await q.processAllAvailable();
    }
    await q.stop();
    return rows;
  };
}

async function streamStream(spark: SparkSession): Promise<{ at: number; stateRows: number; heapMiB: number }[]> {
  const imp = new MemoryStream("adId INT, impTime TIMESTAMP", spark);
  const clk = new MemoryStream("clkAdId INT, clkTime TIMESTAMP", spark);
  const impressions = (imp.toDF() as DataFrame).withWatermark("impTime", "10 minutes");
  const clicks = (clk.toDF() as DataFrame).withWatermark("clkTime", "10 minutes");
  const joined = impressions.join(clicks, expr("adId = clkAdId AND clkTime BETWEEN impTime AND impTime + interval 1 minute"));
  let matches = 0;
  const q = await joined.writeStream
    .option("checkpointLocation", fs.mkdtempSync(path.join(os.tmpdir(), "tspark-bench-ssjoin-")))
    .foreachBatch(async (b: unknown) => {
      matches += (b as DataFrame).collect().length;
    })
    .start();
  const points = [100_000, 500_000, 1_000_000].filter((p) => p <= N);
  const per = 50_000;
  const out: { at: number; stateRows: number; heapMiB: number }[] = [];
  // ten events a second on each side; a click 5 s after its impression
  for (let done = 0; done < N; done += per) {
    const imps: Row[] = [];
    const clks: Row[] = [];
    for (let i = done; i < done + per; i++) {
      const t = BigInt(i) * 100_000n;
      imps.push([i % 10_000, t]);
      clks.push([i % 10_000, t + 5_000_000n]);
    }
    imp.addRows(imps);
    clk.addRows(clks);
    await q.processAllAvailable();
    if (points.includes(done + per)) {
      (globalThis as { gc?: () => void }).gc?.();
      const p = (q.lastProgress as { stateOperators: { numRowsTotal: number }[] }).stateOperators[0]!;
      out.push({ at: done + per, stateRows: p.numRowsTotal, heapMiB: process.memoryUsage().heapUsed / 2 ** 20 });
    }
  }
  await q.stop();
  if (matches === 0) throw new Error("the stream-stream join matched nothing");
  return out;
}

async function main(): Promise<void> {
  const spark = SparkSession.builder.getOrCreate();
  const tableRows: Row[] = [];
  for (let i = 0; i < TABLE; i++) tableRows.push([i, `name${i}`]);
  const table = spark.createDataFrame(tableRows, "id INT, name STRING") as DataFrame;
  const stream: Row[] = [];
  for (let i = 0; i < N; i++) stream.push([(i * 7919) % (TABLE * 2), i]);
  handLoop(stream.slice(0, 20_000), tableRows);
  await prepareStreamStatic(spark, stream.slice(0, 20_000), table)();
  const loopTimes: number[] = [];
  const engineTimes: number[] = [];
  for (let rep = 0; rep < REPS; rep++) {
    let t = performance.now();
    const expected = handLoop(stream, tableRows);
    loopTimes.push(performance.now() - t);
    const run = prepareStreamStatic(spark, stream, table);
    t = performance.now();
    const got = await run();
    engineTimes.push(performance.now() - t);
    if (got !== expected) throw new Error(`the join gave ${got} rows, the loop ${expected}`);
  }
  const loopRate = N / (median(loopTimes) / 1000);
  const engineRate = N / (median(engineTimes) / 1000);
  const ratio = engineRate / loopRate;
  const ss = await streamStream(spark);
  writeResult({
    bench: "joins",
    command: "npm run bench -- joins",
    startedAt: new Date().toISOString(),
    machine: machine(),
    figures: [
      { name: "stream-static join rows/s (tspark)", value: round(engineRate, 0), unit: "rows/s", baseline: round(loopRate, 0), ratio: round(ratio), goal: ">= 0.5x Map-lookup loop", met: ratio >= 0.5, note: `${N} stream rows vs ${TABLE} table rows` },
      { name: "Map-lookup loop rows/s", value: round(loopRate, 0), unit: "rows/s" },
      ...ss.flatMap((p) => [
        { name: `stream-stream join state rows at ${p.at} rows per side`, value: p.stateRows, unit: "rows", note: "range 1 min, watermarks 10 min" },
        { name: `heap at ${p.at} rows per side`, value: round(p.heapMiB, 1), unit: "MiB", note: "whole heap after gc, including the input both MemoryStreams keep (their offsets replay it)" },
      ]),
    ],
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
