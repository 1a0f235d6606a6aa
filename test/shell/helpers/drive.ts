import { PassThrough } from "node:stream";
import type { Shell, ShellOptions } from "../../../src/shell/repl";
import { Screen } from "./screen";

export interface Driven {
  shell: Shell;
  /** Everything written so far, escape codes included. */
  raw(): string;
  /** What a terminal would show (terminal mode). */
  screen(): Screen;
  /** Send keys/text as typed (no newline added). */
  type(text: string): void;
  /** Type a line and Enter. */
  line(text: string): void;
  ctrlC(): void;
  tab(): void;
  /** Wait until the output (raw, escape codes stripped) contains `text` after position `from`. */
  waitFor(text: string | RegExp, opts?: { from?: number; timeoutMs?: number }): Promise<string>;
  /** Current output length, to wait for something new after this point. */
  mark(): number;
  close(): Promise<void>;
}

const ESC = /\x1b\[[?0-9;]*[A-Za-z]/g;

/**
 * The shell is loaded with Node's own require through bin/ts-hook.js, as `tspark` loads it, not through
 * vitest's module runner: the engine loads parts of itself lazily with `require`, and the shell, engine and
 * connectors must be one module graph (one format registry, one session).
 */
function loadShell(): typeof import("../../../src/shell/repl") {
  return loadNative<typeof import("../../../src/shell/repl")>("src/shell/repl.ts");
}

/** A module of the project (path from the repository root) from the same module graph as the shell. */
export function loadNative<T>(pathFromRoot: string): T {
  (require("../../../bin/ts-hook.js") as { install(): void }).install();
  return require(`../../../${pathFromRoot}`) as T;
}

/** A shell over PassThrough streams: terminal mode emulates keys and cursor control like a real tty. */
export function driveShell(opts: Partial<ShellOptions> & { terminal?: boolean } = {}): Driven {
  const input = new PassThrough();
  const output = new PassThrough();
  let raw = "";
  output.setEncoding("utf8");
  output.on("data", (d: string) => {
    raw += d;
  });
  const { createShell } = loadShell();
  const shell = createShell({ historyFile: null, useColors: false, terminal: false, ...opts, input, output });
  const plain = () => raw.replace(ESC, "");
  return {
    shell,
    raw: () => raw,
    screen() {
      const s = new Screen();
      s.write(raw);
      return s;
    },
    type: (text) => {
      input.write(text);
    },
    line: (text) => {
      input.write(`${text}\r`);
    },
    ctrlC: () => {
      input.write("\x03");
    },
    tab: () => {
      input.write("\t");
    },
    mark: () => plain().length,
    waitFor(text, { from = 0, timeoutMs = 15_000 } = {}) {
      return new Promise((resolve, reject) => {
        const started = Date.now();
        const check = () => {
          const out = plain().slice(from);
          const hit = typeof text === "string" ? out.includes(text) : text.test(out);
          if (hit) return resolve(out);
          if (Date.now() - started > timeoutMs) {
            return reject(new Error(`Timed out waiting for ${String(text)}; output so far:\n${plain()}`));
          }
          setTimeout(check, 10);
        };
        check();
      });
    },
    async close() {
      await shell.close();
    },
  };
}
