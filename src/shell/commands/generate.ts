import { existsSync, readFileSync } from "node:fs";
import type { AwsConnection } from "../../connector/aws/connection";
import type { GeneratorHandle, GeneratorStatus } from "../../connector/generator";
import { type ShellCommand, type ShellCommandDeps, parseFlags } from "./types";

/**
 * `.generate start|stop|status` runs the Kinesis Data Generator-style generator in the background, beside
 * live queries; `.peek` shows a stream's records as the AWS console's data viewer does. Both use the
 * shell's connection (embedded Kinesis, or AWS). The generator modules (and the SDK) load on first use.
 */
let running: GeneratorHandle | undefined;

async function connection(): Promise<AwsConnection> {
  const { getDefaultConnection } = await import("../../connector/aws/default-connection");
  const c = getDefaultConnection();
  if (!c) {
    throw new Error("No Kinesis to talk to: this shell runs with --no-local. Start tspark without it (embedded Kinesis) or with --aws / --endpoint.");
  }
  return c;
}

export function statusLine(s: GeneratorStatus): string {
  const secs = Math.round(s.elapsedMs / 1000);
  const parts = [
    `generator ${s.running ? "running" : "stopped"}: ${s.sent} records sent to ${s.streams.join(", ")}`,
    `${s.targetRate}/s target, ${s.achievedRate.toFixed(1)}/s achieved (${s.recentRate.toFixed(1)}/s recently)`,
    `${s.failed} failed, ${s.retried} retried`,
    `${Math.floor(secs / 60)}m${String(secs % 60).padStart(2, "0")}s`,
  ];
  if (s.throttled) parts.push("throttled: the endpoint is slower than the target rate");
  if (s.lastError) parts.push(`last error: ${s.lastError}`);
  return parts.join(", ");
}

function number(flag: string | undefined, name: string): number | undefined {
  if (flag === undefined) return undefined;
  const n = Number(flag);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, not '${flag}'`);
  return n;
}

/** "30s", "2m", "500ms", or plain seconds. */
function duration(flag: string | undefined): number | undefined {
  if (flag === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(flag.trim());
  if (!m) throw new Error(`--duration must look like 30s, 2m or 500ms, not '${flag}'`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? "s") as "ms" | "s" | "m" | "h"];
  return Number(m[1]) * unit;
}

async function start(args: string, deps: ShellCommandDeps): Promise<void> {
  if (running?.status().running) {
    deps.print(`A generator is already running (${statusLine(running.status())}). .generate stop first.`);
    return;
  }
  const { flags } = parseFlags(args);
  const streams = (flags.stream ?? "kinesis-source").split(",").map((s) => s.trim()).filter(Boolean);
  const templateArg = flags.template ?? "blog";
  const template = existsSync(templateArg) ? readFileSync(templateArg, "utf8") : templateArg;
  const { startGenerator, compileTemplate, resolveTemplate } = await import("../../connector/generator");
  compileTemplate(resolveTemplate(template)); // a bad template fails here, with its position, before anything is sent
  const handle = startGenerator(await connection(), {
    streams,
    template,
    rate: number(flags.rate, "rate") ?? 10,
    count: number(flags.count, "count"),
    durationMs: duration(flags.duration),
    seed: number(flags.seed, "seed"),
    partitionKeyField: flags["partition-key"],
    onError: (e) => deps.print(`generator: ${e instanceof Error ? e.message : String(e)}`),
  });
  running = handle;
  deps.stopBackground = async () => {
    if (running?.status().running) await running.stop();
  };
  void handle.done.then(
    (summary) => {
      // Finished by --count/--duration (a .generate stop prints its own summary).
      if (running === handle && !stopping) deps.print(`Done. ${statusLine(summary)}`);
    },
    (e: unknown) => deps.print(`generator failed: ${e instanceof Error ? e.message : String(e)}`),
  );
  const what = templateArg === template ? `the '${templateArg}' template` : `the template in ${templateArg}`;
  const limit = `${flags.count ? `, ${flags.count} records` : ""}${flags.duration ? `, for ${flags.duration}` : ""}`;
  deps.print(`Generating ${what} into ${streams.join(", ")} at ${number(flags.rate, "rate") ?? 10}/s${limit}. (.generate status / stop)`);
}

let stopping = false;

export const generateCommand: ShellCommand = {
  name: "generate",
  usage: ".generate start|stop|status [--stream s --rate n --template blog|file --count n --duration 30s --seed n]",
  help: "Run the Kinesis Data Generator-style generator in the background",
  async run(args, deps) {
    const [sub = "status", ...rest] = args.trim().split(/\s+/);
    if (sub === "start") return start(rest.join(" "), deps);
    if (sub === "stop") {
      if (!running) return deps.print("No generator has run in this shell.");
      stopping = true;
      try {
        deps.print(`Stopped. ${statusLine(await running.stop())}`);
      } finally {
        stopping = false;
      }
      return;
    }
    if (sub === "status") return deps.print(running ? statusLine(running.status()) : "No generator has run in this shell. .generate start");
    deps.print(`Unknown sub-command '${sub}'. Usage: ${generateCommand.usage}`);
  },
};

export const peekCommand: ShellCommand = {
  name: "peek",
  usage: ".peek <stream> [--shard id] [--from LATEST|TRIM_HORIZON|\"AT_TIMESTAMP <iso>\"] [--n 20]",
  help: "Show a stream's records, decoded, as the AWS console's data viewer does",
  async run(args, deps) {
    const { flags, rest } = parseFlags(args);
    const stream = rest[0];
    if (!stream) return deps.print(`Usage: ${peekCommand.usage}`);
    const { peekRecords, formatPeek } = await import("../../connector/generator");
    const records = await peekRecords(await connection(), stream, {
      shardId: flags.shard,
      from: flags.from,
      n: number(flags.n, "n") ?? 20,
    });
    deps.print(formatPeek(records));
  },
};
