import { type ChildProcess, spawn } from "node:child_process";
import { portAnswers } from "./free-port";
import { LogTail } from "./log-tail";

/** One emulator running as a child process that we can stop by PID and that dies with us. */
export interface ChildService {
  readonly name: string;
  readonly port: number;
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

export interface ChildSpec {
  name: string;
  port: number;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Ready when this line prefix is printed; otherwise when the port answers. */
  readyLine?: string;
  startTimeoutMs: number;
  /** Grace between closing stdin (watchdog exit) and SIGKILL. */
  stopGraceMs?: number;
  /** Wait this long before stopping (lets a periodic persister write the last changes). */
  flushBeforeStopMs?: number;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Last resort: whatever happens to this process, kill the children synchronously on 'exit'. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const child of live) child.kill("SIGKILL");
  });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function startError(spec: ChildSpec, why: string, log: LogTail): Error {
  const tail = log.last(10);
  const lines = tail.length ? `\nLast log lines:\n  ${tail.join("\n  ")}` : "\n(no log output)";
  return new Error(`${spec.name} on 127.0.0.1:${spec.port} ${why}.${lines}`);
}

export async function startChild(spec: ChildSpec): Promise<ChildService> {
  installExitHook();
  const log = new LogTail();
  const child = spawn(process.execPath, spec.args, {
    cwd: spec.cwd,
    env: { ...process.env, ...spec.env, TSPARK_CHILD_WATCHDOG: "1" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  live.add(child);
  let readySeen = false;
  let exited: string | undefined;
  child.stdout?.on("data", (d: Buffer) => {
    log.push(d);
    if (spec.readyLine && d.toString().includes(spec.readyLine)) readySeen = true;
  });
  child.stderr?.on("data", (d: Buffer) => log.push(d));
  child.once("exit", (code, signal) => {
    exited = signal ? `signal ${signal}` : `code ${code}`;
    live.delete(child);
  });
  // The children must never keep the parent's event loop alive on their own.
  child.unref();
  (child.stdout as unknown as { unref?: () => void })?.unref?.();
  (child.stderr as unknown as { unref?: () => void })?.unref?.();
  (child.stdin as unknown as { unref?: () => void })?.unref?.();

  const stop = async (): Promise<void> => {
    if (exited) return;
    if (spec.flushBeforeStopMs) await sleep(spec.flushBeforeStopMs);
    if (exited) return;
    const gone = new Promise<void>((r) => child.once("exit", () => r()));
    child.stdin?.end();
    const graceful = await Promise.race([gone.then(() => true), sleep(spec.stopGraceMs ?? 1500).then(() => false)]);
    if (!graceful && !exited) {
      child.kill("SIGKILL");
      await Promise.race([gone, sleep(2000)]);
    }
  };

  const deadline = Date.now() + spec.startTimeoutMs;
  while (true) {
    if (exited) {
      const inUse = log.last(30).some((l) => l.includes("EADDRINUSE"));
      throw startError(spec, inUse ? `could not start: port ${spec.port} is already in use` : `exited during start-up (${exited})`, log);
    }
    const ready = spec.readyLine ? readySeen : await portAnswers(spec.port);
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw startError(spec, `did not answer within ${Math.round(spec.startTimeoutMs / 1000)} s`, log);
    }
    await sleep(50);
  }
  return { name: spec.name, port: spec.port, pid: child.pid, stop };
}
