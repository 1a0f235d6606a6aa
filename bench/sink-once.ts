/**
 * `npm run bench -- sink-once`: what the aws-kinesis sink's exactly-once machinery costs (docs/kinesis-sink.md).
 *
 *  - normal path: batches of 500 records written with the intent entry (record digests + one put-if-absent in the
 *    checkpoint before the first PutRecords) against the same sink with the intent write left out; interleaved
 *    rounds, same run, same emulator. The ratio is time without / time with (1.0 = free).
 *  - recovery: a batch of 500 records whose PutRecords all went through but whose ledger entry was never written
 *    (a kill after the last response): the time the restarted sink takes to read the target back from the intent's
 *    time, find the 500 records there and record the batch, against writing a fresh batch of 500.
 * The stream is on kinesalite (in this process), the checkpoint on local disk.
 */
import * as fs from "node:fs";
import type * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { createKinesisClient } from "../src/connector/aws/clients";
import { type BatchIntent, BatchLedger } from "../src/connector/kinesis/sink/batch-ledger";
import type { KinesisSink } from "../src/connector/kinesis/sink/kinesis-sink";
import { createKinesisSink } from "../src/connector/kinesis/sink/provider";
import { recordDigest } from "../src/connector/kinesis/sink/record-digest";
import { StructField, StructType } from "../src/engine/types/struct-type";
import type { Row } from "../src/engine/types/values";
import { type Figure, machine, round, writeResult } from "./harness";
import { createStream } from "./kinesis-helpers";

const SCHEMA = StructType([StructField("partitionKey", "string"), StructField("data", "string")]);
const BATCH = 500;
const rows = (batch: number): Row[] =>
  Array.from({ length: BATCH }, (_, i) => [`device-${i % 97}`, JSON.stringify({ batch, i, temperature: 20 + (i % 13), site: "Madrid-north-4" })]);

/** The sink's ledger without the intent entry: what the normal path cost before it. */
class NoIntentLedger extends BatchLedger {
  override async beginIntent(_intent: BatchIntent): Promise<BatchIntent | null> {
    return null;
  }
}

async function main(): Promise<void> {
  const kinesalite = require("kinesalite") as (opts: object) => http.Server;
  const server = kinesalite({ createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0, shardLimit: 100 });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const credentials = { accessKeyId: "AKIDTEST", secretAccessKey: "test-secret" };
  const admin = createKinesisClient({ region: "us-east-1", kinesisEndpoint: url, credentials, local: true });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tspark-bench-sink-"));
  const quick = process.env.BENCH_QUICK === "1";
  const rounds = quick ? 3 : 6;
  const perRound = quick ? 5 : 10;
  let n = 0;
  const newSink = async (stream: string, cp: string, aggregation: boolean): Promise<KinesisSink> => {
    const options = new Map([
      ["kinesis.streamName", stream],
      ["kinesis.endpointUrl", url],
      ["kinesis.region", "us-east-1"],
      ["kinesis.awsAccessKeyId", credentials.accessKeyId],
      ["kinesis.awsSecretKey", credentials.secretAccessKey],
      ["kinesis.sink.aggregationEnabled", String(aggregation)],
    ]);
    return createKinesisSink({ options, outputMode: "append", checkpointPath: cp, session: undefined }, undefined, () => {});
  };
  const figures: Figure[] = [];
  try {
    for (const aggregation of [false, true]) {
      const label = aggregation ? "aggregation on" : "aggregation off";
      // Normal path: interleaved rounds with and without the intent write.
      let withMs = 0;
      let withoutMs = 0;
      for (let r = 0; r < rounds; r++) {
        for (const intent of [true, false]) {
          const stream = `bench-sink-${n++}`;
          await createStream(admin, stream, 2);
          const cp = path.join(dir, `cp-${n}`, "sinks", "0");
          const sink = await newSink(stream, cp, aggregation);
          if (!intent) {
            // Same sink, the ledger swapped for one that skips the intent (private field, bench only).
            (sink as unknown as { ledger: BatchLedger }).ledger = new NoIntentLedger(
              (sink as unknown as { ledger: { store: never } }).ledger.store,
              100,
            );
          }
          await sink.addBatch(0, rows(0), SCHEMA); // warm-up
          const t0 = performance.now();
          for (let b = 1; b <= perRound; b++) await sink.addBatch(b, rows(b), SCHEMA);
          const ms = performance.now() - t0;
          if (intent) withMs += ms;
          else withoutMs += ms;
          await sink.stop();
        }
      }
      const batches = rounds * perRound;
      figures.push({
        name: `normal path, ${label}: ms per batch of ${BATCH} with the intent entry (checkpoint on local disk)`,
        value: round(withMs / batches),
        unit: "ms",
        baseline: round(withoutMs / batches),
        ratio: round(withoutMs / withMs),
        note: `${batches} batches each way, interleaved; ratio = without / with`,
      });

      // Recovery: every PutRecords done, no ledger entry (killed after the last response).
      const recoverMs: number[] = [];
      const freshMs: number[] = [];
      let found = 0;
      let readMs = 0;
      for (let r = 0; r < rounds; r++) {
        const stream = `bench-sink-${n++}`;
        await createStream(admin, stream, 2);
        const cp = path.join(dir, `cp-${n}`, "sinks", "0");
        const first = await newSink(stream, cp, aggregation);
        await first.addBatch(0, rows(0), SCHEMA);
        const t1 = performance.now();
        await first.addBatch(1, rows(1), SCHEMA);
        freshMs.push(performance.now() - t1);
        // Undo the ledger entry of batch 1: as if the process had died just before writing it.
        fs.rmSync(path.join(cp, "committed", "1"), { force: true });
        fs.rmSync(path.join(cp, "committed", ".1.sha256"), { force: true });
        await first.stop();
        const second = await newSink(stream, cp, aggregation);
        const t2 = performance.now();
        await second.addBatch(1, rows(1), SCHEMA);
        recoverMs.push(performance.now() - t2);
        found += second.lastReport?.reconciled?.found ?? 0;
        readMs += second.lastReport?.reconciled?.readMs ?? 0;
        await second.stop();
      }
      const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      if (found !== rounds * BATCH) throw new Error(`recovery found ${found} records, expected ${rounds * BATCH}`);
      figures.push({
        name: `recovery, ${label}: ms to recover a batch of ${BATCH} records written before a kill (read back, match, record)`,
        value: round(avg(recoverMs)),
        unit: "ms",
        baseline: round(avg(freshMs)),
        ratio: round(avg(freshMs) / avg(recoverMs)),
        note: `${rounds} recoveries, all ${BATCH} found each time, ${round(readMs / rounds)} ms of it reading the stream back; baseline = writing the batch fresh`,
      });
    }
    // Digest cost alone (CPU), the part of the intent not spent in the store.
    const data = rows(0).map(([pk, d]) => [String(pk), Buffer.from(String(d))] as const);
    const t = performance.now();
    const reps = quick ? 200 : 1000;
    for (let r = 0; r < reps; r++) for (const [pk, d] of data) recordDigest(pk, d);
    figures.push({ name: "record digests (SHA-256 of partition key + data, ~90-byte records)", value: round(((performance.now() - t) * 1000) / (reps * BATCH)), unit: "µs/record" });
  } finally {
    admin.destroy();
    await new Promise<void>((r) => server.close(() => r()));
    fs.rmSync(dir, { recursive: true, force: true });
  }
  for (const f of figures) process.stdout.write(`${f.name}: ${f.value} ${f.unit}${f.ratio ? ` (baseline ${f.baseline}, ratio ${f.ratio})` : ""}\n`);
  writeResult({ bench: "sink-once", command: "npm run bench -- sink-once", startedAt: new Date().toISOString(), machine: machine(), figures });
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
