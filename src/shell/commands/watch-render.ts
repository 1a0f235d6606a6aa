/**
 * One frame of `.watch`: charts of input rate, processing rate, batch duration and per-shard lag over the recent
 * progress records, then the last batch's figures as a table. Pure: progress records in, text out (the
 * command decides how to draw it in place).
 */
import { createRequire } from "node:module";
import { textTable } from "./types";

interface AsciiChart {
  plot(series: number[] | number[][], cfg?: { height?: number; format?: (x: number) => string; colors?: string[] }): string;
}
const asciichart = createRequire(__filename)("asciichart") as AsciiChart;

/** The progress fields `.watch` reads (Spark's names; see src/engine/exec/progress.ts). */
export interface WatchProgress {
  batchId?: number;
  timestamp?: string;
  numInputRows?: number;
  inputRowsPerSecond?: number;
  processedRowsPerSecond?: number;
  batchDuration?: number;
  durationMs?: Record<string, number>;
  sources?: { description?: string; numInputRows?: number; metrics?: Record<string, string> }[];
  sink?: { description?: string; numOutputRows?: number };
}

export interface WatchFrameOptions {
  /** Points per chart (the most recent batches). */
  readonly width?: number;
  readonly height?: number;
  readonly title?: string;
}

const num = (v: unknown): number | undefined => {
  const n = typeof v === "number" ? v : typeof v === "string" ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
};

/** Per-shard lag series: metrics keys `msBehindLatest.<shard>` / `<shard>.msBehindLatest`, else the avg/max lag. */
export function lagSeries(progress: readonly WatchProgress[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const add = (name: string, i: number, v: number) => {
    let s = out.get(name);
    if (!s) {
      s = new Array<number>(progress.length).fill(0);
      out.set(name, s);
    }
    s[i] = v;
  };
  progress.forEach((p, i) => {
    for (const src of p.sources ?? []) {
      const m = src.metrics ?? {};
      let perShard = false;
      for (const [k, v] of Object.entries(m)) {
        const shard = /^(?:msBehindLatest|lag)\.(.+)$/.exec(k)?.[1] ?? /^(.+)\.(?:msBehindLatest|lag)$/.exec(k)?.[1];
        const n = num(v);
        if (shard && n !== undefined) {
          add(shard, i, n);
          perShard = true;
        }
      }
      if (!perShard) {
        const max = num(m.maxMsBehindLatest);
        if (max !== undefined) add("max behind latest", i, max);
        const avg = num(m.avgMsBehindLatest);
        if (avg !== undefined) add("avg behind latest", i, avg);
      }
    }
  });
  return out;
}

function chart(title: string, unit: string, series: number[], height: number): string {
  const last = series.length > 0 ? series[series.length - 1]! : 0;
  const head = `${title} (${unit}) — last ${formatNumber(last)}`;
  if (series.length === 0) return `${head}\n  (no batches yet)`;
  const data = series.length === 1 ? [series[0]!, series[0]!] : series;
  return `${head}\n${asciichart.plot(data, { height, format: (x) => formatNumber(x).padStart(9) })}`;
}

function formatNumber(x: number): string {
  if (Math.abs(x) >= 1000) return x.toFixed(0);
  if (Number.isInteger(x)) return String(x);
  return x.toFixed(1);
}

export function renderWatchFrame(all: readonly WatchProgress[], opts: WatchFrameOptions = {}): string {
  const width = opts.width ?? 60;
  const height = opts.height ?? 5;
  const progress = all.slice(-width);
  const parts: string[] = [];
  if (opts.title) parts.push(opts.title);
  parts.push(chart("input rate", "rows/s", progress.map((p) => num(p.inputRowsPerSecond) ?? 0), height));
  parts.push(chart("processing rate", "rows/s", progress.map((p) => num(p.processedRowsPerSecond) ?? 0), height));
  parts.push(
    chart("batch duration", "ms", progress.map((p) => num(p.batchDuration) ?? num(p.durationMs?.triggerExecution) ?? 0), height),
  );
  const lags = lagSeries(progress);
  if (lags.size > 0) {
    const names = [...lags.keys()].sort();
    const series = names.map((n) => lags.get(n)!);
    const last = names.map((n, i) => `${n} ${formatNumber(series[i]![series[i]!.length - 1] ?? 0)}`).join(", ");
    const data = series.map((s) => (s.length === 1 ? [s[0]!, s[0]!] : s));
    parts.push(`lag per shard (ms behind latest) — ${last}\n${asciichart.plot(data, { height, format: (x) => formatNumber(x).padStart(9) })}`);
  } else {
    parts.push("lag per shard: not reported by this source");
  }
  parts.push(lastBatchTable(progress[progress.length - 1]));
  return parts.join("\n\n");
}

function lastBatchTable(p: WatchProgress | undefined): string {
  if (!p) return "last batch: none yet";
  const rows: string[][] = [
    ["batch", String(p.batchId ?? "-")],
    ["timestamp", p.timestamp ?? "-"],
    ["input rows", String(p.numInputRows ?? 0)],
    ["input rows/s", formatNumber(num(p.inputRowsPerSecond) ?? 0)],
    ["processed rows/s", formatNumber(num(p.processedRowsPerSecond) ?? 0)],
  ];
  for (const [k, v] of Object.entries(p.durationMs ?? {})) rows.push([`${k} ms`, String(v)]);
  for (const s of p.sources ?? []) rows.push([`source ${s.description ?? ""}`.trim(), `${s.numInputRows ?? 0} rows`]);
  if (p.sink) rows.push([`sink ${p.sink.description ?? ""}`.trim(), `${p.sink.numOutputRows ?? 0} rows`]);
  const short = rows.map(([k, v]) => [k!.length > 48 ? `${k!.slice(0, 47)}…` : k!, v!]);
  return `last batch\n${textTable(["metric", "value"], short)}`;
}
