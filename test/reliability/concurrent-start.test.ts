/**
 * #21.2: many processes started at once on a checkpoint whose lock is stale (left by a killed run, on this host or
 * on a silent remote host) and whose last batch is uncommitted: exactly one runs, the batch runs once, the others
 * are refused naming the holder. Repeated for several rounds on local disk, DynamoDB (dynalite) and S3 (s3rver
 * behind a proxy that gives it S3's conditional writes, test/helpers/s3-conditional-proxy.ts).
 */
import { type ChildProcess, fork } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setLocalStoreDefaults } from "../../src/connector/checkpoint/store-connection";
import "../../src/connector/register";
import { CheckpointLock } from "../../src/engine/checkpoint/checkpoint-lock";
import type { CheckpointStore } from "../../src/engine/checkpoint/checkpoint-store";
import { ChecksummedStore } from "../../src/engine/checkpoint/checksummed-store";
import { FencedStore } from "../../src/engine/checkpoint/fenced-store";
import { resolveCheckpointStore } from "../../src/engine/checkpoint/resolve-store";
import { createBucket, type StoreServices, startStoreServices, uniqueName } from "../connector/checkpoint/services";
import { type S3ConditionalProxy, startS3ConditionalProxy } from "../helpers/s3-conditional-proxy";

const WORKERS = 6;
const ROUNDS = 10;
const SCRIPT = path.join(__dirname, "fixtures", "lock-race-worker.js");
/** Above Linux's pid_max (2^22): never a live process. */
const DEAD_PID = 2 ** 22 + 12_345;

let services: StoreServices;
let proxy: S3ConditionalProxy;
let bucket: string;
let table: string;
let localRoot: string;
const workers: ChildProcess[] = [];
const trials: Record<string, number[]> = {};

type Report = { started: boolean; batches?: { id: number; rows: number }[]; error?: string; pid: number };

function nextMessage<T>(child: ChildProcess, pick: (m: Record<string, unknown>) => boolean): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMsg = (m: Record<string, unknown>) => {
      if (!pick(m)) return;
      child.off("message", onMsg);
      child.off("exit", onExit);
      resolve(m as T);
    };
    const onExit = (code: number | null) => reject(new Error(`worker ${child.pid} exited with ${code}`));
    child.on("message", onMsg);
    child.once("exit", onExit);
  });
}

beforeAll(async () => {
  services = await startStoreServices();
  proxy = await startS3ConditionalProxy(services.s3.endpoint!);
  const viaProxy = { ...services.defaults, s3Endpoint: proxy.url };
  setLocalStoreDefaults(viaProxy);
  bucket = await createBucket(services.s3);
  table = uniqueName("lockrace");
  localRoot = mkdtempSync(path.join(tmpdir(), "tspark-lockrace-"));
  const spawnWorker = () => {
    const child = fork(SCRIPT, [], {
      execArgv: [],
      env: { ...process.env, LR_DYNAMODB: services.dynamodb.endpoint, LR_S3: proxy.url, TSPARK_CRASH_AT: "" },
      stdio: ["ignore", "ignore", "inherit", "ipc"],
    });
    workers.push(child);
    return nextMessage(child, (m) => m.ready === true);
  };
  // The first worker fills the transpile cache (bin/ts-hook.js); the others then start in about a second.
  await spawnWorker();
  await Promise.all(Array.from({ length: WORKERS - 1 }, spawnWorker));
}, 120_000);

afterAll(async () => {
  for (const w of workers) if (w.exitCode === null) w.kill("SIGKILL");
  setLocalStoreDefaults(undefined);
  await proxy?.close();
  await services?.stop();
  if (localRoot) rmSync(localRoot, { recursive: true, force: true });
  // The figure for docs/reliability.md: how many workers ran, per round and store.
  console.log(`concurrent-start trials (${WORKERS} processes per round): ${JSON.stringify(trials)}`);
});

/** A checkpoint as a killed run leaves it: query id, offsets/0 without commits/0, and its lock epoch 0. */
async function staleCheckpoint(store: CheckpointStore, round: number): Promise<void> {
  await store.putIfAbsent("metadata", `${JSON.stringify({ id: randomUUID() })}\n`);
  await store.putIfAbsent("offsets/0", 'v1\n{"batchWatermarkMs":0,"batchTimestampMs":1700000000000,"conf":{}}\n0');
  // Even rounds: a dead pid on this host; odd rounds: another host whose heartbeat stopped long ago.
  const holder = round % 2 === 0 ? { pid: DEAD_PID, host: hostname() } : { pid: 1, host: "some-other-host" };
  await store.putIfAbsent("locks/0", JSON.stringify({ runId: "killed-run", queryId: "q", heartbeatMs: 0, epoch: 0, ...holder }));
}

function locationFor(kind: string, round: number): string {
  if (kind === "local") return path.join(localRoot, `round-${round}`);
  if (kind === "s3") return `s3://${bucket}/round-${round}`;
  return `dynamodb://${table}/round-${round}`;
}

describe.each(["local", "dynamodb", "s3"])("concurrent start on a stale %s checkpoint", (kind) => {
  it(`${WORKERS} processes at once, ${ROUNDS} rounds: exactly one runs, the pending batch runs once`, async () => {
    trials[kind] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const location = locationFor(kind, round);
      const store = await resolveCheckpointStore(location);
      await staleCheckpoint(store, round);
      const at = Date.now() + 60;
      const reports = workers.map((w) => nextMessage<Report>(w, (m) => "started" in m));
      for (const w of workers) w.send({ go: true, location, at, round });
      const all = await Promise.all(reports);
      const ran = all.filter((r) => r.started);
      trials[kind].push(ran.length);
      const refusals = all.filter((r) => !r.started).map((r) => r.error ?? "");
      for (const e of refusals) expect(e).toMatch(/is held by a live query \(runId [0-9a-f-]+, pid \d+ on /);
      expect(ran, `round ${round}: ${JSON.stringify(all)}`).toHaveLength(1);
      expect(ran[0]!.batches).toEqual([{ id: 0, rows: 2 }]);
      const winner = workers.find((w) => w.pid === ran[0]!.pid)!;
      const stopped = nextMessage(winner, (m) => m.stopped === true);
      winner.send({ stop: true });
      await stopped;
      expect(await store.list("commits")).toContain("0");
      expect((await store.list("offsets")).filter((n) => /^\d+$/.test(n))).toEqual(["0"]);
      const epoch1 = JSON.parse((await store.get("locks/1"))!) as { pid: number; released: boolean; epoch: number };
      expect(epoch1).toMatchObject({ pid: ran[0]!.pid, released: true, epoch: 1 });
      expect(await store.list("locks")).toEqual(["0", "1"]);
    }
    if (kind === "s3") expect(proxy.stats.preconditionFailed).toBeGreaterThan(0);
  }, 60_000);
});

describe("crash points at the lock takeover (TSPARK_CRASH_AT, for the soak)", () => {
  it.each([
    ["lockTakeover:*", "before it wrote its epoch", ["0", "1"], 1],
    ["afterLockTakeover:1", "after it wrote epoch 1", ["1", "2"], 2],
  ])("a run killed at %s (%s): the next start takes the checkpoint over and runs the batch once", async (crashAt, _when, epochs, winnerEpoch) => {
    const location = path.join(localRoot, `crash-${crashAt.replace(/[^a-z0-9]/gi, "")}`);
    const store = await resolveCheckpointStore(location);
    await staleCheckpoint(store, 0);
    const doomed = fork(SCRIPT, [], { execArgv: [], env: { ...process.env, TSPARK_CRASH_AT: crashAt }, stdio: ["ignore", "ignore", "inherit", "ipc"] });
    await nextMessage(doomed, (m) => m.ready === true);
    const exited = new Promise<NodeJS.Signals | null>((r) => doomed.once("exit", (_code, signal) => r(signal)));
    doomed.send({ go: true, location, at: Date.now(), round: 0 });
    expect(await exited).toBe("SIGKILL");
    expect(await store.get("commits/0")).toBeNull();
    const worker = workers[0]!;
    const report = nextMessage<Report>(worker, (m) => "started" in m);
    worker.send({ go: true, location, at: Date.now(), round: 0 });
    expect(await report).toMatchObject({ started: true, batches: [{ id: 0, rows: 2 }] });
    const stopped = nextMessage(worker, (m) => m.stopped === true);
    worker.send({ stop: true });
    await stopped;
    expect(await store.list("locks")).toEqual(epochs);
    expect(JSON.parse((await store.get(`locks/${winnerEpoch}`))!)).toMatchObject({ pid: worker.pid, released: true });
  }, 60_000);
});

describe.each(["local", "dynamodb", "s3"])("fencing on %s", (kind) => {
  it("once another run took the next epoch, the old holder can neither write nor delete, and leaves the new lock alone", async () => {
    const raw = await resolveCheckpointStore(locationFor(kind, 1000));
    const old = await CheckpointLock.acquire(raw, "q", "old-run");
    const oldStore = new FencedStore(new ChecksummedStore(raw), old);
    expect(await oldStore.putIfAbsent("offsets/0", "v1\n{}\n0")).toBe(true);
    // What a run on another host does after 30 s without a heartbeat from this one (one process cannot hold both).
    const taker = { runId: "new-run", queryId: "q", pid: 7, host: "far-host", heartbeatMs: Date.now(), epoch: 1 };
    expect(await raw.putIfAbsent("locks/1", JSON.stringify(taker))).toBe(true);
    await expect(oldStore.putIfAbsent("offsets/1", "v1\n{}\n1")).rejects.toThrow(
      /lost the lock .*run new-run \(pid 7 on far-host\) took it over as epoch 1/,
    );
    await expect(oldStore.delete("offsets/0")).rejects.toThrow(/lost the lock/);
    await expect(old.renew()).rejects.toThrow(/lost the lock/);
    await old.release();
    expect(await raw.get("offsets/1")).toBeNull();
    expect(JSON.parse((await raw.get("locks/1"))!)).toEqual(taker);
    expect(JSON.parse((await raw.get("locks/0"))!).released).toBeUndefined();
  });
});
