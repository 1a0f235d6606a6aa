import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AwsConnection } from "../../src/connector/aws/connection";
import type { ShellEnvironment, startLocalEnvironment } from "../../src/shell/environment";
import type { createSessionFor } from "../../src/shell/session-factory";
import { type Driven, driveShell, loadNative } from "../shell/helpers/drive";

/**
 * README.md as a newcomer reads it (#15.9): every command and code block in it runs, and every output block matches
 * what the program prints, so this test fails when the README and the program disagree.
 *
 * - ```sh blocks and inline `npm ...` / `npx tspark ...`: the npm script exists, every `--flag` is in `tspark --help`.
 * - ```tspark blocks: typed at the prompt; inline `.command`s: run (or, for the interactive `.demo` and the
 *   argument-taking `.export`, found in `.help`).
 * - ```ts blocks: typed line by line into the shell, leading-dot chains as written; ```python blocks: pasted.
 * - ```text blocks: compared with what the shell printed (the per-batch counts as a pattern: the numbers vary).
 * - Links to files in the repository exist.
 *
 * The one substitution: `/tmp/kinesisCheckpoint` becomes a fresh temporary directory, because a shared machine and
 * a fresh emulator must not meet a checkpoint another run left there.
 */
const ROOT = path.join(__dirname, "../..");
const README = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
/** Pages other branches are writing (the Spark oracle, file sources/sinks): linked ahead of their merge. */
const PENDING_PAGES = new Set<string>();

interface Block {
  lang: string;
  code: string;
}

function blocks(md: string): Block[] {
  return [...md.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1]!, code: m[2]!.replace(/\n$/, "") }));
}

/** Inline code spans outside fenced blocks. */
function inlineSpans(md: string): string[] {
  const prose = md.replace(/^```[\s\S]*?^```$/gm, "");
  return [...prose.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!);
}

const all = blocks(README);
const byLang = (lang: string) => all.filter((b) => b.lang === lang);

function tsparkHelp(): string {
  const r = spawnSync(process.execPath, [path.join(ROOT, "bin/tspark.js"), "--help"], { encoding: "utf8" });
  expect(r.status).toBe(0);
  return r.stdout;
}

/** An `npm ...` / `npx tspark ...` command line: its script exists and its tspark flags are documented. */
function checkCommand(command: string, help: string): void {
  for (const part of command.split("&&").map((p) => p.trim())) {
    const words = part.split(/\s+/);
    if (words[0] === "npm") {
      const [verb, name] = [words[1]!, words[2]];
      if (verb === "install" || verb === "ci") continue;
      const script = verb === "run" ? name! : verb;
      expect(PKG.scripts, `README runs \`${part}\`: package.json has no script "${script}"`).toHaveProperty(script);
      const dashes = words.indexOf("--");
      if ((script === "start" || script === "test") && dashes >= 0) {
        for (const flag of words.slice(dashes + 1).filter((w) => w.startsWith("--"))) {
          expect(help, `README uses \`${part}\`: ${flag} is not in tspark --help`).toContain(flag);
        }
      }
    } else if (words[0] === "npx") {
      expect(words[1]).toBe("tspark");
    } else {
      throw new Error(`README command \`${part}\` is neither npm nor npx: add a check for it here`);
    }
  }
}

describe("README.md", () => {
  it("is one screen for a newcomer, not a manual", () => {
    expect(README.split("\n").length).toBeLessThanOrEqual(200);
  });

  it("every set-up command exists, with flags tspark --help lists", () => {
    const help = tsparkHelp();
    const commands = [
      ...byLang("sh").flatMap((b) => b.code.split("\n")),
      ...inlineSpans(README).filter((s) => /^(npm|npx) /.test(s)),
    ];
    expect(commands).toContain("npm install && npm start");
    expect(commands).toContain("npm test");
    for (const c of commands) checkCommand(c, help);
    // Flags named in prose (`--fresh`, `--aws`...) are tspark's, unless they belong to an npm command checked above.
    for (const flag of inlineSpans(README).filter((s) => /^--[a-z-]+$/.test(s))) expect(help, flag).toContain(flag);
  });

  it("every link to a file in the repository resolves", () => {
    for (const m of README.matchAll(/\]\(([^)#]+)(#[^)]*)?\)/g)) {
      const target = m[1]!;
      if (/^https?:/.test(target)) continue;
      if (PENDING_PAGES.has(target)) continue;
      expect(fs.existsSync(path.join(ROOT, target)), `README links to ${target}, which does not exist`).toBe(true);
    }
  });

  describe("the walkthrough, run in the shell on the embedded services", () => {
    let d: Driven | undefined;
    let env: ShellEnvironment | undefined;
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tspark-readme-"));
    const checkpoint = path.join(tmp, "kinesisCheckpoint");
    const local = (text: string) => text.replaceAll("/tmp/kinesisCheckpoint", checkpoint);
    const environment = () => loadNative<{ startLocalEnvironment: typeof startLocalEnvironment }>("src/shell/environment.ts");
    const sessions = () => loadNative<{ createSessionFor: typeof createSessionFor }>("src/shell/session-factory.ts");

    beforeAll(async () => {
      env = await environment().startLocalEnvironment({}, { fastTimings: true });
      d = driveShell({ session: sessions().createSessionFor(env), services: env.services });
      await d.waitFor("Local services ready", { timeoutMs: 90_000 });
    }, 120_000);
    afterAll(async () => {
      if (d) {
        d.line("for (const q of spark.streams.active) await q.stop()");
        await d.close(); // stops the services too
      } else await env?.services?.stop();
      fs.rmSync(tmp, { recursive: true, force: true }); // after the queries stopped: the sink writes its checkpoint
      loadNative<{ setDefaultConnection(c: AwsConnection | undefined): void }>("src/connector/aws/default-connection.ts").setDefaultConnection(
        undefined,
      );
    }, 60_000);

    /** Types `code` line by line; returns the output it produced once `until` appeared. */
    async function type(code: string, until: string | RegExp, timeoutMs = 60_000): Promise<string> {
      const mark = d!.mark();
      for (const line of local(code).split("\n")) d!.line(line);
      return d!.waitFor(until, { from: mark, timeoutMs });
    }

    const errors = /Error|Exception|Invalid REPL keyword|Unknown command|is not a function|terminated with/;

    it("the tspark block, the TypeScript, the PySpark and their output blocks", async () => {
      const [generate] = byLang("tspark");
      const [readTs, sinkTs] = byLang("ts");
      const [python] = byLang("python");
      const [batchText, noticeText] = byLang("text");
      expect([generate, readTs, sinkTs, python, batchText, noticeText].every(Boolean)).toBe(true);

      const fed = await type(generate!.code, /Generating .* into kinesis-source/);
      expect(fed).not.toMatch(errors);

      // The TypeScript, leading dots as written: one console query printing per-country counts per batch.
      const counted = await type(readTs!.code, /Batch: \d+\n-+\n\+-+\+-+\+\n\|\s+data\|count\|\n\+-+\+-+\+\n(\|.*\|\n)+\+-+\+-+\+/, 90_000);
      expect(counted).not.toMatch(errors);
      const table = counted.match(/-{43}\nBatch: \d+\n-{43}\n[\s\S]*?\+\n(?=\n|$)/)?.[0] ?? counted;
      expect(table).toMatch(batchPattern(batchText!.code));

      // The blog's PySpark, pasted: the one local-mode line, exactly as the README shows it.
      const pasted = await type(python!.code, noticeText!.code);
      expect(pasted.split(noticeText!.code).length - 1).toBe(1);
      expect(pasted).not.toMatch(errors);

      // The sink with its checkpoint, and the collected count as JSON.
      const sunk = await type(sinkTs!.code, /'\[\{"n":\d+\}\]'/, 90_000);
      expect(sunk).not.toMatch(errors);
      // The sink query commits its batches to the checkpoint.
      for (let i = 0; i < 120 && !fs.existsSync(path.join(checkpoint, "commits", "0")); i++) await new Promise((r) => setTimeout(r, 500));
      expect(fs.existsSync(path.join(checkpoint, "commits", "0"))).toBe(true);
    }, 300_000);

    it("every dot-command the README names runs (or, for .demo and .export, is in .help)", async () => {
      const help = await type(".help", ".exit");
      const spans = inlineSpans(README).filter((s) => /^\.[a-z]+/.test(s));
      expect(spans.length).toBeGreaterThan(5);
      for (const span of spans) {
        const name = span.split(" ")[0]!;
        if (name === ".demo" || name === ".export") {
          expect(help, `.help lists ${name}`).toContain(name);
          continue;
        }
        const mark = d!.mark();
        d!.line(local(span));
        d!.line('"done " + ' + JSON.stringify(span));
        const out = await d!.waitFor(`done ${span}`, { from: mark, timeoutMs: 60_000 });
        expect(out, span).not.toMatch(errors);
      }
    }, 180_000);
  });
});

/**
 * The README's batch table as a pattern: the same lines, with any batch number, column widths that fit the data
 * (a first batch may lack a country) and, per row, one of the README's countries with any count.
 */
function batchPattern(text: string): RegExp {
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const countries: string[] = [];
  const parts: string[] = [];
  for (const line of text.split("\n")) {
    const row = /^\|\s*(\w+)\|\s*(\d+)\|$/.exec(line);
    if (/^Batch: \d+$/.test(line)) parts.push("Batch: \\d+");
    else if (/^\+-+\+-+\+$/.test(line)) parts.push("\\+-+\\+-+\\+");
    else if (row) {
      countries.push(row[1]!);
      if (countries.length === 1) parts.push("ROWS");
    } else if (/^\|\s*data\|count\|$/.test(line)) parts.push("\\|\\s*data\\|count\\|");
    else parts.push(esc(line));
  }
  const rows = `(\\|\\s*(${countries.join("|")})\\|\\s*\\d+\\|\\n)+`;
  return new RegExp(`^${parts.join("\\n").replace("ROWS\\n", rows)}`);
}
