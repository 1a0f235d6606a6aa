import { spawn, spawnSync } from "node:child_process";
import { connect } from "node:net";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Screen } from "./helpers/screen";

const BIN = join(__dirname, "..", "..", "bin", "tspark.js");
const hasScript = spawnSync("script", ["--version"], { encoding: "utf8" }).status === 0;

/**
 * The real `tspark` process on a pseudo-terminal (util-linux `script` allocates it), typed at as a user
 * would: what the terminal shows, and that Ctrl-C twice leaves with exit code 0.
 */
function startTspark(args: string) {
  const child = spawn("script", ["-qfec", `stty cols 120 rows 40 2>/dev/null; ${process.execPath} ${BIN} ${args}`, "/dev/null"], {
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
  // (below the test's own 60 s timeout, so a wait that never ends fails with the screen it saw, not just "timed out")
  const waitFor = async (text: string | RegExp, timeoutMs = 40_000) => {
    const started = Date.now();
    const hit = () => (typeof text === "string" ? screen().includes(text) : text.test(screen()));
    while (!hit()) {
      if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${String(text)}:\n${screen()}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const exitCode = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  // (likewise: a shell that does not leave within 40 s of being awaited fails with what it showed last)
  const exited: PromiseLike<number | null> = {
    // biome-ignore lint/suspicious/noThenProperty: a thenable on purpose, so the exit wait's clock starts when it is awaited
    then: (onExit, onError) =>
      Promise.race([
        exitCode,
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`tspark did not exit within 40 s:\n${screen()}`)), 40_000).unref()),
      ]).then(onExit, onError),
  };
  return { child, screen, waitFor, exited };
}

function portOpen(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
  });
}

describe.skipIf(!hasScript)("tspark on a pseudo-terminal", () => {
  it("shows the banner and a prompt, evaluates, and leaves on Ctrl-C twice", async () => {
    const { child, screen, waitFor, exited } = startTspark("--no-local");
    await waitFor("tspark>");
    expect(screen()).toContain("Mode: no AWS (--no-local: rate and memory sources only)");
    // The web UI announces itself above the prompt just after it appears (docs/ui.md); wait for it so that the
    // exact transcript below is not interleaved with it.
    await waitFor(/Spark context Web UI available at http:\/\/127\.0\.0\.1:\d+\ntspark>/);
    child.stdin.write("const x = 20 + 1\r");
    child.stdin.write("x * 2\r");
    await waitFor("42");
    child.stdin.write("\x03");
    await waitFor("(To exit, press Ctrl+C again or Ctrl+D or type .exit)");
    child.stdin.write("\x03");
    expect(await exited).toBe(0);
    expect(screen()).toMatch(/tspark> const x = 20 \+ 1\n(x \* 2\n)?tspark> x \* 2\n42\ntspark>/);
  });

  it("local mode: embedded services and demo streams in the banner, .shards, and nothing left running after .exit", async () => {
    const { child, screen, waitFor, exited } = startTspark("");
    await waitFor("tspark>");
    const banner = screen();
    expect(banner).toContain("Mode: local (embedded AWS services on 127.0.0.1; nothing leaves this machine)");
    expect(banner).toContain("streams                  kinesis-source (2 shards), kinesis-sink (2 shards)");
    const endpoints = [...banner.matchAll(/^\s+(?:kinesis \(kinesis-local\)|dynamodb|s3)\s+(http:\/\/127\.0\.0\.1:\d+)$/gm)].map((m) => m[1]!);
    expect(endpoints).toHaveLength(3);
    child.stdin.write(".shards kinesis-source\r");
    await waitFor("Stream kinesis-source: 2 shards (2 open)");
    expect(screen()).toMatch(/shardId-000000000000\s+open\s+-\s+-\s+0\.\.\d+/);
    child.stdin.write(".exit\r");
    expect(await exited).toBe(0);
    for (const url of endpoints) expect(await portOpen(url)).toBe(false);
  });

  /** The README's TypeScript walkthrough ("The blog walkthrough in tspark"), as a user copies it. */
  const README_WALKTHROUGH = [
    'const kinesis = spark.readStream.format("aws-kinesis")',
    '  .option("kinesis.streamName", "kinesis-source")',
    '  .option("kinesis.consumerType", "GetRecords")',
    '  .option("kinesis.startingposition", "TRIM_HORIZON")',
    "  .load()",
    'const pythonSchema = StructType().add("id", LongType()).add("data", StringType()).add("date", TimestampType())',
    "const events = kinesis",
    '  .selectExpr("cast (data as STRING) jsonData")',
    '  .select(from_json("jsonData", pythonSchema).alias("events"))',
    '  .select("events.*")',
    'const counts = events.groupBy("data").count().writeStream.format("console").outputMode("complete").start()',
  ];
  const COUNTRY_ROW = /^\|\s*(Spain|Portugal|Finland|France)\|\s*\d+\|$/m;

  async function walkthrough(send: (t: ReturnType<typeof startTspark>) => Promise<void>) {
    const t = startTspark("");
    await t.waitFor("tspark>");
    t.child.stdin.write(".generate start --stream kinesis-source --rate 10 --template blog\r");
    await t.waitFor("Generating the 'blog' template");
    await send(t);
    // Any batch's table: the embedded data is kept between sessions (earlier tests' records are there too) and the
    // live view redraws only each query's latest table, so batch 1 itself may never be drawn.
    await t.waitFor(/Batch: \d+\n-+\n\+-+\+-+\+\n\|\s+data\|count\|/);
    const out = t.screen();
    t.child.stdin.write(".exit\r");
    expect(await t.exited).toBe(0);
    expect(out).toMatch(COUNTRY_ROW);
    expect(out).not.toMatch(/Invalid REPL keyword|is not a function|Error/);
    return out;
  }

  it("the README walkthrough typed line by line: leading-dot lines continue the statement, counts appear", async () => {
    const out = await walkthrough(async (t) => {
      for (const line of README_WALKTHROUGH) {
        t.child.stdin.write(`${line}\r`);
        await new Promise((r) => setTimeout(r, 100));
      }
    });
    // Each chain ran once, whole: the screen shows it as one input, continued with `...`.
    expect(out).toContain('tspark> const kinesis = spark.readStream.format("aws-kinesis")\n...   .option("kinesis.streamName", "kinesis-source")');
    expect(out).toContain('...   .select("events.*")\ntspark> const counts');
  }, 90_000);

  it("the README walkthrough pasted as one block (bracketed paste): counts appear, one prompt after the paste", async () => {
    const out = await walkthrough(async (t) => {
      t.child.stdin.write(`\x1b[200~${README_WALKTHROUGH.join("\r")}\r\x1b[201~`);
    });
    expect(out).not.toContain("tspark> tspark>");
  }, 90_000);

  it("leading-dot lines and dot-commands: a held builder runs on a blank Enter, an unknown command points to .help", async () => {
    const { child, screen, waitFor, exited } = startTspark("--no-local");
    await waitFor("tspark>");
    child.stdin.write('const r = spark.readStream.format("rate")\r');
    await waitFor(/^\.\.\.\s*$/m); // held: the `...` prompt waits for a possible `.option(...)`
    child.stdin.write('  .option("rowsPerSecond", 5)\r');
    child.stdin.write("\r");
    child.stdin.write("r.constructor.name\r");
    await waitFor("'DataStreamReader'");
    child.stdin.write(".frobnicate\r");
    await waitFor("Unknown command .frobnicate: .help lists the commands.");
    child.stdin.write(".streams\r");
    await waitFor("No active streaming queries.");
    child.stdin.write(".exit\r");
    expect(await exited).toBe(0);
    expect(screen()).not.toContain("Invalid REPL keyword");
  }, 60_000);

  it("live output: at a high batch rate the latest table is redrawn in place with the count skipped; .live scroll prints every batch", async () => {
    const { child, screen, waitFor, exited } = startTspark("--no-local");
    await waitFor("tspark>");
    child.stdin.write('const input = new MemoryStream("v INT", spark);\r');
    child.stdin.write("const feed = setInterval(() => input.addData([1]), 20);\r");
    child.stdin.write('const q = input.toDF().groupBy().count().writeStream.format("console").outputMode("complete").queryName("fast").start()\r');
    // Several batches arrive between two draws: the board says how many were not drawn.
    await waitFor(/\[fast\] batch \d+, \d+ more since the last drawn/, 30_000);
    child.stdin.write("const typed = 6 *");
    await waitFor(/\[fast\] batch \d+, \d+ more since the last drawn[\s\S]*tspark> const typed = 6 \*$/, 30_000);
    const compact = screen();
    if (process.env.TSPARK_SHOW_SCREEN) console.log(compact);
    const drawn = compact.match(/^Batch: \d+$/gm)?.length ?? 0;
    const lastDrawn = Math.max(...[...compact.matchAll(/^Batch: (\d+)$/gm)].map((m) => Number(m[1])));
    expect(drawn).toBeLessThan(lastDrawn + 1); // fewer tables drawn than batches run
    // The typed text is still the prompt line, under the board.
    expect(compact.split("\n").at(-1)).toBe("tspark> const typed = 6 *");
    child.stdin.write(" 7\r");
    child.stdin.write(".live scroll\r");
    await waitFor("Batch tables: scroll");
    const m = screen().length;
    await waitFor(new RegExp(`^[\\s\\S]{${m}}(?:[\\s\\S]*^Batch: \\d+$){3}`, "m"), 30_000);
    const after = screen().slice(m);
    const ids = [...after.matchAll(/^Batch: (\d+)$/gm)].map((x) => Number(x[1]));
    // Scrolling: consecutive batches, each printed.
    for (let i = 1; i < ids.length; i++) expect(ids[i]).toBe(ids[i - 1]! + 1);
    child.stdin.write("clearInterval(feed)\r");
    child.stdin.write(".exit\r");
    expect(await exited).toBe(0);
  }, 90_000);
});
