import { mkdirSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MemoryStream } from "../../../src/connector/memory/memory-stream";
import { checkpointCommand } from "../../../src/shell/commands/checkpoint";
import { lsCommand } from "../../../src/shell/commands/ls";
import { fileTestSession } from "./helpers";

describe(".ls", () => {
  it("lists files with sizes, and which files a file sink's log commits", async () => {
    const { spark, dir } = fileTestSession();
    const input = new MemoryStream("id BIGINT", spark);
    const q = await input.toDF().writeStream.format("json").option("checkpointLocation", `${dir}/cp`).start(`${dir}/out`);
    input.addData(1n);
    await q.processAllAvailable();
    await q.stop();
    writeFileSync(`${dir}/out/part-00000-orphan-c000.json`, '{"id":2}\n');
    const out: string[] = [];
    const deps = { session: spark, print: (t: string) => out.push(t), lastError: () => null, setLastError: () => {}, useColors: false };
    await lsCommand.run(`${dir}/out`, deps);
    const text = out.join("\n");
    expect(text).toMatch(/^.*\/out: 3 file\(s\), \d+ B\nfile\s+size\s+modified\s+committed/);
    expect(text).toMatch(/_spark_metadata\/0\s+\d+ B\s+\S+\s+log/);
    expect(text).toMatch(/part-00000-[0-9a-f-]{36}-c000\.json\s+9 B\s+\S+\s+yes/);
    expect(text).toMatch(/part-00000-orphan-c000\.json\s+9 B\s+\S+\s+NO \(orphan\)/);
    mkdirSync(`${dir}/plain`);
    writeFileSync(`${dir}/plain/a.txt`, "x");
    out.length = 0;
    await lsCommand.run(`${dir}/plain`, deps);
    expect(out[0]).toMatch(/plain: 1 file\(s\), 1 B\nfile\s+size\s+modified\n[- ]+\na\.txt\s+1 B/);
    out.length = 0;
    await lsCommand.run(`${dir}/nope`, deps);
    expect(out[0]).toBe(`${dir}/nope: no such file or folder`);
  });
});

describe(".checkpoint with a file source", () => {
  it("shows the file source's seen-files log", async () => {
    const { spark, dir } = fileTestSession();
    mkdirSync(`${dir}/in`);
    writeFileSync(`${dir}/in/a.txt`, "x\n");
    const df = spark.readStream.text(`${dir}/in`) as import("../../../src/engine/api/data-frame").DataFrame;
    const q = await df.writeStream.format("json").option("checkpointLocation", `${dir}/cp`).start(`${dir}/out`);
    await q.processAllAvailable();
    await q.stop();
    const out: string[] = [];
    const deps = { session: spark, print: (t: string) => out.push(t), lastError: () => null, setLastError: () => {}, useColors: false };
    await checkpointCommand.run(`${dir}/cp`, deps);
    expect(out[0]).toContain(`source 0 (file source log sources/0): 1 batches, 1 files seen; batch 0 took:\n  file://${dir}/in/a.txt`);
  });
});
