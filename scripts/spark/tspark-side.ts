/**
 * Runs a corpus entry on tspark and returns its answer in the shape Spark's is recorded in (answer.ts).
 * Input rows are JSON values parsed by tspark's own from_json with the entry's DDL schema, as Spark's side reads
 * them with its JSON reader. Streams: the same rows per batch through a MemoryStream, one addData per step,
 * processAllAvailable after each, outputs captured per batch with foreachBatch (or the console sink's text).
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { registerBuiltins } from "../../src/connector/register";
import { MemoryStream } from "../../src/connector/memory/memory-stream";
import { col, expr } from "../../src/engine/api/column";
import type { DataFrame } from "../../src/engine/api/data-frame";
import { SparkThrowable } from "../../src/engine/errors";
import { toHiveString } from "../../src/engine/expr/format";
import { SparkSession } from "../../src/engine/session";
import type { DataType } from "../../src/engine/types/data-types";
import { parseDDLSchema } from "../../src/engine/types/ddl";
import { type Answer, type ErrorInfo, firstLine, shapeOf, sortRows, tableAnswer } from "./answer";
import type { Entry, SourceSpec, Step } from "./corpus";
import type { ObservedBatch } from "./oracle";

registerBuiltins();

type Session = SparkSession & { output?: { write(t: string): unknown } };

export function newSession(conf: Readonly<Record<string, string | boolean | number>> = {}, timeZone = "UTC"): Session {
  const s = SparkSession.builder.create() as Session;
  s.conf.set("spark.sql.session.timeZone", timeZone);
  s.conf.set("spark.sql.shuffle.partitions", "2");
  for (const [k, v] of Object.entries(conf)) s.conf.set(k, String(v));
  return s;
}

export function errorInfo(e: unknown): ErrorInfo {
  const err = e as Error;
  return {
    condition: e instanceof SparkThrowable ? e.errorClass : null,
    class: (e as { exceptionClass?: string }).exceptionClass ?? err?.constructor?.name ?? typeof e,
    message: firstLine(err?.message ?? String(e)),
  };
}

function hiveRows(df: DataFrame, tz: string): { schema: string; rows: string[][]; sorted: boolean } {
  const compiled = df.compiled();
  const fields = compiled.schema.fields;
  const rows = df.collectValues().map((r) => fields.map((f, i) => toHiveString(r[i] ?? null, f.dataType, { timeZone: tz })));
  return { schema: catalogString(fields), rows, sorted: compiled.sorted };
}

function catalogString(fields: readonly { name: string; dataType: DataType }[]): string {
  return `struct<${fields.map((f) => `${f.name}:${f.dataType.catalogString()}`).join(",")}>`;
}

/** Rows of a source as tspark values: each row a JSON object parsed by from_json with the DDL schema. */
function sourceFrame(s: Session, src: SourceSpec): DataFrame {
  const names = parseDDLSchema(src.schema).fields.map((f) => f.name);
  const lines = src.rows.map((r) => [JSON.stringify(Object.fromEntries(names.map((n, i) => [n, r[i]])))]);
  const ddl = src.schema.replace(/'/g, "\\'");
  return s.createDataFrame(lines, "value STRING").selectExpr(`from_json(value, '${ddl}') AS r`).select("r.*");
}

/** `second`: the entry's second input stream, the other side of a `join` step with `stream: true`. */
export function applySteps(s: Session, df: DataFrame, steps: readonly Step[], second?: DataFrame): DataFrame {
  for (const st of steps) {
    switch (st.op) {
      case "selectExpr":
        df = df.selectExpr(...st.exprs);
        break;
      case "filter":
        df = df.filter(st.cond);
        break;
      case "withColumn":
        df = df.withColumn(st.name, expr(st.expr));
        break;
      case "withColumnRenamed":
        df = df.withColumnRenamed(st.from, st.to);
        break;
      case "drop":
        df = df.drop(...st.cols);
        break;
      case "groupBy": {
        const g = df.groupBy(...st.keys.map((k) => expr(k)));
        df = st.aggs && st.aggs.length > 0 ? g.agg(...st.aggs.map((a) => expr(a))) : g.count();
        break;
      }
      case "agg":
        df = df.agg(...st.aggs.map((a) => expr(a)));
        break;
      case "orderBy":
        df = df.orderBy(
          ...st.by.map((o) => {
            const c = expr(o.expr);
            if (o.nulls === "first") return o.desc ? c.desc_nulls_first() : c.asc_nulls_first();
            if (o.nulls === "last") return o.desc ? c.desc_nulls_last() : c.asc_nulls_last();
            return o.desc ? c.desc() : c.asc();
          }),
        );
        break;
      case "limit":
        df = df.limit(st.n);
        break;
      case "distinct":
        df = df.distinct();
        break;
      case "dropDuplicates":
        df = st.cols ? df.dropDuplicates(st.cols) : df.dropDuplicates();
        break;
      case "union":
        df = df.union(applySteps(s, sourceFrame(s, st.other), st.otherSteps ?? [], second));
        break;
      case "unionByName":
        df = df.unionByName(applySteps(s, sourceFrame(s, st.other), st.otherSteps ?? [], second));
        break;
      case "toDF":
        df = df.toDF(...st.names);
        break;
      case "withWatermark":
        df = df.withWatermark(st.col, st.delay);
        break;
      case "dropDuplicatesWithinWatermark":
        df = st.cols ? df.dropDuplicatesWithinWatermark(st.cols) : df.dropDuplicatesWithinWatermark();
        break;
      case "observe":
        df = df.observe(st.name, ...st.exprs.map((e) => expr(e)));
        break;
      case "call":
        df = callSteps(s, df, st.calls);
        break;
      case "join": {
        const base = st.stream ? second : st.other ? sourceFrame(s, st.other) : undefined;
        if (base === undefined) throw new Error("corpus: a join step needs `other` (static) or `stream: true` with the entry's stream2");
        const other = applySteps(s, base, st.otherSteps ?? []);
        const how = st.how ?? "inner";
        if (st.using) df = df.join(other, [...st.using], how);
        else if (st.cond !== undefined) df = df.alias("l").join(other.alias("r"), expr(st.cond), how);
        else df = df.crossJoin(other);
        break;
      }
    }
  }
  return df;
}

/** A `call` step's argument: `{"$col": sql}` a Column, `{"$schema": ddl}` a StructType, anything else as is. */
function callArg(a: unknown): unknown {
  if (Array.isArray(a)) return a.map(callArg);
  if (a !== null && typeof a === "object") {
    const o = a as Record<string, unknown>;
    if (typeof o.$col === "string") return expr(o.$col);
    if (typeof o.$schema === "string") return parseDDLSchema(o.$schema);
  }
  return a;
}

/** The methods of a `call` step in turn; a number or list result becomes a frame the way driver.py makes it. */
function callSteps(s: Session, df: DataFrame, calls: readonly { method: string; args?: readonly unknown[] }[]): DataFrame {
  let cur: unknown = df;
  for (const c of calls) {
    const path = c.method.split(".");
    let target = cur as Record<string, unknown>;
    for (const p of path.slice(0, -1)) target = target[p] as Record<string, unknown>;
    const fn = target[path[path.length - 1]!] as (...a: unknown[]) => unknown;
    cur = fn.apply(target, (c.args ?? []).map(callArg));
  }
  if (cur !== null && typeof cur === "object" && "collectValues" in cur) return cur as DataFrame;
  return s.sql(scalarSql(cur));
}

/** SQL text for a number, a list of numbers or a list of lists (the same text driver.py writes). */
export function scalarSql(v: unknown): string {
  const num = (x: unknown) => (x === null ? "CAST(NULL AS DOUBLE)" : `CAST('${String(x)}' AS DOUBLE)`);
  const arr = (xs: readonly unknown[]) => (xs.length === 0 ? "CAST(array() AS ARRAY<DOUBLE>)" : `array(${xs.map(num).join(", ")})`);
  if (!Array.isArray(v)) return `SELECT ${num(v)} AS value`;
  if (v.length > 0 && Array.isArray(v[0])) return `SELECT posexplode(array(${v.map((x) => arr(x as unknown[])).join(", ")})) AS (pos, value)`;
  return `SELECT posexplode(${arr(v)}) AS (pos, value)`;
}

export async function runOnTspark(e: Entry, opts: { timeZone?: string } = {}): Promise<Answer> {
  try {
    switch (e.kind) {
      case "sql": {
        const s = newSession(e.conf, opts.timeZone);
        for (const u of e.udfs ?? []) s.udf.register(u.name, new Function(`return (${u.js});`)() as (...a: unknown[]) => unknown, u.returnType);
        for (const q of e.setup ?? []) s.sql(q);
        const r = hiveRows(s.sql(e.sql), opts.timeZone ?? "UTC");
        return tableAnswer(r.schema, r.rows, r.sorted);
      }
      case "frame": {
        const s = newSession(e.conf);
        const df = applySteps(s, sourceFrame(s, e.source), e.program);
        const r = hiveRows(df, "UTC");
        return tableAnswer(r.schema, r.rows, r.sorted, e.show ? df.showString(20, 20, false) : undefined);
      }
      case "stream":
        return await runStream(e);
      case "slot":
        return {};
    }
  } catch (err) {
    return { error: errorInfo(err) };
  }
}

/**
 * Every batch's rows as one JSON file before the query starts, each file a second newer than the previous one, so
 * a file source with maxFilesPerTrigger=1 reads file i in batch i (as driver.py's prewrite for Spark).
 */
function prewrite(folder: string, schema: string, batches: readonly (readonly unknown[][])[], base: number): void {
  mkdirSync(folder);
  const names = parseDDLSchema(schema).fields.map((f) => f.name);
  batches.forEach((rows, i) => {
    const file = join(folder, `part-${String(i).padStart(5, "0")}.json`);
    writeFileSync(file, rows.map((r) => `${JSON.stringify(Object.fromEntries(names.map((n, j) => [n, r[j]])))}\n`).join(""));
    utimesSync(file, base + i, base + i);
  });
}

/** Each batch's progress observedMetrics as its JSON writes them (driver.py's observed_of), batches without any left out. */
function observedOf(q: { recentProgress: readonly unknown[] }): ObservedBatch[] {
  const byBatch = new Map<number, Record<string, unknown>>();
  for (const p of q.recentProgress as (object & { json?: string })[]) {
    const j = JSON.parse(p.json ?? "{}") as { batchId: number; observedMetrics?: Record<string, unknown> };
    if (j.observedMetrics !== undefined && Object.keys(j.observedMetrics).length > 0) byBatch.set(j.batchId, j.observedMetrics);
  }
  return [...byBatch].sort(([a], [b]) => a - b).map(([batchId, metrics]) => ({ batchId, metrics }));
}

/**
 * A two-stream entry (stream-stream joins) the way driver.py runs it on Spark: two folders of files written before
 * start, read by tspark's own JSON file source one file per trigger each, the whole input in one
 * processAllAvailable(); rows captured per batch id with foreachBatch.
 */
async function runTwoStreams(e: Extract<Entry, { kind: "stream" }>, stream2: NonNullable<Extract<Entry, { kind: "stream" }>["stream2"]>): Promise<Answer> {
  const s = newSession(e.conf);
  const work = mkdtempSync(join(tmpdir(), "tspark-oracle-streams-"));
  const base = Math.floor(Date.now() / 1000) - 10000;
  const read = (name: string, schema: string, batches: readonly (readonly unknown[][])[]): DataFrame => {
    prewrite(join(work, name), schema, batches, base);
    return s.readStream.schema(schema).option("maxFilesPerTrigger", 1).json(join(work, name)) as DataFrame;
  };
  const batches: { batchId: number; rows: string[][] }[] = [];
  try {
    const df = applySteps(s, read("left", e.schema, e.batches), e.program, read("right", stream2.schema, stream2.batches));
    const q = await df.writeStream
      .outputMode(e.mode)
      .option("checkpointLocation", join(work, "ckpt"))
      .foreachBatch((batch, batchId) => {
        const b = batch as DataFrame;
        const fields = b.schema.fields;
        const rows = b.collectValues().map((r) => fields.map((f, i) => toHiveString(r[i] ?? null, f.dataType, { timeZone: "UTC" })));
        batches.push({ batchId, rows: sortRows(rows) });
      })
      .start();
    let last: (object & { json?: string }) | null;
    let observed: ObservedBatch[];
    try {
      await q.processAllAvailable();
      last = q.lastProgress as (object & { json?: string }) | null;
      observed = observedOf(q);
    } finally {
      await q.stop();
    }
    return {
      batches,
      ...(e.progress ? { progress: [shapeOf(last === null ? null : JSON.parse(last.json ?? "null"))] } : {}),
      ...(observed.length > 0 ? { observed } : {}),
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function runStream(e: Extract<Entry, { kind: "stream" }>): Promise<Answer> {
  if (e.stream2) return runTwoStreams(e, e.stream2);
  const s = newSession(e.conf);
  let printed = "";
  s.output = { write: (t: string) => (printed += t) };
  const schema = parseDDLSchema(e.schema);
  // The batches' rows as tspark values, parsed by from_json exactly like a batch source.
  const typed = e.batches.map((rows) => sourceFrame(s, { schema: e.schema, rows }).collectValues());
  const input = new MemoryStream(schema, s);
  const df = applySteps(s, input.toDF(), e.program);
  const batches: { batchId: number; rows: string[][] }[] = [];
  const tz = "UTC";
  const checkpoint = mkdtempSync(join(tmpdir(), "tspark-oracle-"));
  let writer = df.writeStream.outputMode(e.mode);
  if (!e.oneTime) writer = writer.option("checkpointLocation", checkpoint);
  const once = e.trigger === "once";
  if (once) {
    for (const rows of typed) input.addRows(rows);
    writer = writer.trigger({ once: true });
  }
  if (e.sink === "console") {
    writer = writer.format("console").option("truncate", String(e.truncate ?? true));
    if (e.numRows !== undefined) writer = writer.option("numRows", String(e.numRows));
  } else {
    writer = writer.foreachBatch((batch, batchId) => {
      const b = batch as DataFrame;
      const fields = b.schema.fields;
      const rows = b.collectValues().map((r) => fields.map((f, i) => toHiveString(r[i] ?? null, f.dataType, { timeZone: tz })));
      batches.push({ batchId, rows: sortRows(rows) });
    });
  }
  const q = await writer.start();
  const progress: unknown[] = [];
  const consoleText: string[] = [];
  let observed: ObservedBatch[] = [];
  try {
    if (once) {
      await q.awaitTermination();
      consoleText.push(printed);
      const last = q.lastProgress as (object & { json?: string }) | null;
      progress.push(shapeOf(last === null ? null : JSON.parse(last.json ?? "null")));
    }
    for (const rows of once ? [] : typed) {
      const before = printed.length;
      input.addRows(rows);
      await q.processAllAvailable();
      consoleText.push(printed.slice(before));
      // Spark's side records `lastProgress.json`; tspark's equivalent is the same accessor.
      const last = q.lastProgress as (object & { json?: string }) | null;
      progress.push(shapeOf(last === null ? null : JSON.parse(last.json ?? "null")));
    }
    observed = observedOf(q);
  } finally {
    await q.stop();
    rmSync(checkpoint, { recursive: true, force: true });
  }
  return {
    batches,
    ...(e.progress ? { progress } : {}),
    ...(consoleText.some((c) => c !== "") ? { console: consoleText } : {}),
    ...(observed.length > 0 ? { observed } : {}),
  };
}

/**
 * The PySpark program tspark's own exporter (`df.toPySpark()`, issue #16.4) writes for a stream entry, reduced to
 * its transformations: the MemoryStream reader is replaced by the driver's `source` (the same rows from files),
 * the writer by the oracle's foreachBatch/console capture. Throws when the export reports a problem.
 */
export function exportedTransform(e: Extract<Entry, { kind: "stream" }>): string {
  const s = newSession(e.conf);
  const input = new MemoryStream(e.schema, s);
  const out = applySteps(s, input.toDF(), e.program).toPySpark();
  const problems = out.warnings.filter((w) => !w.startsWith("source format memory-stream"));
  if (problems.length > 0) throw new Error(`toPySpark() warnings: ${problems.join("; ")}`);
  const lines = out.code.split("\n");
  const keep: string[] = [];
  let skippingReader = false;
  for (const line of lines) {
    if (/^spark = SparkSession\.builder/.test(line)) continue;
    if (/^source = spark\.readStream/.test(line)) {
      skippingReader = true;
      continue;
    }
    if (skippingReader) {
      if (!/^\s+\./.test(line)) skippingReader = false;
      else continue;
    }
    if (/^(# No writer|query = )/.test(line)) break;
    keep.push(line);
  }
  return keep.join("\n");
}

export { col };
