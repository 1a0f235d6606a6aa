import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Screen } from "./helpers/screen";

const BIN = join(__dirname, "..", "..", "bin", "tspark.js");
const hasScript = spawnSync("script", ["--version"], { encoding: "utf8" }).status === 0;

/**
 * The real `tspark` process on a pseudo-terminal (util-linux `script` allocates it), typed at as a user
 * would: what the terminal shows, and that Ctrl-C twice leaves with exit code 0.
 */
describe.skipIf(!hasScript)("tspark on a pseudo-terminal", () => {
  it("shows the banner and a prompt, evaluates, and leaves on Ctrl-C twice", async () => {
    const child = spawn("script", ["-qfec", `${process.execPath} ${BIN} --no-local`, "/dev/null"], {
      env: { ...process.env, TSPARK_HISTORY: "", NO_COLOR: "1", COLUMNS: "120", LINES: "40" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let raw = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (d: string) => {
      raw += d;
    });
    const screen = () => {
      const s = new Screen();
      s.write(raw.replace(/\r\n/g, "\n"));
      return s.text();
    };
    const waitFor = async (text: string) => {
      const started = Date.now();
      while (!screen().includes(text)) {
        if (Date.now() - started > 30_000) throw new Error(`timed out waiting for ${text}:\n${screen()}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    await waitFor("tspark>");
    expect(screen()).toContain("Mode: no AWS (--no-local: rate and memory sources only)");
    child.stdin.write("const x = 20 + 1\r");
    child.stdin.write("x * 2\r");
    await waitFor("42");
    child.stdin.write("\x03");
    await waitFor("(To exit, press Ctrl+C again or Ctrl+D or type .exit)");
    child.stdin.write("\x03");
    expect(await exited).toBe(0);
    expect(screen()).toMatch(/tspark> const x = 20 \+ 1\n(x \* 2\n)?tspark> x \* 2\n42\ntspark>/);
  });
});
