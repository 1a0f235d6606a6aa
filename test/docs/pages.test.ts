/**
 * The ```ts blocks of the docs pages a user copies into the shell (docs/sql.md, docs/functions.md) run: each page's
 * blocks are typed in order into one scope holding what the shell holds (`spark` and the tspark exports: functions,
 * Window, col, ...), as a user would type them, and must not throw. What they print goes to a buffer.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import * as tspark from "../../src/index";
import { bindableNames } from "../helpers/doc-scope";

const ROOT = path.join(__dirname, "../..");
const PAGES = ["docs/sql.md", "docs/functions.md"];

function tsBlocks(md: string): string[] {
  return [...md.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
}

describe("docs pages: ts blocks run", () => {
  for (const page of PAGES) {
    const blocks = tsBlocks(fs.readFileSync(path.join(ROOT, page), "utf8"));
    it(`${page} (${blocks.length} blocks)`, async () => {
      expect(blocks.length).toBeGreaterThan(0);
      // the shell's `spark` is the default session (a block importing it from ./src/engine/session gets the same)
      const spark = (await import("../../src/engine/session")).spark;
      let printed = "";
      const print = spark.print;
      spark.print = (t) => {
        printed += t;
      };
      const scope: Record<string, unknown> = { ...tspark, spark };
      // the blocks are one shell session: a name a block defines is seen by the next
      const source = blocks.join("\n;\n");
      // a block written as a program imports from ./src/...: those modules, loaded here, are what it gets
      const modules = new Map<string, unknown>();
      for (const m of source.matchAll(/from "(\.\/src\/[^"]+)"/g)) modules.set(m[1]!, await import(path.join(ROOT, m[1]!)));
      const requireShim = (spec: string): unknown => {
        if (!modules.has(spec)) throw new Error(`${page} imports ${spec}: only ./src/... modules are available to docs blocks`);
        return modules.get(spec);
      };
      const js = ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, esModuleInterop: false } }).outputText;
      const names = bindableNames(scope);
      try {
        new Function("require", "exports", "module", ...names, js)(requireShim, {}, { exports: {} }, ...names.map((n) => scope[n]));
      } finally {
        spark.print = print;
      }
      expect(printed.length).toBeGreaterThan(0);
    });
  }
});
