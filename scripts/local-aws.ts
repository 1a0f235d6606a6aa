// `npm run local`: start the embedded AWS services in the foreground, print endpoints and env vars, Ctrl-C stops.
import { startLocalServices } from "../src/connector/local/services";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  if (process.argv.includes("--help")) {
    process.stdout.write(
      "usage: npm run local -- [--kinesis-backend kinesis-local|kinesalite] [--data-dir DIR] [--fast]\n" +
        "Starts kinesis-local (or kinesalite), dynalite and s3rver on 127.0.0.1 until Ctrl-C.\n",
    );
    return;
  }
  const backend = arg("--kinesis-backend") === "kinesalite" ? "kinesalite" : "kinesis-local";
  const started = Date.now();
  const services = await startLocalServices({
    kinesisBackend: backend,
    dataDir: arg("--data-dir"),
    fastTimings: process.argv.includes("--fast"),
  });
  process.stdout.write(`Embedded AWS services up in ${Date.now() - started} ms:\n`);
  for (const line of services.describe()) process.stdout.write(`  ${line}\n`);
  process.stdout.write("\nEnvironment for other tools (AWS CLI v2, SDKs):\n");
  for (const [k, v] of Object.entries(services.env())) process.stdout.write(`  export ${k}=${v}\n`);
  process.stdout.write("\nPress Ctrl-C to stop.\n");
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await services.stop();
    process.stdout.write("Stopped.\n");
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  setInterval(() => undefined, 1 << 30);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
