/**
 * #16.5 checkpoint compatibility: a JSON file source -> JSON file sink query is started by one engine, stopped,
 * and resumed by the other from the same checkpoint folder (and the other way round). The check: the sink's
 * committed output (the files its `_spark_metadata` log names) holds every input row exactly once, transformed,
 * batch ids run 0..n-1 with one batch per input file, and no file is committed twice. See docs/spark-oracle.md.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { DataFrame } from "../../src/engine/api/data-frame";
import type { SparkOracle } from "./oracle";
import { newSession } from "./tspark-side";

const SCHEMA = "id BIGINT, v STRING, x DOUBLE";
const EXPRS = ["id", "upper(v) AS v", "x * 2 AS x2", "id % 2 = 0 AS even"];
/** Six input files, one per trigger; the first engine takes 0..2, the second 3..5. */
const FILES: unknown[][][] = [0, 1, 2, 3, 4, 5].map((f) => [
  [f * 10, `r${f}a`, f + 0.5],
  [f * 10 + 1, f === 2 ? null : `r${f}b`, null],
]);
const SPLIT = 3;

function writeInput(dir: string, i: number): void {
  const names = ["id", "v", "x"];
  const text = FILES[i]!.map((r) => `${JSON.stringify(Object.fromEntries(names.map((n, j) => [n, r[j]])))}\n`).join("");
  const tmp = join(dir, `.part-${i}.tmp`);
  writeFileSync(tmp, text);
  renameSync(tmp, join(dir, "in", `part-${String(i).padStart(5, "0")}.json`));
}

async function runTspark(dir: string, from: number, to: number): Promise<void> {
  const s = newSession();
  // With a schema given, json() returns the streaming DataFrame itself (no inference, so no Pending).
  const src = s.readStream.schema(SCHEMA).option("maxFilesPerTrigger", 1).json(join(dir, "in")) as DataFrame;
  const q = await src
    .selectExpr(...EXPRS)
    .writeStream.format("json")
    .option("checkpointLocation", join(dir, "ckpt"))
    .start(join(dir, "out"));
  try {
    await q.processAllAvailable();
    for (let i = from; i < to; i++) {
      writeInput(dir, i);
      await q.processAllAvailable();
    }
  } finally {
    await q.stop();
  }
}

async function runSpark(oracle: SparkOracle, dir: string, from: number, to: number): Promise<void> {
  const r = (await oracle.request({ op: "filestream", dir, schema: SCHEMA, exprs: EXPRS, files: FILES, from, to })) as {
    ok: boolean;
    error?: { condition?: string; javaClass?: string; message?: string };
  };
  if (!r.ok) throw new Error(`Spark failed: ${r.error?.condition ?? r.error?.javaClass}: ${r.error?.message?.split("\n")[0]}`);
}

/** The sink's committed rows (canonical JSON, sorted) as its `_spark_metadata` log names them; throws on a gap or a repeat. */
export function committedOutput(out: string): { rows: string[]; batches: number } {
  const logDir = join(out, "_spark_metadata");
  const ids = readdirSync(logDir)
    .filter((f) => /^\d+(\.compact)?$/.test(f))
    .map((f) => Number.parseInt(f, 10))
    .sort((a, b) => a - b);
  ids.forEach((id, i) => {
    if (id !== i) throw new Error(`_spark_metadata batch ids are not 0..n-1: ${ids.join(",")}`);
  });
  const seen = new Set<string>();
  const rows: string[] = [];
  for (const id of ids) {
    const lines = readFileSync(join(logDir, String(id)), "utf8").split("\n").filter((l) => l !== "");
    if (lines[0] !== "v1") throw new Error(`_spark_metadata/${id} starts with ${lines[0]}, not v1`);
    for (const l of lines.slice(1)) {
      const path = fileURLToPath((JSON.parse(l) as { path: string }).path);
      if (seen.has(path)) throw new Error(`${path} committed twice`);
      seen.add(path);
      for (const line of readFileSync(path, "utf8").split("\n")) {
        if (line === "") continue;
        const o = JSON.parse(line) as Record<string, unknown>;
        rows.push(JSON.stringify(Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]))));
      }
    }
  }
  return { rows: rows.sort(), batches: ids.length };
}

export interface ExchangeResult {
  readonly id: string;
  readonly problem: string | null;
}

/** Runs both directions and an uninterrupted tspark run as the reference. */
export async function checkpointExchange(oracle: SparkOracle): Promise<ExchangeResult[]> {
  const root = mkdtempSync(join(tmpdir(), "tspark-oracle-ckpt-"));
  const fresh = (name: string) => {
    const d = join(root, name);
    mkdirSync(join(d, "in"), { recursive: true });
    return d;
  };
  const results: ExchangeResult[] = [];
  try {
    const refDir = fresh("reference");
    await runTspark(refDir, 0, FILES.length);
    const reference = committedOutput(join(refDir, "out"));
    const runs: [string, (d: string) => Promise<void>][] = [
      [
        "checkpoint/tspark-then-spark",
        async (d) => {
          await runTspark(d, 0, SPLIT);
          await runSpark(oracle, d, SPLIT, FILES.length);
        },
      ],
      [
        "checkpoint/spark-then-tspark",
        async (d) => {
          await runSpark(oracle, d, 0, SPLIT);
          await runTspark(d, SPLIT, FILES.length);
        },
      ],
    ];
    for (const [id, run] of runs) {
      const d = fresh(id.replace("/", "-"));
      try {
        await run(d);
        const got = committedOutput(join(d, "out"));
        const problem =
          got.batches !== FILES.length
            ? `${got.batches} committed batches, expected ${FILES.length} (one per input file)`
            : JSON.stringify(got.rows) !== JSON.stringify(reference.rows)
              ? `committed rows differ from an uninterrupted run:\n  got      ${got.rows.join(" ")}\n  expected ${reference.rows.join(" ")}`
              : !existsSync(join(d, "ckpt", "commits", String(FILES.length - 1)))
                ? `no commits/${FILES.length - 1} in the checkpoint`
                : null;
        results.push({ id, problem });
      } catch (err) {
        results.push({ id, problem: err instanceof Error ? err.message : String(err) });
      }
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return results;
}
