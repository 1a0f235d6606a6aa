// `npm run generate -- --stream kinesis-source --rate 10 --template blog`: the Kinesis Data Generator in a terminal.
import * as fs from "node:fs";
import { CreateStreamCommand, DescribeStreamSummaryCommand } from "@aws-sdk/client-kinesis";
import { createKinesisClient } from "../src/connector/aws/clients";
import type { AwsConnection } from "../src/connector/aws/connection";
import { resolveAwsConnection } from "../src/connector/aws/resolve";
import { type GeneratorStatus, startGenerator } from "../src/connector/generator";
import { BUILT_IN_TEMPLATES } from "../src/connector/generator/template";
import { type LocalServices, startLocalServices } from "../src/connector/local/services";

const USAGE = `usage: npm run generate -- --stream NAME [--stream NAME2] [--rate 10] [--template blog|FILE]
                         [--count N] [--duration 30s] [--seed 42] [--partition-key-field id] [--shards 2]
                         [--endpoint URL [--region R] | --aws [--region R] [--profile P]]
Without --endpoint/--aws (and no TSPARK_KINESIS_ENDPOINT), embedded local Kinesis is started for the run.
A missing stream is created only on a local endpoint (127.0.0.1/localhost), with --shards shards.`;

function parse(argv: string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith("--")) throw new Error(`unexpected argument '${a}'\n${USAGE}`);
    const key = a.slice(2);
    const flag = key === "aws" || key === "help";
    const v = flag ? "true" : argv[++i];
    if (v === undefined) throw new Error(`--${key} needs a value\n${USAGE}`);
    out.set(key, [...(out.get(key) ?? []), v]);
  }
  return out;
}

function duration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(text.trim());
  if (!m) throw new Error(`--duration must look like 30s, 5m or 1500ms, not '${text}'`);
  const n = Number(m[1]);
  return n * ({ ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] ?? "s"] ?? 1000);
}

function line(s: GeneratorStatus): string {
  const pct = s.targetRate > 0 ? Math.min(1, s.achievedRate / s.targetRate) : 0;
  const bar = "#".repeat(Math.round(pct * 20)).padEnd(20, ".");
  const slow = s.throttled ? "  (endpoint slower than the target: self-throttling)" : "";
  return `[${bar}] sent ${s.sent}  rate ${s.recentRate.toFixed(1)}/${s.targetRate} rec/s (avg ${s.achievedRate.toFixed(1)})  retried ${s.retried}  failed ${s.failed}  ${(s.elapsedMs / 1000).toFixed(1)} s${slow}`;
}

async function ensureStream(conn: AwsConnection, name: string, shards: number): Promise<void> {
  const k = createKinesisClient(conn);
  try {
    await k.send(new DescribeStreamSummaryCommand({ StreamName: name }));
  } catch (err) {
    if ((err as { name?: string }).name !== "ResourceNotFoundException" || !conn.local) throw err;
    await k.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
    for (let i = 0; i < 100; i++) {
      const d = await k.send(new DescribeStreamSummaryCommand({ StreamName: name }));
      if (d.StreamDescriptionSummary?.StreamStatus === "ACTIVE") break;
      await new Promise((r) => setTimeout(r, 100));
    }
    process.stderr.write(`created local stream ${name} with ${shards} shard(s)\n`);
  } finally {
    k.destroy();
  }
}

async function main(): Promise<void> {
  const args = parse(process.argv.slice(2));
  const one = (k: string) => args.get(k)?.at(-1);
  if (one("help")) {
    process.stdout.write(`${USAGE}\nBuilt-in templates: ${Object.keys(BUILT_IN_TEMPLATES).join(", ")}\n`);
    return;
  }
  const streams = args.get("stream") ?? [];
  if (!streams.length) throw new Error(`give at least one --stream\n${USAGE}`);
  const templateArg = one("template") ?? "blog";
  const template = BUILT_IN_TEMPLATES[templateArg] ?? fs.readFileSync(templateArg, "utf8");

  let services: LocalServices | undefined;
  let conn: AwsConnection;
  // An endpoint (flag, or the one `npm run local` / the test set-up exported) means: use it, start nothing.
  const endpoint = one("endpoint") ?? (one("aws") ? undefined : process.env.TSPARK_KINESIS_ENDPOINT);
  if (one("aws") || endpoint) conn = resolveAwsConnection({ endpoint, region: one("region"), profile: one("profile") });
  else {
    services = await startLocalServices({ services: ["kinesis"] });
    conn = services.connection;
    process.stderr.write(`embedded Kinesis at ${conn.kinesisEndpoint}\n`);
  }
  try {
    for (const s of streams) await ensureStream(conn, s, Number(one("shards") ?? 2));
    const tty = process.stderr.isTTY;
    const gen = startGenerator(conn, {
      streams,
      template,
      rate: Number(one("rate") ?? 10),
      count: one("count") !== undefined ? Number(one("count")) : undefined,
      durationMs: one("duration") !== undefined ? duration(one("duration")!) : undefined,
      seed: one("seed") !== undefined ? Number(one("seed")) : undefined,
      partitionKeyField: one("partition-key-field"),
      onProgress: (s) => process.stderr.write(tty ? `\r${line(s)}` : `${line(s)}\n`),
    });
    process.once("SIGINT", () => void gen.stop());
    process.once("SIGTERM", () => void gen.stop());
    const summary = await gen.done;
    process.stderr.write(`\n${summary.lastError ? `last error: ${summary.lastError}\n` : ""}`);
    process.stdout.write(
      `Sent ${summary.sent} record(s) to ${streams.join(", ")} in ${(summary.elapsedMs / 1000).toFixed(1)} s (${summary.achievedRate.toFixed(1)} rec/s; ${summary.retried} retried, ${summary.failed} failed)\n`,
    );
    if (summary.failed > 0) process.exitCode = 1;
  } finally {
    await services?.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`generate: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
