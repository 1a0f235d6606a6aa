import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type Driven, driveShell } from "./helpers/drive";

/** Dot-commands on a real query with a real checkpoint. */
describe("dot-commands on a running query", () => {
  let d: Driven | undefined;
  afterEach(async () => {
    await d?.close();
    d = undefined;
  });

  it(".progress, .explain and .checkpoint show the query and what a restart would do", async () => {
    const checkpoint = mkdtempSync(join(tmpdir(), "tspark-cp-"));
    d = driveShell();
    d.line('const input = new MemoryStream("word STRING", spark)');
    d.line(
      `const q = input.toDF().groupBy("word").count().writeStream.outputMode("complete").format("memory").queryName("words").option("checkpointLocation", "${checkpoint}").start()`,
    );
    d.line('input.addData("a", "b", "a")');
    d.line("await q.processAllAvailable()");
    let m = d.mark();
    d.line(".progress words");
    const progress = await d.waitFor(/"batchId": 0[\s\S]*\n\}\n/, { from: m });
    expect(progress).toContain('"name": "words"');
    expect(progress).toContain('"numInputRows": 3');
    m = d.mark();
    d.line(".explain words");
    const plan = await d.waitFor("tspark> ", { from: m });
    expect(plan).toMatch(/Aggregate|count/);
    m = d.mark();
    d.line(`.checkpoint ${checkpoint}`);
    const cp = await d.waitFor("A restart continues with batch 1.", { from: m });
    expect(cp).toMatch(/query id: [0-9a-f-]{36}/);
    expect(cp).toMatch(/batch\s+committed\s+batchTimestamp\s+source offsets\n[- ]+\n0\s+yes\s+\d{4}-\d\d-\d\dT/);
    expect(cp).toMatch(/state operator 0 partition 0: versions/);
    d.line(".streams");
    await d.waitFor(/words\s+0\s+[\d.-]+\s+/);
  });
});

describe(".help layout", () => {
  it("fits the terminal at any width: help wraps between words, long usages get their own line", async () => {
    const { helpTable } = await import("../../src/shell/commands/misc");
    const { shellCommands } = await import("../../src/shell/commands/index");
    const entries = shellCommands().map((c) => [c.usage, c.help] as [string, string]);
    for (const columns of [60, 80, 120, 200]) {
      const lines = helpTable(entries, columns);
      for (const line of lines) expect(line.length, `${columns}: ${line}`).toBeLessThanOrEqual(columns);
      // Every help text is there, its words intact and in order.
      const text = lines.join(" ").replace(/\s+/g, " ");
      for (const [, help] of entries) expect(text, `${columns}`).toContain(help.replace(/\s+/g, " "));
    }
  });
});
