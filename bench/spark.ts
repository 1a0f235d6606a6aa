/**
 * Figure 6 (#16.6): tspark against real Apache Spark (local[2], the oracle's driver: docs/spark-oracle.md) on the
 * blog pipeline (CAST(value AS STRING) -> from_json -> events.* -> groupBy(data).count, update mode) over the same
 * input files: throughput over pre-written input (10 files), time from query start to the first result, and
 * per-batch latency at a trickle (10 records per step, each step processed before the next). Needs
 * `npm run spark:setup`.
 *
 * Both sides measure the same thing (docs/benchmarks.md, "Spark as the benchmark peer"): the same text files, one
 * file per trigger (maxFilesPerTrigger 1, so the first batch is one tenth of the input on both), the clock started
 * before the streaming DataFrame is created and read when the foreachBatch function has counted its first batch;
 * the trickle writes a file, starts the clock, renames it into the watched folder and waits for
 * processAllAvailable, into a noop sink. Each side first runs the same warm-up query in its process (Spark: JIT and
 * codegen; tspark: V8's tier-up), whose first result is reported too as the "cold" figure.
 */
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import "../src/connector/register";
import type { DataFrame } from "../src/engine/api/data-frame";
import { SparkSession } from "../src/engine/session";
import { SPARK_PYTHON, SparkOracle } from "../scripts/spark/oracle";
import { machine, median, round, writeResult } from "./harness";

const N = Number(process.env.BENCH_SPARK_RECORDS ?? 200_000);
const BATCHES = 10;
const STEPS = Number(process.env.BENCH_SPARK_STEPS ?? 20);
/** The warm-up run: two files of the measured run's file size, two trickle steps. */
const WARMUP = { records: 2 * Math.ceil(N / BATCHES), batches: 2, steps: 2 };
const COUNTRIES = ["Spain", "Portugal", "Finland", "France"];

function lines(n: number, offset = 0): string[] {
  return Array.from({ length: n }, (_, j) => {
    const i = j + offset;
    return `{"id": ${i % 101}, "data": "${COUNTRIES[i % 4]}", "date": "2026-11-23 ${String((i % 12) + 1).padStart(2, "0")}:11:12"}`;
  });
}

function blog(df: DataFrame): DataFrame {
  return df
    .selectExpr("CAST(value AS STRING) AS jsonData")
    .selectExpr("from_json(jsonData, 'id BIGINT, data STRING, date TIMESTAMP') AS events")
    .select("events.*")
    .groupBy("data")
    .count();
}

interface SideResult {
  totalMs: number;
  firstMs: number;
  latencyMs: number;
  /** The first batch's progress durationMs (latestOffset, walCommit, getBatch, addBatch, ...): what it waited for. */
  firstBatchMs: Record<string, number> | null;
}

/** tspark's side, step for step what driver.py's run_bench does on Spark. */
async function tspark(records: string[], batches: number, trickle: string[], steps: number): Promise<SideResult> {
  const spark = SparkSession.builder.create();
  const work = mkdtempSync(join(tmpdir(), "tspark-bench-spark-"));
  try {
    const folder = join(work, "in");
    mkdirSync(folder);
    const per = Math.ceil(records.length / batches);
    for (let b = 0; b < batches; b++) {
      const tmp = join(work, `.b${b}`);
      writeFileSync(tmp, `${records.slice(b * per, (b + 1) * per).join("\n")}\n`);
      renameSync(tmp, join(folder, `part-${String(b).padStart(5, "0")}.txt`));
    }
    let first: number | null = null;
    const t0 = performance.now();
    const input = (await spark.readStream.option("maxFilesPerTrigger", 1).text(folder)) as DataFrame;
    const q = await blog(input)
      .writeStream.outputMode("update")
      .option("checkpointLocation", join(work, "ck1"))
      .foreachBatch((bdf) => {
        (bdf as DataFrame).count();
        first ??= performance.now() - t0;
      })
      .start();
    await q.processAllAvailable();
    const totalMs = performance.now() - t0;
    const firstBatchMs = q.recentProgress[0]?.durationMs ?? null;
    await q.stop();
    // A trickle: one small file per step, each processed before the next.
    const folder2 = join(work, "in2");
    mkdirSync(folder2);
    const input2 = (await spark.readStream.text(folder2)) as DataFrame;
    const q2 = await blog(input2).writeStream.outputMode("update").option("checkpointLocation", join(work, "ck2")).format("noop").start();
    const lat: number[] = [];
    for (let i = 0; i < steps; i++) {
      const tmp = join(work, `.t${i}`);
      writeFileSync(tmp, `${trickle.join("\n")}\n`);
      const t = performance.now();
      renameSync(tmp, join(folder2, `t-${String(i).padStart(5, "0")}.txt`));
      await q2.processAllAvailable();
      lat.push(performance.now() - t);
    }
    await q2.stop();
    return { totalMs, firstMs: first ?? totalMs, latencyMs: median(lat), firstBatchMs };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Spark's side: driver.py's run_bench, the same steps on real Spark. */
async function spark(oracle: SparkOracle, records: string[], batches: number, trickle: string[], steps: number): Promise<SideResult> {
  const r = (await oracle.request({ op: "bench", lines: records, batches, trickle, steps })) as unknown as {
    ok: boolean;
    totalSec: number;
    firstResultSec: number;
    latenciesSec: number[];
    firstBatchMs?: Record<string, number> | null;
  };
  if (!r.ok) throw new Error(`Spark bench failed: ${JSON.stringify(r)}`);
  return { totalMs: r.totalSec * 1000, firstMs: r.firstResultSec * 1000, latencyMs: median(r.latenciesSec) * 1000, firstBatchMs: r.firstBatchMs ?? null };
}

const load = () => machine().loadavg.join(" / ");
const phases = (d: Record<string, number> | null) => (d ? Object.entries(d).map(([k, v]) => `${k} ${Math.round(v)}`).join(", ") : "n/a");

async function main(): Promise<void> {
  if (!existsSync(SPARK_PYTHON)) {
    // The plain npm install path has no Spark: report that instead of failing the whole bench run.
    console.log(`no Spark environment (${SPARK_PYTHON}): run npm run spark:setup for the spark figures`);
    writeResult({ bench: "spark", command: "npm run bench -- spark", startedAt: new Date().toISOString(), machine: machine(), figures: [] });
    return;
  }
  const records = lines(N);
  const trickle = lines(10, N);
  const warm = lines(WARMUP.records);
  const tsCold = await tspark(warm, WARMUP.batches, trickle, WARMUP.steps);
  const ts = await tspark(records, BATCHES, trickle, STEPS);
  const tsLoad = load();
  const t0 = performance.now();
  const oracle = await SparkOracle.start();
  const sparkStartMs = performance.now() - t0;
  try {
    const spCold = await spark(oracle, warm, WARMUP.batches, trickle, WARMUP.steps);
    const sp = await spark(oracle, records, BATCHES, trickle, STEPS);
    const spLoad = load();
    const sparkRate = N / (sp.totalMs / 1000);
    const tsRate = N / (ts.totalMs / 1000);
    const loads = `load average after tspark ${tsLoad}, after Spark ${spLoad}`;
    writeResult({
      bench: "spark",
      command: "npm run bench -- spark",
      startedAt: new Date().toISOString(),
      machine: machine(),
      figures: [
        { name: "blog pipeline records/s, tspark vs Spark local[2]", value: round(tsRate, 0), unit: "records/s", baseline: round(sparkRate, 0), ratio: round(tsRate / sparkRate), goal: ">= 1.0x Spark", met: tsRate >= sparkRate, note: `${N} records in ${BATCHES} files, one per trigger; ${loads}` },
        { name: "per-batch latency at a trickle (10 records/step), tspark vs Spark", value: round(ts.latencyMs, 1), unit: "ms", baseline: round(sp.latencyMs, 1), ratio: round(sp.latencyMs / ts.latencyMs), goal: "<= 0.2x Spark", met: ts.latencyMs <= 0.2 * sp.latencyMs, note: `median of ${STEPS} steps` },
        { name: "query start to first result, tspark vs Spark (both after the same warm-up query)", value: round(ts.firstMs, 1), unit: "ms", baseline: round(sp.firstMs, 1), ratio: round(sp.firstMs / ts.firstMs), goal: "<= 0.2x Spark", met: ts.firstMs <= 0.2 * sp.firstMs, note: `first batch: one file of ${Math.ceil(N / BATCHES)} records on both sides; its phases (progress durationMs): tspark ${phases(ts.firstBatchMs)}, Spark ${phases(sp.firstBatchMs)}` },
        { name: "query start to first result, first query of the process (the warm-up run), tspark vs Spark", value: round(tsCold.firstMs, 1), unit: "ms", baseline: round(spCold.firstMs, 1), ratio: round(spCold.firstMs / tsCold.firstMs), note: "not a goal: Spark's JVM and session already up, tspark's modules loaded" },
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
