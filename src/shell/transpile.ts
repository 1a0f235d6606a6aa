import type { Service } from "ts-node";

/**
 * TypeScript to JavaScript for one REPL input or script, through ts-node's transpile-only service: no type
 * checking, so an input compiles in a millisecond or two. Type errors are the editor's job, not the shell's.
 */
export interface Transpiler {
  compile(source: string, fileName: string): string;
}

/** Thrown for syntax errors; `codes` are TypeScript diagnostic numbers, `text` the one-line message. */
export class TranspileError extends Error {
  constructor(
    message: string,
    readonly codes: number[],
  ) {
    super(message);
    this.name = "SyntaxError";
  }
}

let shared: Service | undefined;

/** The ts-node service is created once per process (creating it loads the TypeScript compiler: ~0.5 s). */
function service(): Service {
  if (!shared) {
    // Required lazily so main.ts can start the local services before paying for the compiler load.
    const tsNode = require("ts-node") as typeof import("ts-node");
    shared = tsNode.create({
      transpileOnly: true,
      skipProject: true,
      compilerOptions: {
        target: "ES2022",
        module: "commonjs",
        esModuleInterop: true,
        sourceMap: false,
        inlineSourceMap: false,
        inlineSources: false,
      },
    });
  }
  return shared;
}

const SOURCE_MAP_COMMENT = /\n?\/\/# sourceMappingURL=\S*\s*$/;
const PROLOGUE = /^"use strict";\n(Object\.defineProperty\(exports, "__esModule", \{ value: true \}\);\n)?/;

export function createTranspiler(): Transpiler {
  return {
    compile(source, fileName) {
      try {
        const js = service().compile(source, fileName);
        // Sloppy-mode script semantics, as in Node's own REPL: user code is not a module.
        return js.replace(SOURCE_MAP_COMMENT, "\n").replace(PROLOGUE, "");
      } catch (e) {
        const codes = (e as { diagnosticCodes?: number[] }).diagnosticCodes;
        if (Array.isArray(codes)) throw new TranspileError(diagnosticText(e, source), codes);
        throw e;
      }
    },
  };
}

/**
 * The first syntax error as "message (line L, column C)" with the input line and a caret under the column,
 * the way Spark's ParseException shows SQL. Later diagnostics are usually consequences of the first.
 */
function diagnosticText(e: unknown, source: string): string {
  const diags = (e as { diagnostics?: { start?: number; messageText?: unknown }[] }).diagnostics ?? [];
  const first = diags[0];
  if (!first || first.start === undefined) return e instanceof Error ? e.message : String(e);
  const message = typeof first.messageText === "string" ? first.messageText : String((first.messageText as { messageText?: string })?.messageText ?? "syntax error");
  const before = source.slice(0, first.start);
  const line = before.split("\n").length;
  const col = first.start - (before.lastIndexOf("\n") + 1);
  const text = source.split("\n")[line - 1] ?? "";
  return `${message} (line ${line}, column ${col + 1})\n  ${text}\n  ${" ".repeat(col)}^`;
}
