/**
 * The streaming file sink: Spark's `_spark_metadata` log, exactly-once across kill -9 (files of a batch that did
 * not commit are never read), partitionBy, foreachBatch writing with df.write.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { MemoryStream } from "../../../src/connector/memory/memory-stream";
import { fileTestSession, plain } from "./helpers";

const SCRIPT = path.join(__dirname, "fixtures", "file-sink-crash-query.ts");

function runChild(dir: string, out: string, batches: number, env: Record<string, string>, mode = "progressive") {
  return spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", SCRIPT, dir, out, String(batches), mode], {
    env: { ...process.env, TSPARK_CRASH_AT: "", TSPARK_FILE_SINK_CRASH_AT: "", ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
}

function partFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory() && !e.name.startsWith("_")) walk(path.join(d, e.name));
      else if (e.name.startsWith("part-")) out.push(path.join(d, e.name));
    }
  };
  walk(dir);
  return out.sort();
}

describe("file sink", () => {
  it("writes part files and Spark's _spark_metadata log per batch; spark.read reads only logged files", async () => {
    const { spark, dir } = fileTestSession();
    const input = new MemoryStream("id BIGINT, country STRING", spark);
    const out = `${dir}/out`;
    const q = await input
      .toDF()
      .writeStream.format("json")
      .option("checkpointLocation", `${dir}/cp`)
      .partitionBy("country")
      .start(out);
    input.addData([1n, "DE"], [2n, "FR"]);
    await q.processAllAvailable();
    input.addData([3n, "DE"]);
    await q.processAllAvailable();
    await q.stop();
    expect(readdirSync(`${out}/_spark_metadata`).sort()).toEqual(["0", "1"]);
    const log0 = readFileSync(`${out}/_spark_metadata/0`, "utf8").split("\n");
    expect(log0[0]).toBe("v1");
    const entry = JSON.parse(log0[1]!);
    expect(Object.keys(entry)).toEqual(["path", "size", "isDir", "modificationTime", "blockReplication", "blockSize", "action"]);
    expect(entry.path).toMatch(new RegExp(`^file://${out}/country=(DE|FR)/part-00000-[0-9a-f-]{36}-c000\\.json$`));
    expect(entry).toMatchObject({ isDir: false, blockReplication: 1, blockSize: 33554432, action: "add" });
    // A file that no batch committed (what a crash leaves behind) is not read.
    writeFileSync(`${out}/country=DE/part-00000-orphan-c000.json`, '{"id":99}\n');
    const back = await spark.read.schema("id BIGINT").json(out);
    expect(plain(back.orderBy("id").collectValues())).toEqual([
      ["1n", "DE"],
      ["2n", "FR"],
      ["3n", "DE"],
    ]);
  });

  it("a path is required; only append mode", async () => {
    const { spark, dir } = fileTestSession();
    const input = new MemoryStream("id BIGINT", spark);
    await expect(input.toDF().writeStream.format("parquet").option("checkpointLocation", `${dir}/cp`).start()).rejects.toThrow(
      /'path' is not specified/,
    );
    const counts = input.toDF().groupBy("id").count();
    await expect(counts.writeStream.format("parquet").outputMode("complete").option("checkpointLocation", `${dir}/cp2`).start(`${dir}/o`)).rejects.toThrow(
      /Data source parquet does not support Complete output mode/,
    );
  });

  it("foreachBatch can write each batch with df.write", async () => {
    const { spark, dir } = fileTestSession();
    const input = new MemoryStream("id BIGINT", spark);
    const q = await input
      .toDF()
      .writeStream.foreachBatch((df, id) => (df as import("../../../src/engine/api/data-frame").DataFrame).write.mode("append").parquet(`${dir}/fb/batch=${id}`))
      .option("checkpointLocation", `${dir}/cp`)
      .start();
    input.addData(1n, 2n);
    await q.processAllAvailable();
    input.addData(3n);
    await q.processAllAvailable();
    await q.stop();
    const back = await spark.read.parquet(`${dir}/fb`);
    expect(plain(back.orderBy("id").collectValues())).toEqual([
      ["1n", 0],
      ["2n", 0],
      ["3n", 1],
    ]);
  });

  it("kill -9 after a batch's part files, before its log entry: after restart every row is read exactly once", async () => {
    const { spark, dir } = fileTestSession();
    const cp = `${dir}/cp`;
    const out = `${dir}/out`;
    const killed = runChild(cp, out, 3, { TSPARK_FILE_SINK_CRASH_AT: "beforeLog:1" });
    expect(killed.signal, killed.stderr).toBe("SIGKILL");
    // Batch 1's files are on disk but not in the log.
    const orphans = partFiles(out);
    expect(orphans.length).toBeGreaterThan(readdirSync(`${out}/_spark_metadata`).length);
    expect(readdirSync(`${out}/_spark_metadata`)).toEqual(["0"]);

    const killedAgain = runChild(cp, out, 4, { TSPARK_CRASH_AT: "afterAddBatch:2" }, "upfront");
    expect(killedAgain.signal, killedAgain.stderr).toBe("SIGKILL");
    const restarted = runChild(cp, out, 5, {}, "upfront");
    expect(restarted.status, restarted.stderr).toBe(0);
    expect(readdirSync(`${out}/_spark_metadata`).length).toBeGreaterThanOrEqual(3);

    const back = await spark.read.parquet(out);
    const ids = back.collectValues().map((r) => Number(r[0] as bigint)).sort((a, b) => a - b);
    expect(ids).toEqual(Array.from({ length: 15 }, (_, i) => i));
    expect(back.columns).toEqual(["id", "day"]);
    // The orphans are still on disk; the listing has more files than the log names.
    expect(partFiles(out).length).toBeGreaterThan(back.count() / 3);
  });
});
