/**
 * #18.1 file interop, checked by Spark itself: for each format (parquet, json, csv, text) the same rows (nulls,
 * decimals up to 38 digits, timestamps with micros, dates before 1970, a struct holding an array, an array; flat
 * ones for csv, strings for text),
 * partitioned by `country` (a null partition value included), are written
 *   - by Spark (`df.write.partitionBy("country")`): the reference;
 *   - by tspark's `df.write` (batch);
 *   - by tspark's streaming file sink (two micro-batches, with `_spark_metadata`).
 * Then Spark reads tspark's two folders and must get exactly what it gets from its own folder (schema and rows,
 * HiveResult strings), and tspark reads Spark's folder and must get the same too. Readers as a user would: Parquet
 * and text with no schema (the footer / `value`), JSON and CSV with the data columns' schema; partition discovery
 * adds `country` in both engines. Reported as `files/<format>/<check>` by `npm run test:spark` (docs/spark-oracle.md).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MemoryStream } from "../../src/connector/memory/memory-stream";
import type { DataFrame } from "../../src/engine/api/data-frame";
import { toHiveString } from "../../src/engine/expr/format";
import { parseDDLSchema } from "../../src/engine/types/ddl";
import { type Answer, compareAnswers, sparkAnswer, tableAnswer } from "./answer";
import type { SparkOracle } from "./oracle";
import { errorInfo, newSession } from "./tspark-side";

interface FormatCase {
  readonly format: "parquet" | "json" | "csv" | "text";
  /** Data columns (DDL), the partition column `country STRING` comes after them. */
  readonly ddl: string;
  readonly rows: readonly Record<string, unknown>[];
  readonly options: Readonly<Record<string, string>>;
  /** Read with the data columns' schema (json, csv) or without (parquet footer, text's `value`). */
  readonly readWithSchema: boolean;
  /**
   * Whether Spark's own write-then-read gives back the rows it wrote. Not for json and csv with Spark's defaults:
   * timestampFormat keeps milliseconds, and csv reads an empty string back as null. There the reference is what
   * Spark reads from its own folder.
   */
  readonly lossless: boolean;
}

const NESTED = "id BIGINT, s STRING, d DECIMAL(20,2), big DECIMAL(38,6), ts TIMESTAMP, day DATE, st STRUCT<a: INT, tags: ARRAY<STRING>>, arr ARRAY<BIGINT>";
const NESTED_ROWS = [
  {
    id: 1,
    s: 'héllo, "q"',
    d: "12345678901234567.89",
    big: "-12345678901234567890123456789012.123456",
    ts: "2024-01-01T10:00:00.123456Z",
    day: "2024-01-01",
    st: { a: 1, tags: ["p", null] },
    arr: [1, 2],
    country: "DE",
  },
  { id: 2, s: null, d: null, big: null, ts: null, day: null, st: null, arr: null, country: "FR" },
  { id: 3, s: "", d: "-0.01", big: "0.000001", ts: "1970-01-01T00:00:00Z", day: "1969-12-31", st: { a: null, tags: [] }, arr: [], country: null },
  { id: 4, s: "a,b", d: "0", big: "1", ts: "2038-01-19T03:14:08.5Z", day: "2038-01-19", st: { a: -2, tags: ["x"] }, arr: [null, -9007199254740991], country: "DE" },
];
const FLAT = "id BIGINT, s STRING, d DECIMAL(20,2), big DECIMAL(38,6), ts TIMESTAMP, day DATE";

const CASES: readonly FormatCase[] = [
  { format: "parquet", ddl: NESTED, rows: NESTED_ROWS, options: {}, readWithSchema: false, lossless: true },
  { format: "json", ddl: NESTED, rows: NESTED_ROWS, options: {}, readWithSchema: true, lossless: false },
  { format: "csv", ddl: FLAT, rows: NESTED_ROWS, options: { header: "true" }, readWithSchema: true, lossless: false },
  {
    format: "text",
    ddl: "value STRING",
    rows: [
      { value: "héllo", country: "DE" },
      { value: "", country: "FR" },
      { value: "a b  c", country: null },
      { value: "4", country: "DE" },
    ],
    options: {},
    readWithSchema: false,
    lossless: true,
  },
];

const fieldNames = (ddl: string) => parseDDLSchema(ddl).fields.map((f) => f.name);
/** Decimal columns: written into the JSON input as numbers spelled out in full (never through a double). */
const DECIMALS = new Set(["d", "big"]);

/** The case's rows as JSON Lines (data columns and country), read by both engines with the full schema. */
function jsonLines(c: FormatCase): string {
  const names = [...fieldNames(c.ddl), "country"];
  return c.rows
    .map((r) => `{${names.map((n) => `${JSON.stringify(n)}:${DECIMALS.has(n) && r[n] !== null ? String(r[n]) : JSON.stringify(r[n])}`).join(",")}}\n`)
    .join("");
}

const pyStr = (s: string) => JSON.stringify(s);
const pyDict = (o: Readonly<Record<string, string>>) => `{${Object.entries(o).map(([k, v]) => `${pyStr(k)}: ${pyStr(v)}`).join(", ")}}`;

function sparkReadCode(c: FormatCase, path: string): string {
  return `df = spark.read.format(${pyStr(c.format)}).options(**${pyDict(c.options)})${c.readWithSchema ? `.schema(${pyStr(c.ddl)})` : ""}.load(${pyStr(path)})`;
}

function sparkWriteCode(c: FormatCase, input: string, path: string): string {
  return [
    `src = spark.read.schema(${pyStr(`${c.ddl}, country STRING`)}).json(${pyStr(input)})`,
    `src.coalesce(1).write.format(${pyStr(c.format)}).options(**${pyDict(c.options)}).partitionBy("country").save(${pyStr(path)})`,
    "df = src",
  ].join("\n");
}

async function sparkExec(oracle: SparkOracle, code: string): Promise<Answer> {
  return sparkAnswer(await oracle.request({ op: "exec", code, conf: { "spark.sql.session.timeZone": "UTC" } }), false);
}

function tsparkAnswer(df: DataFrame): Answer {
  const fields = df.schema.fields;
  const rows = df.collectValues().map((r) => fields.map((f, i) => toHiveString(r[i] ?? null, f.dataType, { timeZone: "UTC" })));
  return tableAnswer(`struct<${fields.map((f) => `${f.name}:${f.dataType.catalogString()}`).join(",")}>`, rows, false);
}

async function tsparkWrites(c: FormatCase, input: string, dir: string): Promise<void> {
  const s = newSession();
  const full = `${c.ddl}, country STRING`;
  const src = (await s.read.schema(full).json(input)) as DataFrame;
  await src.write.format(c.format).options(c.options).partitionBy("country").save(join(dir, "tspark-batch"));
  // The streaming sink: the same rows in two micro-batches, from JSON strings parsed as the batch side's.
  const lines = new MemoryStream("value STRING", s);
  const q = await lines
    .toDF()
    .selectExpr(`from_json(value, '${full}') AS r`)
    .select("r.*")
    .writeStream.format(c.format)
    .options(c.options)
    .partitionBy("country")
    .option("checkpointLocation", join(dir, "checkpoint"))
    .start(join(dir, "tspark-stream"));
  try {
    const text = jsonLines(c).trimEnd().split("\n");
    lines.addData(...text.slice(0, 2));
    await q.processAllAvailable();
    lines.addData(...text.slice(2));
    await q.processAllAvailable();
  } finally {
    await q.stop();
  }
}

async function tsparkReads(c: FormatCase, path: string): Promise<Answer> {
  try {
    const s = newSession();
    let reader = s.read.format(c.format).options(c.options);
    if (c.readWithSchema) reader = reader.schema(c.ddl);
    return tsparkAnswer((await reader.load(path)) as DataFrame);
  } catch (e) {
    return { error: errorInfo(e) };
  }
}

export interface FileInteropResult {
  readonly id: string;
  readonly problem: string | null;
}

export const FILE_INTEROP_IDS = CASES.flatMap((c) =>
  ["spark-reads-tspark-write", "spark-reads-tspark-sink", "tspark-reads-spark-write"].map((k) => `files/${c.format}/${k}`),
);

export async function fileInterop(oracle: SparkOracle, only?: (id: string) => boolean): Promise<FileInteropResult[]> {
  const root = mkdtempSync(join(tmpdir(), "tspark-oracle-files-"));
  const results: FileInteropResult[] = [];
  try {
    for (const c of CASES) {
      const ids = FILE_INTEROP_IDS.filter((id) => id.startsWith(`files/${c.format}/`));
      if (only && !ids.some(only)) continue;
      const dir = join(root, c.format);
      const input = join(root, `${c.format}-input.json`);
      writeFileSync(input, jsonLines(c));
      const fail = (problem: string) => {
        for (const id of ids) results.push({ id, problem });
      };
      const original = await sparkExec(oracle, sparkWriteCode(c, input, join(dir, "spark-batch")));
      if (original.error) {
        fail(`Spark could not write the reference folder: ${original.error.condition ?? original.error.class}: ${original.error.message}`);
        continue;
      }
      try {
        await tsparkWrites(c, input, dir);
      } catch (e) {
        fail(`tspark could not write: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
        continue;
      }
      const reference = await sparkExec(oracle, sparkReadCode(c, join(dir, "spark-batch")));
      // Where the format is lossless, Spark's read of its own folder holds the rows it wrote (partition column last).
      const selfCheck = c.lossless ? compareAnswers(original, reference) : null;
      const check = (id: string, got: Answer) => {
        const diff = selfCheck !== null ? `Spark's own round trip differs (${selfCheck})` : compareAnswers(reference, got);
        results.push({ id, problem: diff });
      };
      check(`files/${c.format}/spark-reads-tspark-write`, await sparkExec(oracle, sparkReadCode(c, join(dir, "tspark-batch"))));
      check(`files/${c.format}/spark-reads-tspark-sink`, await sparkExec(oracle, sparkReadCode(c, join(dir, "tspark-stream"))));
      check(`files/${c.format}/tspark-reads-spark-write`, await tsparkReads(c, join(dir, "spark-batch")));
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return results;
}
