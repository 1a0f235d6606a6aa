// `npm run bench [-- NAME ...] [--quick]`: runs each benchmark in its own process (clean memory figures), prints
// every figure with its same-run baseline ratio, and rewrites the results table in BENCHMARKS.md.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { BenchResult } from "../bench/harness";

const ROOT = path.join(__dirname, "..");
const ALL = [
  "engine-throughput",
  "e2e-read",
  "latency",
  "startup",
  "scale",
  "checkpoint-overhead",
  "files",
  "sink-once",
  "kpl",
  "generator",
  "spark",
  "joins",
  "sessionize",
  "udf",
];

function run(name: string, quick: boolean): BenchResult | undefined {
  process.stdout.write(`\n== ${name} ==\n`);
  const env = { ...process.env, ...(quick ? { BENCH_QUICK: "1", BENCH_RECORDS: "200000", BENCH_RUNS: "2", BENCH_LATENCY_RECORDS: "60" } : {}) };
  const r = spawnSync(process.execPath, ["--expose-gc", "-r", "ts-node/register/transpile-only", path.join("bench", `${name}.ts`)], {
    cwd: ROOT,
    env,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    timeout: 20 * 60_000,
  });
  const marker = /BENCH_RESULT (\S+)/.exec(r.stdout ?? "");
  if (r.status !== 0 || !marker) {
    process.stdout.write(`${name} failed (exit ${r.status}):\n${(r.stderr ?? "").split("\n").slice(-15).join("\n")}\n`);
    return undefined;
  }
  const result = JSON.parse(fs.readFileSync(marker[1]!, "utf8")) as BenchResult;
  for (const f of result.figures) {
    const ratio = f.ratio !== undefined ? `  ratio ${f.ratio}x vs ${f.baseline} ${f.unit}` : "";
    const goal = f.goal ? `  goal ${f.goal}: ${f.met ? "met" : "NOT met"}` : "";
    process.stdout.write(`  ${f.name}: ${f.value} ${f.unit}${ratio}${goal}\n`);
  }
  return result;
}

function table(results: BenchResult[]): string {
  const rows = ["| bench | figure | value | baseline | ratio | goal | met |", "|---|---|---|---|---|---|---|"];
  for (const r of results) {
    for (const f of r.figures) {
      rows.push(`| ${r.bench} | ${f.name}${f.note ? ` (${f.note})` : ""} | ${f.value} ${f.unit} | ${f.baseline ?? ""} | ${f.ratio ?? ""} | ${f.goal ?? ""} | ${f.met === undefined ? "" : f.met ? "yes" : "**no**"} |`);
    }
  }
  return rows.join("\n");
}

function main(): void {
  const args = process.argv.slice(2);
  const quick = args.includes("--quick");
  const names = args.filter((a) => !a.startsWith("--"));
  const chosen = names.length ? names : ALL;
  const unknown = chosen.filter((n) => !ALL.includes(n));
  if (unknown.length) throw new Error(`unknown benchmark ${unknown.join(", ")}; choose from ${ALL.join(", ")}`);
  const results = chosen.map((n) => run(n, quick)).filter((r): r is BenchResult => r !== undefined);
  const file = path.join(ROOT, "BENCHMARKS.md");
  const text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "# Benchmarks\n";
  const begin = "<!-- results:begin -->";
  const end = "<!-- results:end -->";
  const when = results[0] ? `Run at ${results[0].startedAt} on ${results[0].machine.cpus} cores, Node ${results[0].machine.node}, load average ${results[0].machine.loadavg.join(" / ")}; command: \`npm run bench${args.length ? ` -- ${args.join(" ")}` : ""}\`.` : "";
  const block = `${begin}\n${when}\n\n${table(results)}\n${end}`;
  const updated = text.includes(begin) ? text.replace(new RegExp(`${begin}[\\s\\S]*${end}`), block) : `${text}\n${block}\n`;
  if (chosen.length === ALL.length) fs.writeFileSync(file, updated);
  process.stdout.write(`\n${results.length}/${chosen.length} benchmarks ran; results in bench/results/*.json${chosen.length === ALL.length ? " and BENCHMARKS.md" : ""}\n`);
  if (results.length < chosen.length) process.exitCode = 1;
}

main();
