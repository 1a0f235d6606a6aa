import { Script } from "node:vm";
import { rewriteImports, rewriteTopLevel } from "./top-level";
import type { Transpiler } from "./transpile";

/**
 * Runs user TypeScript: transpile, rewrite declarations and top-level await, run as a script in this realm.
 *
 * Why this realm and not a fresh vm context: values cross into the engine constantly (rows, arrays, Maps,
 * Uint8Arrays), and a second realm breaks every `instanceof` the engine does on them. Node's REPL makes the
 * same choice with `useGlobal`. Declarations therefore become globals; the shell's `console` and `require`
 * are passed in as parameters so user code writes to the shell's output and resolves "tspark".
 */
export interface Evaluator {
  /** `python`: the source was translated from Python (its statements run strictly one after another). */
  run(source: string, fileName: string, opts?: { python?: boolean }): Promise<unknown>;
  /** Names user code declared (they are globals): removed when the shell closes. */
  readonly declared: ReadonlySet<string>;
}

export interface EvaluatorOptions {
  transpiler: Transpiler;
  console: Console;
  require: NodeJS.Require;
  /** Names visible to user code only (not made globals), e.g. `window`, which libraries test for. */
  scope?: Readonly<Record<string, unknown>>;
}

/**
 * `{ a: 1 }` typed alone is an object, not a block with a label (Node's REPL makes the same choice):
 * wrap it in parentheses when that parses.
 */
function objectLiteralFirst(source: string): string {
  const t = source.trim();
  if (!t.startsWith("{") || !t.endsWith("}")) return source;
  const ts = require("typescript") as typeof import("typescript");
  const wrapped = `(${t})`;
  const file = ts.createSourceFile("input.ts", wrapped, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const diagnostics = (file as unknown as { parseDiagnostics?: readonly unknown[] }).parseDiagnostics ?? [];
  return diagnostics.length === 0 ? wrapped : source;
}

export function createEvaluator(opts: EvaluatorOptions): Evaluator {
  const declared = new Set<string>();
  return {
    declared,
    async run(source, fileName, runOpts = {}) {
      const js = opts.transpiler.compile(rewriteImports(objectLiteralFirst(source)), fileName.endsWith(".ts") ? fileName : `${fileName}.ts`);
      const rewritten = rewriteTopLevel(js, { awaitStatements: runOpts.python === true });
      const code = rewritten.code;
      for (const name of rewritten.declared) declared.add(name);
      // The wrapper's parameters shadow the globals of the same name for the user's code only.
      // `exports`/`module` let a pasted module (with `export const ...`) run as a script.
      const scoped = Object.entries(opts.scope ?? {});
      const params = ["console", "require", "exports", "module", ...scoped.map(([k]) => k)].join(", ");
      const wrapped = `(function (${params}) { return ${code}; })`;
      const script = new Script(wrapped, { filename: fileName });
      const fn = script.runInThisContext() as (...args: unknown[]) => Promise<unknown>;
      const exports = {};
      return fn(opts.console, opts.require, exports, { exports }, ...scoped.map(([, v]) => v));
    },
  };
}
