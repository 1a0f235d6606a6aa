/**
 * Shared bits of the benchmarks: every figure is printed as a ratio against a baseline measured in the same run
 * (the machine is shared and noisy), written to bench/results/<name>.json, and summarised by scripts/bench.ts.
 */
import * as fs from "node:fs";
import * as path from "node:path";

export interface Figure {
  name: string;
  value: number;
  unit: string;
  baseline?: number;
  /** value / baseline, or baseline / value for "lower is better" figures: always "higher is better". */
  ratio?: number;
  goal?: string;
  met?: boolean;
  note?: string;
}

export interface BenchResult {
  bench: string;
  command: string;
  startedAt: string;
  machine: { cpus: number; node: string; loadavg: number[] };
  figures: Figure[];
}

export function machine(): BenchResult["machine"] {
  const os = require("node:os") as typeof import("node:os");
  return { cpus: os.cpus().length, node: process.version, loadavg: os.loadavg().map((x) => Number(x.toFixed(2))) };
}

export function writeResult(result: BenchResult): string {
  const dir = path.join(__dirname, "results");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${result.bench}.json`);
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  // The parent (scripts/bench.ts) reads this marker line.
  process.stdout.write(`BENCH_RESULT ${file}\n`);
  return file;
}

/** Samples RSS and heap every 20 ms while `fn` runs; returns the peaks in MiB. */
export async function withPeakMemory<T>(fn: () => Promise<T>): Promise<{ result: T; peakRssMiB: number; peakHeapMiB: number }> {
  let rss = process.memoryUsage().rss;
  let heap = process.memoryUsage().heapUsed;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
  }, 20);
  try {
    const result = await fn();
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
    return { result, peakRssMiB: rss / 2 ** 20, peakHeapMiB: heap / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
