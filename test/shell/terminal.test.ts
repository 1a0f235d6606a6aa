import { afterEach, describe, expect, it } from "vitest";
import { type Driven, driveShell } from "./helpers/drive";

/**
 * The shell on a terminal (readline in terminal mode over PassThrough; the Screen helper applies the
 * cursor and erase sequences, so assertions are on what the user sees).
 */
describe("shell on a terminal", () => {
  let d: Driven | undefined;
  afterEach(async () => {
    await d?.close();
    d = undefined;
  });

  /** A stand-in query so Ctrl-C confirmation and stop-on-exit have something to act on. */
  function fakeQuery(name: string) {
    const q = {
      id: "0f0e0d0c-0000-4000-8000-000000000001",
      name,
      isActive: true,
      lastProgress: { batchId: 3, processedRowsPerSecond: 12.5 },
      stop: async () => {
        q.isActive = false;
      },
    };
    return q;
  }

  it("live output appears above the prompt and keeps what the user is typing", async () => {
    d = driveShell({ terminal: true, session: { streams: { active: [] } } });
    await d.waitFor("tspark> ");
    d.type("Math.ma");
    await d.waitFor("Math.ma");
    d.shell.print("-------------------------------------------\nBatch: 0\n-------------------------------------------");
    d.shell.print("+-------+-----+\n|   data|count|\n+-------+-----+\n|  Spain|    3|\n+-------+-----+");
    const screen = d.screen().text().split("\n");
    expect(screen).toEqual([
      "-------------------------------------------",
      "Batch: 0",
      "-------------------------------------------",
      "+-------+-----+",
      "|   data|count|",
      "+-------+-----+",
      "|  Spain|    3|",
      "+-------+-----+",
      "tspark> Math.ma",
    ]);
    expect(d.screen().cursorLine()).toEqual({ text: "tspark> Math.ma", col: "tspark> Math.ma".length });
    // The typed line is still the input: finishing it evaluates the whole text.
    d.type("x(3, 5)\r");
    await d.waitFor("5\n");
  });

  it("Ctrl-C while awaiting returns to the prompt, the shell stays usable", async () => {
    d = driveShell({ terminal: true, session: { streams: { active: [] } } });
    await d.waitFor("tspark> ");
    d.line("await new Promise(() => {})");
    await new Promise((r) => setTimeout(r, 100));
    d.ctrlC();
    await d.waitFor("Interrupted.");
    d.line("1 + 2");
    await d.waitFor("3\n");
    expect(d.screen().text()).toMatch(/tspark> await new Promise\(\(\) => \{\}\)\nInterrupted\.\ntspark> 1 \+ 2\n3\ntspark>/);
  });

  it("Ctrl-C twice on an empty line leaves; with an active query it asks once more, then stops it", async () => {
    const q = fakeQuery("counts");
    const session = { streams: { get active() { return q.isActive ? [q] : []; } } };
    d = driveShell({ terminal: true, session });
    await d.waitFor("tspark> ");
    d.type("half typed");
    d.ctrlC(); // clears the line, no exit message
    d.ctrlC();
    await d.waitFor("(To exit, press Ctrl+C again or Ctrl+D or type .exit)");
    d.ctrlC();
    await d.waitFor("1 streaming query is running (counts). Press Ctrl+C again to stop it and exit.");
    expect(q.isActive).toBe(true);
    d.ctrlC();
    await d.shell.closed;
    expect(q.isActive).toBe(false);
  });

  it("Tab after .option(\"kinesis. lists the Kinesis options with their defaults", async () => {
    d = driveShell({ terminal: true, session: { streams: { active: [] } } });
    await d.waitFor("tspark> ");
    d.type('Math.maat("aws-kinesis").option("kinesis.');
    d.tab();
    const out = await d.waitFor("kinesis.startingPosition");
    expect(out).toMatch(/kinesis\.startingPosition\s+LATEST/);
    expect(out).toMatch(/kinesis\.consumerType\s+GetRecords/);
    expect(out).toContain("kinesis.streamName");
    // The typed line is intact under the list.
    expect(d.screen().cursorLine().text).toBe('tspark> Math.maat("aws-kinesis").option("kinesis.');
  });

  it("Tab completes option values, format names, dot-commands and members", async () => {
    d = driveShell({ terminal: true, session: { streams: { active: [] } } });
    await d.waitFor("tspark> ");
    d.type('x.option("kinesis.startingPosition", "TR');
    d.tab();
    await d.waitFor('"TRIM_HORIZON');
    d.ctrlC();
    d.type('x.format("aws-k');
    d.tab();
    await d.waitFor('format("aws-kinesis');
    d.ctrlC();
    d.type(".str");
    d.tab();
    await d.waitFor(".streams");
    d.ctrlC();
    d.type("Trigger.Proc");
    d.tab();
    await d.waitFor("Trigger.ProcessingTime");
  });

  it("Tab completes methods along a chain on the real API without calling anything", async () => {
    d = driveShell({ terminal: true });
    await d.waitFor("tspark> ");
    d.type('spark.readStream.format("rate").load().selectE');
    d.tab();
    await d.waitFor("load().selectExpr");
    d.ctrlC();
    d.type('col("a").ali');
    d.tab();
    await d.waitFor('col("a").alias');
    d.ctrlC();
    const m = d.mark();
    d.type("spark.streams.");
    d.tab();
    d.tab();
    const out = await d.waitFor("awaitAnyTermination", { from: m });
    expect(out).not.toMatch(/\b_\w+/);
  });

  it("with a real query: batch tables arrive while typing, Ctrl-C leaves awaitTermination, the query keeps running", async () => {
    d = driveShell({ terminal: true });
    await d.waitFor("tspark> ");
    d.line(
      'const q = spark.readStream.format("rate").option("rowsPerSecond", 20).load().selectExpr("value % 3 AS k").' +
        'groupBy("k").count().writeStream.outputMode("complete").format("console").queryName("ticks").start()',
    );
    await d.waitFor("Batch: 0");
    d.type("const typed = 6 *");
    const seen = d.mark();
    await d.waitFor("Batch: 2", { from: seen });
    // Tables were written above; the half-typed input is still the last line, cursor at its end.
    expect(d.screen().cursorLine()).toEqual({ text: "tspark> const typed = 6 *", col: "tspark> const typed = 6 *".length });
    d.type(" 7\r");
    d.line("typed");
    await d.waitFor("42\n");
    d.line("await q.awaitTermination()");
    await new Promise((r) => setTimeout(r, 200));
    d.ctrlC();
    await d.waitFor("Interrupted. 1 query keeps running (.streams to list, .stop to stop).");
    const m = d.mark();
    d.line("q.isActive");
    await d.waitFor("true", { from: m });
    d.line(".stop ticks");
    await d.waitFor("Stopped ticks.");
  });

  it(".streams lists active queries and .stop stops one", async () => {
    const q = fakeQuery("counts");
    const session = { streams: { get active() { return q.isActive ? [q] : []; } } };
    d = driveShell({ terminal: false, session });
    d.line(".streams");
    const out = await d.waitFor("active");
    expect(out).toContain("id        name    batch  rows/s  state\n--------  ------  -----  ------  ------\n0f0e0d0c  counts  3      12.5    active");
    d.line(".stop counts");
    await d.waitFor("Stopped counts.");
    expect(q.isActive).toBe(false);
  });
});

describe("completion knows a reader from a writer", () => {
  let d: Driven | undefined;
  afterEach(async () => {
    await d?.close();
    d = undefined;
  });

  it("a reader is offered source formats and no sink keys; a writer sink formats and sink keys", async () => {
    d = driveShell({ terminal: true });
    await d.waitFor("tspark> ");
    let m = d.mark();
    d.type('spark.readStream.format("');
    d.tab();
    d.tab();
    let out = await d.waitFor("rate", { from: m });
    expect(out).not.toContain("console");
    d.ctrlC();
    m = d.mark();
    d.type('spark.readStream.format("aws-kinesis").option("kinesis.');
    d.tab();
    out = await d.waitFor("kinesis.startingPosition", { from: m });
    expect(out).not.toContain("kinesis.sink.");
    d.ctrlC();
    m = d.mark();
    d.type('spark.readStream.format("rate").load().writeStream.format("');
    d.tab();
    d.tab();
    out = await d.waitFor("console", { from: m });
    expect(out).not.toMatch(/^rate$/m);
    d.ctrlC();
    m = d.mark();
    d.type('spark.readStream.format("rate").load().writeStream.format("aws-kinesis").option("kinesis.s');
    d.tab();
    out = await d.waitFor("kinesis.sink.flushWaitTimeMs", { from: m });
    expect(out).not.toContain("kinesis.startingPosition");
  });
});
