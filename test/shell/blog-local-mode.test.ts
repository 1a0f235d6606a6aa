import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { AwsConnection } from "../../src/connector/aws/connection";
import type { ShellEnvironment, startLocalEnvironment } from "../../src/shell/environment";
import type { createSessionFor } from "../../src/shell/session-factory";
import { readAllRecords } from "../helpers/aws";
import { type Driven, driveShell, loadNative } from "./helpers/drive";

/**
 * The blog's PySpark pasted verbatim in local mode (#15.2): its `kinesis.region` / `kinesis.endpointUrl` name AWS
 * (`<aws-region>` placeholders as printed in the post), and the embedded services serve them, with one line saying
 * so. The snippets come from /work/shared/reference/blog.md's copy of the post, byte for byte, except the sink's
 * `/kinesisCheckpoint` (a directory at the file-system root, which a test must not leave behind): it becomes a
 * temporary directory.
 */
const environment = () => loadNative<{ startLocalEnvironment: typeof startLocalEnvironment }>("src/shell/environment.ts");
const sessions = () => loadNative<{ createSessionFor: typeof createSessionFor }>("src/shell/session-factory.ts");
const defaultConnection = () =>
  loadNative<{ setDefaultConnection(c: AwsConnection | undefined): void }>("src/connector/aws/default-connection.ts");

const SOURCE = `kinesis = spark.readStream.format("aws-kinesis") \\
    .option("kinesis.region", "<aws-region>") \\
    .option("kinesis.streamName", "kinesis-source") \\
    .option("kinesis.consumerType", "GetRecords") \\
    .option("kinesis.endpointUrl", "https://kinesis.<aws-region>.amazonaws.com") \\
    .option("kinesis.startingposition", "LATEST") \\
    .load()`;

const TRANSFORM = `from pyspark.sql.types import *

pythonSchema = StructType() \\
 .add("id", LongType()) \\
 .add("data", StringType()) \\
 .add("date", TimestampType())

from pyspark.sql.functions import *

events= kinesis \\
  .selectExpr("cast (data as STRING) jsonData") \\
  .select(from_json("jsonData", pythonSchema).alias("events")) \\
  .select("events.*")`;

const SINK = `events \\
    .selectExpr("CAST(id AS STRING) as partitionKey","data","date") \\
    .writeStream \\
    .format("aws-kinesis") \\
    .option("kinesis.region", "<aws-region>") \\
    .outputMode("append") \\
    .option("kinesis.streamName", "kinesis-sink") \\
    .option("kinesis.endpointUrl", "https://kinesis.<aws-region>.amazonaws.com") \\
    .option("checkpointLocation", "/kinesisCheckpoint") \\
    .start() \\
    .awaitTermination()`;

const NOTICE = "local mode: https://kinesis.<aws-region>.amazonaws.com is served by the embedded Kinesis; start with --aws to use AWS";

/** As a terminal without bracketed paste delivers a pasted block: line after line. */
function paste(d: Driven, block: string): void {
  for (const line of block.split("\n")) d.line(line);
}

describe("the blog's PySpark pasted verbatim in local mode", () => {
  let d: Driven | undefined;
  let env: ShellEnvironment | undefined;
  const tmp = mkdtempSync(join(tmpdir(), "tspark-blog-local-"));
  afterAll(async () => {
    rmSync(tmp, { recursive: true, force: true });
    await d?.close(); // stops the services too
    if (!d) await env?.services?.stop();
    defaultConnection().setDefaultConnection(undefined);
  });

  it("the source and sink snippets, <aws-region> and all, run on the embedded Kinesis", async () => {
    const blog = readFileSync(join(__dirname, "../../../shared/reference/blog.md"), "utf8");
    for (const snippet of [SOURCE, TRANSFORM]) expect(blog).toContain(snippet);
    expect(blog).toContain(SINK);
    const checkpoint = join(tmp, "kinesisCheckpoint");

    env = await environment().startLocalEnvironment({}, { fastTimings: true });
    d = driveShell({ session: sessions().createSessionFor(env), services: env.services, terminal: true });
    await d.waitFor("Local services ready", { timeoutMs: 60_000 });
    d.line(".generate start --stream kinesis-source --rate 20 --template blog");
    await d.waitFor("Generating the 'blog' template into kinesis-source", { timeoutMs: 30_000 });
    paste(d, SOURCE);
    paste(d, TRANSFORM);
    const mark = d.mark();
    paste(d, SINK.replace('"/kinesisCheckpoint"', JSON.stringify(checkpoint)));
    await d.waitFor(NOTICE, { from: mark, timeoutMs: 30_000 });
    // The query writes the events to kinesis-sink on the embedded Kinesis (no credentials, no AWS).
    const conn = env.connection!;
    const deadline = Date.now() + 60_000;
    let records = 0;
    while (records === 0 && Date.now() < deadline) {
      records = (await readAllRecords(conn, "kinesis-sink")).length;
      if (records === 0) await new Promise((r) => setTimeout(r, 500));
    }
    expect(records).toBeGreaterThan(0);
    d.ctrlC(); // leaves awaitTermination; the query keeps running
    const back = d.mark();
    d.line(".generate stop");
    d.line("for (const q of spark.streams.active) await q.stop()");
    d.line('"stopped " + spark.streams.active.length');
    await d.waitFor("stopped 0", { from: back, timeoutMs: 30_000 });
    expect(d.raw().split(NOTICE).length - 1).toBe(1); // one line, for source and sink together
    expect(d.raw()).not.toMatch(/credential|security token|UnrecognizedClient|Error|Exception/i);
  }, 180_000);
});
