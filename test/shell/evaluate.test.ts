import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type Driven, driveShell } from "./helpers/drive";

/** The REPL's evaluation, driven through its input stream, asserting its exact output. */
describe("shell evaluation", () => {
  let d: Driven | undefined;
  afterEach(async () => {
    await d?.close();
    d = undefined;
  });
  const fakeSession = { streams: { active: [] } };

  it("top-level await, and declarations persist across inputs", async () => {
    d = driveShell({ session: fakeSession });
    d.line("const x: number = await Promise.resolve(41)");
    d.line("x + 1");
    await d.waitFor("42\n");
    d.line("function twice(n: number) { return n * 2 }");
    d.line("class Box { constructor(readonly v: number) {} }");
    d.line("twice(new Box(x).v)");
    await d.waitFor("82\n");
    d.line("const x = 'again'"); // a REPL lets a name be defined again
    d.line("x");
    await d.waitFor("'again'\n");
  });

  it("waits for more input on an unfinished chain, an open paren or a backslash", async () => {
    d = driveShell({ session: fakeSession });
    d.line("[1, 2, 3].");
    d.line("map((v) => v * 10)");
    await d.waitFor("[ 10, 20, 30 ]\n");
    d.line("Math.max(1,");
    d.line("7)");
    await d.waitFor("7\n");
    d.line("y = [1, 2] \\");
    d.line("  .length");
    d.line("y");
    await d.waitFor(/tspark> \.\.\. tspark> 2\n/);
  });

  it("prints errors as one block: syntax errors with the input and a caret, runtime errors without a stack", async () => {
    d = driveShell({ session: fakeSession });
    d.line("const a = 1 +* 2");
    const out = await d.waitFor("^");
    expect(out).toContain("SyntaxError: Expression expected. (line 1, column 14)\n  const a = 1 +* 2\n               ^");
    const m = d.mark();
    d.line("undefinedThing.foo()");
    const err = await d.waitFor("ReferenceError", { from: m });
    expect(err).toContain("ReferenceError: undefinedThing is not defined\n");
    expect(err).not.toContain("    at ");
    const m2 = d.mark();
    d.line(".trace");
    const trace = await d.waitFor("    at ", { from: m2 });
    expect(trace).toContain("ReferenceError: undefinedThing is not defined");
  });

  it("console.log in user code goes to the shell's output", async () => {
    d = driveShell({ session: fakeSession });
    d.line("console.log('hello', 1 + 1)");
    await d.waitFor("hello 2\n");
  });

  it("preloads spark and the public API, and `import ... from \"tspark\"` works", async () => {
    d = driveShell({ session: fakeSession });
    d.line("typeof spark === 'object' && typeof Trigger.ProcessingTime");
    await d.waitFor("'function'\n");
    d.line('import { Trigger as T } from "tspark"');
    d.line("T.ProcessingTime('2 seconds')");
    await d.waitFor("{ kind: 'ProcessingTime', intervalMs: 2000 }\n");
  });

  it("runs lines typed while an input is still running, in order, afterwards", async () => {
    d = driveShell({ session: fakeSession });
    d.line("await new Promise((r) => setTimeout(() => r('first'), 200))");
    d.line("'second'");
    const out = await d.waitFor("'second'\n");
    expect(out.indexOf("'first'")).toBeLessThan(out.indexOf("'second'"));
  });
});

describe("preloaded types", () => {
  it("pyspark-style type factories work with and without new", async () => {
    const d = driveShell({ session: { streams: { active: [] } } });
    d.line('StructType().add("id", LongType()).add("data", StringType()).add("date", TimestampType()).simpleString()');
    await d.waitFor("'struct<id:bigint,data:string,date:timestamp>'\n");
    d.line('new StructType().add("x", "int").simpleString()');
    await d.waitFor("'struct<x:int>'\n");
    await d.close();
  });
});

describe("REPL input forms", () => {
  it("an object literal alone is an object; export lines run as statements", async () => {
    const d = driveShell({ session: { streams: { active: [] } } });
    d.line("{ a: 1, b: 'x' }");
    await d.waitFor("{ a: 1, b: 'x' }\n");
    d.line("export const z = 5");
    d.line("z + 1");
    await d.waitFor("6\n");
    await d.close();
  });
});

describe("Spark errors from the engine", () => {
  it("AnalysisException and ParseException print as one block, no stack", async () => {
    const d = driveShell();
    d.line('spark.createDataFrame([[1, "x"]], "id INT, data STRING").select("nope")');
    const analysis = await d.waitFor(/AnalysisException: .*\n/);
    expect(analysis).toMatch(/^tspark> AnalysisException: \[UNRESOLVED_COLUMN[^\n]*`nope`[^\n]*\n/);
    expect(analysis).not.toContain("    at ");
    const m = d.mark();
    d.line('spark.createDataFrame([[1, "x"]], "id INT, data STRING").selectExpr("cast (data as")');
    const parse = await d.waitFor(/\^\^\^\n/, { from: m });
    expect(parse).toMatch(/ParseException: \[PARSE_SYNTAX_ERROR\][^\n]*\n\n== SQL ==\ncast \(data as\n-+\^\^\^\n/);
    expect(parse).not.toContain("    at ");
    await d.close();
  });

  it("a query that fails prints Spark's 'Query [id = ...] terminated with exception' once (#21.4)", async () => {
    const d = driveShell();
    const ck = JSON.stringify(join(mkdtempSync(join(tmpdir(), "tspark-fails-")), "ck"));
    d.line(`const q = spark.readStream.format("rate").load().writeStream.queryName("fails").option("checkpointLocation", ${ck}).foreachBatch(() => { throw new Error("boom") }).start()`);
    const out = await d.waitFor(/\(query fails; \.trace for the full stack\)/, { timeoutMs: 30_000 });
    expect(out).toMatch(/StreamingQueryException: Query \[id = [0-9a-f-]{36}, runId = [0-9a-f-]{36}\] terminated with exception: boom\n/);
    expect(out.match(/terminated with exception/g)).toHaveLength(1);
    await d.close();
  });
});
