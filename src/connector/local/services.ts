import * as fs from "node:fs";
import * as path from "node:path";
import { type AwsConnection, LOCAL_CREDENTIALS, LOCAL_REGION } from "../aws/connection";
import { type ChildService, startChild } from "./child-service";
import { freePort } from "./free-port";
import { makeOwnedTempDir, sweepStaleTempDirs } from "./temp-dirs";

/** The s3rver directory when no --data-dir is given: `<tmp>/tspark-s3-<pid>-XXXXXX`, removed at stop(). */
const S3_TEMP_PREFIX = "tspark-s3-";

export type LocalServiceName = "kinesis" | "dynamodb" | "s3";
export type KinesisBackend = "kinesis-local" | "kinesalite";

export interface LocalServicesOptions {
  kinesisBackend?: KinesisBackend;
  /** Data survives restarts under this directory (one sub-directory per service). */
  dataDir?: string;
  services?: LocalServiceName[];
  log?: (line: string) => void;
  /** Emulator state changes (create stream, reshard, register consumer) take ~0 ms instead of 500 ms. */
  fastTimings?: boolean;
  /** Fixed ports (otherwise free ones are picked). */
  ports?: Partial<Record<LocalServiceName, number>>;
  startTimeoutMs?: number;
  /**
   * Extra environment for the emulator child processes, applied last (e.g. kinesis-local's `LOG_LEVEL=DEBUG`,
   * `SHARD_LIMIT=100`, `INITIALIZE_STREAMS=s1:4`; see docs/local-aws.md).
   */
  env?: Record<string, string>;
}

export interface LocalServices {
  connection: AwsConnection;
  endpoints: { kinesis?: string; dynamodb?: string; s3?: string };
  /** One line per service: name, endpoint, pid. */
  describe(): string[];
  /** Env vars another tool needs to use these services. */
  env(): Record<string, string>;
  stop(): Promise<void>;
}

const here = __dirname;
const watchdog = path.join(here, "child", "watchdog.js");
const serveScript = path.join(here, "child", "serve.js");

function packageDir(name: string): string {
  return path.dirname(require.resolve(`${name}/package.json`));
}

function durations(fast: boolean): Record<string, string> {
  const d = fast ? "0ms" : "500ms";
  const keys = [
    "CREATE_STREAM_DURATION",
    "DELETE_STREAM_DURATION",
    "REGISTER_STREAM_CONSUMER_DURATION",
    "DEREGISTER_STREAM_CONSUMER_DURATION",
    "MERGE_SHARDS_DURATION",
    "SPLIT_SHARD_DURATION",
    "UPDATE_SHARD_COUNT_DURATION",
    "START_STREAM_ENCRYPTION_DURATION",
    "STOP_STREAM_ENCRYPTION_DURATION",
  ];
  return Object.fromEntries(keys.map((k) => [k, d]));
}

async function startKinesisLocal(port: number, opts: LocalServicesOptions): Promise<ChildService> {
  const dir = packageDir("kinesis-local");
  const tlsPort = await freePort();
  const persist = opts.dataDir
    ? { SHOULD_PERSIST_DATA: "true", PERSIST_PATH: path.join(opts.dataDir, "kinesis"), PERSIST_INTERVAL: "1s" }
    : {};
  if (opts.dataDir) fs.mkdirSync(path.join(opts.dataDir, "kinesis"), { recursive: true });
  return startChild({
    name: "kinesis-local",
    port,
    args: ["-r", watchdog, path.join(dir, "main.js")],
    cwd: dir,
    env: {
      KINESIS_MOCK_PLAIN_PORT: String(port),
      KINESIS_MOCK_TLS_PORT: String(tlsPort),
      KINESIS_MOCK_CERT_PATH: path.join(dir, "server.json"),
      LOG_LEVEL: "WARN",
      SHARD_LIMIT: "10000",
      AWS_REGION: LOCAL_REGION,
      ...durations(opts.fastTimings ?? false),
      ...persist,
      ...opts.env,
    },
    startTimeoutMs: opts.startTimeoutMs ?? 30_000,
    stopGraceMs: 1000,
    // kinesis-local persists every PERSIST_INTERVAL (1 s) and the watchdog's process.exit() gives it no chance
    // to write on shutdown: wait one interval so the last puts are on disk.
    flushBeforeStopMs: opts.dataDir ? 1200 : 0,
  });
}

async function startServed(
  name: "kinesalite" | "dynalite" | "s3rver",
  port: number,
  opts: LocalServicesOptions,
  tempDirs: string[],
): Promise<ChildService> {
  let dataDir = opts.dataDir ? path.join(opts.dataDir, name) : undefined;
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  if (name === "s3rver" && !dataDir) {
    // s3rver always needs a directory; a temporary one is removed at stop().
    dataDir = makeOwnedTempDir(S3_TEMP_PREFIX);
    tempDirs.push(dataDir);
  }
  // s3rver's truncated listings need the legacy OpenSSL provider on Node 17+.
  const nodeFlags = name === "s3rver" ? ["--openssl-legacy-provider"] : [];
  return startChild({
    name,
    port,
    args: [...nodeFlags, "-r", watchdog, serveScript, name, String(port), dataDir ?? ""],
    readyLine: `READY ${name}`,
    env: opts.env,
    startTimeoutMs: opts.startTimeoutMs ?? 20_000,
    stopGraceMs: 500,
  });
}

/** Start the embedded emulators on 127.0.0.1 (free ports), in parallel, and wait until each answers. */
export async function startLocalServices(opts: LocalServicesOptions = {}): Promise<LocalServices> {
  const services = await launchLocalServices(opts);
  try {
    await services.ready;
  } catch (e) {
    await services.stop();
    throw e;
  }
  return services;
}

/** One emulator's state while the services start in the background. */
export interface LocalServiceState {
  service: LocalServiceName;
  name: string;
  port: number;
  state: "starting" | "ready" | "failed";
  pid?: number;
  error?: Error;
}

export interface LaunchedLocalServices extends LocalServices {
  /**
   * Resolves when every emulator answers; rejects (after all have settled) with one error naming each that
   * failed. The ones that started keep running until stop().
   */
  ready: Promise<void>;
  states(): LocalServiceState[];
}

function childName(svc: LocalServiceName, backend: KinesisBackend): string {
  if (svc === "kinesis") return backend;
  return svc === "dynamodb" ? "dynalite" : "s3rver";
}

/**
 * Pick the ports, spawn the emulators and return at once: the endpoints (and so the connection) are known
 * before the children answer, so a caller can show a prompt while they boot and await `ready` before the
 * first call.
 */
export async function launchLocalServices(opts: LocalServicesOptions = {}): Promise<LaunchedLocalServices> {
  const wanted = opts.services ?? ["kinesis", "dynamodb", "s3"];
  const backend: KinesisBackend = opts.kinesisBackend ?? "kinesis-local";
  const tempDirs: string[] = [];
  const started: ChildService[] = [];
  const endpoints: LocalServices["endpoints"] = {};
  const ports = await Promise.all(wanted.map(async (svc) => opts.ports?.[svc] ?? (await freePort())));
  const states: LocalServiceState[] = wanted.map((service, i) => ({
    service,
    name: childName(service, backend),
    port: ports[i],
    state: "starting",
  }));
  for (const s of states) endpoints[s.service] = `http://127.0.0.1:${s.port}`;

  const launch = async (st: LocalServiceState): Promise<void> => {
    let child: ChildService;
    try {
      if (st.service === "kinesis") {
        child = backend === "kinesalite" ? await startServed("kinesalite", st.port, opts, tempDirs) : await startKinesisLocal(st.port, opts);
      } else {
        child = await startServed(st.name as "dynalite" | "s3rver", st.port, opts, tempDirs);
      }
    } catch (e) {
      st.state = "failed";
      st.error = e instanceof Error ? e : new Error(String(e));
      throw st.error;
    }
    started.push(child);
    st.state = "ready";
    st.pid = child.pid;
    opts.log?.(`${child.name} listening on ${endpoints[st.service]} (pid ${child.pid})`);
  };

  const launches = states.map(launch);
  const ready = Promise.allSettled(launches).then((results) => {
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed.length === 1) throw failed[0].reason;
    if (failed.length > 1) throw new Error(failed.map((f) => (f.reason as Error).message).join("\n"));
  });
  ready.catch(() => undefined); // callers that never await it must not see an unhandled rejection
  // Directories of earlier runs that were killed (stop() never ran): removed once these services are up.
  ready.then(() => sweepStaleTempDirs(S3_TEMP_PREFIX)).catch(() => undefined);

  const stop = async (): Promise<void> => {
    // A child still starting is stopped once it answers (or has failed), never left behind.
    await Promise.allSettled(launches);
    await Promise.all(started.splice(0).map((c) => c.stop()));
    for (const d of tempDirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  };

  const connection: AwsConnection = {
    region: LOCAL_REGION,
    kinesisEndpoint: endpoints.kinesis,
    dynamodbEndpoint: endpoints.dynamodb,
    s3Endpoint: endpoints.s3,
    credentials: { ...LOCAL_CREDENTIALS },
    local: true,
    kinesisBackend: backend,
  };
  return {
    connection,
    endpoints,
    ready,
    states: () => states.map((s) => ({ ...s })),
    describe: () =>
      states.map((s) => {
        const what = s.state === "ready" ? `(pid ${s.pid ?? "?"})` : s.state === "starting" ? "(starting)" : "(failed to start)";
        return `${s.name.padEnd(13)} http://127.0.0.1:${s.port}  ${what}`;
      }),
    env: () => {
      const e: Record<string, string> = {
        AWS_REGION: LOCAL_REGION,
        AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      };
      if (endpoints.kinesis) {
        e.AWS_ENDPOINT_URL_KINESIS = endpoints.kinesis;
        // `npm run generate` (and tspark's own tools) use this endpoint instead of starting their own services.
        e.TSPARK_KINESIS_ENDPOINT = endpoints.kinesis;
      }
      if (endpoints.dynamodb) e.AWS_ENDPOINT_URL_DYNAMODB = endpoints.dynamodb;
      if (endpoints.s3) e.AWS_ENDPOINT_URL_S3 = endpoints.s3;
      return e;
    },
    stop,
  };
}
