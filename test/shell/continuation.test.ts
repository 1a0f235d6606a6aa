import { afterEach, describe, expect, it } from "vitest";
import { type Driven, driveShell } from "./helpers/drive";

/**
 * Leading-dot chains typed line by line (src/shell/continuation.ts): a declared builder waits for the next
 * line, a builder expression runs and is re-run whole when continued, anything else runs at once.
 */
describe("leading-dot chains, typed", () => {
  let d: Driven | undefined;
  afterEach(async () => {
    await d?.close();
    d = undefined;
  });

  it("a declared builder waits: the chain runs once, whole, when a line that does not continue it arrives", async () => {
    d = driveShell();
    d.line('const df = spark.createDataFrame([[1, "x"], [2, "y"]], "id INT, data STRING")');
    d.line('  .where("id > 1")');
    d.line('  .select("data")');
    d.line("df.count()");
    const out = await d.waitFor("1\n");
    expect(out).not.toMatch(/Error|Invalid REPL keyword/);
    expect(out).toContain("... ");
  });

  it("a blank Enter runs a held statement; a line ending with ';' runs at once", async () => {
    d = driveShell();
    d.line('const r = spark.readStream.format("rate")');
    d.line("");
    d.line("r.constructor.name");
    await d.waitFor("'DataStreamReader'");
    const m = d.mark();
    d.line('const s = StructType().add("a", "int");');
    d.line("s.fieldNames()");
    await d.waitFor("[ 'a' ]", { from: m });
  });

  it("`const q = await df.writeStream` waits for its chain: the await is for the .start() at its end", async () => {
    d = driveShell();
    d.line('const counts = spark.readStream.format("rate").load().groupBy().count()');
    d.line("");
    d.line("const q = await counts.writeStream");
    d.line('  .format("memory")                 // a comment after a step');
    d.line('  .queryName("awaited_chain")');
    d.line('  .outputMode("complete")');
    d.line("  .start();");
    d.line("q.constructor.name");
    const out = await d.waitFor("'StreamingQuery'");
    expect(out).not.toMatch(/Error|continues a statement/);
    d.line("await q.stop()");
    const m = d.mark();
    d.line('const input = new MemoryStream("word STRING", spark)');
    d.line("const q2 = await input.toDF().writeStream");
    d.line('  .format("memory")');
    d.line('  .queryName("awaited_memory_chain")');
    d.line("  .start()");
    d.line("q2.constructor.name");
    const out2 = await d.waitFor("'StreamingQuery'", { from: m });
    expect(out2).not.toMatch(/Error|continues a statement/);
    d.line("await q2.stop()");
  });

  it("a builder expression runs at once and is re-run whole when the next line continues it", async () => {
    d = driveShell();
    d.line('spark.createDataFrame([[1, "x"]], "id INT, data STRING")');
    await d.waitFor("DataFrame[id: int, data: string]");
    const m = d.mark();
    d.line('  .select("data")');
    await d.waitFor("DataFrame[data: string]", { from: m });
  });

  it("an expression that is not a builder runs at once; a dot line after it says why it cannot continue", async () => {
    d = driveShell();
    d.line("20 + 22");
    await d.waitFor("42\n");
    d.line(".toString()");
    await d.waitFor("'.toString' continues a statement, but the one before it has already run");
    d.line(".nosuchcommand");
    await d.waitFor("Unknown command .nosuchcommand: .help lists the commands.");
    d.line(".streams");
    await d.waitFor("No active streaming queries.");
  });

  it("a held statement runs when the input ends (a piped script's last line)", async () => {
    d = driveShell();
    d.line('const last = spark.createDataFrame([[1]], "id INT").where([console.log("ran at the end"), "id > 0"][1])');
    await new Promise((r) => setTimeout(r, 200));
    expect(d.raw()).not.toContain("ran at the end");
    (d.shell.repl as unknown as { input: NodeJS.WritableStream }).input.end();
    await d.shell.closed;
    expect(d.raw()).toContain("ran at the end");
  });
});
