import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { type Driven, driveShell } from "./helpers/drive";

const run = promisify(execFile);
/** `tspark <script>`; --no-local because these sessions need no Kinesis (and the embedded services take seconds). */
const tspark = (script: string, cwd: string) => run(process.execPath, [join(root, "bin", "tspark.js"), "--no-local", script], { cwd });
const root = join(__dirname, "..", "..");

describe(".save", () => {
  let d: Driven | undefined;
  afterEach(async () => {
    await d?.close();
    d = undefined;
  });

  it("writes the session as a Markdown notebook and as a script that re-runs it with tspark", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tspark-save-"));
    d = driveShell();
    d.line("const base = 20 + 1");
    await d.waitFor("tspark> ", { from: d.mark() });
    let m = d.mark();
    d.line("base * 2");
    await d.waitFor("42", { from: m });
    m = d.mark();
    // pyspark forms: assignment without const, print, True
    d.line("answer = base * 2");
    d.line("print(answer)");
    await d.waitFor("42\n", { from: m });
    m = d.mark();
    d.line("const base = 1");
    d.line('throw new Error("boom")');
    await d.waitFor("boom", { from: m });
    m = d.mark();
    d.line(`.save ${join(dir, "notebook.md")}`);
    await d.waitFor("Saved 6 inputs", { from: m });
    m = d.mark();
    d.line(`.save ${join(dir, "session.ts")}`);
    await d.waitFor("Saved 6 inputs", { from: m });

    const md = readFileSync(join(dir, "notebook.md"), "utf8");
    expect(md).toContain("```ts\nbase * 2\n```\n\n```text\n42\n```");
    expect(md).toContain("```python\nprint(answer)\n```");
    expect(md).toContain("```ts\nconsole.log(answer)\n```");
    expect(md).toContain("```text\n42\n```");
    expect(md).not.toContain(".save");

    const script = readFileSync(join(dir, "session.ts"), "utf8");
    expect(script).toContain("let base = 20 + 1;");
    expect(script).toContain("\nbase = 1;");
    expect(script).toContain('// (failed) throw new Error("boom")');
    expect(script).toContain("console.log(answer)");

    const { stdout } = await tspark(join(dir, "session.ts"), dir);
    expect(stdout).toBe("42\n");
  });

  it("a session with a streaming query: the script re-runs it, drains the query and exits 0", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tspark-save-stream-"));
    d = driveShell();
    let m = d.mark();
    d.line('const input = new MemoryStream("value INT", spark)');
    d.line("input.addData([1], [2], [3])");
    d.line('const q = await input.toDF().selectExpr("value * 2 AS doubled").writeStream.format("console").queryName("doubler").start()');
    d.line("await q.processAllAvailable()");
    await d.waitFor("Batch: 0", { from: m });
    m = d.mark();
    d.line(".streams");
    await d.waitFor("doubler", { from: m });
    m = d.mark();
    d.line(`.save ${join(dir, "stream.ts")}`);
    await d.waitFor("Saved 5 inputs", { from: m });
    const script = readFileSync(join(dir, "stream.ts"), "utf8");
    expect(script).toContain("// (shell command) .streams");
    const { stdout } = await tspark(join(dir, "stream.ts"), dir);
    expect(stdout).toContain("Batch: 0");
    expect(stdout).toMatch(/\|\s*doubled\|/);
    expect(stdout).toMatch(/\|\s*6\|/);
  });

  it("a saved session whose query was started without await, in a leading-dot chain, re-runs and exits 0 (#15.4)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tspark-save-noawait-"));
    d = driveShell();
    const m = d.mark();
    d.line('const events = spark.readStream.format("rate").option("rowsPerSecond", 20).load()');
    d.line('const toSink = (events.selectExpr("CAST(value AS STRING) AS partitionKey", "timestamp")');
    d.line('  .writeStream.format("console").queryName("to_sink").outputMode("append")');
    d.line(`  .option("checkpointLocation", ${JSON.stringify(join(dir, "ck"))})`);
    d.line("  .start())");
    d.line("await toSink.processAllAvailable()");
    d.line(`.save ${join(dir, "noawait.ts")}`);
    await d.waitFor("Saved 3 inputs", { from: m, timeoutMs: 30_000 });
    const script = readFileSync(join(dir, "noawait.ts"), "utf8");
    expect(script).toContain("  .start());");
    await d.close(); // the shell's query holds the checkpoint until it stops
    d = undefined;
    const r = await tspark(join(dir, "noawait.ts"), dir);
    expect(r.stderr).toBe("");
  });
});
