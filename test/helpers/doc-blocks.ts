/**
 * What the tests that run docs/ code blocks share: reading a page's fenced blocks, the part of a page under a
 * heading, and the ways a reader runs a block (as a `tspark file.ts` script, or typed into the shell). Each docs
 * test picks the way its page's readers use; test/docs/every-block.test.ts checks that every ```ts block of docs/
 * is run by one of them.
 */
import { type SpawnSyncReturns, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { bindableNames } from "./doc-scope";

export const ROOT = path.join(__dirname, "../..");

export interface DocBlock {
  /** The info string's first word: ts, text, python, sh ... ("" for a bare fence). */
  lang: string;
  /** The block's text, without its last newline. */
  code: string;
}

/** The fenced blocks of a Markdown text, in order. */
export function docBlocks(md: string): DocBlock[] {
  return [...md.matchAll(/^```(\w*)[^\n]*\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1]!, code: m[2]!.replace(/\n$/, "") }));
}

/** A page of the repository (path from its root), as text. */
export function readDoc(page: string): string {
  return fs.readFileSync(path.join(ROOT, page), "utf8");
}

/** The part of `md` under `heading` (a whole line, e.g. "## Joins"), up to the next heading of its level or higher. */
export function section(md: string, heading: string): string {
  const start = md.startsWith(`${heading}\n`) ? 0 : md.indexOf(`\n${heading}\n`) + 1;
  if (start <= 0 && !md.startsWith(`${heading}\n`)) throw new Error(`no section "${heading}"`);
  const level = /^#+/.exec(heading)![0]!.length;
  const rest = md.slice(start + heading.length + 1);
  const end = rest.search(new RegExp(`^#{1,${level}} `, "m"));
  return end < 0 ? rest : rest.slice(0, end);
}

/** Each ```ts block with the ```text block that follows it, if the next ts-or-text block is one. */
export function examples(blocks: readonly DocBlock[]): { code: string; output: string | undefined }[] {
  return blocks.flatMap((b, i) => {
    if (b.lang !== "ts") return [];
    const next = blocks.slice(i + 1).find((x) => x.lang === "ts" || x.lang === "text");
    return [{ code: b.code, output: next?.lang === "text" ? next.code : undefined }];
  });
}

/**
 * Runs `code` as a reader runs a program: written to a file and started with `tspark --no-local file.ts` (a real
 * process, the preloaded names and `import ... from "tspark"` available). The file's folder is removed after.
 */
export function runDocScript(code: string, timeoutMs = 120_000): SpawnSyncReturns<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tspark-doc-"));
  try {
    const file = path.join(dir, "example.ts");
    fs.writeFileSync(file, `${code}\n`);
    return spawnSync(process.execPath, [path.join(ROOT, "bin/tspark.js"), "--no-local", file], {
      encoding: "utf8",
      timeout: timeoutMs,
      env: { ...process.env, NO_COLOR: "1", TSPARK_HISTORY: "" },
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs `code` in this process with `scope`'s names defined, as the shell would: TypeScript is transpiled (types
 * dropped, `import` made a `require`), top-level `await` allowed. A block written as a program imports from
 * "tspark", "./src/..." or "./test/helpers/..." (a page for contributors): those modules, loaded here, are what it
 * gets. Returns what it printed (console.log, process.stdout and the sessions' print, which writes there).
 */
export async function runInProcess(code: string, scope: Record<string, unknown>): Promise<string> {
  const ts = (await import("typescript")).default;
  const js = ts.transpileModule(code, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, esModuleInterop: false },
  }).outputText;
  const modules = new Map<string, unknown>();
  for (const m of js.matchAll(/require\("([^"]+)"\)/g)) {
    const spec = m[1]!;
    if (spec === "tspark") modules.set(spec, await import(path.join(ROOT, "src/index")));
    else if (/^\.\/(src|test\/helpers)\//.test(spec)) modules.set(spec, await import(path.join(ROOT, spec)));
    else throw new Error(`a docs block imports ${spec}: only "tspark", ./src/... and ./test/helpers/... are available to it`);
  }
  const requireShim = (spec: string): unknown => modules.get(spec);
  const names = bindableNames(scope);
  const out: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  const log = console.log;
  console.log = (...args: unknown[]) => out.push(`${args.map(String).join(" ")}\n`);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    out.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
    return true;
  }) as typeof process.stdout.write;
  try {
    const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<void>;
    // in a block of its own, so a block may declare a name the scope has (`const spark = ...`)
    await new AsyncFunction("require", "exports", "module", ...names, `{\n${js}\n}`)(requireShim, {}, { exports: {} }, ...names.map((n) => scope[n]));
  } finally {
    console.log = log;
    process.stdout.write = write;
  }
  return out.join("");
}
