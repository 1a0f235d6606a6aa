/**
 * The guided tour's state machine: set-up (streams, generator), the current step, running a step in the shell
 * (through the REPL's own eval, so translation, top-level await, error printing and the transcript all apply and
 * the names it defines stay for the user), jumping, leaving and resuming.
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import type { REPLServer } from "node:repl";
import kleur from "kleur";
import { getDefaultConnection } from "../../connector/aws/default-connection";
import type { ShellCommand, ShellCommandDeps } from "../commands/types";
import { type BlogProducer, startBlogProducer } from "./blog-producer";
import { DEMO_STEPS, type DemoStep } from "./steps";
import { ensureStreams } from "./streams";
import { makeOwnedTempDir, sweepStaleTempDirs } from "../../connector/local/temp-dirs";

const DEMO_TEMP_PREFIX = "tspark-demo-";

export const SOURCE_STREAM = "kinesis-source";
export const SINK_STREAM = "kinesis-sink";

interface DemoState {
  /** Index of the step shown and run next. */
  current: number;
  active: boolean;
  running: boolean;
  producer?: BlogProducer;
  readonly checkpoint: string;
  enterHooked: boolean;
}

const states = new WeakMap<object, DemoState>();

function stateOf(deps: ShellCommandDeps): DemoState {
  let s = states.get(deps);
  if (!s) {
    // The tour's checkpoint lives in `<tmp>/tspark-demo-<pid>-*`: removed when the shell closes, and a killed
    // shell's directory is removed by the next .demo.
    const dir = makeOwnedTempDir(DEMO_TEMP_PREFIX);
    void sweepStaleTempDirs(DEMO_TEMP_PREFIX);
    s = { current: 0, active: false, running: false, checkpoint: join(dir, "kinesisCheckpoint"), enterHooked: false };
    states.set(deps, s);
    const previous = deps.stopBackground;
    deps.stopBackground = async () => {
      await previous?.();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  return s;
}

export interface TourContext {
  readonly deps: ShellCommandDeps;
  readonly repl: REPLServer | undefined;
  /** The shell's dot-commands, for steps that are commands (.checkpoint, .export). */
  readonly commands: () => readonly ShellCommand[];
}

function fill(text: string, s: DemoState): string {
  return text.replaceAll("{checkpoint}", s.checkpoint);
}

function showStep(ctx: TourContext, s: DemoState): void {
  const step = DEMO_STEPS[s.current];
  const c = ctx.deps.useColors ? kleur : { bold: (x: string) => x, cyan: (x: string) => x, dim: (x: string) => x };
  if (!step) {
    ctx.deps.print("The tour is over. .demo 1 starts it again; .demo stop leaves.");
    return;
  }
  const lang = step.lang === "command" ? "shell command" : step.lang === "python" ? "PySpark, from the blog" : "TypeScript";
  const code = fill(step.code, s)
    .split("\n")
    .map((l) => `  │ ${l}`)
    .join("\n");
  ctx.deps.print(
    [
      c.bold(`Step ${s.current + 1}/${DEMO_STEPS.length}: ${step.title}`),
      fill(step.before, s),
      "",
      c.dim(`  ${lang}:`),
      c.cyan(code),
      "",
      c.dim("Enter (on an empty line) or .demo next runs it · .demo <n> jumps · .demo stop leaves"),
    ].join("\n"),
  );
}

/** `.demo`: set up on first use, then show the current step (resume). */
export async function startOrResume(ctx: TourContext): Promise<void> {
  const s = stateOf(ctx.deps);
  hookEnter(ctx, s);
  if (!s.producer) await setUp(ctx, s);
  s.active = true;
  showStep(ctx, s);
}

async function setUp(ctx: TourContext, s: DemoState): Promise<void> {
  const conn = getDefaultConnection();
  if (!conn) {
    throw new Error("The demo needs Kinesis: start tspark without --no-local (embedded services) or with --aws.");
  }
  ctx.deps.print(
    `The tour of the blog "Build Spark Structured Streaming applications with the open source connector for\n` +
      `Amazon Kinesis Data Streams", on ${conn.local ? "the embedded local Kinesis" : `AWS (${conn.region})`}.`,
  );
  const created = await ensureStreams(conn, [SOURCE_STREAM, SINK_STREAM]);
  ctx.deps.print(
    `Streams ${SOURCE_STREAM} and ${SINK_STREAM}: ${created.length === 0 ? "already there" : `created ${created.join(", ")} (2 shards each)`}.`,
  );
  s.producer = startBlogProducer(conn, SOURCE_STREAM, {
    perTick: 5,
    intervalMs: 1000,
    onError: (e) => ctx.deps.print(`demo generator: ${e instanceof Error ? e.message : String(e)}`),
  });
  const previous = ctx.deps.stopBackground;
  ctx.deps.stopBackground = async () => {
    await s.producer?.stop();
    await previous?.();
  };
  ctx.deps.print(`Generator started: 5 records/s on ${SOURCE_STREAM} with the blog's template.\n`);
}

/** `.demo <n>`: make step n current and show it (its missing prerequisites run first when it runs). */
export async function jump(ctx: TourContext, n: number): Promise<void> {
  if (!Number.isInteger(n) || n < 1 || n > DEMO_STEPS.length) {
    ctx.deps.print(`There are steps 1 to ${DEMO_STEPS.length}: ${DEMO_STEPS.map((st, i) => `${i + 1}. ${st.title}`).join("; ")}`);
    return;
  }
  const s = stateOf(ctx.deps);
  s.current = n - 1;
  await startOrResume(ctx);
}

/** `.demo stop`: leave the tour (queries keep running, the generator stops); `.demo` resumes. */
export async function leave(ctx: TourContext): Promise<void> {
  const s = stateOf(ctx.deps);
  s.active = false;
  await s.producer?.stop();
  s.producer = undefined;
  ctx.deps.print(`Left the tour at step ${s.current + 1}. The generator stopped; queries keep running. .demo resumes here.`);
}

/** `.demo next` / Enter: run the current step, explain, show the next one. */
export async function runNext(ctx: TourContext): Promise<void> {
  const s = stateOf(ctx.deps);
  if (!s.active) await startOrResume(ctx);
  const step = DEMO_STEPS[s.current];
  if (!step) {
    showStep(ctx, s);
    return;
  }
  s.running = true;
  try {
    await runPrerequisites(ctx, s, step);
    const ok = await runStep(ctx, s, step);
    if (!ok) {
      ctx.deps.print(`Step ${s.current + 1} failed (the error is above). Fix it and .demo next to retry, or .demo <n>.`);
      return;
    }
    if (step.waitForBatch) await waitForFirstBatch(ctx, step.waitForBatch);
    ctx.deps.print(fill(step.after, s));
    if (step.show) await runCommandLine(ctx, step.show).catch((e: unknown) => ctx.deps.print(`(${step.show}: ${e instanceof Error ? e.message : String(e)})`));
    s.current++;
    ctx.deps.print("");
    showStep(ctx, s);
  } finally {
    s.running = false;
  }
}

/**
 * Wait (at most a minute) until the query bound to `name` has completed a micro-batch, so the step's `show` sees
 * its output. Not processAllAvailable(): the tour's generator never stops, so "no new data" never comes.
 */
async function waitForFirstBatch(ctx: TourContext, name: string): Promise<void> {
  const q = (globalThis as Record<string, unknown>)[name] as
    | { lastProgress: unknown; isActive: boolean; exception: { message: string } | null }
    | undefined;
  if (!q || typeof q !== "object" || !("lastProgress" in q)) return;
  for (let waited = 0; q.lastProgress === null && q.isActive && waited < 60_000; waited += 200) {
    await new Promise((r) => setTimeout(r, 200));
  }
  if (q.exception) ctx.deps.print(`(${name} stopped: ${q.exception.message})`);
}

function defined(name: string): boolean {
  return (globalThis as Record<string, unknown>)[name] !== undefined;
}

/** Steps whose names the current one needs and which are not defined (a jump, or a fresh shell). */
async function runPrerequisites(ctx: TourContext, s: DemoState, step: DemoStep): Promise<void> {
  const missing = step.needs.filter((n) => !defined(n));
  if (missing.length === 0) return;
  const index = DEMO_STEPS.indexOf(step);
  for (let i = 0; i < index; i++) {
    const earlier = DEMO_STEPS[i]!;
    if (!earlier.defines.some((d) => missing.includes(d) || (!defined(d) && needsTransitively(step, d, index)))) continue;
    ctx.deps.print(`(running step ${i + 1} first: ${earlier.title})`);
    if (!(await runStep(ctx, s, earlier))) throw new Error(`step ${i + 1} (${earlier.title}) failed`);
  }
}

function needsTransitively(step: DemoStep, name: string, index: number): boolean {
  const seen = new Set<string>(step.needs);
  for (let i = index - 1; i >= 0; i--) {
    const st = DEMO_STEPS[i]!;
    if (st.defines.some((d) => seen.has(d))) for (const n of st.needs) seen.add(n);
  }
  return seen.has(name);
}

async function runStep(ctx: TourContext, s: DemoState, step: DemoStep): Promise<boolean> {
  const code = fill(step.code, s);
  const before = ctx.deps.lastError();
  if (step.lang === "command") return runCommandLine(ctx, code);
  if (!ctx.repl) throw new Error("The demo runs its steps in the shell's REPL, which is not available here.");
  await evalInRepl(ctx.repl, code, `demo-step-${DEMO_STEPS.indexOf(step) + 1}`);
  return ctx.deps.lastError() === before;
}

/** Run a dot-command line (".checkpoint /tmp/x") through the shell's command objects. */
async function runCommandLine(ctx: TourContext, line: string): Promise<boolean> {
  const [name, ...args] = line.slice(1).split(" ");
  const cmd = ctx.commands().find((c) => c.name === name);
  if (!cmd) {
    ctx.deps.print(`The .${name} command is not available in this shell.`);
    return false;
  }
  try {
    await cmd.run(args.join(" "), ctx.deps);
  } catch (e) {
    ctx.deps.setLastError(e);
    throw e;
  }
  return true;
}

type EvalFn = (cmd: string, ctx: unknown, file: string, cb: (err: Error | null, result?: unknown) => void) => void;

/** Run code through the REPL's eval (PySpark translation, await, errors printed, transcript). */
export function evalInRepl(repl: REPLServer, code: string, file: string): Promise<unknown> {
  const r = repl as unknown as { eval: EvalFn; context: unknown };
  return new Promise((resolve, reject) => {
    r.eval.call(repl, `${code}\n`, r.context, file, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

/** While the tour is active, Enter on an empty line runs the current step. */
function hookEnter(ctx: TourContext, s: DemoState): void {
  if (s.enterHooked || !ctx.repl) return;
  s.enterHooked = true;
  const r = ctx.repl as unknown as { eval: EvalFn };
  const original = r.eval;
  r.eval = (cmd, context, file, cb) => {
    if (cmd.trim() !== "" || !s.active || s.running) {
      original.call(ctx.repl, cmd, context, file, cb);
      return;
    }
    runNext(ctx).then(
      () => cb(null, undefined),
      (e: unknown) => {
        ctx.deps.setLastError(e);
        ctx.deps.print(e instanceof Error ? e.message : String(e));
        cb(null, undefined);
      },
    );
  };
}
