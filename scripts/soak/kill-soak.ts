/**
 * Crash/restart soak: a producer feeds the source stream while the query process (query-child.ts) is SIGKILLed at
 * random moments (and at chosen engine phases through TSPARK_CRASH_AT) and restarted on the same checkpoints; at the
 * end a drain run catches up and the sinks are compared with what was put.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PutRecordsCommand } from "@aws-sdk/client-kinesis";
import { createKinesisClient } from "../../src/connector/aws/clients";
import type { AwsConnection } from "../../src/connector/aws/connection";
import { createRng } from "../../src/connector/generator/random";
import { readStreamRecords, createSoakStream } from "./streams";

const ROOT = path.join(__dirname, "..", "..");
const CHILD = path.join(__dirname, "query-child.ts");
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface KillSoakResult {
  kills: number;
  put: number;
  fileSink: { rows: number; lost: number; duplicated: number };
  kinesisSink: { rows: number; lost: number; duplicated: number };
  /** Records of one partition key seen out of put order in the file sink (must be 0). */
  outOfOrder: number;
}

function runChild(workDir: string, source: string, sink: string, mode: "run" | "drain", endpoint: string, crashAt?: string) {
  const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", CHILD, workDir, source, sink, mode], {
    cwd: ROOT,
    env: { ...process.env, TSPARK_SOAK_KINESIS_ENDPOINT: endpoint, TSPARK_CRASH_AT: crashAt ?? "" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  return { child, exited, stderr: () => stderr };
}

export async function killSoak(conn: AwsConnection, opts: { kills: number; recordsPerKill: number; seed: number; log: (s: string) => void }): Promise<KillSoakResult> {
  const rng = createRng(opts.seed);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "tspark-soak-"));
  const source = `soak-src-${process.pid}-${Date.now().toString(36)}`;
  const sink = `soak-sink-${process.pid}-${Date.now().toString(36)}`;
  await createSoakStream(conn, source, 2);
  await createSoakStream(conn, sink, 2);
  const k = createKinesisClient(conn);
  let put = 0;
  const putSome = async (n: number) => {
    const records = Array.from({ length: n }, () => {
      const id = put++;
      return { Data: Buffer.from(JSON.stringify({ id, key: `k${id % 7}` })), PartitionKey: `k${id % 7}` };
    });
    let pending = records;
    while (pending.length) {
      const r = await k.send(new PutRecordsCommand({ StreamName: source, Records: pending }));
      pending = pending.filter((_, i) => r.Records?.[i]?.ErrorCode);
    }
  };
  const crashPoints = ["afterOffsetLog", "afterAddBatch"];
  for (let i = 0; i < opts.kills; i++) {
    await putSome(opts.recordsPerKill);
    // Every third kill at a chosen engine phase (between offset log and commit, or after the sink wrote);
    // the others at a random moment (mid-read, mid-PutRecords, mid-state/commit write).
    const targeted = i % 3 === 2 ? `${crashPoints[i % 2]}:${1 + Math.floor(rng() * 3)}` : undefined;
    const run = runChild(workDir, source, sink, "run", conn.kinesisEndpoint!, targeted);
    const wait = 300 + Math.floor(rng() * 2500);
    await Promise.race([sleep(wait), run.exited]);
    run.child.kill("SIGKILL");
    const code = await run.exited;
    if (code !== null && code !== 0) throw new Error(`query process failed on its own (exit ${code}):\n${run.stderr()}`);
    opts.log(`kill ${i + 1}/${opts.kills} after ${targeted ?? `${wait} ms`} (${put} records put)`);
  }
  const drain = runChild(workDir, source, sink, "drain", conn.kinesisEndpoint!);
  const code = await Promise.race([drain.exited, sleep(180_000).then(() => "timeout" as const)]);
  if (code !== 0) {
    drain.child.kill("SIGKILL");
    throw new Error(`drain run did not finish cleanly (${code}):\n${drain.stderr()}`);
  }

  const fileRows: Array<[string, string, string, string]> = [];
  const dir = path.join(workDir, "file-sink");
  for (const f of fs.readdirSync(dir).filter((n) => n.startsWith("batch-"))) fileRows.push(...(JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as Array<[string, string, string, string]>));
  const sinkRecords = await readStreamRecords(conn, sink);
  k.destroy();
  fs.rmSync(workDir, { recursive: true, force: true });

  const score = (ids: number[]) => {
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
    kills: opts.kills,
    put,
    fileSink: score(fileRows.map(([d]) => (JSON.parse(d) as { id: number }).id)),
    kinesisSink: score(sinkRecords.map((r) => (JSON.parse(r) as { id: number }).id)),
    outOfOrder,
  };
}
