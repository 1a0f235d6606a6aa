import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import "../../../src/connector/register";
import { MemoryStream } from "../../../src/connector/memory/memory-stream";
import type { RowImpl } from "../../../src/engine/api/row";
import { findSink, registerSink } from "../../../src/engine/registry";
import { SparkSession } from "../../../src/engine/session";
import { streamingSession } from "../../helpers/stream-test";

type Query = { processAllAvailable(): Promise<void>; stop(): Promise<void>; awaitTermination(): Promise<unknown> };
type Writer = {
  format(f: string): Writer;
  outputMode(m: string): Writer;
  queryName(n: string): Writer;
  option(k: string, v: string): Writer;
  foreach(w: unknown): Writer;
  foreachBatch(fn: (df: unknown, id: number) => void): Writer;
  start(): Promise<Query>;
};
type Df = { writeStream: Writer; groupBy(c: string): { count(): Df } };

const spark = streamingSession(new SparkSession());
const printed: string[] = [];
(spark as unknown as { output: unknown }).output = { write: (t: string) => printed.push(t), isTTY: false };

// Spark puts a one-time query's checkpoint under the temp dir; each test gets its own TMPDIR to watch it.
let tmp = "";
let savedTmp: string | undefined;
beforeEach(() => {
  savedTmp = process.env.TMPDIR;
  tmp = mkdtempSync(path.join(tmpdir(), "one-time-"));
  process.env.TMPDIR = tmp;
  printed.length = 0;
});
afterEach(() => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  rmSync(tmp, { recursive: true, force: true });
});

function words(): { input: MemoryStream; df: Df } {
  const input = new MemoryStream("word STRING", spark);
  return { input, df: input.toDF() as unknown as Df };
}

async function runOnce(writer: Writer, input: MemoryStream, ...rows: string[]): Promise<void> {
  const q = await writer.start();
  expect(readdirSync(tmp).filter((d) => d.startsWith("temporary-"))).toHaveLength(1);
  input.addData(...rows);
  await q.processAllAvailable();
  await q.stop();
  expect(readdirSync(tmp)).toEqual([]); // deleted on a clean stop
}

describe("one-time queries (no checkpointLocation) as in Spark", () => {
  it("console runs with a temporary checkpoint", async () => {
    const { input, df } = words();
    await runOnce(df.writeStream.format("console"), input, "a");
    expect(printed.join("")).toContain("Batch: 0");
  });

  it("foreachBatch runs with a temporary checkpoint", async () => {
    const { input, df } = words();
    const seen: number[] = [];
    await runOnce(
      df.writeStream.foreachBatch((_df, id) => {
        seen.push(id);
      }),
      input,
      "a",
    );
    expect(seen).toEqual([0]);
  });

  it("foreach with a writer object: open, process per row, close", async () => {
    const { input, df } = words();
    const calls: string[] = [];
    const writer = {
      open: (partitionId: number, epochId: number) => {
        calls.push(`open ${partitionId} ${epochId}`);
        return true;
      },
      process: (row: RowImpl) => {
        calls.push(`process ${String(row.word)}`);
      },
      close: (err: Error | null) => {
        calls.push(`close ${err === null ? "null" : err.message}`);
      },
    };
    await runOnce(df.writeStream.foreach(writer), input, "a", "b");
    expect(calls).toEqual(["open 0 0", "process a", "process b", "close null"]);
  });

  it("foreach with a function", async () => {
    const { input, df } = words();
    const got: string[] = [];
    await runOnce(df.writeStream.foreach((row: RowImpl) => got.push(String(row.word))), input, "x", "y");
    expect(got.sort()).toEqual(["x", "y"]);
  });

  it("noop runs every batch and writes nothing, in every output mode", async () => {
    const { input, df } = words();
    await runOnce(df.writeStream.format("noop"), input, "a");
    const counts = words();
    await runOnce(counts.df.groupBy("word").count().writeStream.format("noop").outputMode("complete"), counts.input, "a");
  });

  it("memory in update mode appends each batch's updated rows", async () => {
    const { input, df } = words();
    const q = await df.groupBy("word").count().writeStream.format("memory").queryName("upd_counts").outputMode("update").start();
    input.addData("a", "a", "b");
    await q.processAllAvailable();
    input.addData("a");
    await q.processAllAvailable();
    const rows = spark.sql("SELECT word, count FROM upd_counts ORDER BY word, count").collect() as unknown as RowImpl[];
    expect(rows.map((r) => `${String(r.word)}:${String(r.count)}`)).toEqual(["a:2", "a:3", "b:1"]);
    await q.stop();
    expect(readdirSync(tmp)).toEqual([]);
  });

  it("keeps the temporary checkpoint when the query fails", async () => {
    const { input, df } = words();
    const q = await df.writeStream
      .foreachBatch(() => {
        throw new Error("boom");
      })
      .start();
    input.addData("a");
    await q.awaitTermination().catch(() => {});
    expect(readdirSync(tmp).filter((d) => d.startsWith("temporary-"))).toHaveLength(1);
  });

  it("other sinks still require a checkpointLocation, with Spark's message", async () => {
    const { df } = words();
    if (!findSink("needs-checkpoint")) {
      registerSink({ name: "needs-checkpoint", createSink: async () => ({ description: "Test", async addBatch() {} }) });
    }
    const err = await Promise.resolve(df.writeStream.format("needs-checkpoint").start()).catch((e: unknown) => e as Error);
    expect(String((err as Error).message)).toContain('checkpointLocation must be specified either through option("checkpointLocation", ...)');
  });
});
