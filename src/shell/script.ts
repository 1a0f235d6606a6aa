import { Console } from "node:console";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { createEvaluator } from "./evaluate";
import { formatError } from "./format";
import { installGlobals, preloadedNames, splitNames } from "./globals";
import { translatePyspark } from "./pyspark-paste";
import { forgetDeclared, stopAll, tsparkAwareRequire } from "./repl";
import { activeQueries } from "./session-view";
import { createTranspiler } from "./transpile";

export interface ScriptOptions {
  session: unknown;
  output: NodeJS.WritableStream;
  errorOutput: NodeJS.WritableStream;
  /** Resolves when the user asks to stop (Ctrl-C): queries are stopped and the script ends. */
  interrupt?: Promise<void>;
  /** Poll interval while waiting for queries to end. */
  pollMs?: number;
}

/**
 * `tspark file.ts`: run a file with the shell's preloaded names as globals, then wait until every query it
 * started has ended (or Ctrl-C), stop what is left, and give an exit code: 0 on success, 1 when the script
 * threw or a query failed (the error is printed as one clear block), 130 when interrupted.
 * A `.py` file goes through the PySpark translator first.
 */
export async function runScript(file: string, opts: ScriptOptions): Promise<number> {
  const path = resolve(file);
  let source: string;
  try {
    source = readFileSync(path, "utf8");
  } catch (e) {
    opts.errorOutput.write(`tspark: cannot read ${file}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  if (path.endsWith(".py")) source = translatePyspark(source);
  const names = splitNames(preloadedNames(opts.session));
  const restore = installGlobals(names.globals);
  const failures: unknown[] = [];
  const seen = new Set<QueryWithException>();
  const unwatch = watchFailures(opts.session, failures, seen);
  // A promise the script dropped (`q.awaitTermination()` without await) that rejects is the script's failure,
  // reported once as a clear block, not Node's raw stack trace.
  const onRejection = (reason: unknown) => failures.push(reason);
  process.on("unhandledRejection", onRejection);
  const evaluator = createEvaluator({
    transpiler: createTranspiler(),
    console: new Console({ stdout: opts.output, stderr: opts.errorOutput }),
    require: tsparkAwareRequire(path),
    scope: names.scoped,
  });
  const python = path.endsWith(".py");
  let interrupted = false;
  const interrupt = (opts.interrupt ?? new Promise<void>(() => {})).then(() => {
    interrupted = true;
  });
  try {
    await Promise.race([evaluator.run(source, python ? `${path}.ts` : path, { python }), interrupt]);
    // The script's own code is done; its queries may still run (no awaitTermination in the script), or still
    // be starting (start() not awaited): wait for those starts, and fail with a start that failed.
    const startFailure = (await startsSettled(opts.session))[0];
    if (startFailure !== undefined) throw startFailure;
    while (!interrupted && activeQueries(opts.session).length > 0 && failures.length === 0 && failedQueryException(seen) === undefined) {
      for (const q of activeQueries(opts.session)) seen.add(q as QueryWithException);
      await Promise.race([sleep(opts.pollMs ?? 100), interrupt]);
    }
    if (interrupted) {
      opts.errorOutput.write("Interrupted: stopping queries.\n");
      return 130;
    }
    // A query can end between two polls with its listener event still queued: ask the queries themselves.
    const failed = failures[0] ?? failedQueryException(seen);
    if (failed !== undefined) {
      opts.errorOutput.write(`${formatError(failed)}\n`);
      return 1;
    }
    return 0;
  } catch (e) {
    const where = python ? undefined : scriptLocation(e, path);
    opts.errorOutput.write(`${formatError(e)}\n${where ? `    at ${where}\n` : ""}`);
    return 1;
  } finally {
    await stopAll(opts.session);
    process.removeListener("unhandledRejection", onRejection);
    unwatch();
    restore();
    forgetDeclared(evaluator.declared);
  }
}

/**
 * Not unref'd: this wait is what keeps a script's process alive while its queries run (their own timers may
 * be unref'd); with an unref'd timer Node left with exit code 0 before a failing query was reported.
 */
function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** The session's start()s under way have settled (an engine without the call: nothing to wait for). */
async function startsSettled(session: unknown): Promise<unknown[]> {
  const streams = (session as { streams?: { startsSettled?: () => Promise<unknown[]> } } | undefined)?.streams;
  return typeof streams?.startsSettled === "function" ? streams.startsSettled() : [];
}

interface QueryWithException {
  readonly isActive: boolean;
  readonly exception?: unknown;
}

/** The exception of the first query (of those the script started) that terminated with one. */
function failedQueryException(queries: Iterable<QueryWithException>): unknown {
  for (const q of queries) if (!q.isActive && q.exception) return q.exception;
  return undefined;
}

/**
 * A query that dies while the script waits makes the script fail, with that query's error. The listener
 * event carries only the message: the query object (remembered at start) has the exception itself.
 */
function watchFailures(session: unknown, failures: unknown[], seen: Set<QueryWithException>): () => void {
  const streams = (session as { streams?: { addListener?: (l: unknown) => void; removeListener?: (l: unknown) => void; get?: (id: string) => unknown } })
    .streams;
  if (typeof streams?.addListener !== "function") return () => {};
  const listener = {
    onQueryStarted: (event: { id: string }) => {
      const q = streams.get?.(event.id);
      if (q && typeof q === "object") seen.add(q as QueryWithException);
    },
    onQueryProgress: () => {},
    onQueryIdle: () => {},
    onQueryTerminated: (event: { id: string; exception?: unknown }) => {
      if (!event?.exception) return;
      const q = [...seen].find((s) => (s as { id?: string }).id === event.id);
      failures.push(q?.exception ?? event.exception);
    },
  };
  streams.addListener(listener);
  return () => streams.removeListener?.(listener);
}

/**
 * `file.ts:line` of the script's statement that threw, from the stack frame in the script (the engine's own
 * frames are not shown). Transpiling keeps TypeScript's lines and the evaluator's wrapper adds none before
 * the script's first line (top-level.ts), so the frame's line is the user's line. The column is left out:
 * declarations are rewritten (`const x = e` runs as `x = await (e)`), which moves columns, not lines.
 */
export function scriptLocation(e: unknown, path: string): string | undefined {
  const stack = e instanceof Error ? e.stack : undefined;
  if (!stack) return undefined;
  for (const line of stack.split("\n")) {
    const i = line.indexOf(`${path}:`);
    if (i < 0) continue;
    const m = /^:(\d+):\d+/.exec(line.slice(i + path.length));
    if (m) return `${path}:${m[1]}`;
  }
  return undefined;
}
