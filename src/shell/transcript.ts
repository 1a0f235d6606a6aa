/**
 * The session transcript behind `.save`: every input (code or dot-command) with what it printed and its value.
 * It watches the REPL from the outside (its eval, its commands and the live output), so the REPL itself does
 * not need to know it exists. Rendered as a Markdown notebook or as a TypeScript script that re-runs the session.
 */
import type { REPLServer } from "node:repl";
import { translatePyspark } from "./pyspark-paste";

export interface TranscriptEntry {
  readonly kind: "code" | "command";
  /** As typed (Python forms included). */
  readonly input: string;
  /** What ran: the TypeScript after PySpark translation (same as `input` for TypeScript and commands). */
  readonly translated: string;
  readonly outputs: string[];
  failed: boolean;
  interrupted: boolean;
}

const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

export class Transcript {
  readonly entries: TranscriptEntry[] = [];
  private current: TranscriptEntry | undefined;
  /** Output written between inputs (batch tables of running queries) goes to the last entry. */
  private last: TranscriptEntry | undefined;
  readonly startedAt = new Date();

  begin(kind: TranscriptEntry["kind"], input: string): void {
    const translated = kind === "code" ? safeTranslate(input) : input;
    const entry: TranscriptEntry = { kind, input, translated, outputs: [], failed: false, interrupted: false };
    this.entries.push(entry);
    this.current = entry;
    this.last = entry;
  }

  output(text: string): void {
    const target = this.current ?? this.last;
    const clean = text.replace(ANSI, "").replace(/\n$/, "");
    if (!target || clean === "") return;
    target.outputs.push(clean);
    if (/^Interrupted\./.test(clean)) target.interrupted = true;
  }

  end(failed: boolean): void {
    if (this.current) this.current.failed ||= failed;
    this.current = undefined;
  }
}

function safeTranslate(src: string): string {
  try {
    return translatePyspark(src);
  } catch {
    return src;
  }
}

/** Whatever the shell's live output is: an object whose `write` prints above the prompt. */
export interface Writer {
  write(text: string): void;
  writeBatch?(info: unknown, text: string): void;
}

const transcripts = new WeakMap<object, Transcript>();

/** The transcript kept for a shell (keyed by its command deps object). */
export function transcriptOf(key: object): Transcript | undefined {
  return transcripts.get(key);
}

/**
 * Start recording: inputs through the REPL's eval (only complete inputs: unfinished chains are Recoverable),
 * values through its writer, printed text through the live output, dot-commands through their actions.
 * `failedSince` tells whether an input ended with a new error (the shell prints errors itself).
 */
export function attachTranscript(
  repl: REPLServer,
  live: Writer | undefined,
  key: object,
  lastError: () => unknown,
): Transcript {
  const t = new Transcript();
  transcripts.set(key, t);
  if (live) {
    const write = live.write.bind(live);
    live.write = (text: string) => {
      t.output(text);
      write(text);
    };
    // Batch tables drawn in place (live-output.ts) are recorded too, every one of them.
    const writeBatch = live.writeBatch?.bind(live);
    if (writeBatch) {
      live.writeBatch = (info: unknown, text: string) => {
        t.output(text);
        writeBatch(info, text);
      };
    }
  }
  type EvalFn = (cmd: string, ctx: unknown, file: string, cb: (err: Error | null, result?: unknown) => void) => void;
  const r = repl as unknown as { eval: EvalFn; writer: (v: unknown) => string };
  const original = r.eval;
  r.eval = (cmd, ctx, file, cb) => {
    const before = lastError();
    const text = cmd.replace(/\n$/, "");
    let settled = false;
    let begun = false;
    original.call(repl, cmd, ctx, file, (err, result) => {
      settled = true;
      // An unfinished chain is Recoverable: the REPL calls eval again with the longer buffer.
      const recoverable = err !== null && err !== undefined && err.constructor?.name === "Recoverable";
      if (!recoverable && cmd.trim() !== "") {
        if (!begun) t.begin("code", text);
        if (err) t.output(String(err.message ?? err));
        else if (result !== undefined) t.output(r.writer(result));
        t.end(Boolean(err) || lastError() !== before);
      }
      cb(err, result);
    });
    // Still running after the synchronous part: a complete input; what it prints belongs to it.
    if (!settled && cmd.trim() !== "") {
      begun = true;
      t.begin("code", text);
    }
  };
  return t;
}

/** Wrap a dot-command's run so its input and output are recorded. */
export function recordCommand<A extends unknown[]>(
  key: object,
  name: string,
  run: (args: string, ...rest: A) => Promise<void> | void,
): (args: string, ...rest: A) => Promise<void> {
  return async (args, ...rest) => {
    const t = transcripts.get(key);
    t?.begin("command", `.${name}${args.trim() ? ` ${args.trim()}` : ""}`);
    try {
      await run(args, ...rest);
      t?.end(false);
    } catch (e) {
      t?.end(true);
      throw e;
    }
  };
}
