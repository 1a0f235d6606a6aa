/**
 * The code blocks of the chained-operator sections of docs/engine.md and docs/joins.md run: each ```ts block is run
 * as the shell would run it, with the shell's preloaded names (`spark`, `window`, `window_time`, `expr`,
 * `MemoryStream` ...), and what it prints is compared with the ```text block that follows it, when there is one.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import "../../src/connector/register";
import { SparkSession } from "../../src/engine/session";
import { preloadedNames } from "../../src/shell/globals";
import { bindableNames } from "../helpers/doc-scope";
import { streamingSession } from "../helpers/stream-test";

const ROOT = path.join(__dirname, "../..");

/** The part of `page` under `heading` (up to the next heading of the same or a higher level). */
function section(page: string, heading: string): string {
  const md = fs.readFileSync(path.join(ROOT, "docs", page), "utf8");
  const start = md.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`docs/${page} has no section "${heading}"`);
  const level = /^#+/.exec(heading)![0]!.length;
  const rest = md.slice(start + heading.length + 2);
  const end = rest.search(new RegExp(`^#{1,${level}} `, "m"));
  return end < 0 ? rest : rest.slice(0, end);
}

function blocks(md: string): { lang: string; code: string }[] {
  return [...md.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1]!, code: m[2]! }));
}

/** Runs a ts block with the shell's names in scope; returns what it printed with console.log / show(). */
async function run(code: string): Promise<string> {
  const spark = streamingSession(new SparkSession());
  const names = preloadedNames(spark);
  const keys = bindableNames(names);
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
    await new AsyncFunction(...keys, code)(...keys.map((k) => names[k]));
  } finally {
    console.log = log;
    process.stdout.write = write;
  }
  return out.join("");
}

const SECTIONS: [string, string][] = [
  ["engine.md", "## Chains of stateful operators"],
  ["joins.md", "### A join followed by an aggregation"],
];

describe.each(SECTIONS)("docs/%s, section %s", (page, heading) => {
  const found = blocks(section(page, heading));
  it("has a ts block", () => {
    expect(found.some((b) => b.lang === "ts")).toBe(true);
  });
  for (const [i, b] of found.entries()) {
    if (b.lang !== "ts") continue;
    const printed = found[i + 1]?.lang === "text" ? found[i + 1]!.code : undefined;
    it(`block ${i} runs${printed === undefined ? "" : " and prints what the page shows"}`, async () => {
      const out = await run(b.code);
      // CHAIN_DOCS_DUMP=/tmp/x writes what each block printed, to refresh a page's ```text block after a change
      if (process.env.CHAIN_DOCS_DUMP) fs.writeFileSync(`${process.env.CHAIN_DOCS_DUMP}-${page}-${i}.txt`, out);
      if (printed !== undefined) expect(out).toBe(printed);
    }, 60_000);
  }
});
