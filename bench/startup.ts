/**
 * Figure 4: shell start-up to prompt, without (--no-local) and with embedded services, against `node -e 0` and a
 * plain `node` REPL reaching its prompt. Goals: <= 1.0 s and <= 2.5 s.
 */
import { spawn } from "node:child_process";
import * as path from "node:path";
import { machine, median, round, writeResult } from "./harness";

const ROOT = path.join(__dirname, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

/** ms from spawn until `marker` appears on stdout (or the process exits, when marker is undefined). */
function timeUntil(args: string[], marker: string | undefined, env: NodeJS.ProcessEnv = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, NO_COLOR: "1", ...env }, stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let done = false;
    const finish = (ms: number) => {
      if (done) return;
      done = true;
      child.stdin.end();
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 5000).unref();
      resolve(ms);
    };
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      if (marker && out.includes(marker)) finish(performance.now() - t0);
    });
    child.stderr.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.once("exit", (code) => {
      if (!marker) finish(performance.now() - t0);
      else if (!done) reject(new Error(`exited (${code}) before '${marker}': ${out.slice(-500)}`));
    });
    setTimeout(() => {
      if (!done) reject(new Error(`no '${marker}' within 60 s: ${out.slice(-500)}`));
      child.kill("SIGKILL");
    }, 60_000).unref();
  });
}

async function measure(args: string[], marker: string | undefined): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(await timeUntil(args, marker));
  return median(times);
}

async function main(): Promise<void> {
  const nodeE0 = await measure(["-e", "0"], undefined);
  const nodeRepl = await measure(["-i"], "> ");
  const bare = await measure(["bin/tspark.js", "--no-local"], "tspark> ");
  const local = await measure(["bin/tspark.js"], "tspark> ");
  writeResult({
    bench: "startup",
    command: "npm run bench -- startup",
    startedAt: new Date().toISOString(),
    machine: machine(),
    figures: [
      { name: "tspark --no-local to prompt", value: round(bare, 0), unit: "ms", baseline: round(nodeRepl, 0), ratio: round(nodeRepl / bare), goal: "<= 1000 ms", met: bare <= 1000, note: `node -e 0: ${round(nodeE0, 0)} ms` },
      { name: "tspark with embedded services to prompt", value: round(local, 0), unit: "ms", baseline: round(nodeRepl, 0), ratio: round(nodeRepl / local), goal: "<= 2500 ms", met: local <= 2500 },
      { name: "node -e 0", value: round(nodeE0, 0), unit: "ms" },
      { name: "plain node REPL to prompt", value: round(nodeRepl, 0), unit: "ms" },
    ],
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
