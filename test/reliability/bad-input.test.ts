/**
 * The bad-input catalogue (issue 10): each kind of bad input gets a clear error naming the problem and the fix, and
 * nothing else breaks. Items proven elsewhere are listed at the bottom with the test that proves them.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DeleteStreamCommand } from "@aws-sdk/client-kinesis";
import { afterEach, describe, expect, it } from "vitest";
import { createKinesisClient } from "../../src/connector/aws/clients";
import { setDefaultConnection } from "../../src/connector/aws/default-connection";
import "../../src/connector/register";
import { MemoryStream } from "../../src/connector/memory/memory-stream";
import type { DataFrame } from "../../src/engine/api/data-frame";
import { col, from_json } from "../../src/engine/functions";
import { SparkSession } from "../../src/engine/session";
import { createTestStream, putTestRecords, testConnection, uniqueName } from "../helpers/aws";

const spark = SparkSession.builder.getOrCreate();
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "tspark-bad-"));
const SECRET = "tsparkSuperSecretValue0123456789";

afterEach(() => setDefaultConnection(undefined));

describe("bad input gets a clear error, nothing is lost", () => {
  it("malformed JSON records: null per PERMISSIVE, an error naming the mode with FAILFAST", () => {
    const df = spark.createDataFrame([['{"id": 1}'], ["{not json"]], "j STRING");
    const rows = df.select(from_json(col("j"), "id BIGINT").alias("e")).collect();
    expect(rows[0]!.get(0)).not.toBeNull();
    const second = rows[1]!.get(0) as { get(i: number): unknown } | null;
    expect(second === null || second.get(0) === null).toBe(true);
    expect(() => df.select(from_json(col("j"), "id BIGINT", { mode: "FAILFAST" })).collect()).toThrow(/MALFORMED_RECORD_IN_PARSING|FAILFAST/);
  });

  it("a misspelled option names the right one", () => {
    expect(() => spark.readStream.format("aws-kinesis").option("kinesis.streamNme", "s").load()).toThrow(/kinesis\.streamNme.*did you mean kinesis\.streamName/s);
  });

  it("bad SQL is a ParseException pointing at the position; an unknown column lists the nearest names", () => {
    expect(() => spark.sql("SELECT 1 +* 2")).toThrow(/ParseException|PARSE_SYNTAX_ERROR/);
    try {
      spark.sql("SELECT 1 +* 2");
    } catch (e) {
      expect(String((e as Error).message)).toMatch(/\^/);
    }
    const df = spark.createDataFrame([[1, "a"]], "id INT, data STRING");
    expect(() => df.select("dat").collect()).toThrow(/UNRESOLVED_COLUMN[\s\S]*`data`/);
  });

  it("a hand-edited offsets file is named and left untouched", async () => {
    const cp = tmp();
    const input = new MemoryStream("v INT", spark);
    const first = await (input.toDF() as DataFrame).writeStream.format("memory").queryName(uniqueName("t").replace(/-/g, "_")).outputMode("append").option("checkpointLocation", cp).start();
    input.addData(1, 2);
    await first.processAllAvailable();
    await first.stop();
    const file = path.join(cp, "offsets", "0");
    fs.writeFileSync(file, "v1\n{garbage");
    const q = (input.toDF() as DataFrame).writeStream.format("console").option("checkpointLocation", cp).start();
    await expect(q.awaitTermination()).rejects.toThrow(/offsets[/\\]0/);
    expect(fs.readFileSync(file, "utf8")).toBe("v1\n{garbage");
  });

  it("a stream deleted while it is read ends the query with an error naming the stream", async () => {
    const conn = testConnection();
    setDefaultConnection(conn);
    const stream = uniqueName("deleted");
    await createTestStream(conn, stream, 1);
    await putTestRecords(conn, stream, [{ data: "{}", partitionKey: "a" }]);
    const q = (spark.readStream.format("aws-kinesis").option("kinesis.streamName", stream).option("kinesis.startingPosition", "TRIM_HORIZON").load() as DataFrame)
      .writeStream.option("checkpointLocation", tmp())
      .foreachBatch(() => {})
      .start();
    await q.processAllAvailable();
    const k = createKinesisClient(conn);
    await k.send(new DeleteStreamCommand({ StreamName: stream, EnforceConsumerDeletion: true }));
    k.destroy();
    const ended = await q.awaitTermination(60_000).catch((e: unknown) => e);
    expect(ended).toBeInstanceOf(Error);
    expect(String((ended as Error).message)).toContain(stream);
  });

  it("secrets never appear in errors, explain output or progress", async () => {
    setDefaultConnection(testConnection());
    const stream = uniqueName("secret");
    const df = spark.readStream
      .format("aws-kinesis")
      .option("kinesis.streamName", stream)
      .option("kinesis.endpointUrl", "http://127.0.0.1:9")
      .option("kinesis.region", "us-east-1")
      .option("kinesis.awsAccessKeyId", "AKIATSPARKTEST")
      .option("kinesis.awsSecretKey", SECRET)
      .option("kinesis.sessionToken", `${SECRET}-token`)
      .option("kinesis.clientNumRetries", "1")
      .load() as DataFrame;
    const q = df.writeStream.option("checkpointLocation", tmp()).foreachBatch(() => {}).start();
    const err = await q.awaitTermination(60_000).catch((e: unknown) => e);
    const texts = [String(err), String((err as Error)?.stack), (err as { cause?: unknown })?.cause ? String((err as { cause: Error }).cause.message) : "", await q.explain(true), JSON.stringify(q.recentProgress), df.explain ? String(df.explain(true) ?? "") : ""];
    for (const t of texts) expect(t).not.toContain(SECRET);
  });
});

// Proven elsewhere:
// - records over 1 MiB for the sink, missing columns: test/connector/kinesis/sink/sink.test.ts ("bad rows")
// - unknown stream, bad credentials, unreachable endpoint: test/connector/kinesis/source/errors.test.ts
// - a checkpoint of another stream: test/connector/kinesis/source/restart-reshard.test.ts
// - a second query on a held checkpoint, corrupt/unknown-version files: test/engine/streaming/checkpoint-logs.test.ts
// - secrets kept out of the shell history: test/shell (history redaction)
