import type * as TS from "typescript";
import * as api from "../index";
import { DataStreamReader } from "../engine/api/data-stream-reader";
import { DataStreamWriter } from "../engine/api/data-stream-writer";

/**
 * Leading-dot chains, the way Spark code is written everywhere:
 *
 *   const kinesis = spark.readStream.format("aws-kinesis")
 *     .option("kinesis.streamName", "kinesis-source")
 *     .load()
 *
 * Typed line by line, the first line is a complete statement, and the shell cannot see the next one. Scala's
 * REPL waits in this case; so does this shell, but only where a continuation is plausible: a statement whose
 * value is a builder (a reader, a writer, a DataFrame, grouped data, a StructType) and that does not end in
 * `;` is HELD (the `...` prompt) until the next line shows whether the chain goes on. A next line starting
 * with `.name` continues it; a blank line or any other line runs it first. Everything else (`1 + 1`, `df`,
 * `q.stop()`, `...start()`, `df.show()`) runs at once, so the shell stays as quick to answer as before.
 *
 * Whether a value is a builder is decided WITHOUT running anything: names are looked up (they hold values
 * from earlier inputs), properties and calls are followed through a table of what the API's fluent methods
 * return. Unknown calls count as "not a builder", so the rule errs on the side of running.
 */

type Kind = "session" | "reader" | "writer" | "frame" | "grouped" | "struct" | "memory";

/** What the fluent methods of each builder return (methods not listed end the chain: actions, start()). */
const CALLS: Record<Kind, Readonly<Record<string, Kind>>> = {
  session: { table: "frame", sql: "frame", range: "frame", createDataFrame: "frame" },
  reader: { format: "reader", option: "reader", options: "reader", schema: "reader", load: "frame", table: "frame" },
  writer: {
    format: "writer",
    option: "writer",
    options: "writer",
    outputMode: "writer",
    trigger: "writer",
    queryName: "writer",
    partitionBy: "writer",
    foreachBatch: "writer",
    foreach: "writer",
  },
  frame: {
    ...Object.fromEntries(
      [
        "select", "selectExpr", "filter", "where", "withColumn", "withColumns", "withColumnRenamed", "withColumnsRenamed",
        "drop", "agg", "orderBy", "sort", "limit", "distinct", "dropDuplicates", "dropDuplicatesWithinWatermark",
        "withWatermark", "union", "unionAll", "unionByName", "alias", "toDF", "join", "crossJoin", "repartition",
        "coalesce", "hint", "sample", "toJSON",
      ].map((m) => [m, "frame" as Kind]),
    ),
    groupBy: "grouped",
    groupby: "grouped",
  },
  grouped: { agg: "frame", count: "frame", sum: "frame", avg: "frame", mean: "frame", min: "frame", max: "frame", pivot: "grouped" },
  struct: { add: "struct" },
  // `new MemoryStream(...)`, the test source: `input.toDF()` starts a chain like `spark.readStream...load()`
  memory: { toDF: "frame" },
};

/** Properties (not calls) that lead from one builder to another. */
const PROPERTIES: Partial<Record<Kind, Readonly<Record<string, Kind>>>> = {
  session: { readStream: "reader" },
  frame: { writeStream: "writer" },
};

function kindOfValue(v: unknown): Kind | undefined {
  if (v instanceof api.DataFrame) return "frame";
  if (v instanceof api.GroupedData) return "grouped";
  if (v instanceof DataStreamReader) return "reader";
  if (v instanceof DataStreamWriter) return "writer";
  if (v instanceof api.StructType) return "struct";
  if (v instanceof api.SparkSession) return "session";
  if (v instanceof api.MemoryStream) return "memory";
  return undefined;
}

function loadTs(): typeof TS {
  return require("typescript") as typeof TS;
}

/** The kind of an expression, or undefined when it is not (known to be) a builder. Never evaluates. */
function kindOf(ts: typeof TS, e: TS.Expression, lookup: (name: string) => unknown): Kind | undefined {
  if (ts.isParenthesizedExpression(e)) return kindOf(ts, e.expression, lookup);
  // `const q = await df.writeStream` then `.format(...)` ... `.start()` on the next lines: awaiting a builder (not a
  // thenable) gives the builder, so the chain the `await` is written for is still being built.
  if (ts.isAwaitExpression(e)) return kindOf(ts, e.expression, lookup);
  if (ts.isIdentifier(e)) return kindOfValue(lookup(e.text));
  if (ts.isPropertyAccessExpression(e)) {
    const base = kindOf(ts, e.expression, lookup);
    return base ? PROPERTIES[base]?.[e.name.text] : undefined;
  }
  if (ts.isCallExpression(e)) {
    const callee = e.expression;
    // `StructType()` (pyspark's form): the factory of a builder.
    if (ts.isIdentifier(callee)) return callee.text === "StructType" && lookup("StructType") === api.StructType ? "struct" : undefined;
    if (ts.isNewExpression(callee)) return undefined;
    if (!ts.isPropertyAccessExpression(callee)) return undefined;
    const base = kindOf(ts, callee.expression, lookup);
    return base ? CALLS[base][callee.name.text] : undefined;
  }
  if (ts.isNewExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === "StructType") return "struct";
  return undefined;
}

const globalLookup = (name: string): unknown => (globalThis as Record<string, unknown>)[name];

/**
 * Can a leading-dot line continue `source` (already translated to TypeScript), and how?
 * - "hold": its last statement declares or assigns a builder (`const df = spark.readStream.format("x")`):
 *   the shell waits for the next line before running it (the binding is what the chain builds).
 * - "rerun": its last statement is a builder expression (`events.groupBy("data").count()`): it runs at once
 *   (someone checking a column sees the error now), and a continuation re-runs it whole, which is safe
 *   because every step of the chain is a pure builder step (nothing is started, read or written).
 * - false: anything else, or a line ending with `;` (the user's way to say "this is the end").
 */
export function continuation(source: string, lookup: (name: string) => unknown = globalLookup): "hold" | "rerun" | false {
  const trimmed = source.replace(/\s+$/, "");
  if (trimmed === "" || trimmed.endsWith(";")) return false;
  const ts = loadTs();
  const file = ts.createSourceFile("input.ts", trimmed, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const last = file.statements[file.statements.length - 1];
  if (!last) return false;
  if (ts.isVariableStatement(last)) {
    const decls = last.declarationList.declarations;
    const init = decls[decls.length - 1]?.initializer;
    return init !== undefined && kindOf(ts, init, lookup) !== undefined ? "hold" : false;
  }
  if (!ts.isExpressionStatement(last)) return false;
  const e = last.expression;
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    return kindOf(ts, e.right, lookup) !== undefined ? "hold" : false;
  }
  // A bare name (`df`) is someone looking at a value; a single statement only (a re-run repeats all of it).
  if (ts.isIdentifier(e) || file.statements.length > 1) return false;
  return kindOf(ts, e, lookup) !== undefined ? "rerun" : false;
}

/** `.name` at the start of a line, the name being an identifier (not `..`, not a number like `.5`). */
const LEADING_MEMBER = /^\s*\.([A-Za-z_$][\w$]*)(.?)/;

/**
 * Is this line a leading-dot continuation rather than a dot-command? It is when it starts with `.name` and
 * either `name` is not a command, or it is followed by `(`, `.` or `[` (`.explain()` continues a chain,
 * `.explain q1` is the command).
 */
export function isContinuationLine(line: string, isCommand: (name: string) => boolean): boolean {
  const m = LEADING_MEMBER.exec(line);
  if (!m) return false;
  const next = m[2] ?? "";
  if (next === "(" || next === "." || next === "[") return true;
  return !isCommand(m[1]!);
}

/** The `.name` a line starts with, for messages. */
export function leadingName(line: string): string | undefined {
  return LEADING_MEMBER.exec(line)?.[1];
}

/**
 * A pasted block, as lines: join every leading-dot line to the statement before it, so the chain runs once,
 * whole. Blank lines and other lines stay as they are.
 */
export function groupPastedLines(lines: readonly string[], isCommand: (name: string) => boolean): string[] {
  const groups: string[] = [];
  for (const line of lines) {
    const prev = groups[groups.length - 1];
    if (prev !== undefined && prev.trim() !== "" && isContinuationLine(line, isCommand)) groups[groups.length - 1] = `${prev}\n${line}`;
    else groups.push(line);
  }
  return groups;
}
