/**
 * Crash/restart soak: a producer feeds the source stream while the query process (query-child.ts) is SIGKILLed and
 * restarted on the same checkpoints; at the end a drain run catches up and both sinks are compared with what was put.
 *
 * Kills are aimed, in turn, at every crash point of the checkpoint protocol (engine/checkpoint/crash-point.ts: the
 * lock takeover, before/after the offset log, after the sink, after the state commit, after the commit log, after
 * the source commit) and inside the Kinesis sink (kinesis/sink/crash-point.ts: after the intent entry, between two
 * PutRecords requests of one batch, after the last PutRecords response before the ledger entry), through
 * TSPARK_CRASH_AT=<phase>:*; every fourth kill lands at a random moment instead. A kill aimed at a point counts as
 * "fired" only when the process died there (SIGKILL by itself before the soak killed it); the report says how many.
 * The checkpoints live on local disk, in DynamoDB or in S3 (`store`).
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PutRecordsCommand } from "@aws-sdk/client-kinesis";
import { CreateBucketCommand } from "@aws-sdk/client-s3";
import { createKinesisClient, createS3Client } from "../../src/connector/aws/clients";
import type { AwsConnection } from "../../src/connector/aws/connection";
import { createRng } from "../../src/connector/generator/random";
import { createSoakStream, readStreamRecords } from "./streams";

const ROOT = path.join(__dirname, "..", "..");
const CHILD = path.join(__dirname, "query-child.ts");
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** How long a kill aimed at a crash point waits for the process to die there before killing it anyway. */
const AIMED_WAIT_MS = 60_000;

export type CheckpointKind = "local" | "dynamodb" | "s3";

/** Every crash point a kill is aimed at, in the order they are taken. */
export const KILL_POINTS = [
  "sinkBetweenPutRecords",
  "sinkBeforeLedger",
  "lockTakeover",
  "afterOffsetLog",
  "sinkAfterIntent",
  "afterAddBatch",
  "afterLockTakeover",
  "beforeOffsetLog",
  "afterStateCommit",
  "afterCommitLog",
  "afterSourceCommit",
] as const;

export interface SinkScore {
  rows: number;
  lost: number;
  duplicated: number;
}

export interface KillSoakResult {
  store: CheckpointKind;
  kills: number;
  /** Per crash point: kills aimed at it, and how many landed there. */
  aimed: Record<string, { aimed: number; fired: number }>;
  randomKills: number;
  put: number;
  fileSink: SinkScore;
  kinesisSink: SinkScore;
  /** Batches the Kinesis sink reconciled with its target on restart, and the records it found already there. */
  sinkRecoveries: { batches: number; recordsFoundInTarget: number; recordsSent: number };
  /** Records of one partition key seen out of put order in the file sink (must be 0). */
  outOfOrder: number;
}

export interface KillSoakOptions {
  kills: number;
  recordsPerKill: number;
  seed: number;
  log: (s: string) => void;
  store?: CheckpointKind;
  /** Crash points to aim at (default KILL_POINTS); every fourth kill is random. */
  points?: readonly string[];
  /** Index in `points` to start from (the soak continues the rotation from one store to the next). */
  firstPoint?: number;
}

interface ChildRun {
  child: ReturnType<typeof spawn>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr: () => string;
}

function runChild(
  workDir: string,
  base: string,
  source: string,
  sink: string,
  mode: "run" | "drain",
  conn: AwsConnection,
  recoveries: KillSoakResult["sinkRecoveries"],
  crashAt?: string,
): ChildRun {
  const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", CHILD, workDir, source, sink, mode, base], {
    cwd: ROOT,
    env: {
      ...process.env,
      TSPARK_SOAK_KINESIS_ENDPOINT: conn.kinesisEndpoint!,
      TSPARK_SOAK_DYNAMODB_ENDPOINT: conn.dynamodbEndpoint ?? "",
      TSPARK_SOAK_S3_ENDPOINT: conn.s3Endpoint ?? "",
      TSPARK_CRASH_AT: crashAt ?? "",
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  let partial = "";
  child.stderr!.on("data", (d: Buffer) => {
    const text = d.toString();
    stderr = (stderr + text).slice(-4000);
    const lines = (partial + text).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) {
      const m = /batch \d+: (\d+) of \d+ record\(s\) were already in '.*', sending the other (\d+)/.exec(line);
      if (m) {
        recoveries.batches++;
        recoveries.recordsFoundInTarget += Number(m[1]);
        recoveries.recordsSent += Number(m[2]);
      }
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.once("exit", (code, signal) => r({ code, signal })));
  return { child, exited, stderr: () => stderr };
}

async function checkpointBase(conn: AwsConnection, kind: CheckpointKind, workDir: string, tag: string): Promise<string> {
  if (kind === "local") return path.join(workDir, "cp");
  if (kind === "dynamodb") return `dynamodb://soak-${tag}/cp`;
  const bucket = `soak-${tag}`.toLowerCase();
  const s3 = createS3Client(conn);
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  } finally {
    s3.destroy();
  }
  return `s3://${bucket}/cp`;
}

export async function killSoak(conn: AwsConnection, opts: KillSoakOptions): Promise<KillSoakResult> {
  const store = opts.store ?? "local";
  const points = opts.points ?? KILL_POINTS;
  const rng = createRng(opts.seed);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "tspark-soak-"));
  const tag = `${process.pid}-${Date.now().toString(36)}`;
  const source = `soak-src-${tag}`;
  const sink = `soak-sink-${tag}`;
  const base = await checkpointBase(conn, store, workDir, tag);
  await createSoakStream(conn, source, 2);
  await createSoakStream(conn, sink, 2);
  const k = createKinesisClient(conn);
  let put = 0;
  const putSome = async (n: number) => {
    for (let done = 0; done < n; done += 500) {
      let pending = Array.from({ length: Math.min(500, n - done) }, () => {
        const id = put++;
        return { Data: Buffer.from(JSON.stringify({ id, key: `k${id % 7}` })), PartitionKey: `k${id % 7}` };
      });
      while (pending.length) {
        const r = await k.send(new PutRecordsCommand({ StreamName: source, Records: pending }));
        pending = pending.filter((_, i) => r.Records?.[i]?.ErrorCode);
      }
    }
  };
  const aimed: KillSoakResult["aimed"] = {};
  const recoveries = { batches: 0, recordsFoundInTarget: 0, recordsSent: 0 };
  let randomKills = 0;
  let nextPoint = opts.firstPoint ?? 0;
  for (let i = 0; i < opts.kills; i++) {
    const point = i % 4 === 3 || points.length === 0 ? undefined : points[nextPoint++ % points.length]!;
    // A kill between two PutRecords requests needs a batch of over 500 records (aggregation is off in the child).
    await putSome(point === "sinkBetweenPutRecords" ? Math.max(opts.recordsPerKill, 700) : opts.recordsPerKill);
    const run = runChild(workDir, base, source, sink, "run", conn, recoveries, point === undefined ? undefined : `${point}:*`);
    // Aimed: wait for the point (process start-up takes 3-20 s on a loaded 2-core machine); random: a moment
    // mid-read, mid-PutRecords or mid-commit.
    const wait = point === undefined ? 1000 + Math.floor(rng() * 4000) : AIMED_WAIT_MS;
    const t0 = Date.now();
    const before = await Promise.race([sleep(wait).then(() => undefined), run.exited]);
    const firedItself = before !== undefined && before.signal === "SIGKILL";
    run.child.kill("SIGKILL");
    const { code } = await run.exited;
    if (code !== null && code !== 0) throw new Error(`query process failed on its own (exit ${code}):\n${run.stderr()}`);
    if (point === undefined) randomKills++;
    else {
      const a = (aimed[point] ??= { aimed: 0, fired: 0 });
      a.aimed++;
      if (firedItself) a.fired++;
    }
    opts.log(`${store}: kill ${i + 1}/${opts.kills} ${point === undefined ? `after ${wait} ms` : `aimed at ${point}: ${firedItself ? `landed there after ${Date.now() - t0} ms` : `missed (killed after ${AIMED_WAIT_MS / 1000} s; its stderr ended: ${run.stderr().slice(-300).replace(/\s+/g, " ")})`}`} (${put} records put)`);
  }
  const drain = runChild(workDir, base, source, sink, "drain", conn, recoveries);
  const ended = await Promise.race([drain.exited, sleep(240_000).then(() => "timeout" as const)]);
  if (ended === "timeout" || ended.code !== 0) {
    drain.child.kill("SIGKILL");
    throw new Error(`drain run did not finish cleanly (${ended === "timeout" ? ended : `exit ${ended.code}`}):\n${drain.stderr()}`);
  }

  const fileRows: Array<[string, string, string, string]> = [];
  const dir = path.join(workDir, "file-sink");
  for (const f of fs.readdirSync(dir).filter((n) => n.startsWith("batch-"))) fileRows.push(...(JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as Array<[string, string, string, string]>));
  const sinkRecords = await readStreamRecords(conn, sink);
  k.destroy();
  fs.rmSync(workDir, { recursive: true, force: true });

  const score = (ids: number[]): SinkScore => {
    const seen = new Set(ids);
    let lost = 0;
    for (let id = 0; id < put; id++) if (!seen.has(id)) lost++;
    return { rows: ids.length, lost, duplicated: ids.length - seen.size };
  };
  // Per partition key, sequence numbers of one shard must follow put order (ids increase).
  let outOfOrder = 0;
  const byShardKey = new Map<string, Array<{ seq: bigint; id: number }>>();
  for (const [data, key, shard, seq] of fileRows) {
    const list = byShardKey.get(`${shard}/${key}`) ?? [];
    list.push({ seq: BigInt(seq), id: (JSON.parse(data) as { id: number }).id });
    byShardKey.set(`${shard}/${key}`, list);
  }
  for (const list of byShardKey.values()) {
    list.sort((a, b) => (a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0));
    for (let i = 1; i < list.length; i++) if (list[i]!.id < list[i - 1]!.id) outOfOrder++;
  }
  return {
    store,
    kills: opts.kills,
    aimed,
    randomKills,
    put,
    fileSink: score(fileRows.map(([d]) => (JSON.parse(d) as { id: number }).id)),
    kinesisSink: score(sinkRecords.map((r) => (JSON.parse(r) as { id: number }).id)),
    sinkRecoveries: recoveries,
    outOfOrder,
  };
}
