/**
 * UDFs (issue #19.5): the blog pipeline (cast(data as string) -> from_json -> events.* -> a per-row transform ->
 * groupBy(country).count, update mode) with the transform written as a TypeScript UDF against the same logic as
 * built-in expressions (upper(substring(data, 1, 3))), same rows, same run. Figure: the UDF run's time over the
 * built-in run's time. Goal: <= 1.3x.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import "../src/connector/register";
import { MemoryStream } from "../src/connector/memory/memory-stream";
import { type Column, expr } from "../src/engine/api/column";
import type { DataFrame } from "../src/engine/api/data-frame";
import { udf } from "../src/engine/api/udf";
import { from_json } from "../src/engine/functions";
import { SparkSession } from "../src/engine/session";
import { LongType, StringType, TimestampType } from "../src/engine/types/data-types";
import { StructType } from "../src/engine/types/struct-type";
import type { Row } from "../src/engine/types/values";
import { machine, median, round, writeResult } from "./harness";

const N = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const BATCHES = 10;
const REPS = Number(process.env.BENCH_REPS ?? 5);
const COUNTRIES = ["Spain", "Portugal", "Finland", "France"];

const shortName = udf((s: string | null) => (s === null ? null : s.slice(0, 3).toUpperCase()), "string");

function rows(n: number): Row[] {
  const out: Row[] = new Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = [Buffer.from(`{"id": ${i % 101}, "data": "${COUNTRIES[i % 4]}", "date": "2026-11-23 ${String((i % 12) + 1).padStart(2, "0")}:11:12"}`)];
  }
  return out;
}

function prepare(spark: SparkSession, input: Row[], transform: (data: Column) => Column): () => Promise<Map<string, number>> {
  const schema = StructType().add("id", LongType()).add("data", StringType()).add("date", TimestampType());
  const stream = new MemoryStream("data BINARY", spark);
  const counts = (stream.toDF() as DataFrame)
    .selectExpr("cast (data as STRING) jsonData")
    .select(from_json("jsonData", schema).alias("events"))
    .select("events.*")
    .select(transform(expr("data")).alias("country"))
    .groupBy("country")
    .count();
  const per = Math.ceil(input.length / BATCHES);
  for (let b = 0; b < BATCHES; b++) stream.addRows(input.slice(b * per, (b + 1) * per));
  return async () => {
    const latest = new Map<string, number>();
    const q = await counts.writeStream
      .outputMode("update")
      .option("checkpointLocation", fs.mkdtempSync(path.join(os.tmpdir(), "tspark-bench-udf-")))
      .foreachBatch(async (b: unknown) => {
        for (const row of (b as DataFrame).collect()) latest.set(String(row.get(0)), Number(row.get(1)));
      })
      .start();
    await q.processAllAvailable();
    await q.stop();
    return latest;
  };
}

async function timed(run: () => Promise<Map<string, number>>): Promise<{ ms: number; result: Map<string, number> }> {
  const t = performance.now();
  const result = await run();
  return { ms: performance.now() - t, result };
}

async function main(): Promise<void> {
  const spark = SparkSession.builder.getOrCreate();
  const input = rows(N);
  const builtin = (_d: Column) => expr("upper(substring(data, 1, 3))");
  const viaUdf = (d: Column) => shortName(d);
  // warm both paths (JIT) on a slice
  await prepare(spark, input.slice(0, 20_000), builtin)();
  await prepare(spark, input.slice(0, 20_000), viaUdf)();
  const builtinTimes: number[] = [];
  const udfTimes: number[] = [];
  for (let rep = 0; rep < REPS; rep++) {
    // alternate the order so drift in machine load falls on both sides
    const order = rep % 2 === 0 ? [builtin, viaUdf] : [viaUdf, builtin];
    for (const t of order) {
      const r = await timed(prepare(spark, input, t));
      (t === builtin ? builtinTimes : udfTimes).push(r.ms);
      if (r.result.get("SPA") !== N / 4) throw new Error(`SPA counted ${r.result.get("SPA")}, expected ${N / 4}`);
    }
  }
  const b = median(builtinTimes);
  const u = median(udfTimes);
  const ratio = u / b;
  writeResult({
    bench: "udf",
    command: "npm run bench -- udf",
    startedAt: new Date().toISOString(),
    machine: machine(),
    figures: [
      { name: "blog pipeline with a UDF, time", value: round(u, 0), unit: "ms", baseline: round(b, 0), ratio: round(ratio), goal: "<= 1.3x the built-in expression", met: ratio <= 1.3, note: `${N} records, median of ${REPS}` },
      { name: "blog pipeline with built-ins, time", value: round(b, 0), unit: "ms" },
    ],
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
