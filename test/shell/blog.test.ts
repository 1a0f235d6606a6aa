import { afterEach, describe, expect, it } from "vitest";
import { type Driven, driveShell } from "./helpers/drive";

/**
 * The blog's walkthrough typed into the shell, with the real engine and console sink: its TypeScript form
 * and its PySpark snippets as pasted, both giving per-batch counts per country. The source here is a
 * MemoryStream of blog-template JSON records in a `data` BINARY column (the Kinesis source's data column);
 * the Kinesis variant is in blog-kinesis.test.ts.
 */
const RECORDS = [
  { id: 1, data: "Spain", date: "2024-05-01 10:00:00" },
  { id: 2, data: "Portugal", date: "2024-05-01 10:00:01" },
  { id: 3, data: "Spain", date: "2024-05-01 10:00:02" },
  { id: 4, data: "Finland", date: "2024-05-01 10:00:03" },
  { id: 5, data: "Spain", date: "2024-05-01 10:00:04" },
  { id: 6, data: "France", date: "2024-05-01 10:00:05" },
];

function feedLines(records: typeof RECORDS): string {
  const rows = records.map((r) => `[Buffer.from(${JSON.stringify(JSON.stringify(r))})]`).join(", ");
  return `input.addData(${rows})`;
}

const EXPECTED_BATCH_0 = [
  "-------------------------------------------",
  "Batch: 0",
  "-------------------------------------------",
  "+--------+-----+",
  "|    data|count|",
  "+--------+-----+",
];

function countsOf(out: string, batch: number): Record<string, number> {
  const start = out.indexOf(`Batch: ${batch}\n`);
  if (start < 0) throw new Error(`no Batch: ${batch} in\n${out}`);
  const table = out.slice(start).split("\n\n")[0]!;
  const counts: Record<string, number> = {};
  for (const m of table.matchAll(/^\|\s*(\w+)\s*\|\s*(\d+)\s*\|$/gm)) if (m[1] !== "data") counts[m[1]!] = Number(m[2]);
  return counts;
}

describe("the blog in the shell", () => {
  let d: Driven | undefined;
  afterEach(async () => {
    await d?.close();
    d = undefined;
  });

  it("TypeScript: per-batch country counts appear as console tables", async () => {
    d = driveShell();
    d.line('const input = new MemoryStream("data BINARY", spark)');
    d.line("const kinesis = input.toDF()");
    d.line('const schema = StructType().add("id", LongType()).add("data", StringType()).add("date", TimestampType())');
    // In the REPL a chain continues on the next line after a trailing dot (or inside parentheses).
    d.line('const events = kinesis.selectExpr("cast (data as STRING) jsonData").');
    d.line('  select(from_json("jsonData", schema).alias("events")).');
    d.line('  select("events.*")');
    d.line('const q = events.groupBy("data").count().writeStream.outputMode("complete").format("console").start()');
    d.line(feedLines(RECORDS.slice(0, 4)));
    d.line("await q.processAllAvailable()");
    const out0 = await d.waitFor("Batch: 0");
    await d.waitFor(/Batch: 0[\s\S]*\+\n\n/);
    expect(out0).toContain(EXPECTED_BATCH_0.join("\n"));
    expect(countsOf(d.raw(), 0)).toEqual({ Spain: 2, Portugal: 1, Finland: 1 });
    d.line(feedLines(RECORDS.slice(4)));
    d.line("await q.processAllAvailable()");
    await d.waitFor(/Batch: 1[\s\S]*\+\n\n/);
    expect(countsOf(d.raw(), 1)).toEqual({ Spain: 3, Portugal: 1, Finland: 1, France: 1 });
    expect(d.raw()).not.toMatch(/Error|Exception/);
  });

  it("PySpark snippets pasted as they are give the same counts", async () => {
    d = driveShell();
    d.line('input = new MemoryStream("data BINARY", spark)');
    d.line("kinesis = input.toDF()");
    const paste = [
      "from pyspark.sql.types import *",
      "",
      "pythonSchema = StructType() \\",
      ' .add("id", LongType()) \\',
      ' .add("data", StringType()) \\',
      ' .add("date", TimestampType())',
      "",
      "from pyspark.sql.functions import *",
      "",
      "events= kinesis \\",
      '  .selectExpr("cast (data as STRING) jsonData") \\',
      '  .select(from_json("jsonData", pythonSchema).alias("events")) \\',
      '  .select("events.*")',
      "",
      "query = events.groupBy(\"data\").count() \\",
      "    .writeStream \\",
      '    .outputMode("complete") \\',
      '    .format("console") \\',
      '    .option("truncate", False) \\',
      "    .start()",
    ];
    for (const l of paste) d.line(l);
    d.line(feedLines(RECORDS));
    d.line("query.processAllAvailable()");
    await d.waitFor(/Batch: 0[\s\S]*\+\n\n/);
    expect(countsOf(d.raw(), 0)).toEqual({ Spain: 3, Portugal: 1, Finland: 1, France: 1 });
    expect(d.raw()).not.toMatch(/Error|Exception/);
  });
});
