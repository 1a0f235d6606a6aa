/**
 * spark.readStream over a folder: new files become batches, the seen-files log in the checkpoint as Spark keeps
 * it, a restart that takes no file twice, maxFilesPerTrigger, latestFirst, cleanSource, schema rules.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fileSourceProvider } from "../../../src/connector/file/file-stream-source";
import { jsonFormat } from "../../../src/connector/file/formats/json-format";
import type { DataFrame } from "../../../src/engine/api/data-frame";
import { LocalFileStore } from "../../../src/engine/checkpoint/local-file-store";
import { parseDDLSchema } from "../../../src/engine/types/ddl";
import { fileTestSession, plain } from "./helpers";

type Stream = { writeStream: DataFrame["writeStream"] };

function writeAt(path: string, text: string, seconds: number): void {
  writeFileSync(path, text);
  utimesSync(path, seconds, seconds);
}

describe("file stream source", () => {
  it("reads new files per trigger, keeps Spark's source log, and a restart takes no file twice", async () => {
    const { spark, dir } = fileTestSession();
    mkdirSync(`${dir}/in`);
    writeAt(`${dir}/in/a.json`, '{"id":1,"c":"DE"}\n{"id":2,"c":"FR"}\n', 1000);
    const start = () =>
      (spark.readStream.schema("id BIGINT, c STRING").json(`${dir}/in`) as Stream).writeStream
        .format("json")
        .option("checkpointLocation", `${dir}/cp`)
        .start(`${dir}/out`);
    const q = await start();
    await q.processAllAvailable();
    writeAt(`${dir}/in/b.json`, '{"id":3,"c":"DE"}\n', 2000);
    await q.processAllAvailable();
    await q.stop();
    const log = readFileSync(`${dir}/cp/sources/0/0`, "utf8").split("\n");
    expect(log[0]).toBe("v1");
    expect(JSON.parse(log[1]!)).toEqual({ path: `file://${dir}/in/a.json`, timestamp: 1_000_000, batchId: 0 });
    expect(readFileSync(`${dir}/cp/offsets/1`, "utf8").trim().split("\n").pop()).toBe('{"logOffset":1}');
    const sunk = q.lastProgress;
    expect(sunk?.sources[0]?.description).toBe(`FileStreamSource[file://${dir}/in]`);

    writeAt(`${dir}/in/c.json`, '{"id":4,"c":"FR"}\n', 3000);
    const again = await start();
    await again.processAllAvailable();
    await again.stop();
    // Dot files beside the log entries are their checksums (docs/reliability.md); Spark skips them too.
    expect(readdirSync(`${dir}/cp/sources/0`).filter((n) => !n.startsWith(".")).sort()).toEqual(["0", "1", "2"]);
    expect(JSON.parse(readFileSync(`${dir}/cp/sources/0/2`, "utf8").split("\n")[1]!).path).toBe(`file://${dir}/in/c.json`);
    const out = await spark.read.schema("id BIGINT, c STRING").json(`${dir}/out`);
    expect(plain(out.orderBy("id").collectValues())).toEqual([
      ["1n", "DE"],
      ["2n", "FR"],
      ["3n", "DE"],
      ["4n", "FR"],
    ]);
  });

  it("maxFilesPerTrigger, latestFirst and partition folders; file sink output read back", async () => {
    const { spark, dir } = fileTestSession();
    for (const [i, day] of ["2024-01-01", "2024-01-02", "2024-01-03"].entries()) {
      mkdirSync(`${dir}/in/day=${day}`, { recursive: true });
      writeAt(`${dir}/in/day=${day}/f.csv`, `${i},x${i}\n`, 1000 + i);
    }
    const df = spark.readStream.schema("n INT, s STRING, day DATE").option("maxFilesPerTrigger", 1).option("latestFirst", true).csv(`${dir}/in`) as Stream;
    const q = await df.writeStream.format("parquet").option("checkpointLocation", `${dir}/cp`).start(`${dir}/out`);
    await q.processAllAvailable();
    await q.stop();
    expect(readdirSync(`${dir}/out/_spark_metadata`).sort()).toEqual(["0", "1", "2"]);
    expect(JSON.parse(readFileSync(`${dir}/cp/sources/0/0`, "utf8").split("\n")[1]!).path).toContain("day=2024-01-03");
    const back = await spark.read.parquet(`${dir}/out`);
    expect(plain(back.orderBy("n").collectValues())).toEqual([
      [0, "x0", 19723],
      [1, "x1", 19724],
      [2, "x2", 19725],
    ]);
  });

  it("cleanSource archives or deletes committed files", async () => {
    const { spark, dir } = fileTestSession();
    mkdirSync(`${dir}/in`);
    writeFileSync(`${dir}/in/a.txt`, "hello\nworld\n");
    const df = spark.readStream.option("cleanSource", "archive").option("sourceArchiveDir", `${dir}/archive`).text(`${dir}/in`) as Stream;
    const q = await df.writeStream.format("memory").queryName("archived").option("checkpointLocation", `${dir}/cp`).start();
    await q.processAllAvailable();
    writeFileSync(`${dir}/in/b.txt`, "again\n");
    await q.processAllAvailable();
    await q.stop();
    expect(spark.table("archived").count()).toBe(3);
    expect(existsSync(`${dir}/in/a.txt`)).toBe(false);
    expect(existsSync(`${dir}/archive${dir}/in/a.txt`)).toBe(true);
    await expect(
      Promise.resolve().then(() => spark.readStream.option("cleanSource", "archive").text(`${dir}/in`)),
    ).rejects.toThrow(/sourceArchiveDir/);
  });

  it("a file deleted between listing and reading fails the batch with FAILED_READ_FILE and says so", async () => {
    const { spark, dir } = fileTestSession();
    mkdirSync(`${dir}/in`);
    writeFileSync(`${dir}/in/a.json`, '{"id":1}\n');
    const source = await fileSourceProvider(jsonFormat).createSource({
      options: new Map([["path", `${dir}/in`]]),
      userSchema: parseDDLSchema("id BIGINT"),
      metadataPath: `${dir}/cp/sources/0`,
      queryId: "q",
      session: spark,
      checkpointStore: new LocalFileStore(`${dir}/cp`),
      metadataDir: "sources/0",
    });
    const end = await source.latestOffset(null, {});
    expect(end).toBe('{"logOffset":0}');
    rmSync(`${dir}/in/a.json`);
    await expect(source.getBatch(null, end!)).rejects.toThrow(
      /\[FAILED_READ_FILE.NO_HINT\] Encountered error while reading file file:.*\/in\/a\.json\. SQLSTATE: KD001\nFile does not exist/,
    );
  });

  it("a schema is required unless spark.sql.streaming.schemaInference is set", async () => {
    const { spark, dir } = fileTestSession();
    mkdirSync(`${dir}/in`);
    writeFileSync(`${dir}/in/a.json`, '{"b":1,"a":"x"}\n');
    expect(() => spark.readStream.json(`${dir}/in`)).toThrow(/^Schema must be specified when creating a streaming source DataFrame/);
    spark.conf.set("spark.sql.streaming.schemaInference", "true");
    const df = (await spark.readStream.json(`${dir}/in`)) as DataFrame;
    expect(df.isStreaming).toBe(true);
    expect(df.columns).toEqual(["a", "b"]);
  });
});
