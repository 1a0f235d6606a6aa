/**
 * A PySpark pipeline (src/engine/plan/to-pyspark.ts) as a complete Python program: imports, session, the reader
 * with its options, schema variables, the transformations, the writer with trigger, output mode and checkpoint,
 * and the spark-submit line in the header. Whatever could not be translated is written as a `# TODO` comment at
 * the place it belongs and listed in the warnings, so nothing is dropped silently.
 */
import type { Expr } from "../../engine/expr/ast";
import type { PySparkExport, PySparkExportOptions, PySparkPipeline, PySparkSink, PySparkSource, PySparkStep } from "../../engine/plan/to-pyspark";
import { exprSql } from "./expr-sql";
import { type RenderContext, exprPython, needsColumnForm, newContext } from "./expr-python";
import { type ExportedOption, checkpointLocation, kinesisOptions } from "./kinesis-options";
import { chain, pyStr } from "./python-text";
import { pyRows } from "./rows-python";
import { pyType } from "./schema-python";
import { kinesisPlanWarnings } from "./kinesis-plan-checks";
import { parseTarget, sparkSubmit } from "./spark-submit";

const KINESIS = "aws-kinesis";

const TARGET_TEXT: Record<string, string> = {
  "emr-7": "Amazon EMR 7.1 or later",
  "spark-3.5": "a Spark 3.5 cluster",
  "spark-4": "a Spark 4 cluster",
};

/** Sources that exist only in tspark: exported as a placeholder format, with a warning. */
const LOCAL_ONLY_SOURCES: Record<string, string> = {
  "memory-stream": "MemoryStream is tspark's in-process test input; put a real source (aws-kinesis, ...) in its place",
};

export function renderProgram(p: PySparkPipeline, opts: PySparkExportOptions = {}): PySparkExport {
  const ctx = newContext();
  const warnings: string[] = [];
  const body: string[] = [];
  const target = parseTarget(opts.target);

  // Reader.
  const src = p.source;
  let reader: string;
  if (!src) {
    warnings.push("the plan has no streaming source tspark can export");
    reader = "# TODO: no streaming source found in the plan\nsource = None";
  } else {
    const readerOf = (options: PySparkSource["options"]) => streamReader(src, options, ctx, warnings);
    const streams = src.format.toLowerCase() === KINESIS ? kinesisStreams(src.options) : [];
    if (streams.length > 1) {
      // tspark reads several streams in one reader (connector #16); the connector reads one per reader: the union.
      const names = streams.map((st, i) => `source_${st.replace(/[^A-Za-z0-9_]/g, "_") || i + 1}`);
      reader = [
        ...streams.map((st, i) => `${names[i]} = ${readerOf(src.options.map(([k, v]) => [k, k.toLowerCase() === "kinesis.streamname" ? st : v] as const))}\n`),
        "# tspark read these streams with one reader; the connector takes one stream per reader (its issue #16).",
        `source = ${names.join(".union(")}${")".repeat(names.length - 1)}`,
      ].join("\n");
    } else {
      reader = `source = ${readerOf(src.options)}`;
    }
  }

  // Transformations.
  const todo: string[] = [];
  const stepCalls = renderSteps(p.steps, ctx, warnings, todo);
  const problemsBefore = ctx.problems.splice(0);
  for (const f of problemsBefore) warnings.push(`not translated: ${f}`);

  for (const s of ctx.schemas) body.push(`${s.name} = ${s.code}`, "");
  body.push(reader, "");
  if (todo.length > 0) body.push(...todo);
  body.push(`result = ${chain("source", stepCalls)}`, "");

  const usesKinesis = src?.format.toLowerCase() === KINESIS || p.sink?.format.toLowerCase() === KINESIS;
  warnings.push(...kinesisPlanWarnings(p));
  if (p.sink) {
    body.push(renderWriter(p.sink, warnings, src?.format.toLowerCase() === KINESIS), "", "query.awaitTermination()");
  } else {
    body.push(
      "# No writer in the exported DataFrame: add one, for example",
      `query = result.writeStream.format("console").outputMode("${p.steps.some((st) => st.op === "aggregate") ? "update" : "append"}").start()`,
      "query.awaitTermination()",
    );
  }

  const unique = [...new Set(warnings)];
  warnings.splice(0, warnings.length, ...unique);
  const fileName = opts.fileName ?? "job.py";
  const { line: submit, notes } = sparkSubmit(fileName, usesKinesis, target);
  const header = [
    `# PySpark program exported by tspark${opts.appName ? ` from ${opts.appName}` : ""}.`,
    `# Run it on ${TARGET_TEXT[target]}${usesKinesis ? " with the Kinesis connector" : ""}:`,
    `#   ${submit}`,
    ...notes.map((n) => `# ${n}`),
    "# Replace every <placeholder> before running.",
    ...warnings.map((w) => `# WARNING: ${w}`),
    "",
    "from pyspark.sql import SparkSession",
    "from pyspark.sql.functions import *",
    "from pyspark.sql.types import *",
    ...(ctx.imports.datetime ? ["import datetime"] : []),
    ...(ctx.imports.decimal ? ["from decimal import Decimal"] : []),
    "",
    `spark = SparkSession.builder.appName(${pyStr(opts.appName ?? "tspark-export")}).getOrCreate()`,
    "",
  ];
  return { code: `${[...header, ...body].join("\n")}\n`, submit, warnings };
}

/** `spark.readStream...load()` for one source; a tspark-only format becomes a placeholder, with a warning. */
function streamReader(src: PySparkSource, options: PySparkSource["options"], ctx: RenderContext, warnings: string[]): string {
  const local = LOCAL_ONLY_SOURCES[src.format.toLowerCase()];
  if (local) warnings.push(`source format ${src.format}: ${local}`);
  const calls = [`format(${pyStr(local ? "<source-format>" : src.format)})`];
  if (src.userSchema) calls.push(`schema(${pyType((src.userSchema as unknown as { jsonValue(): unknown }).jsonValue(), ctx.problems, "    ")})`);
  if (!local) calls.push(...optionCalls(src.format, options, "source", warnings));
  calls.push("load()");
  return chain("spark.readStream", calls);
}

/** The steps as method calls; what cannot be translated goes to `todo` comments and the warnings. */
function renderSteps(steps: readonly PySparkStep[], ctx: RenderContext, warnings: string[], todo: string[]): string[] {
  const stepCalls: string[] = [];
  for (const step of steps) {
    const before = ctx.problems.length;
    const call = renderStep(step, ctx, warnings, todo);
    const fresh = ctx.problems.splice(before);
    if (call === null) {
      const msg = step.op === "unsupported" ? `${step.what}: ${step.reason}` : `step ${step.op}`;
      warnings.push(`not translated: ${msg}`);
      todo.push(`# TODO (not translated): ${msg}`);
      continue;
    }
    for (const f of fresh) {
      warnings.push(`not translated: ${f}`);
      todo.push(`# TODO (not translated): ${f}`);
    }
    stepCalls.push(call);
  }
  return stepCalls;
}

/**
 * A join's other input as a variable declared before `result` (in ctx.schemas, which the program writes first):
 * a stream's reader and steps; a static table as `spark.read.table`; in-memory rows as `spark.createDataFrame`
 * with their schema (a placeholder reader and a warning only when a value has no Python spelling).
 */
function joinSide(p: PySparkPipeline, ctx: RenderContext, warnings: string[], todo: string[]): string {
  const name = `joined_${ctx.schemas.filter((s) => s.name.startsWith("joined_")).length + 1}`;
  let base: string;
  const st = p.staticSource;
  if (st?.kind === "table") {
    base = `spark.read.table(${pyStr(st.name)})`;
    warnings.push(`join: the static side reads table or view ${st.name}; it must exist in Spark's catalog`);
  } else if (st?.kind === "local") {
    // in-memory rows (createDataFrame) travel with the program as spark.createDataFrame(rows, schema)
    const json = (st.schema as unknown as { jsonValue(): unknown }).jsonValue();
    const schema = pyType(json, ctx.problems, "    ");
    const rows = pyRows(st.rows, json, ctx.imports, ctx.problems);
    if (rows !== undefined) {
      base = `spark.createDataFrame(${rows}, ${pyType(json, [], "")})`;
    } else {
      base = chain("spark.read", [`format("<static-format>")`, `schema(${schema})`, `load("<static-path>")`]);
      warnings.push(
        `join: the static side's ${st.rows.length} in-memory rows have values without a Python spelling; put them in a table or files and replace <static-format> and <static-path> (${name})`,
      );
    }
  } else if (p.source !== null) {
    base = streamReader(p.source, p.source.options, ctx, warnings);
  } else {
    base = "None";
    warnings.push(`join: the other side of the join has no source tspark can export (${name})`);
  }
  const calls = renderSteps(p.steps, ctx, warnings, todo);
  ctx.schemas.push({ name, code: chain(base, calls) });
  return name;
}

/** The stream names of an aws-kinesis reader's comma-separated `kinesis.streamName`. */
function kinesisStreams(options: PySparkSource["options"]): string[] {
  const v = options.find(([k]) => k.toLowerCase() === "kinesis.streamname")?.[1];
  return v === undefined ? [] : v.split(",").map((x) => x.trim()).filter((x) => x !== "");
}

function optionCalls(format: string, options: readonly (readonly [string, string])[], role: "source" | "sink", warnings: string[]): string[] {
  let list: ExportedOption[];
  if (format.toLowerCase() === KINESIS) {
    const r = kinesisOptions(options, role);
    warnings.push(...r.warnings);
    list = r.options;
  } else {
    list = options.map(([key, value]) => ({ key, value }));
  }
  return list.map((o) => `option(${pyStr(o.key)}, ${pyStr(o.value)})`);
}

function renderStep(step: PySparkStep, ctx: RenderContext, warnings: string[], todo: string[]): string | null {
  switch (step.op) {
    case "hint":
      return `hint(${pyStr(step.name)})`;
    case "join": {
      const other = joinSide(step.right, ctx, warnings, todo);
      const on = step.using !== null ? `[${step.using.map(pyStr).join(", ")}]` : step.condition !== null ? exprPython(step.condition, ctx) : null;
      if (step.how === "cross" && on === null) return `crossJoin(${other})`;
      return `join(${other}, ${on ?? "None"}, ${pyStr(step.how)})`;
    }
    case "project":
      return projectCall(step.exprs, ctx);
    case "filter":
      return needsColumnForm(step.condition) ? `where(${exprPython(step.condition, ctx)})` : `where(${pyStr(exprSql(step.condition, ctx.problems))})`;
    case "aggregate": {
      const keys = step.keys.map((k) => (k.kind === "ColumnRef" ? pyStr(k.parts.join(".")) : exprPython(k, ctx)));
      const aggs = step.aggs.filter((a) => !step.keys.includes(a)).map((a) => exprPython(a, ctx));
      const agg = `groupBy(${keys.join(", ")}).agg(${aggs.join(", ")})`;
      return step.having ? `${agg} \\\n    .where(${pyStr(exprSql(step.having, ctx.problems))})` : agg;
    }
    case "sort":
      return `orderBy(${step.orders.map((o) => `${exprPython(o.child, ctx)}.${sortMethod(o.ascending, o.nullsFirst)}`).join(", ")})`;
    case "alias":
      return step.columns ? `alias(${pyStr(step.name)}).toDF(${step.columns.map(pyStr).join(", ")})` : `alias(${pyStr(step.name)})`;
    case "expand": {
      const gen = exprPython(step.generator, ctx);
      return `select(col("*"), ${gen}.alias(${step.names.map(pyStr).join(", ")}))`;
    }
    case "watermark":
      return `withWatermark(${pyStr(step.column)}, ${pyStr(step.delay)})`;
    case "dedup": {
      const method = step.withinWatermark === true ? "dropDuplicatesWithinWatermark" : "dropDuplicates";
      return step.columns ? `${method}([${step.columns.map(pyStr).join(", ")}])` : `${method}()`;
    }
    case "limit":
      return `limit(${step.n})`;
    case "observe":
      return `observe(${pyStr(step.name)}, ${step.metrics.map((m) => exprPython(m, ctx)).join(", ")})`;
    case "groupsWithState":
      return groupsWithStateCall(step, ctx, warnings);
    case "transformWithState":
      return transformWithStateCall(step, ctx, warnings);
    case "unsupported":
      return null;
  }
}

function sortMethod(ascending: boolean, nullsFirst: boolean): string {
  if (ascending) return nullsFirst ? "asc()" : "asc_nulls_last()";
  return nullsFirst ? "desc_nulls_first()" : "desc()";
}

/** Plain names → select("a", "b.*"); anything needing Column code → select(...); else selectExpr("SQL", ...). */
function projectCall(exprs: readonly Expr[], ctx: RenderContext): string {
  if (exprs.every((e) => e.kind === "ColumnRef" || e.kind === "Star")) {
    return `select(${exprs.map((e) => pyStr(exprSql(e, ctx.problems))).join(", ")})`;
  }
  if (exprs.some(needsColumnForm)) return `select(${exprs.map((e) => exprPython(e, ctx)).join(", ")})`;
  return `selectExpr(${exprs.map((e) => pyStr(exprSql(e, ctx.problems))).join(", ")})`;
}

function renderWriter(sink: PySparkSink, warnings: string[], kinesisSource: boolean): string {
  const calls: string[] = [];
  const fmt = sink.format.toLowerCase();
  if (fmt === "foreachbatch") {
    warnings.push("not translated: foreachBatch runs a TypeScript function; write the Python function by hand");
    calls.push("foreachBatch(process_batch)");
  } else {
    calls.push(`format(${pyStr(sink.format)})`);
    if (sink.partitionBy?.length) calls.push(`partitionBy(${sink.partitionBy.map(pyStr).join(", ")})`);
  }
  calls.push(`outputMode(${pyStr(sink.outputMode)})`);
  if (sink.queryName) calls.push(`queryName(${pyStr(sink.queryName)})`);
  const trig = triggerCall(sink.trigger, kinesisSource);
  if (trig) calls.push(trig);
  const rest = sink.options.filter(([k]) => k.toLowerCase() !== "checkpointlocation");
  if (fmt !== "foreachbatch") calls.push(...optionCalls(sink.format, rest, "sink", warnings));
  const given = sink.options.find(([k]) => k.toLowerCase() === "checkpointlocation")?.[1];
  const cp = checkpointLocation(given, sink.queryName);
  calls.push(`option("checkpointLocation", ${pyStr(cp.value)})`);
  calls.push("start()");
  const stub =
    fmt === "foreachbatch"
      ? "# TODO (not translated): the foreachBatch function was TypeScript; write it in Python here.\ndef process_batch(batch_df, batch_id):\n    raise NotImplementedError(\"foreachBatch body\")\n\n"
      : "";
  return `${stub}query = ${chain("result.writeStream", calls)}`;
}

function triggerCall(t: PySparkSink["trigger"], kinesisSource: boolean): string | null {
  if (!t) return null;
  if (t.kind === "ProcessingTime") return t.intervalMs ? `trigger(processingTime=${pyStr(durationText(t.intervalMs))})` : null;
  if (t.kind === "Once") return "trigger(once=True)";
  // The connector does not support AvailableNow (README "Known Limitations"): Once is its one-batch equivalent
  // (kinesisPlanWarnings says what differs).
  if (t.kind === "AvailableNow") return kinesisSource ? "trigger(once=True)" : "trigger(availableNow=True)";
  return null;
}

function durationText(ms: number): string {
  if (ms % 60_000 === 0) return `${ms / 60_000} minute${ms === 60_000 ? "" : "s"}`;
  if (ms % 1000 === 0) return `${ms / 1000} second${ms === 1000 ? "" : "s"}`;
  return `${ms} milliseconds`;
}

/**
 * `[flat]MapGroupsWithState`: its function is TypeScript and PySpark has no mapGroupsWithState; its nearest API,
 * applyInPandasWithState, hands the function pandas DataFrames per group, which is not the same API. So the call
 * is written with a placeholder function (and the schemas, mode and timeout filled in), with a warning.
 */
function groupsWithStateCall(step: Extract<PySparkStep, { op: "groupsWithState" }>, ctx: RenderContext, warnings: string[]): string {
  const n = ctx.schemas.filter((s) => s.name.startsWith("groups_with_state_")).length + 1;
  const fn = `groups_with_state_${n}`;
  const typeOf = (t: unknown) => pyType((t as { jsonValue(): unknown }).jsonValue(), ctx.problems, "    ");
  ctx.schemas.push({ name: `${fn}_output`, code: typeOf(step.outputSchema) });
  ctx.schemas.push({ name: `${fn}_state`, code: step.stateSchema === null ? pyStr("<state-schema>") : typeOf(step.stateSchema) });
  ctx.schemas.push({
    name: fn,
    code: `None  # TODO: def ${fn}(key, pdf_iter, state): yield pandas.DataFrame rows of ${fn}_output (tspark's ${step.method} function is TypeScript)`,
  });
  warnings.push(
    `${step.method}: the TypeScript function cannot be exported and PySpark has no ${step.method}; applyInPandasWithState (written here) is not the same API (it passes pandas DataFrames per group): write ${fn} in Python`,
  );
  if (step.keyColumn === null) warnings.push(`${step.method}: the key is a TypeScript function; replace <key-column> with the column(s) it reads`);
  if (step.stateSchema === null) warnings.push(`${step.method}: no state schema was given in tspark; replace <state-schema> with the state's StructType`);
  const key = pyStr(step.keyColumn ?? "<key-column>");
  return `groupBy(${key}).applyInPandasWithState(${fn}, ${fn}_output, ${fn}_state, ${pyStr(step.outputMode)}, ${pyStr(step.timeout)})`;
}

/**
 * `transformWithState`: PySpark 4 has the same API (GroupedData.transformWithState), but the StatefulProcessor is
 * TypeScript, so the call is written with a placeholder processor (schema, modes filled in), with a warning.
 */
function transformWithStateCall(step: Extract<PySparkStep, { op: "transformWithState" }>, ctx: RenderContext, warnings: string[]): string {
  const n = ctx.schemas.filter((s) => s.name.startsWith("stateful_processor_") && !s.name.endsWith("_output")).length + 1;
  const proc = `stateful_processor_${n}`;
  ctx.schemas.push({ name: `${proc}_output`, code: pyType((step.outputSchema as unknown as { jsonValue(): unknown }).jsonValue(), ctx.problems, "    ") });
  ctx.schemas.push({
    name: proc,
    code: `None  # TODO: an instance of a pyspark.sql.streaming.StatefulProcessor subclass (init, handleInputRows, handleExpiredTimer, close); tspark's processor is TypeScript`,
  });
  warnings.push(`transformWithState: the TypeScript StatefulProcessor cannot be exported: write ${proc} in Python as a pyspark.sql.streaming.StatefulProcessor`);
  if (step.keyColumn === null) warnings.push("transformWithState: the key is a TypeScript function; replace <key-column> with the column(s) it reads");
  const key = pyStr(step.keyColumn ?? "<key-column>");
  return `groupBy(${key}).transformWithState(${proc}, ${proc}_output, ${pyStr(step.outputMode)}, ${pyStr(step.timeMode)})`;
}
