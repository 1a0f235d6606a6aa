import type { AwsConnection } from "../connector/aws/connection";
import type { LocalServicesOptions } from "../connector/local/services";
import { claimDataDir, registerRunningShell } from "../connector/local/running-shells";
import { defaultLocalDataDir, displayPath } from "../connector/local/state-dir";
import type { ShellArgs } from "./args";
import type { ShellServices } from "./repl";

/**
 * Where the shell's AWS calls go: embedded local services (default), real AWS (--aws, --endpoint), or
 * nothing (--no-local). The chosen connection becomes the process default, so `format("aws-kinesis")`
 * needs no endpoint option. Local services start as child processes in the background: the prompt comes
 * while they boot, and input waits for them (see repl.ts, `services.ready`).
 */
export interface ShellEnvironment {
  mode: "local" | "aws" | "none";
  connection?: AwsConnection;
  services?: ShellServices;
  endpoints?: Record<string, string>;
  region?: string;
  kinesisBackend?: string;
  demoStreams?: string[];
  /** Local mode: where the embedded services keep their data, or why they keep none (for the banner). */
  dataNote?: string;
  /** Printed under the banner (or on stderr before a script): e.g. --aws without credentials. */
  warning?: string;
}

/** The blog's two streams, created on the embedded Kinesis so the demo runs without set-up. */
export const DEMO_STREAMS = ["kinesis-source", "kinesis-sink"] as const;
export const DEMO_SHARDS = 2;

export async function prepareEnvironment(args: ShellArgs): Promise<ShellEnvironment> {
  if (args.noLocal) return { mode: "none" };
  // The AWS SDK and the emulator launcher are loaded here, not at import: `--no-local` starts without them.
  const { setDefaultConnection } = await import("../connector/aws/default-connection");
  if (args.aws || args.endpoint) {
    const { resolveAwsConnection } = await import("../connector/aws/resolve");
    const connection = resolveAwsConnection({ endpoint: args.endpoint, region: args.region });
    setDefaultConnection(connection);
    const { missingCredentialsWarning } = await import("./credential-check");
    return {
      mode: "aws",
      warning: missingCredentialsWarning(),
      connection,
      region: connection.region,
      endpoints: connection.kinesisEndpoint ? { kinesis: connection.kinesisEndpoint } : undefined,
    };
  }
  const data = chooseDataDir(args);
  const env = await startLocalEnvironment({ kinesisBackend: args.kinesisBackend, dataDir: data.dataDir });
  // `npm run generate` in another terminal finds these endpoints (running-shells.ts); removed at stop and exit.
  const unregister = registerRunningShell({ region: env.region ?? "us-east-1", endpoints: env.endpoints ?? {}, dataDir: data.dataDir });
  const services = env.services!;
  const stop = services.stop;
  services.stop = async () => {
    unregister();
    try {
      await stop();
    } finally {
      data.release();
    }
  };
  return { ...env, dataNote: data.note };
}

/**
 * The embedded services keep their data between sessions in the per-user directory, so a checkpoint from the last
 * session still finds its records (#15.3). `--fresh` keeps nothing; `--data-dir` picks another directory. A second
 * shell while one already runs on the directory starts fresh (one kinesis-local per persisted file), and says so.
 */
function chooseDataDir(args: ShellArgs): { dataDir?: string; note: string; release: () => void } {
  const none = () => undefined;
  if (args.fresh) return { note: "fresh (--fresh: nothing is kept after this session)", release: none };
  const dataDir = args.dataDir ?? defaultLocalDataDir();
  try {
    const claim = claimDataDir(dataDir);
    if (!claim.ok) {
      return {
        note: `fresh: another tspark (pid ${claim.ownerPid}) uses ${displayPath(dataDir)}; nothing is kept after this session`,
        release: none,
      };
    }
    return { dataDir, note: `${displayPath(dataDir)} (kept between sessions; --fresh for a clean start)`, release: claim.release };
  } catch (e) {
    return { note: `fresh: ${displayPath(dataDir)} is not writable (${(e as Error).message})`, release: none };
  }
}

/**
 * The embedded services, returned as soon as their ports are chosen: the children boot (and the demo streams
 * are created) in the background while the shell shows its prompt. `services.ready` settles when they are
 * usable; the shell makes input wait for it and prints the outcome under the prompt.
 */
export async function startLocalEnvironment(
  args: Partial<Pick<ShellArgs, "kinesisBackend" | "dataDir">>,
  launchOptions: LocalServicesOptions = {},
): Promise<ShellEnvironment> {
  const { setDefaultConnection } = await import("../connector/aws/default-connection");
  const { launchLocalServices } = await import("../connector/local/services");
  // (kinesis-local's INITIALIZE_STREAMS would save the CreateStream round, but makes it answer ~1 s later.)
  const local = await launchLocalServices({ kinesisBackend: args.kinesisBackend, dataDir: args.dataDir, ...launchOptions });
  setDefaultConnection(local.connection);
  // The SDK the demo streams need loads once the prompt is up (a timer runs after main.ts has shown it),
  // while the emulators still boot, instead of after Kinesis answers.
  const sdk = new Promise<void>((r) => setTimeout(r, 0)).then(() =>
    Promise.all([import("@aws-sdk/client-kinesis"), import("../connector/aws/clients")]),
  );
  sdk.catch(() => undefined);
  const ready = (async (): Promise<string> => {
    const [outcome] = await Promise.allSettled([local.ready]);
    timing("services answer");
    await sdk;
    timing("SDK loaded");
    const kinesis = local.states().find((s) => s.service === "kinesis");
    let demo = "";
    if (kinesis?.state === "ready") {
      await createDemoStreams(local.connection);
      timing("demo streams ACTIVE");
      demo = `; streams ${DEMO_STREAMS.join(", ")}`;
    }
    if (outcome.status === "rejected") throw outcome.reason;
    const names = local.states().map((s) => s.name).join(", ");
    return `${names}${demo} (${(performance.now() / 1000).toFixed(1)} s after start)`;
  })();
  ready.catch(() => undefined); // the shell reports it; nobody else has to await it
  const services: ShellServices = {
    describe: () =>
      [
        ...local.describe(),
        "",
        "Environment for other tools (AWS CLI, SDKs) to use these services:",
        ...Object.entries(local.env()).map(([k, v]) => `  export ${k}=${v}`),
      ].join("\n"),
    ready,
    stop: async () => {
      setDefaultConnection(undefined);
      await local.stop();
    },
  };
  const endpoints: Record<string, string> = {};
  for (const k of ["kinesis", "dynamodb", "s3"] as const) {
    const v = local.endpoints[k];
    if (v) endpoints[k] = v;
  }
  return {
    mode: "local",
    connection: local.connection,
    services,
    endpoints,
    region: local.connection.region,
    kinesisBackend: args.kinesisBackend,
    demoStreams: DEMO_STREAMS.map((s) => `${s} (${DEMO_SHARDS} shards)`),
  };
}

/** `TSPARK_TIMING=1`: when each start-up step ended, on stderr. */
function timing(step: string): void {
  if (process.env.TSPARK_TIMING) process.stderr.write(`[tspark] ${step} after ${Math.round(performance.now())} ms since process start\n`);
}

/** Create the demo streams (kept when they exist, e.g. with --data-dir) and wait until they are ACTIVE. */
async function createDemoStreams(connection: AwsConnection): Promise<void> {
  const { CreateStreamCommand, DescribeStreamSummaryCommand } = await import("@aws-sdk/client-kinesis");
  const { createKinesisClient } = await import("../connector/aws/clients");
  const client = createKinesisClient(connection);
  try {
    await Promise.all(
      DEMO_STREAMS.map(async (name) => {
        try {
          await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: DEMO_SHARDS }));
        } catch (e) {
          if ((e as { name?: string }).name !== "ResourceInUseException") throw e;
        }
        for (let i = 0; i < 200; i++) {
          const d = await client.send(new DescribeStreamSummaryCommand({ StreamName: name }));
          if (d.StreamDescriptionSummary?.StreamStatus === "ACTIVE") return;
          await new Promise((r) => setTimeout(r, 50));
        }
        throw new Error(`Stream ${name} did not become ACTIVE on the embedded Kinesis within 10 s`);
      }),
    );
  } finally {
    client.destroy();
  }
}
