/**
 * The blog, landed (#18.6): the `.demo` steps that land kinesis-source as Parquet on s3://tspark-lake/events/
 * (partitioned by date, on the embedded S3), read it back with spark.read.parquet per country, and show the
 * landing query's toPySpark() export; and the walkthrough of docs/files.md typed into the shell as written.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createRequire } from "node:module";
import { afterEach, describe, expect, it } from "vitest";
import * as DefaultConnection from "../../src/connector/aws/default-connection";
import type { AwsConnection } from "../../src/connector/aws/connection";
import { DeleteObjectsCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { createS3Client } from "../../src/connector/aws/clients";
import { startBlogProducer } from "../../src/shell/demo/blog-producer";
import { ensureStreams } from "../../src/shell/demo/streams";
import { testConnection } from "../helpers/aws";
import { type Driven, driveShell } from "./helpers/drive";

const COUNTRIES = ["Spain", "Portugal", "Finland", "France"];

/** Set the connection on the module instance the shell uses too (see demo.test.ts). */
function setDefaultConnection(c: AwsConnection | undefined): void {
  DefaultConnection.setDefaultConnection(c);
  const shellSide = createRequire(__filename)("../../src/connector/aws/default-connection") as typeof DefaultConnection;
  shellSide.setDefaultConnection(c);
}

/** The country -> count rows of the first `show()` table in `out` whose header is `| data|count|`. */
function countsTable(out: string): Record<string, number> {
  const m = /\+-+\+-+\+\n\|\s*data\|count\|\n\+-+\+-+\+\n((?:\|.*\|\n)*)\+-+\+-+\+/.exec(out);
  if (!m) throw new Error(`no counts table in:\n${out.slice(-2000)}`);
  const counts: Record<string, number> = {};
  for (const row of m[1]!.matchAll(/^\|\s*(\w+)\|\s*(\d+)\|$/gm)) counts[row[1]!] = Number(row[2]);
  return counts;
}

describe(".demo: the blog, landed", () => {
  let d: Driven | undefined;
  afterEach(async () => {
    await d?.close();
    d = undefined;
    setDefaultConnection(undefined);
  });

  it("lands the events as Parquet on s3://tspark-lake/events/ by day, reads them back per country, exports the query", async () => {
    d = driveShell();
    setDefaultConnection(testConnection());
    d.line(".demo 9");
    await d.waitFor("Step 9/11: The blog, landed: Parquet on S3, partitioned by date", { timeoutMs: 30_000 });
    let m = d.mark();
    d.line("");
    await d.waitFor("(running step 3 first: from_json: bytes to columns)", { from: m, timeoutMs: 30_000 });
    // The .ls after the step: committed part files under day=... folders, and the sink's log.
    const ls = await d.waitFor("Step 10/11", { from: m, timeoutMs: 60_000 });
    expect(ls).toMatch(/day=\d{4}-\d{2}-\d{2}\/part-00000-[0-9a-f-]{36}-c000\.snappy\.parquet/);
    expect(ls).toContain("_spark_metadata/0");
    m = d.mark();
    d.line("");
    const read = await d.waitFor("Step 11/11", { from: m, timeoutMs: 60_000 });
    const counts = countsTable(read);
    expect(Object.keys(counts).length).toBeGreaterThan(0);
    for (const c of Object.keys(counts)) expect(COUNTRIES).toContain(c);
    // The same figures from a DataFrame typed by the user: the lake holds whole committed batches only.
    m = d.mark();
    d.line('const lake = spark.read.parquet("s3://tspark-lake/events/")');
    d.line('lake.columns.join(",")');
    await d.waitFor("'id,data,date,day'", { from: m });
    m = d.mark();
    d.line("");
    const exported = await d.waitFor("That's the tour.", { from: m, timeoutMs: 30_000 });
    expect(exported).toContain('.format("aws-kinesis")');
    expect(exported).toContain('.format("parquet")');
    expect(exported).toContain('.partitionBy("day")');
    // On EMR s3:// is EMRFS, the scheme to use there: the path stays as written.
    expect(exported).toContain('.option("path", "s3://tspark-lake/events/")');
    m = d.mark();
    d.line("await lakeQuery.stop()");
    d.line("lakeQuery.isActive");
    await d.waitFor("false", { from: m });
  }, 180_000);

  it("docs/files.md: the walkthrough typed into the shell as written lands, reads back and exports", async () => {
    const conn = testConnection();
    // The test above filled s3://tspark-lake/events/ with another checkpoint's batches: a new checkpoint writing
    // there would have its first batches skipped as already committed (as in Spark). Start from an empty folder.
    await emptyPrefix(conn, "tspark-lake", "events/");
    await ensureStreams(conn, ["kinesis-source"]);
    const producer = startBlogProducer(conn, "kinesis-source", { perTick: 10, intervalMs: 500 });
    const md = fs.readFileSync(path.join(__dirname, "../../docs/files.md"), "utf8");
    const section = md.slice(md.indexOf("## From Kinesis to a data lake"));
    const block = /^```ts\n([\s\S]*?)^```$/m.exec(section)![1]!;
    const checkpoint = fs.mkdtempSync(path.join(os.tmpdir(), "tspark-lake-doc-"));
    try {
      d = driveShell();
      setDefaultConnection(conn);
      const m = d.mark();
      for (const line of block.trimEnd().split("\n")) d.line(line.replace("/tmp/cp/lake-events", checkpoint));
      const out = await d.waitFor(/query = result\.writeStream[\s\S]*\.start\(\)/, { from: m, timeoutMs: 90_000 });
      expect(out).not.toMatch(/Error|Exception/);
      const counts = countsTable(out);
      expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
      for (const c of Object.keys(counts)) expect(COUNTRIES).toContain(c);
      expect(out).toContain('.partitionBy("day")');
    } finally {
      await producer.stop();
      fs.rmSync(checkpoint, { recursive: true, force: true });
    }
  }, 180_000);
});

async function emptyPrefix(conn: AwsConnection, bucket: string, prefix: string): Promise<void> {
  const s3 = createS3Client(conn);
  try {
    for (;;) {
      const l = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix })).catch(() => undefined);
      const keys = (l?.Contents ?? []).map((o) => ({ Key: o.Key! }));
      if (keys.length === 0) return;
      await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys } }));
    }
  } finally {
    s3.destroy();
  }
}
