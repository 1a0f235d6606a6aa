import { promises as fs } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import "../../../src/connector/register";
import { MemoryStream } from "../../../src/connector/memory/memory-stream";
import { DataStreamWriter } from "../../../src/engine/api/data-stream-writer";
import { Trigger } from "../../../src/engine/api/trigger";
import { StreamingQueryException } from "../../../src/engine/errors";
import type { StreamingFrame } from "../../../src/engine/exec/streaming-context";
import { findSink, registerSink } from "../../../src/engine/registry";
import { SparkSession } from "../../../src/engine/session";
import { streamingSession } from "../../helpers/stream-test";

const spark = streamingSession(new SparkSession());
const tempDir = () => fs.mkdtemp(path.join(tmpdir(), "tspark-sinks-"));
const writer = (df: unknown) => new DataStreamWriter(df as StreamingFrame);
type Rows = { collectValues(): unknown[][] };

describe("sinks", () => {
  it("memory sink: needs a queryName, then is readable with spark.table and spark.sql", async () => {
    const input = new MemoryStream("word STRING", spark);
    await expect(writer(input.toDF()).format("memory").start()).rejects.toThrow("queryName must be specified for memory sink");
    const q = await writer(input.toDF()).format("memory").queryName("words_out").start();
    input.addData("a", "b");
    await q.processAllAvailable();
    const table = spark.table("words_out") as unknown as Rows;
    expect(await table.collectValues()).toEqual([["a"], ["b"]]);
    const viaSql = spark.sql("select * from words_out") as unknown as Rows;
    expect(await viaSql.collectValues()).toEqual([["a"], ["b"]]);
    await q.stop();
  });

  it("foreachBatch awaits an async function with each batch and its id", async () => {
    const input = new MemoryStream("n INT", spark);
    const seen: [number, unknown[][]][] = [];
    const q = await writer(input.toDF())
      .foreachBatch(async (df, batchId) => {
        await new Promise((r) => setTimeout(r, 5));
        seen.push([batchId, await (df as Rows).collectValues()]);
      })
      .option("checkpointLocation", await tempDir())
      .start();
    input.addData(1, 2);
    await q.processAllAvailable();
    input.addData(3);
    await q.processAllAvailable();
    await q.stop();
    expect(seen).toEqual([
      [0, [[1], [2]]],
      [1, [[3]]],
    ]);
  });

  it("foreach calls a writer's open/process/close per batch", async () => {
    const input = new MemoryStream("n INT", spark);
    const calls: string[] = [];
    const q = await writer(input.toDF())
      .foreach({
        open: (p, epoch) => {
          calls.push(`open ${p} ${epoch}`);
          return true;
        },
        process: (row) => void calls.push(`row ${row.get(0)}`),
        close: (err) => void calls.push(`close ${err}`),
      })
      .option("checkpointLocation", await tempDir())
      .start();
    input.addData(7, 8);
    await q.processAllAvailable();
    await q.stop();
    expect(calls).toEqual(["open 0 0", "row 7", "row 8", "close null"]);
  });

  it("console sink prints the batch to the session's output", async () => {
    const input = new MemoryStream("word STRING", spark);
    let text = "";
    const session = spark as unknown as { output?: unknown };
    const previous = session.output;
    session.output = { write: (s: string) => (text += s) };
    try {
      const q = await writer(input.toDF()).format("console").start();
      input.addData("hello");
      await q.processAllAvailable();
      await q.stop();
    } finally {
      session.output = previous;
    }
    expect(text).toBe(
      [
        "-------------------------------------------",
        "Batch: 0",
        "-------------------------------------------",
        "+-----+",
        "| word|",
        "+-----+",
        "|hello|",
        "+-----+",
        "",
        "",
      ].join("\n"),
    );
  });
});

describe("queries", () => {
  it("keep their id across restarts from a checkpoint, with a new runId, and toTable writes a memory table", async () => {
    const input = new MemoryStream("word STRING", spark);
    const dir = await tempDir();
    const q1 = await writer(input.toDF()).foreachBatch(() => {}).option("checkpointLocation", dir).start();
    await q1.stop();
    const q2 = await writer(input.toDF()).foreachBatch(() => {}).option("checkpointLocation", dir).start();
    await q2.stop();
    expect(q2.id).toBe(q1.id);
    expect(q2.runId).not.toBe(q1.runId);
    expect(JSON.parse(await fs.readFile(path.join(dir, "metadata"), "utf8"))).toEqual({ id: q1.id });

    const q3 = await writer(input.toDF()).outputMode("append").toTable("words_table");
    input.addData("z");
    await q3.processAllAvailable();
    expect((spark.table("words_table") as unknown as Rows).collectValues()).toEqual([["z"]]);
    expect(spark.streams.active).toContain(q3);
    await q3.stop();
    expect(spark.streams.active).not.toContain(q3);
  });

  it("keep only spark.sql.streaming.minBatchesToRetain batches in the checkpoint", async () => {
    const session = streamingSession(new SparkSession());
    session.conf.set("spark.sql.streaming.minBatchesToRetain", "2");
    const input = new MemoryStream("n INT", session);
    const dir = await tempDir();
    const q = await writer(input.toDF()).foreachBatch(() => {}).option("checkpointLocation", dir).start();
    for (let i = 0; i < 5; i++) {
      input.addData(i);
      await q.processAllAvailable();
    }
    await q.stop();
    // Each entry has its checksum file beside it (.N.sha256), purged with it.
    expect((await fs.readdir(path.join(dir, "offsets"))).sort()).toEqual([".3.sha256", ".4.sha256", "3", "4"]);
    expect((await fs.readdir(path.join(dir, "commits"))).sort()).toEqual([".3.sha256", ".4.sha256", "3", "4"]);
  });
});

describe("bad input gets Spark's exception and message", () => {
  it("unsupported output mode", async () => {
    const input = new MemoryStream("word STRING", spark);
    await expect(writer(input.toDF()).format("console").outputMode("complete").start()).rejects.toMatchObject({
      name: "AnalysisException",
      message: "Complete output mode not supported when there are no streaming aggregations on streaming DataFrames/Datasets",
    });
    expect(() => writer(input.toDF()).outputMode("sideways")).toThrow(/Unknown output mode sideways/);
  });

  it("unknown formats", async () => {
    expect(() => spark.readStream.format("kafkaa").load()).toThrow(/^\[DATA_SOURCE_NOT_FOUND\] Failed to find the data source: kafkaa\./);
    const input = new MemoryStream("word STRING", spark);
    await expect(writer(input.toDF()).format("parquett").start()).rejects.toMatchObject({
      name: "AnalysisException",
      errorClass: "DATA_SOURCE_NOT_FOUND",
    });
  });

  it("missing checkpointLocation where one is needed", async () => {
    // foreachBatch, like console/memory/noop/foreach, is a one-time query in Spark (one-time-queries.test.ts);
    // any other sink needs a checkpointLocation.
    if (!findSink("durable-test-sink")) {
      registerSink({ name: "durable-test-sink", createSink: async () => ({ description: "Test", async addBatch() {} }) });
    }
    const input = new MemoryStream("word STRING", spark);
    await expect(writer(input.toDF()).format("durable-test-sink").start()).rejects.toThrow(
      /checkpointLocation must be specified either through option\("checkpointLocation", \.\.\.\)/,
    );
  });

  it("a second query on a checkpoint held by a running query", async () => {
    const input = new MemoryStream("word STRING", spark);
    const dir = await tempDir();
    const q = await writer(input.toDF()).foreachBatch(() => {}).option("checkpointLocation", dir).start();
    await expect(writer(input.toDF()).foreachBatch(() => {}).option("checkpointLocation", dir).start()).rejects.toThrow(
      /already active/,
    );
    await q.stop();
  });

  it("a corrupt checkpoint file fails the query naming the file, which is left untouched", async () => {
    const input = new MemoryStream("word STRING", spark);
    const dir = await tempDir();
    await fs.mkdir(path.join(dir, "offsets"), { recursive: true });
    await fs.writeFile(path.join(dir, "offsets", "0"), "v9\n{}\n0");
    const q = await writer(input.toDF()).foreachBatch(() => {}).option("checkpointLocation", dir).start();
    const err = await q.awaitTermination().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StreamingQueryException);
    expect((err as Error).message).toContain(`v9 in ${dir}/offsets/0`);
    expect(await fs.readFile(path.join(dir, "offsets", "0"), "utf8")).toBe("v9\n{}\n0");
  });

  it("a query whose batches never wait (rate-micro-batch, default trigger) leaves turns of the event loop to timers and stop()", async () => {
    const df = spark.readStream.format("rate-micro-batch").option("rowsPerBatch", 1).load();
    const q = await writer(df).foreachBatch(() => {}).option("checkpointLocation", await tempDir()).start();
    // a timer must fire while batches run back to back (they used to chain in microtasks and starve it)
    await new Promise((r) => setTimeout(r, 30));
    await q.stop();
    expect(q.isActive).toBe(false);
    expect((q.lastProgress as { batchId: number } | null)?.batchId ?? -1).toBeGreaterThanOrEqual(0);
  });

  it("AvailableNow processes what was there at start, then stops", async () => {
    const df = spark.readStream.format("rate-micro-batch").option("rowsPerBatch", 5).load();
    const rows: unknown[][] = [];
    const q = await writer(df)
      .foreachBatch(async (b) => void rows.push(...(await (b as Rows).collectValues())))
      .trigger(Trigger.AvailableNow())
      .option("checkpointLocation", await tempDir())
      .start();
    expect(await q.awaitTermination(20_000)).toBe(true);
    expect(rows.map((r) => r[1])).toEqual([0n, 1n, 2n, 3n, 4n]);
  });
});
