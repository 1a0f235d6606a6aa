import * as fs from "node:fs";
import type { GeneratorOptions, GeneratorStatus } from "./generator";
import type { PeekOptions } from "./peek";
import { BUILT_IN_TEMPLATES } from "./template";

/**
 * Argument parsing shared by `npm run generate` and the shell's `.generate start ...` / `.peek ...`, so both accept
 * the same flags with the same errors. Each takes argv words or one command-line string (quotes respected).
 */

export const GENERATE_USAGE = `--stream NAME [--stream NAME2] [--rate 10] [--template blog|FILE] [--count N] [--duration 30s]
  [--seed 42] [--partition-key-field id] [--shards 2] [--endpoint URL [--region R] | --aws [--region R] [--profile P]]`;
export const PEEK_USAGE = "STREAM [--shard ID] [--from LATEST|TRIM_HORIZON|AT_TIMESTAMP <iso>] [--n 20]";

/** Split a command line into words: whitespace separates, '...' and "..." group, backslash escapes in "...". */
export function splitArgs(text: string): string[] {
  const out: string[] = [];
  let cur = "";
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === "'" || ch === '"') {
      const end = text.indexOf(ch, i + 1);
      if (end < 0) throw new Error(`unterminated ${ch} in: ${text}`);
      cur += ch === '"' ? text.slice(i + 1, end).replace(/\\(.)/g, "$1") : text.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (/\s/.test(ch)) {
      if (inWord) out.push(cur);
      cur = "";
      inWord = false;
    } else {
      cur += ch;
      inWord = true;
    }
  }
  if (inWord) out.push(cur);
  return out;
}

type Flags = Map<string, string[]>;

function parseFlags(words: string[], booleans: readonly string[], usage: string, positional?: string[]): Flags {
  const out: Flags = new Map();
  for (let i = 0; i < words.length; i++) {
    const a = words[i]!;
    if (!a.startsWith("--")) {
      if (positional) {
        positional.push(a);
        continue;
      }
      throw new Error(`unexpected argument '${a}'; usage: ${usage}`);
    }
    const key = a.slice(2);
    const v = booleans.includes(key) ? "true" : words[++i];
    if (v === undefined) throw new Error(`--${key} needs a value; usage: ${usage}`);
    out.set(key, [...(out.get(key) ?? []), v]);
  }
  return out;
}

function checkKnown(flags: Flags, known: readonly string[], usage: string): void {
  for (const k of flags.keys()) if (!known.includes(k)) throw new Error(`unknown option --${k}; usage: ${usage}`);
}

function numberFlag(flags: Flags, key: string, check: (n: number) => boolean, what: string): number | undefined {
  const text = flags.get(key)?.at(-1);
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || !check(n)) throw new Error(`--${key} must be ${what}, not '${text}'`);
  return n;
}

/** `30s`, `5m`, `1500ms`, `1h`, or a bare number of seconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(text.trim());
  if (!m) throw new Error(`--duration must look like 30s, 5m or 1500ms, not '${text}'`);
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? "s") as "ms" | "s" | "m" | "h"];
}

export interface GenerateCommand {
  help: boolean;
  /** Everything startGenerator needs except callbacks and the client. */
  options: GeneratorOptions;
  /** Template given: a built-in name, or the file it was read from. */
  templateSource: string;
  endpoint?: string;
  region?: string;
  profile?: string;
  aws: boolean;
  /** Shards of a stream created because it was missing (local endpoints only). */
  shards: number;
}

const GENERATE_FLAGS = ["stream", "rate", "template", "count", "duration", "seed", "partition-key-field", "shards", "endpoint", "region", "profile", "aws", "help"];

export function parseGenerateArgs(argv: string[] | string, readFile: (p: string) => string = (p) => fs.readFileSync(p, "utf8")): GenerateCommand {
  const words = typeof argv === "string" ? splitArgs(argv) : argv;
  const f = parseFlags(words, ["aws", "help"], GENERATE_USAGE);
  checkKnown(f, GENERATE_FLAGS, GENERATE_USAGE);
  const one = (k: string) => f.get(k)?.at(-1);
  const help = one("help") === "true";
  const streams = f.get("stream") ?? [];
  if (!streams.length && !help) throw new Error(`give at least one --stream; usage: ${GENERATE_USAGE}`);
  const templateSource = one("template") ?? "blog";
  let template = BUILT_IN_TEMPLATES[templateSource];
  if (template === undefined) {
    try {
      template = readFile(templateSource);
    } catch (err) {
      throw new Error(
        `--template '${templateSource}' is neither a built-in template (${Object.keys(BUILT_IN_TEMPLATES).join(", ")}) nor a readable file: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }
  const duration = one("duration");
  return {
    help,
    options: {
      streams,
      template,
      rate: numberFlag(f, "rate", (n) => n > 0, "a positive number of records per second") ?? 10,
      count: numberFlag(f, "count", (n) => Number.isInteger(n) && n >= 0, "a whole number of records"),
      durationMs: duration !== undefined ? parseDuration(duration) : undefined,
      seed: numberFlag(f, "seed", (n) => Number.isInteger(n), "a whole number"),
      partitionKeyField: one("partition-key-field"),
    },
    templateSource,
    endpoint: one("endpoint"),
    region: one("region"),
    profile: one("profile"),
    aws: one("aws") === "true",
    shards: numberFlag(f, "shards", (n) => Number.isInteger(n) && n > 0, "a positive whole number") ?? 2,
  };
}

export function parsePeekArgs(argv: string[] | string): { stream: string; options: PeekOptions } {
  const words = typeof argv === "string" ? splitArgs(argv) : [...argv];
  // `--from AT_TIMESTAMP 2026-11-23T10:00:00Z` is two words after --from: join them before flag parsing.
  const at = words.findIndex((w, i) => words[i - 1] === "--from" && w.toUpperCase() === "AT_TIMESTAMP");
  if (at >= 0 && words[at + 1] !== undefined && !words[at + 1]!.startsWith("--")) words.splice(at, 2, `AT_TIMESTAMP ${words[at + 1]}`);
  const positional: string[] = [];
  const f = parseFlags(words, [], PEEK_USAGE, positional);
  checkKnown(f, ["shard", "from", "n"], PEEK_USAGE);
  if (positional.length !== 1) throw new Error(`give one stream name; usage: .peek ${PEEK_USAGE}`);
  const n = numberFlag(f, "n", (x) => Number.isInteger(x) && x > 0 && x <= 10_000, "a whole number from 1 to 10000");
  return {
    stream: positional[0]!,
    options: { shardId: f.get("shard")?.at(-1), from: f.get("from")?.at(-1), ...(n !== undefined ? { n } : {}) },
  };
}

/** The progress line: a bar of achieved/target rate, records sent, rates, retries and failures. */
export function formatGeneratorStatus(s: GeneratorStatus): string {
  const pct = s.targetRate > 0 ? Math.min(1, s.recentRate / s.targetRate) : 0;
  const bar = "#".repeat(Math.round(pct * 20)).padEnd(20, ".");
  const state = s.running ? "" : "  (stopped)";
  const slow = s.throttled ? "  (endpoint slower than the target: self-throttling)" : "";
  return `[${bar}] sent ${s.sent}  rate ${s.recentRate.toFixed(1)}/${s.targetRate} rec/s (avg ${s.achievedRate.toFixed(1)})  retried ${s.retried}  failed ${s.failed}  ${(s.elapsedMs / 1000).toFixed(1)} s${slow}${state}`;
}

/** One-line summary after a run. */
export function formatGeneratorSummary(s: GeneratorStatus): string {
  const err = s.lastError ? `; last error: ${s.lastError}` : "";
  return `Sent ${s.sent} record(s) to ${s.streams.join(", ")} in ${(s.elapsedMs / 1000).toFixed(1)} s (${s.achievedRate.toFixed(1)} rec/s per stream; ${s.retried} retried, ${s.failed} failed${err})`;
}
