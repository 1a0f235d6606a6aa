import { Console } from "node:console";
import { createRequire } from "node:module";
import { join } from "node:path";
import { Interface, clearScreenDown, cursorTo, moveCursor } from "node:readline";
import { type REPLServer, Recoverable, start } from "node:repl";
import { Writable } from "node:stream";
import { type ShellCommandDeps, defineShellCommands } from "./commands/index";
import * as tsparkApi from "../index";
import { createCompleter } from "./completion";
import { continuation, groupPastedLines, isContinuationLine, leadingName } from "./continuation";
import { type Evaluator, createEvaluator } from "./evaluate";
import { formatError, formatValue } from "./format";
import { installGlobals, preloadedNames, splitNames } from "./globals";
import { attachHistory, defaultHistoryFile } from "./history";
import { isIncomplete } from "./incomplete";
import { type BatchInfo, type LiveOutput, createLiveOutput } from "./live-output";
import { translatePyspark } from "./pyspark-paste";
import { createSessionFor } from "./session-factory";
import { activeQueries } from "./session-view";
import { createTranspiler } from "./transpile";

/** Embedded local services as the shell sees them (src/connector/local/services.ts). */
export interface ShellServices {
  describe(): string;
  stop(): Promise<void>;
  /**
   * Settles when the services have finished starting (absent: they already have): resolves with a one-line
   * summary, rejects with what failed. The shell prints either under the prompt, and input that arrives
   * earlier waits for it.
   */
  ready?: Promise<string>;
}

export interface ShellOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** The session bound to `spark`; the shell creates one when absent. */
  session?: unknown;
  services?: ShellServices;
  /** Treat the streams as a terminal (cursor control, Ctrl-C as a key). Default: output.isTTY. */
  terminal?: boolean;
  /** History file; null turns history off. Default: $TSPARK_HISTORY or ~/.tspark_history. */
  historyFile?: string | null;
  useColors?: boolean;
  prompt?: string;
}

export interface Shell {
  readonly repl: REPLServer;
  readonly session: unknown;
  readonly live: LiveOutput;
  /** Evaluate input as if typed (translation, top-level await, errors printed): for scripts and tests. */
  run(source: string, fileName?: string): Promise<unknown>;
  /** Print above the prompt. */
  print(text: string): void;
  /** Stop all queries, the generator and embedded services, then close the REPL. */
  close(): Promise<void>;
  /** Resolves once everything is shut down. */
  readonly closed: Promise<void>;
}

export const PROMPT = "tspark> ";
/** Marks a queued line that came from a paste (it cannot occur in typed text: readline splits at CR/LF). */
const PASTED = "\u0000paste\u0000";
const BRACKETED_PASTE_OFF = "\x1b[?2004l";

/**
 * Ask the terminal to mark pastes (ESC[200~ ... ESC[201~; readline reports them as paste-start/paste-end
 * keys), so a pasted block is seen whole. Terminals that do not know the mode ignore it.
 */
/** Erase the row(s) a just-entered line took (the cursor is at the start of the row below it). */
function eraseEchoedLine(output: NodeJS.WritableStream, echoed: string): void {
  const columns = (output as { columns?: number }).columns || 80;
  moveCursor(output, 0, -Math.max(1, Math.ceil(echoed.length / columns)));
  cursorTo(output, 0);
  clearScreenDown(output);
}

function enableBracketedPaste(output: NodeJS.WritableStream): void {
  output.write("\x1b[?2004h");
}
export const INTERRUPTED = Symbol("interrupted");

/** The REPL is a closure over its streams, session and state (STYLE example 10). */
export function createShell(opts: ShellOptions): Shell {
  const output = opts.output;
  const terminal = opts.terminal ?? Boolean((output as { isTTY?: boolean }).isTTY);
  const useColors = opts.useColors ?? (terminal && !process.env.NO_COLOR);
  const live = createLiveOutput(output);
  if (process.env.TSPARK_LIVE === "scroll") live.setMode("scroll");
  const session = opts.session ?? createSessionFor({ mode: "none" });
  const shellConsole = new Console({ stdout: lineStream(live), stderr: lineStream(live), colorMode: useColors });
  const userRequire = tsparkAwareRequire(join(process.cwd(), "repl.ts"));
  const names = splitNames(preloadedNames(session));
  const evaluator: Evaluator = createEvaluator({
    transpiler: createTranspiler(),
    console: shellConsole,
    require: userRequire,
    scope: names.scoped,
  });
  const restoreGlobals = installGlobals(names.globals);
  const restoreOutput = routeSessionOutput(session, live, useColors);

  let lastError: unknown;
  let inputCount = 0;
  let pending: { interrupt: () => void } | undefined;
  // Lines typed while an input (or a dot-command) runs wait here, so inputs run one after another and
  // multi-line buffering never mixes with a pending evaluation.
  let busy = false;
  const lineQueue: string[] = [];
  let idleWaiters: (() => void)[] = [];
  let sawSigint = 0;
  // A complete statement whose value is a builder waits in the REPL's buffer for the next line (see
  // continuation.ts): `held` says the buffer holds such a statement, not an unfinished one.
  let held = false;
  // Lines of a bracketed paste, collected until the paste ends, then grouped into whole statements.
  let pasting: string[] | undefined;
  // Inputs that came from a paste run as soon as they are complete (the paste showed where they end).
  let dispatchingPaste = false;
  // Only lines from the user are held; code run through eval directly (.demo steps) is not. This is the text
  // the REPL passes to eval for the line being handled (its buffer, the line, a newline).
  let typedInput: string | undefined;
  // The last input, when it was a pure builder expression a leading-dot line may continue by re-running it.
  let rerunnable: string | undefined;
  let shuttingDown: Promise<void> | undefined;
  let resolveClosed: () => void = () => {};
  const closed = new Promise<void>((r) => {
    resolveClosed = r;
  });

  const print = (text: string) => live.write(text);
  const servicesReady = watchServices(opts.services, print);
  let waitNoticeShown = false;
  /** Input typed while the embedded services still start waits here (once they have settled: no wait). */
  async function awaitServices(): Promise<void> {
    if (!servicesReady.pending) return;
    if (!waitNoticeShown) {
      waitNoticeShown = true;
      print("(waiting for the local services to finish starting...)");
    }
    await servicesReady.settled;
  }

  /** Translate, check completeness, evaluate; errors are printed here, as one block. */
  async function evaluate(source: string, fileName: string): Promise<unknown> {
    try {
      const translated = translatePyspark(source);
      const result = await evaluator.run(translated, fileName, { python: translated !== source });
      // pyspark analyses a DataFrame when it is built: touch the schema so an unknown column fails now.
      if (result instanceof tsparkApi.DataFrame) void result.schema;
      return result;
    } catch (e) {
      lastError = e;
      print(formatError(e));
      return undefined;
    }
  }

  const repl = start({
    prompt: opts.prompt ?? PROMPT,
    input: opts.input,
    output,
    terminal,
    useColors,
    ignoreUndefined: true,
    preview: false,
    writer: (v: unknown) => formatValue(v, useColors),
    completer: (line: string, cb: (err: null, result: [string[], string]) => void) => cb(null, completer(line)),
    eval: (cmd, _context, _file, cb) => {
      sawSigint = 0;
      // Code an input runs through eval itself (a .demo step on Enter) is not the typed line.
      const typed = cmd === typedInput;
      typedInput = undefined;
      const wasHeld = held;
      held = false;
      if (cmd.trim() === "") return cb(null, undefined);
      // A blank Enter after a held statement runs it.
      const flush = wasHeld && /\n[ \t]*\n$/.test(cmd);
      const source = flush ? cmd.replace(/\s+$/, "") : cmd;
      const translated = translatePyspark(source);
      if (!flush && (/\\\s*$/.test(cmd) || isIncomplete(translated))) return cb(new Recoverable(new Error("incomplete input")), undefined);
      const how = flush ? false : continuation(translated);
      if (how === "hold" && typed && !dispatchingPaste) {
        held = true;
        return cb(new Recoverable(new Error("may continue on the next line")), undefined);
      }
      rerunnable = how === "rerun" ? source.replace(/\s+$/, "") : undefined;
      void runInput(source, cb);
    },
  });
  live.attach(repl, terminal);

  const nodeOnLine = repl.listeners("line")[0] as (line: string) => void;
  repl.removeListener("line", nodeOnLine);
  repl.on("line", (line: string) => {
    live.releaseBoard(); // Enter moved the cursor below the batch board (live-output.ts)
    if (pasting) pasting.push(line);
    else if (busy) lineQueue.push(line);
    else onLine(line);
  });
  const isCommand = (name: string) => name in (repl as unknown as { commands: Record<string, unknown> }).commands;
  /** One line (or one pasted statement) from the user, when nothing else runs. */
  function onLine(line: string): void {
    const continues = isContinuationLine(line, isCommand);
    if (!continues && line.trim() !== "") rerunnable = undefined;
    if (held && bufferedCommand() !== "" && !continues && line.trim() !== "") {
      // The held statement did not continue: run it, then this line. On a terminal the line was echoed
      // after the `...` prompt: erase that echo, the line shows again after the next prompt (drain).
      if (terminal && !dispatchingPaste) eraseEchoedLine(output, `... ${line}`);
      nodeOnLine.call(repl, "");
      if (busy) {
        lineQueue.unshift(dispatchingPaste ? `${PASTED}${line}` : line);
        return;
      }
    }
    if (continues && bufferedCommand() === "" && rerunnable !== undefined) {
      // Continue the builder expression that just ran: it runs again, whole, with this line.
      setBufferedCommand(`${rerunnable}\n`);
    } else if (continues && bufferedCommand() === "") {
      const name = leadingName(line) ?? "";
      print(
        /^\s*\.[\w$]+(\s|$)/.test(line)
          ? `Unknown command .${name}: .help lists the commands. (A line starting with .name(...) continues the statement before it.)`
          : `'.${name}' continues a statement, but the one before it has already run (only a statement whose value is a DataFrame, reader or writer waits for a next line). Put the whole chain in one input, or end the line before it with '.'.`,
      );
      repl.displayPrompt();
      return;
    }
    typedInput = `${bufferedCommand()}${line}\n`;
    nodeOnLine.call(repl, line);
  }
  // Bracketed paste (the terminal marks a paste, see enableBracketedPaste): a leading-dot line joins the
  // statement before it, so a pasted chain runs once, whole, and the paste's last statement does not wait.
  (opts.input as NodeJS.EventEmitter).on("keypress", (_s: unknown, key: { name?: string } | undefined) => {
    if (key?.name === "paste-start") pasting ??= [];
    else if (key?.name === "paste-end" && pasting) {
      const lines = pasting;
      pasting = undefined;
      for (const group of groupPastedLines(lines, isCommand)) lineQueue.push(`${PASTED}${group}`);
      if (!busy) drain();
    }
  });
  if (terminal) enableBracketedPaste(output);
  // While the statements of a paste run one by one, one prompt at the end, not one per statement.
  const nodeDisplayPrompt = repl.displayPrompt.bind(repl);
  repl.displayPrompt = (preserveCursor?: boolean) => {
    if (lineQueue.some((l) => l.startsWith(PASTED))) return;
    live.releaseBoard(); // a result may have been written below the batch board
    nodeDisplayPrompt(preserveCursor);
  };
  const guard = {
    begin() {
      busy = true;
      // Live output redraws only the typed text while something runs. Interface's setPrompt, not the
      // REPL's: the REPL's would also replace the prompt it restores afterwards (displayPrompt).
      Interface.prototype.setPrompt.call(repl, "");
    },
    /** Race `work` against Ctrl-C: resolves INTERRUPTED when the user stops waiting. */
    interruptible<T>(work: Promise<T>): Promise<T | typeof INTERRUPTED> {
      let interrupt: () => void = () => {};
      const interrupted = new Promise<typeof INTERRUPTED>((resolve) => {
        interrupt = () => resolve(INTERRUPTED);
      });
      pending = { interrupt };
      return Promise.race([work, interrupted]).finally(() => {
        pending = undefined;
      });
    },
    end() {
      busy = false;
      setImmediate(drain);
    },
  };
  function drain(): void {
    while (!busy && lineQueue.length > 0) {
      const queued = lineQueue.shift()!;
      const fromPaste = queued.startsWith(PASTED);
      const line = fromPaste ? queued.slice(PASTED.length) : queued;
      // On a terminal the line was echoed while the previous input ran; show it again after the fresh prompt
      // so the transcript reads "tspark> line / result" as if typed now. (A paste was echoed as it arrived.)
      if (terminal && !fromPaste) output.write(`${line}\n`);
      dispatchingPaste = fromPaste;
      try {
        onLine(line);
      } finally {
        dispatchingPaste = false;
      }
    }
    if (!busy && lineQueue.length === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const w of waiters) w();
    }
  }
  /** Resolves when no input runs and none is queued (a piped script's last line has finished). */
  function idle(): Promise<void> {
    if (!busy && lineQueue.length === 0) return Promise.resolve();
    return new Promise((r) => idleWaiters.push(r));
  }

  async function runInput(cmd: string, cb: (err: Error | null, result: unknown) => void): Promise<void> {
    inputCount++;
    guard.begin();
    try {
      const fileName = `REPL${inputCount}`;
      const result = await guard.interruptible(awaitServices().then(() => evaluate(cmd, fileName)));
      if (result === INTERRUPTED) {
        const n = activeQueries(session).length;
        print(n > 0 ? `Interrupted. ${n} ${n === 1 ? "query keeps" : "queries keep"} running (.streams to list, .stop to stop).` : "Interrupted.");
        cb(null, undefined);
      } else {
        cb(null, result);
      }
    } finally {
      guard.end();
    }
  }

  const completer = createCompleter({
    commandNames: () => Object.keys((repl as unknown as { commands: Record<string, unknown> }).commands),
    print,
    continuing: () => bufferedCommand() !== "",
  });

  function bufferedSymbol(): symbol | undefined {
    return Object.getOwnPropertySymbols(repl).find((s) => s.description === "bufferedCommand");
  }
  function bufferedCommand(): string {
    const sym = bufferedSymbol();
    const v = sym ? (repl as unknown as Record<symbol, unknown>)[sym] : "";
    return typeof v === "string" ? v : "";
  }
  function setBufferedCommand(text: string): void {
    const sym = bufferedSymbol();
    if (sym) (repl as unknown as Record<symbol, unknown>)[sym] = text;
  }

  // Ctrl-C: stop waiting (not the queries); on an empty line, twice to leave, three times if queries run.
  repl.removeAllListeners("SIGINT");
  repl.on("SIGINT", () => {
    if (pending) {
      pending.interrupt();
      return;
    }
    const empty = repl.line.length === 0 && bufferedCommand() === "";
    (repl as unknown as { clearLine(): void }).clearLine();
    repl.clearBufferedCommand();
    held = false;
    if (!empty) {
      sawSigint = 0;
    } else if (sawSigint === 0) {
      output.write("(To exit, press Ctrl+C again or Ctrl+D or type .exit)\n");
      sawSigint = 1;
    } else {
      const active = activeQueries(session);
      if (active.length > 0 && sawSigint === 1) {
        const names = active.map((q) => q.name ?? q.id.slice(0, 8)).join(", ");
        output.write(`${active.length} streaming ${active.length === 1 ? "query is" : "queries are"} running (${names}). Press Ctrl+C again to stop ${active.length === 1 ? "it" : "them"} and exit.\n`);
        sawSigint = 2;
      } else {
        repl.close();
        return;
      }
    }
    repl.displayPrompt();
  });

  const history = opts.historyFile === undefined ? defaultHistoryFile() : opts.historyFile;
  attachHistory(repl, history);

  const deps: ShellCommandDeps = {
    session,
    services: opts.services,
    print,
    lastError: () => lastError,
    setLastError: (e) => {
      lastError = e;
    },
    useColors,
    live,
    awaitServices,
  };
  defineShellCommands(repl, deps, guard);
  watchQueries(session, print, live, (e) => {
    lastError = e;
  });

  repl.on("exit", () => {
    void shutdown();
  });

  function shutdown(): Promise<void> {
    shuttingDown ??= (async () => {
      // A statement held for a possible continuation runs when the input ends (a pipe, Ctrl-D).
      if (held && bufferedCommand() !== "") {
        if (busy) lineQueue.push("");
        else nodeOnLine.call(repl, "");
      }
      await idle(); // input that ended (Ctrl-D, a pipe) still runs its queued lines first
      pending?.interrupt();
      await deps.stopBackground?.().catch(() => undefined);
      await stopAll(session);
      await opts.services?.stop().catch(() => undefined);
      live.detach();
      if (terminal) output.write(BRACKETED_PASTE_OFF);
      restoreOutput();
      restoreGlobals();
      forgetDeclared(evaluator.declared);
      resolveClosed();
    })();
    return shuttingDown;
  }

  return {
    repl,
    session,
    live,
    run: (source, fileName = `REPL${++inputCount}`) => evaluate(source, fileName),
    print,
    close: async () => {
      repl.close();
      await shutdown();
    },
    closed,
  };
}

/**
 * The console sink writes batch tables to `session.output` (else stdout), and show()/printSchema()/explain()
 * go through `session.print`: point both at the live output so they land above the prompt. `isTTY` tells
 * the sink whether to colour.
 */
function routeSessionOutput(session: unknown, live: LiveOutput, colors: boolean): () => void {
  if (typeof session !== "object" || session === null) return () => {};
  const target = session as { output?: unknown; print?: unknown };
  const before = { output: target.output, print: target.print };
  try {
    target.output = {
      write: (text: string) => live.write(text),
      writeBatch: (info: BatchInfo, text: string) => live.writeBatch(info, text),
      isTTY: colors,
    };
    if (typeof before.print === "function") target.print = (text: string) => live.write(text);
  } catch {
    return () => {}; // a read-only session: output goes to stdout, which main.ts routes above the prompt
  }
  return () => {
    try {
      target.output = before.output;
      if (typeof before.print === "function") target.print = before.print;
    } catch {
      // read-only
    }
  };
}

/** Remove the globals user code declared, so a closed shell leaves the process as it found it. */
export function forgetDeclared(names: Iterable<string>): void {
  const g = globalThis as Record<string, unknown>;
  for (const name of names) {
    const d = Object.getOwnPropertyDescriptor(g, name);
    if (d?.configurable) delete g[name];
  }
}

/** Stop every active query; a query that fails to stop must not keep the shell from exiting. */
export async function stopAll(session: unknown): Promise<void> {
  await Promise.all(activeQueries(session).map(async (q) => {
    try {
      await q.stop();
    } catch {
      // already failing: its error was shown when it terminated
    }
  }));
}

/**
 * Report the end of the embedded services' start-up above the prompt: ready (with the summary) or which service
 * failed and why. The shell keeps running either way; `pending` is true until then.
 */
function watchServices(services: ShellServices | undefined, print: (t: string) => void): { pending: boolean; settled: Promise<void> } {
  const state = { pending: false, settled: Promise.resolve() };
  if (!services?.ready) return state;
  state.pending = true;
  state.settled = services.ready.then(
    (summary) => {
      state.pending = false;
      print(`Local services ready: ${summary}`);
    },
    (e: unknown) => {
      state.pending = false;
      const why = e instanceof Error ? e.message : String(e);
      print(
        `Local services: start-up failed (the shell keeps running; what needs the failed service will fail):\n  ${why.split("\n").join("\n  ")}\n(.local shows each service's state)`,
      );
    },
  );
  return state;
}

/**
 * Show a query's failure above the prompt when it happens, not only when someone awaits it. The terminated
 * event carries the message; the query object (remembered at start) has the exception for `.trace`.
 */
function watchQueries(session: unknown, print: (t: string) => void, live: LiveOutput, remember: (e: unknown) => void): void {
  const streams = (session as { streams?: { addListener?: (l: unknown) => void; get?: (id: string) => unknown } })
    .streams;
  if (typeof streams?.addListener !== "function") return;
  const started = new Map<string, { name?: string | null; exception?: unknown }>();
  streams.addListener({
    onQueryStarted: (event: { id: string }) => {
      const q = streams.get?.(event.id);
      if (q && typeof q === "object") started.set(event.id, q as { name?: string | null; exception?: unknown });
    },
    onQueryTerminated: (event: { id: string; exception?: unknown }) => {
      const q = started.get(event.id);
      started.delete(event.id);
      live.endQuery(event.id);
      if (!event?.exception) return;
      remember(q?.exception ?? event.exception);
      // The exception's own text says "Query [id = ...] terminated with exception: ...", as Spark prints it:
      // printed once, with the query's name (when it has one) beside the hint.
      const exception = q?.exception ?? event.exception;
      const text = typeof exception === "string" ? `StreamingQueryException: ${exception}` : formatError(exception);
      const named = q?.name ? `query ${q.name}; ` : "";
      print(`${text}\n(${named}.trace for the full stack)`);
    },
  });
}


/** `require` for user code: "tspark" is this package, everything else resolves from the given file. */
export function tsparkAwareRequire(fromFile: string): NodeJS.Require {
  const base = createRequire(fromFile);
  const req = ((id: string) => (id === "tspark" ? tsparkApi : base(id))) as NodeJS.Require;
  return Object.assign(req, { resolve: base.resolve, cache: base.cache, main: base.main, extensions: base.extensions });
}

/** A writable whose chunks go to the live output (for the user's `console`). */
function lineStream(live: LiveOutput): Writable {
  return new Writable({
    write(chunk: Buffer | string, _enc, done) {
      live.write(String(chunk));
      done();
    },
  });
}
