/**
 * Figure 6 (#16.6): tspark against real Apache Spark (local[2], the oracle's driver: docs/spark-oracle.md) on the
 * blog pipeline (cast(data as string) -> from_json -> events.* -> groupBy(data).count, update mode) over the same
 * records: throughput over pre-loaded input (10 batches), time from query start to the first result, and per-batch
 * latency at a trickle (10 records per step, each step processed before the next). Spark reads the records from
 * text files (one file per trigger); tspark from its memory source. Needs `npm run spark:setup`.
 */
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import "../src/connector/register";
import { MemoryStream } from "../src/connector/memory/memory-stream";
import type { DataFrame } from "../src/engine/api/data-frame";
import { SparkSession } from "../src/engine/session";
import { SPARK_PYTHON, SparkOracle } from "../scripts/spark/oracle";
import { machine, median, round, writeResult } from "./harness";

const N = Number(process.env.BENCH_SPARK_RECORDS ?? 200_000);
const BATCHES = 10;
const STEPS = Number(process.env.BENCH_SPARK_STEPS ?? 20);
const COUNTRIES = ["Spain", "Portugal", "Finland", "France"];

function lines(n: number, offset = 0): string[] {
  return Array.from({ length: n }, (_, j) => {
    const i = j + offset;
    return `{"id": ${i % 101}, "data": "${COUNTRIES[i % 4]}", "date": "2026-11-23 ${String((i % 12) + 1).padStart(2, "0")}:11:12"}`;
  });
}

function blog(df: DataFrame): DataFrame {
  return df
    .selectExpr("cast(data as STRING) jsonData")
    .selectExpr("from_json(jsonData, 'id BIGINT, data STRING, date TIMESTAMP') AS events")
    .select("events.*")
    .groupBy("data")
    .count();
}

async function tspark(records: string[], trickle: string[]) {
  const spark = SparkSession.builder.create();
  const input = new MemoryStream("data STRING", spark);
  const per = Math.ceil(records.length / BATCHES);
  for (let b = 0; b < BATCHES; b++) input.addRows(records.slice(b * per, (b + 1) * per));
  let first: number | null = null;
  const t0 = performance.now();
  const ckpt = () => mkdtempSync(join(tmpdir(), "tspark-bench-spark-"));
  const q = await blog(input.toDF())
    .writeStream.outputMode("update")
    .option("checkpointLocation", ckpt())
    .foreachBatch((bdf) => {
      (bdf as DataFrame).count();
      first ??= performance.now() - t0;
    })
    .start();
  await q.processAllAvailable();
  const totalMs = performance.now() - t0;
  await q.stop();
  const input2 = new MemoryStream("data STRING", spark);
  const q2 = await blog(input2.toDF()).writeStream.outputMode("update").option("checkpointLocation", ckpt()).foreachBatch(() => {}).start();
  const lat: number[] = [];
  for (let i = 0; i < STEPS; i++) {
    const t = performance.now();
    input2.addRows(trickle);
    await q2.processAllAvailable();
    lat.push(performance.now() - t);
  }
  await q2.stop();
  return { totalMs, firstMs: first ?? totalMs, latencyMs: median(lat) };
}

async function main(): Promise<void> {
  if (!existsSync(SPARK_PYTHON)) {
    // The plain npm install path has no Spark: report that instead of failing the whole bench run.
    console.log(`no Spark environment (${SPARK_PYTHON}): run npm run spark:setup for the spark figures`);
    writeResult({ bench: "spark", command: "npm run bench -- spark", startedAt: new Date().toISOString(), machine: machine(), figures: [] });
    return;
  }
  const records = lines(N);
  const trickle = lines(10, N);
  const ts = await tspark(records, trickle);
  const t0 = performance.now();
  const oracle = await SparkOracle.start();
  const sparkStartMs = performance.now() - t0;
  try {
    // One warm-up run (JIT, codegen), then the measured one: tspark's figures are warm too (same process).
    await oracle.request({ op: "bench", lines: lines(20_000), batches: 2, trickle, steps: 2 });
    const r = (await oracle.request({ op: "bench", lines: records, batches: BATCHES, trickle, steps: STEPS })) as unknown as {
      ok: boolean;
      totalSec: number;
      firstResultSec: number;
      latenciesSec: number[];
    };
    if (!r.ok) throw new Error(`Spark bench failed: ${JSON.stringify(r)}`);
    const sparkRate = N / r.totalSec;
    const tsRate = N / (ts.totalMs / 1000);
    const sparkLat = median(r.latenciesSec) * 1000;
    const sparkFirst = r.firstResultSec * 1000;
    writeResult({
      bench: "spark",
      command: "npm run bench -- spark",
      startedAt: new Date().toISOString(),
      machine: machine(),
      figures: [
        { name: "blog pipeline records/s, tspark vs Spark local[2]", value: round(tsRate, 0), unit: "records/s", baseline: round(sparkRate, 0), ratio: round(tsRate / sparkRate), goal: ">= 1.0x Spark", met: tsRate >= sparkRate, note: `${N} records in ${BATCHES} batches` },
        { name: "per-batch latency at a trickle (10 records/step), tspark vs Spark", value: round(ts.latencyMs, 1), unit: "ms", baseline: round(sparkLat, 1), ratio: round(sparkLat / ts.latencyMs), goal: "<= 0.2x Spark", met: ts.latencyMs <= 0.2 * sparkLat, note: `median of ${STEPS} steps` },
        { name: "query start to first result, tspark vs Spark", value: round(ts.firstMs, 1), unit: "ms", baseline: round(sparkFirst, 1), ratio: round(sparkFirst / ts.firstMs), goal: "<= 0.2x Spark", met: ts.firstMs <= 0.2 * sparkFirst, note: "Spark's JVM already up" },
        { name: "Spark driver start-up (JVM + session)", value: round(sparkStartMs, 0), unit: "ms", note: "paid before Spark's first query; tspark's start-up is the startup bench" },
      ],
    });
  } finally {
    await oracle.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
