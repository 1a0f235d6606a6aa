/**
 * Files (issue 18): the Parquet file sink against writing the same rows with hyparquet-writer directly, and the
 * JSON file read against a hand-written readline + JSON.parse loop over the same files. Goals: >= 0.8x both.
 * Each side runs BENCH_RUNS times; the median counts.
 */
import { once } from "node:events";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as readline from "node:readline";
import { parquetWriteBuffer } from "hyparquet-writer";
import { fileSinkProvider } from "../src/connector/file/file-stream-sink";
import { parquetFormat } from "../src/connector/file/formats/parquet-format";
import "../src/connector/register";
import { SparkSession } from "../src/engine/session";
import { parseDDLSchema } from "../src/engine/types/ddl";
import type { Row } from "../src/engine/types/values";
import { machine, median, round, writeResult } from "./harness";

const ROWS = Number(process.env.BENCH_FILE_ROWS ?? (process.env.BENCH_QUICK ? 100_000 : 300_000));
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const COUNTRIES = ["DE", "FR", "US", "JP", "BR", "IN"];
const SCHEMA = parseDDLSchema("id BIGINT, country STRING, amount DOUBLE, ts TIMESTAMP");

function rows(): Row[] {
  const out: Row[] = new Array(ROWS);
  for (let i = 0; i < ROWS; i++) out[i] = [BigInt(i), COUNTRIES[i % 6]!, i * 0.25, 1_700_000_000_000_000n + BigInt(i) * 1000n];
  return out;
}

async function time(fn: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tspark-bench-files-"));
  const data = rows();
  const figures = [];

  // Parquet sink vs the library alone (same schema elements, same snappy codec, one file per batch).
  const sinkMs: number[] = [];
  const directMs: number[] = [];
  // Round 0 is a warm-up of both sides, not timed: the first sink batch otherwise pays for compiling the sink's
  // code paths while the library alone runs already warm after it.
  for (let r = -1; r < RUNS; r++) {
    const out = path.join(dir, `sink-${r}`);
    const sink = await fileSinkProvider(parquetFormat).createSink({
      options: new Map([["path", out]]),
      outputMode: "append",
      queryId: "bench",
      schema: SCHEMA,
      session: null,
    });
    const sinkTime = await time(() => sink.addBatch(0, data, SCHEMA));
    const directTime = await time(async () => {
      const buf = parquetWriteBuffer({
        columnData: [
          { name: "id", data: data.map((x) => x[0]), type: "INT64" },
          { name: "country", data: data.map((x) => x[1]), type: "STRING" },
          { name: "amount", data: data.map((x) => x[2]), type: "DOUBLE" },
          { name: "ts", data: data.map((x) => x[3]), type: "INT64" },
        ],
      });
      await fs.promises.writeFile(path.join(dir, `direct-${r}.parquet`), new Uint8Array(buf));
    });
    if (r < 0) continue;
    sinkMs.push(sinkTime);
    directMs.push(directTime);
  }
  const sinkRate = ROWS / (median(sinkMs) / 1000);
  const directRate = ROWS / (median(directMs) / 1000);
  figures.push({
    name: "parquet file sink",
    value: round(sinkRate, 0),
    unit: "rows/s",
    baseline: round(directRate, 0),
    ratio: round(sinkRate / directRate),
    goal: ">= 0.8x",
    met: sinkRate / directRate >= 0.8,
    note: `${ROWS} rows, vs hyparquet-writer alone`,
  });

  // JSON read vs readline + JSON.parse.
  const jsonDir = path.join(dir, "json");
  fs.mkdirSync(jsonDir);
  for (let f = 0; f < 4; f++) {
    const lines: string[] = [];
    for (let i = f; i < ROWS; i += 4) lines.push(JSON.stringify({ id: i, country: COUNTRIES[i % 6], amount: i * 0.25 }));
    fs.writeFileSync(path.join(jsonDir, `part-${f}.json`), `${lines.join("\n")}\n`);
  }
  const spark = SparkSession.builder.config("spark.sql.session.timeZone", "UTC").create();
  const readMs: number[] = [];
  const handMs: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    let n = 0;
    readMs.push(
      await time(async () => {
        const df = await spark.read.schema("id BIGINT, country STRING, amount DOUBLE").json(jsonDir);
        n = df.collectValues().length;
      }),
    );
    if (n !== ROWS) throw new Error(`read ${n} rows, wrote ${ROWS}`);
    handMs.push(
      await time(async () => {
        const out: unknown[][] = [];
        for (const name of fs.readdirSync(jsonDir).sort()) {
          const rl = readline.createInterface({ input: fs.createReadStream(path.join(jsonDir, name)), crlfDelay: Number.POSITIVE_INFINITY });
          rl.on("line", (line) => {
            const o = JSON.parse(line) as { id: number; country: string; amount: number };
            out.push([BigInt(o.id), o.country, o.amount]);
          });
          await once(rl, "close");
        }
        if (out.length !== ROWS) throw new Error("hand-written loop lost rows");
      }),
    );
  }
  const readRate = ROWS / (median(readMs) / 1000);
  const handRate = ROWS / (median(handMs) / 1000);
  figures.push({
    name: "json file read",
    value: round(readRate, 0),
    unit: "rows/s",
    baseline: round(handRate, 0),
    ratio: round(readRate / handRate),
    goal: ">= 0.8x",
    met: readRate / handRate >= 0.8,
    note: `${ROWS} rows in 4 files, vs readline + JSON.parse`,
  });
  fs.rmSync(dir, { recursive: true, force: true });
  writeResult({ bench: "files", command: "npm run bench -- files", startedAt: new Date().toISOString(), machine: machine(), figures });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
