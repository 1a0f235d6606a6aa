import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AwsConnection } from "../../src/connector/aws/connection";
import { createTestStream, testConnection, uniqueName } from "../helpers/aws";
import { type Driven, driveShell, loadNative } from "./helpers/drive";

/**
 * The blog end to end on the embedded Kinesis (started by the vitest global set-up): `.generate` feeds the
 * source stream with the blog's KDG template, the blog's TypeScript reads it with format("aws-kinesis") and
 * prints per-batch country counts, the PySpark sink snippet writes to a second stream, `.peek` shows it.
 */
const COUNTRIES = ["Spain", "Portugal", "Finland", "France"];

function countsOf(out: string, batch: number): Record<string, number> {
  const start = out.indexOf(`Batch: ${batch}\n`);
  if (start < 0) throw new Error(`no Batch: ${batch} in\n${out}`);
  const table = out.slice(start).split("\n\n")[0]!;
  const counts: Record<string, number> = {};
  for (const m of table.matchAll(/^\|\s*(\w+)\s*\|\s*(\d+)\s*\|$/gm)) if (m[1] !== "data") counts[m[1]!] = Number(m[2]);
  return counts;
}

describe("the blog on the embedded Kinesis", () => {
  let d: Driven;
  let source: string;
  let sink: string;
  beforeAll(async () => {
    const conn = testConnection();
    source = uniqueName("blog-source");
    sink = uniqueName("blog-sink");
    await Promise.all([createTestStream(conn, source, 2), createTestStream(conn, sink, 2)]);
    // The shell's default connection, set in the shell's own module graph (as main.ts does at start-up).
    loadNative<{ setDefaultConnection(c: AwsConnection | undefined): void }>("src/connector/aws/default-connection.ts").setDefaultConnection(conn);
    d = driveShell();
  });
  afterAll(async () => {
    await d?.close();
    loadNative<{ setDefaultConnection(c: AwsConnection | undefined): void }>("src/connector/aws/default-connection.ts").setDefaultConnection(undefined);
  });

  it(".generate sends the blog template, the TypeScript query counts it per country, the PySpark sink and .peek show the output", async () => {
    d.line(`.generate start --stream ${source} --rate 100 --count 40 --seed 7`);
    await d.waitFor("Done. generator stopped: 40 records sent", { timeoutMs: 60_000 });

    d.line("const kinesis = spark.readStream.format(\"aws-kinesis\").");
    d.line(`  option("kinesis.streamName", "${source}").`);
    d.line('  option("kinesis.consumerType", "GetRecords").');
    d.line('  option("kinesis.startingposition", "TRIM_HORIZON").');
    d.line("  load()");
    d.line('const schema = StructType().add("id", LongType()).add("data", StringType()).add("date", TimestampType())');
    d.line('const events = kinesis.selectExpr("cast (data as STRING) jsonData").');
    d.line('  select(from_json("jsonData", schema).alias("events")).select("events.*")');
    d.line('const q = events.groupBy("data").count().writeStream.outputMode("complete").format("console").start()');
    d.line("await q.processAllAvailable()");
    await d.waitFor(/Batch: 0[\s\S]*\+\n\n/, { timeoutMs: 60_000 });
    const counts = countsOf(d.raw(), 0);
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(40);
    for (const country of Object.keys(counts)) expect(COUNTRIES).toContain(country);

    const checkpoint = mkdtempSync(join(tmpdir(), "tspark-blog-sink-"));
    const paste = [
      "events \\",
      '    .selectExpr("CAST(id AS STRING) as partitionKey","data","date") \\',
      "    .writeStream \\",
      '    .format("aws-kinesis") \\',
      '    .outputMode("append") \\',
      `    .option("kinesis.streamName", "${sink}") \\`,
      `    .option("checkpointLocation", "${checkpoint}") \\`,
      '    .queryName("to_sink") \\',
      "    .start()",
    ];
    for (const l of paste) d.line(l);
    d.line("await spark.streams.active.find((x) => x.name === 'to_sink').processAllAvailable()");
    const mark = d.mark();
    d.line(`.peek ${sink} --from TRIM_HORIZON --n 100`);
    const peeked = await d.waitFor(/\d+ record\(s\)/, { from: mark, timeoutMs: 60_000 });
    // The sink aggregates (KPL) by default, so the viewer shows aggregated records, base64 as in the console.
    expect(peeked).toMatch(/│ shardId-00000000000[01]\s+│/);
    // Read the sink stream back (the source de-aggregates): every event arrived.
    d.line(`const back = spark.readStream.format("aws-kinesis").option("kinesis.streamName", "${sink}").`);
    d.line('  option("kinesis.startingPosition", "TRIM_HORIZON").load().writeStream.format("memory").queryName("sunk").start()');
    d.line("await back.processAllAvailable()");
    const mark2 = d.mark();
    d.line('spark.sql("SELECT count(*) AS n, count(DISTINCT data) <= 4 AS ok FROM sunk").collect().map((r) => r.get(0) + " " + r.get(1))');
    const back = await d.waitFor(/\[ '\d+ \w+' \]/, { from: mark2, timeoutMs: 60_000 });
    expect(back).toContain("[ '40 true' ]");
    expect(d.raw()).not.toMatch(/Error|Exception/);
  }, 180_000);
});
