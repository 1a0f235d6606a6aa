import { promises as fs } from "node:fs";
import { hostname, tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { CheckpointLock } from "../../../src/engine/checkpoint/checkpoint-lock";
import { CommitLog } from "../../../src/engine/checkpoint/commit-log";
import { LocalFileStore } from "../../../src/engine/checkpoint/local-file-store";
import { OffsetSeqLog } from "../../../src/engine/checkpoint/offset-seq-log";
import { readOrCreateQueryId } from "../../../src/engine/checkpoint/query-metadata";
import { resolveCheckpointStore } from "../../../src/engine/checkpoint/resolve-store";
import { registerCheckpointStore } from "../../../src/engine/registry";
import { StateStoreFiles } from "../../../src/engine/checkpoint/state-store";

async function tempDir(): Promise<string> {
  return fs.mkdtemp(path.join(tmpdir(), "tspark-cp-"));
}

describe("checkpoint logs on local files", () => {
  it("writes offsets and commits in Spark's text format, once per batch", async () => {
    const dir = await tempDir();
    const store = new LocalFileStore(dir);
    const offsets = new OffsetSeqLog(store);
    const seq = { metadata: { batchWatermarkMs: 0, batchTimestampMs: 1700000000000, conf: { a: "1" } }, offsets: ["3", null] };
    expect(await offsets.add(0, seq)).toBe(true);
    expect(await offsets.add(0, { ...seq, offsets: ["9", null] })).toBe(false);
    expect(await fs.readFile(path.join(dir, "offsets", "0"), "utf8")).toBe(
      'v1\n{"batchWatermarkMs":0,"batchTimestampMs":1700000000000,"conf":{"a":"1"}}\n3\n-',
    );
    expect(await offsets.get(0)).toEqual(seq);
    const commits = new CommitLog(store);
    expect(await commits.add(0, { nextBatchWatermarkMs: 5 })).toBe(true);
    expect(await fs.readFile(path.join(dir, "commits", "0"), "utf8")).toBe('v1\n{"nextBatchWatermarkMs":5}');
    expect(await commits.getLatest()).toEqual({ batchId: 0, value: { nextBatchWatermarkMs: 5 } });
  });

  it("purges entries below the threshold and ignores temp files", async () => {
    const store = new LocalFileStore(await tempDir());
    const commits = new CommitLog(store);
    for (let i = 0; i < 5; i++) await commits.add(i, { nextBatchWatermarkMs: 0 });
    await commits.purge(3);
    expect(await commits.batchIds()).toEqual([3, 4]);
  });

  it("names a corrupt or newer-version file and never rewrites it", async () => {
    const dir = await tempDir();
    const store = new LocalFileStore(dir);
    await fs.mkdir(path.join(dir, "offsets"));
    await fs.writeFile(path.join(dir, "offsets", "0"), "garbage");
    await fs.writeFile(path.join(dir, "offsets", "1"), 'v7\n{"batchWatermarkMs":0}\n1');
    const log = new OffsetSeqLog(store);
    await expect(log.get(0)).rejects.toThrow(/malformed.*offsets\/0/);
    await expect(log.get(1)).rejects.toThrow(/UnsupportedLogVersion.*v7.*offsets\/1/);
    await expect(log.get(1)).rejects.toMatchObject({ name: "IllegalStateException" });
    expect(await log.add(1, { metadata: { batchWatermarkMs: 0, batchTimestampMs: 0, conf: {} }, offsets: [] })).toBe(false);
    expect(await fs.readFile(path.join(dir, "offsets", "0"), "utf8")).toBe("garbage");
  });

  it("keeps one query id in the metadata file", async () => {
    const store = new LocalFileStore(await tempDir());
    const id = await readOrCreateQueryId(store);
    expect(await readOrCreateQueryId(store)).toBe(id);
    expect(JSON.parse((await store.get("metadata"))!)).toEqual({ id });
  });

  it("round-trips state snapshots with bigints, bytes and maps", async () => {
    const store = new LocalFileStore(await tempDir());
    const state = new StateStoreFiles(store, 0);
    const snap = { rows: [["a", 3n, new Uint8Array([1, 2]), new Map([["k", null]])]], $t: "tricky" };
    await state.commit(1, snap);
    expect(await state.load(1)).toEqual(snap);
    expect(await state.load(0)).toBeNull();
    await expect(state.load(2)).rejects.toThrow(/state\/0\/0\/2.snapshot/);
  });

  it("refuses a second query on a held checkpoint and takes over a dead holder's lock", async () => {
    const dir = await tempDir();
    const store = new LocalFileStore(dir);
    const lock = await CheckpointLock.acquire(store, "q1", "run1");
    await expect(CheckpointLock.acquire(new LocalFileStore(dir + "/"), "q1", "run2")).rejects.toThrow(
      /already active on checkpoint/,
    );
    await lock.release();
    // A lock left by a process that no longer exists is stale.
    await fs.writeFile(
      path.join(dir, "lock"),
      JSON.stringify({ runId: "old", queryId: "q1", pid: 2 ** 22 + 12345, host: hostname(), heartbeatMs: 0 }),
    );
    const again = await CheckpointLock.acquire(store, "q1", "run3");
    await again.release();
  });

  it("refuses a checkpoint held by another live process on this host", async () => {
    const dir = await tempDir();
    await fs.writeFile(
      path.join(dir, "lock"),
      JSON.stringify({ runId: "other", queryId: "q1", pid: process.ppid, host: hostname(), heartbeatMs: Date.now() }),
    );
    await expect(CheckpointLock.acquire(new LocalFileStore(dir), "q1", "mine")).rejects.toThrow(
      new RegExp(`held by a live query \\(runId other, pid ${process.ppid}`),
    );
  });

  it("resolves local paths to files and scheme:// locations to the registered store factory", async () => {
    const dir = await tempDir();
    expect(await resolveCheckpointStore(dir)).toBeInstanceOf(LocalFileStore);
    expect((await resolveCheckpointStore(`file://${dir}`)).location).toBe(dir);
    const made: string[] = [];
    registerCheckpointStore({
      scheme: "testmem",
      async create(location) {
        made.push(location);
        return new LocalFileStore(dir);
      },
    });
    await resolveCheckpointStore("testmem://bucket/prefix");
    expect(made).toEqual(["testmem://bucket/prefix"]);
    await expect(resolveCheckpointStore("nope://x")).rejects.toThrow(/No checkpoint store for scheme 'nope'/);
  });
});
