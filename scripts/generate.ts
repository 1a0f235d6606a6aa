// `npm run generate -- --stream kinesis-source --rate 10 --template blog`: the Kinesis Data Generator in a terminal.
import type { AwsConnection } from "../src/connector/aws/connection";
import { resolveAwsConnection } from "../src/connector/aws/resolve";
import {
  BUILT_IN_TEMPLATES,
  GENERATE_USAGE,
  ensureStream,
  formatGeneratorStatus,
  formatGeneratorSummary,
  parseGenerateArgs,
  startGenerator,
} from "../src/connector/generator";
import { findRunningShell } from "../src/connector/local/running-shells";
import { type LocalServices, startLocalServices } from "../src/connector/local/services";

const USAGE = `usage: npm run generate -- ${GENERATE_USAGE}
Where the records go: --endpoint or --aws if given; else TSPARK_KINESIS_ENDPOINT (set by \`npm run local\`); else
the Kinesis of the tspark shell running on this machine (\`npm start\` in another terminal); else a throwaway
embedded Kinesis, started for this run and stopped at its end (nobody else sees those records).
A missing stream is created only on a local endpoint (127.0.0.1/localhost), with --shards shards.
Built-in templates: ${Object.keys(BUILT_IN_TEMPLATES).join(", ")}; otherwise --template names a file.`;

async function main(): Promise<void> {
  const cmd = parseGenerateArgs(process.argv.slice(2));
  if (cmd.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  let services: LocalServices | undefined;
  let conn: AwsConnection;
  // An endpoint (flag, or the one `npm run local` / the test set-up exported) means: use it, start nothing.
  const endpoint = cmd.endpoint ?? (cmd.aws ? undefined : process.env.TSPARK_KINESIS_ENDPOINT);
  const shell = cmd.aws || endpoint ? undefined : findRunningShell();
  if (cmd.aws || endpoint) conn = resolveAwsConnection({ endpoint, region: cmd.region, profile: cmd.profile });
  else if (shell?.endpoints.kinesis) {
    conn = resolveAwsConnection({ endpoint: shell.endpoints.kinesis, region: shell.region });
    process.stderr.write(`sending to the Kinesis of the tspark shell running as pid ${shell.pid} (${shell.endpoints.kinesis})\n`);
  } else {
    services = await startLocalServices({ services: ["kinesis"] });
    conn = services.connection;
    process.stderr.write(
      `no tspark shell is running: sending to a throwaway embedded Kinesis at ${conn.kinesisEndpoint}, stopped when this run ends ` +
        "(start `npm start` first to feed its streams, or pass --endpoint)\n",
    );
  }
  try {
    for (const s of cmd.options.streams) {
      if (await ensureStream(conn, s, cmd.shards)) process.stderr.write(`created local stream ${s} with ${cmd.shards} shard(s)\n`);
    }
    const tty = process.stderr.isTTY;
    const gen = startGenerator(conn, {
      ...cmd.options,
      onProgress: (s) => process.stderr.write(tty ? `\r${formatGeneratorStatus(s)}\x1b[K` : `${formatGeneratorStatus(s)}\n`),
    });
    process.once("SIGINT", () => void gen.stop());
    process.once("SIGTERM", () => void gen.stop());
    const summary = await gen.done;
    if (tty) process.stderr.write("\n");
    process.stdout.write(`${formatGeneratorSummary(summary)}\n`);
    if (summary.failed > 0 || summary.lastError) process.exitCode = 1;
  } finally {
    await services?.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`generate: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
