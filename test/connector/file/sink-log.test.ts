import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FileStreamSinkLog, type SinkFileEntry } from "../../../src/connector/file/sink-log";
import { LocalFileStore } from "../../../src/engine/checkpoint/local-file-store";
import { fileTestSession } from "./helpers";

const entry = (i: number): SinkFileEntry => ({
  path: `file:///out/part-${i}`,
  size: i,
  isDir: false,
  modificationTime: 1000 + i,
  blockReplication: 1,
  blockSize: 33554432,
  action: "add",
});

describe("FileStreamSinkLog", () => {
  it("writes every 10th batch as <id>.compact holding all entries so far, as Spark's CompactibleFileStreamLog", async () => {
    const { dir } = fileTestSession();
    const log = new FileStreamSinkLog(new LocalFileStore(dir), "_spark_metadata");
    for (let b = 0; b < 12; b++) expect(await log.addBatch(b, [entry(b)])).toBe(true);
    expect(await log.addBatch(11, [entry(99)])).toBe(false);
    const names = readdirSync(`${dir}/_spark_metadata`);
    expect(names).toContain("9.compact");
    expect(names).not.toContain("9");
    expect(readFileSync(`${dir}/_spark_metadata/9.compact`, "utf8").split("\n")).toHaveLength(11);
    expect((await log.allFiles()).map((e) => e.size)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(await log.getLatestBatchId()).toBe(11);
  });
});
