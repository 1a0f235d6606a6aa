import { Writable } from "node:stream";

/**
 * Anything that writes to process.stdout while the shell runs (the console sink's batch tables, a library's
 * log line) must land above the prompt, not in the middle of the typed line. The REPL gets its own
 * terminal-like stream that writes straight to the real stdout, and `process.stdout.write` is redirected
 * to the shell's live output, one complete line block at a time.
 */
export interface StdoutCapture {
  /** The REPL's output: the real terminal, with its size and resize events. */
  readonly terminal: NodeJS.WritableStream;
  /** Start sending process.stdout writes to `print`. */
  redirect(print: (text: string) => void): void;
  restore(): void;
}

export function captureStdout(stdout: NodeJS.WriteStream = process.stdout): StdoutCapture {
  const realWrite = stdout.write.bind(stdout) as (chunk: string | Uint8Array) => boolean;
  const terminal = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      realWrite(chunk);
      done(); // synchronously: the REPL and the live output share this stream and must stay in order
    },
  });
  for (const key of ["columns", "rows", "isTTY"] as const) {
    Object.defineProperty(terminal, key, { get: () => stdout[key], enumerable: true });
  }
  Object.assign(terminal, {
    getColorDepth: (...a: unknown[]) => (stdout.getColorDepth as (...x: unknown[]) => number)(...a),
    hasColors: (...a: unknown[]) => (stdout.hasColors as (...x: unknown[]) => boolean)(...a),
  });
  const onResize = () => terminal.emit("resize");
  stdout.on("resize", onResize);
  let partial = "";
  const original = stdout.write;
  return {
    terminal,
    redirect(print) {
      stdout.write = ((chunk: string | Uint8Array, encOrCb?: unknown, cb?: unknown) => {
        partial += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
        const end = partial.lastIndexOf("\n");
        if (end >= 0) {
          print(partial.slice(0, end + 1));
          partial = partial.slice(end + 1);
        }
        const done = typeof encOrCb === "function" ? encOrCb : cb;
        if (typeof done === "function") process.nextTick(done as () => void);
        return true;
      }) as typeof stdout.write;
    },
    restore() {
      stdout.write = original;
      stdout.off("resize", onResize);
      if (partial) realWrite(partial);
      partial = "";
    },
  };
}
