/**
 * The Node side of the Spark oracle: starts scripts/spark/driver.py once (real Apache Spark, local[2]) in the
 * venv that `npm run spark:setup` made, and sends it line-delimited JSON requests. Spark's start-up (~10-20 s)
 * is paid once per suite; every request after that costs a Spark job, not a JVM.
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { existsSync, openSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";

export const ROOT = resolve(__dirname, "../..");
export const SPARK_PYTHON = join(ROOT, ".spark/venv/bin/python");
const DRIVER = join(ROOT, "scripts/spark/driver.py");

export interface SparkError {
  readonly javaClass: string;
  readonly pythonClass: string;
  readonly condition: string | null;
  readonly sqlState: string | null;
  readonly message: string;
}

export interface ObservedBatch {
  readonly batchId: number;
  readonly metrics: Record<string, unknown>;
}

export interface SparkResult {
  readonly ok: boolean;
  readonly schema?: string;
  readonly fields?: { name: string; type: string; nullable: boolean }[];
  readonly rows?: string[][];
  readonly sorted?: boolean;
  readonly show?: string;
  readonly error?: SparkError;
  readonly batches?: { batchId: number; schema: string; rows: string[][] }[];
  readonly progress?: (Record<string, unknown> | null)[];
  readonly console?: string[];
  /** Each batch's progress observedMetrics (entries with an observe step). */
  readonly observed?: ObservedBatch[];
}

export class SparkOracle {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (r: SparkResult) => void; reject: (e: Error) => void }>();
  private exited: Error | null = null;
  version = "";

  private constructor(private readonly proc: ChildProcessWithoutNullStreams) {}

  /** Starts the driver and waits for Spark to be up. Spark's own log goes to `logFile`. */
  static async start(logFile = join(tmpdir(), `tspark-spark-driver-${process.pid}.log`)): Promise<SparkOracle> {
    if (!existsSync(SPARK_PYTHON)) {
      throw new Error(`no Spark environment at ${SPARK_PYTHON}: run \`npm run spark:setup\` first (needs python3.11+ and Java 17)`);
    }
    const log = openSync(logFile, "a");
    const proc = spawn(SPARK_PYTHON, [DRIVER], {
      stdio: ["pipe", "pipe", log],
      env: { ...process.env, PYTHONUNBUFFERED: "1", TZ: "UTC" },
    }) as unknown as ChildProcessWithoutNullStreams;
    const oracle = new SparkOracle(proc);
    const lines = createInterface({ input: proc.stdout });
    const ready = new Promise<void>((res, rej) => {
      lines.on("line", (line) => {
        const msg = JSON.parse(line) as SparkResult & { id?: number; ready?: boolean; version?: string };
        if (msg.ready) {
          oracle.version = msg.version ?? "";
          res();
          return;
        }
        const w = oracle.waiting.get(msg.id!);
        oracle.waiting.delete(msg.id!);
        w?.resolve(msg);
      });
      proc.on("exit", (code) => {
        oracle.exited = new Error(`the Spark driver exited (code ${code}); see ${logFile}`);
        rej(oracle.exited);
        for (const w of oracle.waiting.values()) w.reject(oracle.exited);
        oracle.waiting.clear();
      });
    });
    await ready;
    return oracle;
  }

  request(req: Record<string, unknown>): Promise<SparkResult> {
    if (this.exited) return Promise.reject(this.exited);
    const id = this.nextId++;
    return new Promise((res, rej) => {
      this.waiting.set(id, { resolve: res, reject: rej });
      this.proc.stdin.write(`${JSON.stringify({ ...req, id })}\n`);
    });
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const done = new Promise((r) => this.proc.once("exit", r));
    this.proc.stdin.end();
    await done;
  }
}
