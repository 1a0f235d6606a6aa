import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * docs/ui.md as a reader uses it: `tspark --no-local` started as the page says (in a child process, its stdin
 * piped: typed lines, as a user types them), its start-up lines compared with the page's ```text block, every
 * ```ts block typed at the prompt, the inline `.ui` run, every `curl` of the ```sh blocks fetched and every
 * `npm run` found in package.json; the query the page starts is then on the page's API, with its state.
 *
 * The one substitution: the page's port 4040 is whatever free port the shell took (TSPARK_UI_PORT=0, as
 * vitest.config.ts sets for every shell a test starts), so a shell or a Spark driver on 4040 does not matter.
 */
const ROOT = path.join(__dirname, "../..");
const PAGE = fs.readFileSync(path.join(ROOT, "docs/ui.md"), "utf8");
const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string; scripts: Record<string, string> };

const blocks = (lang: string): string[] =>
  [...PAGE.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].filter((m) => m[1] === lang).map((m) => m[2]!.replace(/\n$/, ""));
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const errors = /Error|Exception|Invalid REPL keyword|Unknown command|is not a function|terminated with/;

describe("docs/ui.md, run as a reader runs it", () => {
  let child: ChildProcessWithoutNullStreams;
  let out = "";
  let url = "";

  /** Waits for `pattern` in what the shell printed after `from`; returns that part of the output. */
  async function waitFor(pattern: RegExp, from: number, timeoutMs = 60_000): Promise<string> {
    const started = Date.now();
    for (;;) {
      const part = out.slice(from);
      if (pattern.test(part)) return part;
      if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${pattern}; the shell printed:\n${part}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async function type(code: string, until: RegExp, timeoutMs?: number): Promise<string> {
    const from = out.length;
    for (const line of code.split("\n")) child.stdin.write(`${line}\n`);
    return waitFor(until, from, timeoutMs);
  }

  beforeAll(async () => {
    const [start] = blocks("text");
    const command = start!.split("\n")[0]!;
    // The page starts the shell with `npm start -- --no-local`: the same program and flags, without npm around it.
    expect(command).toBe("$ npm start -- --no-local");
    expect(PKG.scripts.start).toBe("node bin/tspark.js");
    child = spawn(process.execPath, [path.join(ROOT, "bin/tspark.js"), "--no-local"], { cwd: ROOT, env: { ...process.env, TSPARK_UI_PORT: "0" } });
    child.stdout.setEncoding("utf8");
    child.stderr.setEncoding("utf8");
    child.stdout.on("data", (d: string) => {
      out += d;
    });
    child.stderr.on("data", (d: string) => {
      out += d;
    });
    const shown = await waitFor(/Spark context Web UI available at (http:\/\/127\.0\.0\.1:\d+)/, 0, 90_000);
    url = /Spark context Web UI available at (http:\/\/127\.0\.0\.1:\d+)/.exec(shown)![1]!;
  }, 120_000);

  afterAll(async () => {
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.stdin.write("for (const q of spark.streams.active) await q.stop()\n.exit\n");
    const timer = setTimeout(() => child.kill(), 30_000);
    await exited;
    clearTimeout(timer);
  }, 60_000);

  it("every picture and file the page links to exists", () => {
    const targets = [...PAGE.matchAll(/\]\(([^)#]+)\)/g)].map((m) => m[1]!).filter((t) => !/^https?:/.test(t));
    expect(targets).toContain("ui-screenshot.png");
    for (const t of targets) expect(fs.existsSync(path.join(ROOT, "docs", t)), `docs/ui.md links to ${t}`).toBe(true);
  });

  it("the start-up lines are the ones the page shows (any port, any Node version)", () => {
    const [start] = blocks("text");
    const expected = start!
      .split("\n")
      .slice(1)
      .filter((l) => l.trim() !== "tspark>")
      .map((l) =>
        esc(l)
          .replace(esc(`tspark ${PKG.version}`), `tspark ${esc(PKG.version)}`)
          .replace(/node v\S+/, "node v\\S+")
          .replace("127\\.0\\.0\\.1:4040", "127\\.0\\.0\\.1:\\d+"),
      );
    // Piped, the prompt is not redrawn: the UI line follows "tspark> " on its line, where a terminal shows it above.
    const printed = out
      .split("\n")
      .map((l) => l.replace(/^(tspark> )+/, ""))
      .filter((l) => l.trim() !== "");
    let at = 0;
    for (const line of expected) {
      const i = printed.findIndex((p, k) => k >= at && new RegExp(`^${line}$`).test(p));
      expect(i, `the shell printed a line like "${line}"; it printed:\n${printed.join("\n")}`).toBeGreaterThanOrEqual(0);
      at = i + 1;
    }
  });

  it("the ts blocks, typed at the prompt, start the query the page shows, with its state and watermark", async () => {
    const [startQuery, memory] = blocks("ts");
    expect(startQuery).toMatch(/queryName\("rates"\)/);
    const started = await type(`${startQuery}\n"started"`, /'started'/);
    expect(started).not.toMatch(errors);

    // The page's API lists it, and its records reach the state operator and the watermark (eventTime).
    let rates: { status: string; lastProgress?: { stateOperators: { memoryUsedBytes: number }[]; eventTime: { watermark?: string } } } | undefined;
    for (let i = 0; i < 150; i++) {
      const list = (await (await fetch(`${url}/api/streaming/queries`)).json()) as (typeof rates & { name: string })[];
      rates = list.find((q) => q.name === "rates");
      if (rates?.lastProgress?.stateOperators.length) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(rates?.status).toBe("RUNNING");
    expect(rates?.lastProgress?.eventTime.watermark).toBeDefined();

    // Once a batch ran: the memory the page shows, read from the progress as the second block does.
    const printedNumber = /^(?:tspark> )*(\d+)$/m;
    const read = await type(memory!, printedNumber);
    expect(read).not.toMatch(errors);
    expect(Number(printedNumber.exec(read)![1])).toBeGreaterThan(0);
  }, 120_000);

  it("`.ui` prints the address, and every curl and npm command of the page works", async () => {
    expect(PAGE).toContain("`.ui`");
    const printed = await type(".ui", new RegExp(esc(`${url}/StreamingQuery/`)));
    expect(printed).toContain(url);

    const commands = blocks("sh").flatMap((b) => b.split("\n"));
    expect(commands.length).toBeGreaterThanOrEqual(3);
    for (const command of commands) {
      const words = command.trim().split(/\s+/);
      if (words[0] === "npm") {
        expect(PKG.scripts, command).toHaveProperty(words[1] === "run" ? words[2]! : words[1]!);
        continue;
      }
      expect(words[0], `${command}: only curl and npm commands are checked here`).toBe("curl");
      const target = words.find((w) => w.startsWith("http://127.0.0.1:4040/"))!.replace("http://127.0.0.1:4040", url);
      const res = await fetch(target, { signal: AbortSignal.timeout(10_000) });
      expect(res.status, command).toBe(200);
      if (words.includes("-sN")) {
        // curl -N follows the event stream: its first bytes are the stream's opening comment
        expect(res.headers.get("content-type")).toBe("text/event-stream");
        const reader = res.body!.getReader();
        const first = new TextDecoder().decode((await reader.read()).value);
        expect(first).toMatch(/^: tspark streaming events/);
        await reader.cancel();
      } else {
        const list = (await res.json()) as { name: string }[];
        expect(list.map((q) => q.name)).toContain("rates");
      }
    }
  }, 60_000);
});
