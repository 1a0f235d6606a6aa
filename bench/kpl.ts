/**
 * KPL aggregation: tspark's hand-written encoder/decoder against aws-kinesis-agg (the AWS library), same run,
 * same records. Sink path: 100k user records packed into ~51 KB aggregates (toPutEntries, what the sink runs).
 * Source path: the same aggregates de-aggregated (kpl/aggregate.ts `deaggregate`, what the shard reader runs).
 * aws-kinesis-agg's reader takes base64 text (its Lambda-event API), so its figure includes that decoding: it is
 * the price of using the library on our path.
 */
import * as agg from "aws-kinesis-agg";
import { deaggregate } from "../src/connector/kinesis/kpl/aggregate";
import { toPutEntries } from "../src/connector/kinesis/sink/aggregation";
import { ShardMap } from "../src/connector/kinesis/sink/shard-map";
import type { SinkRecord } from "../src/connector/kinesis/sink/sink-records";
import { machine, median, round, writeResult } from "./harness";

// biome-ignore lint/suspicious/noExplicitAny: the library's typings need aws-lambda's types, which we do not install
const lib = agg as any;
const N = Number(process.env.BENCH_KPL_RECORDS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

const records: SinkRecord[] = Array.from({ length: N }, (_, row) => ({
  row,
  partitionKey: `device-${row % 1000}`,
  data: Buffer.from(JSON.stringify({ id: row, temp: 20 + (row % 17), ts: "2026-12-06T05:00:00Z" })),
}));
const oneShard = new ShardMap([{ shardId: "only", start: 0n, end: (1n << 128n) - 1n }]);

function oursAggregate(): Uint8Array[] {
  return toPutEntries(records, oneShard).map((e) => e.data);
}

/** The library's aggregator, cut at the same record counts as ours so both make the same aggregates. */
function libAggregate(sizes: number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let i = 0;
  for (const n of sizes) {
    const a = new lib.RecordAggregator();
    for (const end = i + n; i < end; i++) a.addUserRecord({ partitionKey: records[i]!.partitionKey, data: records[i]!.data });
    out.push(a.build().data);
  }
  return out;
}

function oursDeaggregate(aggregates: Uint8Array[]): number {
  let n = 0;
  for (const a of aggregates) n += deaggregate(a)!.length;
  return n;
}

function libDeaggregate(aggregates: Uint8Array[]): number {
  let n = 0;
  for (const a of aggregates) {
    const rec = { partitionKey: "p", sequenceNumber: "1", data: Buffer.from(a).toString("base64") };
    lib.deaggregateSync(rec, true, (err: Error | null, users: unknown[]) => {
      if (err) throw err;
      n += users.length;
    });
  }
  return n;
}

function time(fn: () => unknown): number {
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(times);
}

function main(): void {
  const ours = oursAggregate();
  const sizes = ours.map((a) => deaggregate(a)!.length);
  const theirs = libAggregate(sizes);
  if (oursDeaggregate(theirs) !== N || libDeaggregate(ours) !== N) throw new Error("aggregates do not round-trip");
  const aggOurs = time(oursAggregate);
  const aggLib = time(() => libAggregate(sizes));
  const deaggOurs = time(() => oursDeaggregate(ours));
  const deaggLib = time(() => libDeaggregate(ours));
  const rate = (ms: number) => round(N / (ms / 1000), 0);
  const note = `${N} records, ${ours.length} aggregates, median of ${RUNS}`;
  writeResult({
    bench: "kpl",
    command: "npm run bench -- kpl",
    startedAt: new Date().toISOString(),
    machine: machine(),
    figures: [
      { name: "aggregate (sink path), tspark", value: rate(aggOurs), unit: "records/s", baseline: rate(aggLib), ratio: round(aggLib / aggOurs), note: `baseline aws-kinesis-agg; ${note}` },
      { name: "de-aggregate (source path), tspark", value: rate(deaggOurs), unit: "records/s", baseline: rate(deaggLib), ratio: round(deaggLib / deaggOurs), note: `baseline aws-kinesis-agg; ${note}` },
    ],
  });
}

main();
