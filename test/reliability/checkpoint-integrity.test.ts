/**
 * #21.7 and #21.4: checkpoint files edited, truncated or damaged after tspark wrote them are refused with an
 * IllegalStateException naming the file and how to recover, never used silently; checkpoints written before
 * checksums existed still restore. And #21.2's fencing: a run that lost the lock cannot write.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { setDefaultConnection } from "../../src/connector/aws/default-connection";
import "../../src/connector/register";
import { MemoryStream } from "../../src/connector/memory/memory-stream";
import type { DataFrame } from "../../src/engine/api/data-frame";
import type { StreamingQuery } from "../../src/engine/api/streaming-query";
import { CheckpointLock } from "../../src/engine/checkpoint/checkpoint-lock";
import { ChecksummedStore } from "../../src/engine/checkpoint/checksummed-store";
import { FencedStore } from "../../src/engine/checkpoint/fenced-store";
import { LocalFileStore } from "../../src/engine/checkpoint/local-file-store";
import { IllegalStateException } from "../../src/engine/errors";
import { SparkSession } from "../../src/engine/session";
import { createTestStream, putTestRecords, testConnection, uniqueName } from "../helpers/aws";

const spark = SparkSession.builder.getOrCreate();
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "tspark-integrity-"));
type Collectable = { collectValues(): Promise<unknown[][]> };

/** A running count per key into `out` (batch id -> rows), on checkpoint `cp`. */
async function startCount(input: MemoryStream, cp: string, out: Map<number, unknown[][]>): Promise<StreamingQuery> {
  return (input.toDF() as DataFrame)
    .groupBy("k")
    .count()
    .writeStream.outputMode("complete")
    .option("checkpointLocation", cp)
    .foreachBatch(async (df, id) => {
      out.set(id, (await (df as unknown as Collectable).collectValues()).map((r) => r.map((v) => (typeof v === "bigint" ? Number(v) : v))));
    })
    .start();
}

/** Run one batch (a, b, a) and stop: counts a=2, b=1 in state/0/0/1.snapshot. */
async function countedCheckpoint(): Promise<{ cp: string; input: MemoryStream }> {
  const cp = tmp();
  const input = new MemoryStream("k STRING", spark);
  const q = await startCount(input, cp, new Map());
  input.addData("a", "b", "a");
  await q.processAllAvailable();
  await q.stop();
  return { cp, input };
}

async function restartError(input: MemoryStream, cp: string): Promise<Error> {
  const q = await startCount(input, cp, new Map());
  const err = await q.awaitTermination().then(
    () => new Error("the query ended without an error"),
    (e: unknown) => e as Error,
  );
  return ((err as { cause?: unknown }).cause as Error | undefined) ?? err;
}

describe("tampered checkpoint files are refused, naming the file", () => {
  it("a count in a state snapshot raised by 1000: the restart fails naming the snapshot and leaves it as it is", async () => {
    const { cp, input } = await countedCheckpoint();
    const file = path.join(cp, "state", "0", "0", "1.snapshot");
    const edited = fs.readFileSync(file, "utf8").replace('["a",["a"],[2]]', '["a",["a"],[1002]]');
    expect(edited).toContain("[1002]");
    fs.writeFileSync(file, edited);
    input.addData("a");
    const err = await restartError(input, cp);
    expect(err.message).toContain(`Checkpoint file ${cp}/state/0/0/1.snapshot does not match its checksum in ${cp}/state/0/0/.1.snapshot.sha256`);
    expect(err.message).toMatch(/Restore the file from a backup/);
    expect(fs.readFileSync(file, "utf8")).toBe(edited);
  });

  it("an offsets file edited to another valid value is refused the same way", async () => {
    const { cp, input } = await countedCheckpoint();
    const file = path.join(cp, "offsets", "0");
    const text = fs.readFileSync(file, "utf8");
    fs.writeFileSync(file, text.replace(/"batchTimestampMs":\d+/, '"batchTimestampMs":1'));
    const err = await restartError(input, cp);
    expect(err).toBeInstanceOf(IllegalStateException);
    expect(err.message).toContain(`Checkpoint file ${cp}/offsets/0 does not match its checksum in ${cp}/offsets/.0.sha256`);
  });

  it("a truncated offsets file without a checksum (an older checkpoint) names the file and how to recover", async () => {
    const { cp, input } = await countedCheckpoint();
    const file = path.join(cp, "offsets", "0");
    fs.rmSync(path.join(cp, "offsets", ".0.sha256"));
    // As a kill mid-write on a file system without atomic rename could leave a Kinesis offset line.
    const meta = fs.readFileSync(file, "utf8").split("\n")[1];
    fs.writeFileSync(file, `v1\n${meta}\n{"metadata":{"streamName":"orders","batchId":"0"},"shardId-00000000000`);
    const err = await restartError(input, cp);
    expect(err).toBeInstanceOf(IllegalStateException);
    expect(err.message).toContain(`Log file was malformed: ${cp}/offsets/0: the offset of source 0 is not valid JSON (is the file truncated?)`);
    expect(err.message).toMatch(/restore offsets\/0 from a backup; or, when it is the newest entry of offsets\/, delete it/);
  });

  it("a truncated commits file and a truncated state snapshot are named too", async () => {
    const { cp, input } = await countedCheckpoint();
    fs.rmSync(path.join(cp, "commits", ".0.sha256"));
    fs.writeFileSync(path.join(cp, "commits", "0"), 'v1\n{"nextBatchWat');
    let err = await restartError(input, cp);
    expect(err.message).toContain(`Log file was malformed: ${cp}/commits/0: the commit line is not valid JSON (is the file truncated?)`);
    fs.writeFileSync(path.join(cp, "commits", "0"), 'v1\n{"nextBatchWatermarkMs":0}');
    const snapshot = path.join(cp, "state", "0", "0", "1.snapshot");
    fs.rmSync(path.join(cp, "state", "0", "0", ".1.snapshot.sha256"));
    fs.writeFileSync(snapshot, fs.readFileSync(snapshot, "utf8").slice(0, 12));
    err = await restartError(input, cp);
    expect(err).toBeInstanceOf(IllegalStateException);
    expect(err.message).toContain(`State file was malformed: ${cp}/state/0/0/1.snapshot`);
    expect(err.message).toMatch(/is the file truncated\?.*Restore it from a backup/);
  });

  it("a checkpoint written before checksums (no .sha256 files) restores and continues exactly", async () => {
    const { cp, input } = await countedCheckpoint();
    const removeSums = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) removeSums(p);
        else if (e.name.endsWith(".sha256")) fs.rmSync(p);
      }
    };
    removeSums(cp);
    const out = new Map<number, unknown[][]>();
    const q = await startCount(input, cp, out);
    input.addData("a", "c");
    await q.processAllAvailable();
    await q.stop();
    expect(out.get(1)).toEqual([
      ["a", 3],
      ["b", 1],
      ["c", 1],
    ]);
    expect(fs.existsSync(path.join(cp, "offsets", ".1.sha256"))).toBe(true);
  });
});

describe("a damaged Kinesis offset (issue 21.4)", () => {
  afterEach(() => setDefaultConnection(undefined));

  it("truncated, or JSON that is no Kinesis offset: an IllegalStateException naming offsets/N and how to recover", async () => {
    const conn = testConnection();
    setDefaultConnection(conn);
    const stream = uniqueName("damaged");
    await createTestStream(conn, stream, 1);
    await putTestRecords(conn, stream, [{ data: "{}", partitionKey: "a" }]);
    const cp = tmp();
    const start = () =>
      (spark.readStream.format("aws-kinesis").option("kinesis.streamName", stream).option("kinesis.startingPosition", "TRIM_HORIZON").load() as DataFrame).writeStream
        .option("checkpointLocation", cp)
        .foreachBatch(() => {})
        .start();
    const first = await start();
    await first.processAllAvailable();
    await first.stop();
    const file = path.join(cp, "offsets", "0");
    const [version, meta, offset] = fs.readFileSync(file, "utf8").split("\n") as [string, string, string];
    expect(JSON.parse(offset)).toHaveProperty("metadata");
    fs.rmSync(path.join(cp, "offsets", ".0.sha256"));
    const failure = async () => {
      const q = await start();
      const e = await q.awaitTermination(60_000).then(() => new Error("no error"), (x: unknown) => x as Error);
      return ((e as { cause?: unknown }).cause as Error | undefined) ?? e;
    };
    fs.writeFileSync(file, `${version}\n${meta}\n${offset.slice(0, 60)}`);
    let err = await failure();
    expect(err).toBeInstanceOf(IllegalStateException);
    expect(err.message).toContain(`Log file was malformed: ${cp}/offsets/0: the offset of source 0 is not valid JSON (is the file truncated?)`);
    expect(err.message).not.toContain("Invalid Kinesis offset (not JSON)");
    fs.writeFileSync(file, `${version}\n${meta}\n{"shardId-000000000000":{"iteratorType":"LATEST"}}`);
    err = await failure();
    expect(err).toBeInstanceOf(IllegalStateException);
    expect(err.message).toContain(`Log file was malformed: ${cp}/offsets/0: source 0 (`);
    expect(err.message).toMatch(/cannot read its offset: Invalid Kinesis offset: the metadata block is missing\. .*To recover: restore offsets\/0/);
  }, 90_000);
});

describe("checksum sidecars", () => {
  it("sit beside the file in sha256sum's format, are hidden from listings, go with their file; an empty one is accepted", async () => {
    const dir = tmp();
    const store = new ChecksummedStore(new LocalFileStore(dir));
    expect(await store.putIfAbsent("offsets/0", "v1\n{}")).toBe(true);
    expect(await store.putIfAbsent("offsets/0", "v1\n{other}")).toBe(false);
    expect(fs.readFileSync(path.join(dir, "offsets", ".0.sha256"), "utf8")).toMatch(/^[0-9a-f]{64} {2}0\n$/);
    expect(await store.list("offsets")).toEqual(["0"]);
    // A power cut can leave the (not fsynced) sidecar empty: accepted, like no sidecar.
    fs.writeFileSync(path.join(dir, "offsets", ".0.sha256"), "");
    expect(await store.get("offsets/0")).toBe("v1\n{}");
    fs.writeFileSync(path.join(dir, "offsets", ".0.sha256"), "garbage");
    await expect(store.get("offsets/0")).rejects.toThrow(/checksum file .*offsets\/\.0\.sha256 is malformed/);
    await store.delete("offsets/0");
    expect(fs.readdirSync(path.join(dir, "offsets"))).toEqual([]);
  });
});

describe("fencing: a run that lost the checkpoint lock cannot write", () => {
  it("the next batch fails naming the run that took over, and writes nothing", async () => {
    const cp = tmp();
    const input = new MemoryStream("k STRING", spark);
    const q = await startCount(input, cp, new Map());
    input.addData("a");
    await q.processAllAvailable();
    // Another run takes the checkpoint over as epoch 1 (as one would after judging this run dead).
    const other = { runId: "other-run", queryId: "q", pid: process.ppid, host: os.hostname(), heartbeatMs: Date.now(), epoch: 1 };
    fs.writeFileSync(path.join(cp, "locks", "1"), JSON.stringify(other));
    input.addData("b");
    const err = await q.awaitTermination().then(
      () => new Error("no error"),
      (e: unknown) => e as Error,
    );
    expect(err.message).toMatch(/lost the lock on checkpoint .*: run other-run \(pid \d+ on .*\) took it over as epoch 1/);
    expect(err.message).toContain(`It stops without writing ${cp}/offsets/1`);
    expect(fs.existsSync(path.join(cp, "offsets", "1"))).toBe(false);
    // The fenced-out run leaves the new holder's lock alone when it stops.
    expect(JSON.parse(fs.readFileSync(path.join(cp, "locks", "1"), "utf8"))).toEqual(other);
  });

  it("the lock renews its heartbeat before a write when little of the lease is left, and each write checks the epoch", async () => {
    const raw = new LocalFileStore(tmp());
    const lock = await CheckpointLock.acquire(raw, "q", "r1", { ttlMs: 300, heartbeatMs: 10_000, writeMarginMs: 250 });
    const store = new FencedStore(new ChecksummedStore(raw), lock);
    const before = JSON.parse((await raw.get("locks/0"))!).heartbeatMs as number;
    await new Promise((r) => setTimeout(r, 80));
    expect(await store.putIfAbsent("offsets/0", "v1\n{}")).toBe(true);
    const after = JSON.parse((await raw.get("locks/0"))!).heartbeatMs as number;
    expect(after).toBeGreaterThan(before);
    await raw.putIfAbsent("locks/1", JSON.stringify({ runId: "r2", queryId: "q", pid: process.ppid, host: os.hostname(), heartbeatMs: Date.now(), epoch: 1 }));
    await expect(store.putIfAbsent("offsets/1", "v1\n{}")).rejects.toThrow(/lost the lock/);
    await expect(store.delete("offsets/0")).rejects.toThrow(/lost the lock/);
    expect(await store.get("offsets/0")).toBe("v1\n{}");
    await lock.release();
    expect(JSON.parse((await raw.get("locks/1"))!).runId).toBe("r2");
  });

  it("a released lock is followed by the next epoch; another host's lock is live while its heartbeat is fresh", async () => {
    const raw = new LocalFileStore(tmp());
    const first = await CheckpointLock.acquire(raw, "q", "r1");
    expect(first.epoch).toBe(0);
    await first.release();
    const second = await CheckpointLock.acquire(raw, "q", "r2");
    expect(second.epoch).toBe(1);
    await second.release();
    const remote = { runId: "far", queryId: "q", pid: 1, host: "another-host", epoch: 2 };
    await raw.putIfAbsent("locks/2", JSON.stringify({ ...remote, heartbeatMs: Date.now() }));
    await expect(CheckpointLock.acquire(raw, "q", "r3")).rejects.toThrow(/held by a live query \(runId far, pid 1 on another-host\)/);
    await raw.put("locks/2", JSON.stringify({ ...remote, heartbeatMs: Date.now() - 31_000 }));
    const third = await CheckpointLock.acquire(raw, "q", "r3");
    expect(third.epoch).toBe(3);
    await third.release();
    expect(await raw.list("locks")).toEqual(["2", "3"]);
  });
});
