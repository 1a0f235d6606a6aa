/**
 * The lake soak: Kinesis -> Parquet file sink (partitioned by day) with its query process SIGKILLed and restarted
 * on the same checkpoint, then `spark.read.parquet` of the sink folder checked against what was put on the stream,
 * by a unique id per record: 0 lost, 0 duplicated. The sink is a local folder or `s3://` on the embedded S3 (its
 * checkpoint is beside it: local disk, or S3 through the S3 checkpoint store).
 *
 * Kills are aimed, in turn, at the crash points around the sink's `_spark_metadata` commit
 * (connector/file/sink-crash-point.ts: part files written but no log entry; log entry written but no commit log)
 * and at those of the checkpoint protocol (engine/checkpoint/crash-point.ts) through TSPARK_CRASH_AT=<phase>:*;
 * every third kill lands at a random moment instead (0-4 s after the query started: mid-read, mid-write or mid-commit). A kill aimed at a point counts as "fired" when the process
 * died there by itself. Orphans (part files on storage that no log entry names: what a kill mid-batch leaves)
 * are counted too: they must exist after a `fileSinkBeforeLog` kill and must never be read.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PutRecordsCommand } from "@aws-sdk/client-kinesis";
import { CreateBucketCommand } from "@aws-sdk/client-s3";
import { createKinesisClient, createS3Client } from "../../src/connector/aws/clients";
import type { AwsConnection } from "../../src/connector/aws/connection";
import { getDefaultConnection, setDefaultConnection } from "../../src/connector/aws/default-connection";
import { resolveFileSystem } from "../../src/connector/file/fs/resolve-file-system";
import { FileStreamSinkLog, SINK_METADATA_DIR } from "../../src/connector/file/sink-log";
import { sinkLogStoreLocation } from "../../src/connector/file/file-stream-sink";
import { createRng } from "../../src/connector/generator/random";
import "../../src/connector/register";
import type { DataFrame } from "../../src/engine/api/data-frame";
import { resolveCheckpointStore } from "../../src/engine/checkpoint/resolve-store";
import { SparkSession } from "../../src/engine/session";
import { createSoakStream } from "./streams";

const ROOT = path.join(__dirname, "..", "..");
const CHILD = path.join(__dirname, "lake-child.ts");
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** How long a kill aimed at a crash point waits for the process to die there (S3 checkpoints start slowly). */
const AIMED_WAIT_MS = 90_000;
const DAYS = ["2026-12-04", "2026-12-05", "2026-12-06"];

export type LakeSinkKind = "local" | "s3";

/** The crash points a kill is aimed at, in turn: the sink's commit first, then the checkpoint protocol's. */
export const LAKE_KILL_POINTS = [
  "fileSinkBeforeLog",
  "fileSinkAfterLog",
  "afterOffsetLog",
  "afterCommitLog",
  "beforeOffsetLog",
  "afterSourceCommit",
  "lockTakeover",
] as const;

export interface LakeSoakOptions {
  sink: LakeSinkKind;
  kills: number;
  recordsPerKill: number;
  seed: number;
  log: (s: string) => void;
  points?: readonly string[];
  /** Every `randomEvery`-th kill is at a random moment (default 3). */
  randomEvery?: number;
}

export interface LakeSoakResult {
  sink: LakeSinkKind;
  out: string;
  kills: number;
  aimed: Record<string, { aimed: number; fired: number }>;
  randomKills: number;
  /** Records put on the stream. */
  put: number;
  /** Rows `spark.read.parquet(out)` returned, and the ids among them missing / repeated. */
  rows: number;
  lost: number;
  duplicated: number;
  /** Batches in the sink's `_spark_metadata` log, part files it names, part files on storage it does not name. */
  committedBatches: number;
  committedFiles: number;
  orphanFiles: number;
  /** Rows per day partition, as read back. */
  perDay: Record<string, number>;
}

function runChild(conn: AwsConnection, source: string, out: string, checkpoint: string, mode: "run" | "drain", crashAt?: string) {
  const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", CHILD, source, out, checkpoint, mode], {
    cwd: ROOT,
    env: {
      ...process.env,
      TSPARK_SOAK_KINESIS_ENDPOINT: conn.kinesisEndpoint!,
      TSPARK_SOAK_S3_ENDPOINT: conn.s3Endpoint ?? "",
      TSPARK_CRASH_AT: crashAt ?? "",
      TSPARK_FILE_SINK_CRASH_AT: "",
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  let markStarted: () => void = () => {};
  const started = new Promise<void>((r) => {
    markStarted = r;
  });
  child.stderr!.on("data", (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
    if (stderr.includes("lake-child: started")) markStarted();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.once("exit", (code, signal) => r({ code, signal })));
  return { child, exited, started, stderr: () => stderr };
}

/** `spark.read.parquet(out)` in this process, with the embedded services as the default connection. */
async function readBack(conn: AwsConnection, out: string): Promise<{ ids: number[]; perDay: Record<string, number> }> {
  const previous = getDefaultConnection();
  setDefaultConnection(conn);
  try {
    const spark = SparkSession.builder.getOrCreate();
    const df = (await spark.read.parquet(out)) as DataFrame;
    const ids: number[] = [];
    const perDay: Record<string, number> = {};
    for (const r of df.select("id", "day").collectValues()) {
      ids.push(Number(r[0] as bigint));
      // Partition discovery types day=2026-12-04 folders as DATE (days since the epoch).
      const day = typeof r[1] === "number" ? new Date(r[1] * 86_400_000).toISOString().slice(0, 10) : String(r[1]);
      perDay[day] = (perDay[day] ?? 0) + 1;
    }
    return { ids, perDay };
  } finally {
    setDefaultConnection(previous);
  }
}

/** Batches and files the sink's log commits, and part files on storage no entry names. */
async function sinkFiles(conn: AwsConnection, out: string): Promise<{ batches: number; committed: number; orphans: number }> {
  const previous = getDefaultConnection();
  setDefaultConnection(conn);
  try {
    const log = new FileStreamSinkLog(await resolveCheckpointStore(sinkLogStoreLocation(out), new Map()), SINK_METADATA_DIR);
    // A batch's part files share one name across its day=... folders: a file is its folder and name.
    const key = (p: string) => p.split("/").slice(-2).join("/");
    const committed = new Set((await log.allFiles()).map((e) => key(e.path)));
    const listed = (await (await resolveFileSystem(out)).listFiles(out)).map((f) => key(f.path)).filter((n) => path.basename(n).startsWith("part-"));
    return { batches: (await log.batchIds()).length, committed: committed.size, orphans: listed.filter((n) => !committed.has(n)).length };
  } finally {
    setDefaultConnection(previous);
  }
}

export async function lakeSoak(conn: AwsConnection, opts: LakeSoakOptions): Promise<LakeSoakResult> {
  const points = opts.points ?? LAKE_KILL_POINTS;
  const randomEvery = opts.randomEvery ?? 3;
  const rng = createRng(opts.seed);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "tspark-lake-soak-"));
  const tag = `${process.pid}-${Date.now().toString(36)}`;
  const source = `lake-src-${tag}`;
  let out: string;
  let checkpoint: string;
  if (opts.sink === "s3") {
    const bucket = `lake-${tag}`.toLowerCase();
    const s3 = createS3Client(conn);
    try {
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    } finally {
      s3.destroy();
    }
    out = `s3://${bucket}/events`;
    checkpoint = `s3://${bucket}/checkpoints/events`;
  } else {
    out = path.join(workDir, "events");
    checkpoint = path.join(workDir, "cp");
  }
  await createSoakStream(conn, source, 2);
  const k = createKinesisClient(conn);
  let put = 0;
  const putSome = async (n: number) => {
    for (let done = 0; done < n; done += 500) {
      let pending = Array.from({ length: Math.min(500, n - done) }, () => {
        const id = put++;
        return { Data: Buffer.from(JSON.stringify({ id, day: DAYS[id % DAYS.length] })), PartitionKey: `k${id % 7}` };
      });
      while (pending.length) {
        const r = await k.send(new PutRecordsCommand({ StreamName: source, Records: pending }));
        pending = pending.filter((_, i) => r.Records?.[i]?.ErrorCode);
      }
    }
  };
  const aimed: LakeSoakResult["aimed"] = {};
  let randomKills = 0;
  let nextPoint = 0;
  try {
    for (let i = 0; i < opts.kills; i++) {
      const point = i % randomEvery === randomEvery - 1 || points.length === 0 ? undefined : points[nextPoint++ % points.length]!;
      await putSome(opts.recordsPerKill);
      const run = runChild(conn, source, out, checkpoint, "run", point === undefined ? undefined : `${point}:*`);
      const wait = point === undefined ? Math.floor(rng() * 4000) : AIMED_WAIT_MS;
      const t0 = Date.now();
      if (point === undefined) await Promise.race([run.started, run.exited, sleep(AIMED_WAIT_MS)]);
      const before = await Promise.race([sleep(wait).then(() => undefined), run.exited]);
      const firedItself = before !== undefined && before.signal === "SIGKILL";
      run.child.kill("SIGKILL");
      const { code } = await run.exited;
      if (code !== null && code !== 0) throw new Error(`lake query process failed on its own (exit ${code}):\n${run.stderr()}`);
      if (point === undefined) randomKills++;
      else {
        const a = (aimed[point] ??= { aimed: 0, fired: 0 });
        a.aimed++;
        if (firedItself) a.fired++;
      }
      opts.log(
        `lake ${opts.sink}: kill ${i + 1}/${opts.kills} ${point === undefined ? `${wait} ms after it started` : `aimed at ${point}: ${firedItself ? `landed after ${Date.now() - t0} ms` : `missed (its stderr ended: ${run.stderr().slice(-300).replace(/\s+/g, " ")})`}`} (${put} records put)`,
      );
    }
    const drain = runChild(conn, source, out, checkpoint, "drain");
    const ended = await Promise.race([drain.exited, sleep(240_000).then(() => "timeout" as const)]);
    if (ended === "timeout" || ended.code !== 0) {
      drain.child.kill("SIGKILL");
      throw new Error(`lake drain run did not finish cleanly (${ended === "timeout" ? ended : `exit ${ended.code}`}):\n${drain.stderr()}`);
    }
    const { ids, perDay } = await readBack(conn, out);
    const files = await sinkFiles(conn, out);
    const seen = new Set(ids);
    let lost = 0;
    for (let id = 0; id < put; id++) if (!seen.has(id)) lost++;
    return {
      sink: opts.sink,
      out,
      kills: opts.kills,
      aimed,
      randomKills,
      put,
      rows: ids.length,
      lost,
      duplicated: ids.length - seen.size,
      committedBatches: files.batches,
      committedFiles: files.committed,
      orphanFiles: files.orphans,
      perDay,
    };
  } finally {
    k.destroy();
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}
