/**
 * The pure half of `df.toPySpark()` / `query.toPySpark()`: a plan (frozen nodes with a `kind`) becomes a
 * linear PySpark pipeline description — one source, DataFrame steps, an optional sink. Rendering it as Python
 * and replacing local-only connector options with AWS placeholders is the connector's job
 * (src/connector/export); it registers itself here, because the engine never imports connector code.
 *
 * Nodes are read structurally (by `kind` and well-known field names), so a node this file does not know
 * becomes an `unsupported` step that the renderer reports: an export never drops a transformation silently.
 */
import type { Expr, SortOrder } from "../expr/ast";
import type { DataType } from "../types/data-types";
import { type JoinType, type LogicalPlan, type PlanKind, type StreamingRelation, children } from "./nodes";

/** Any plan node (the engine's LogicalPlan); kept loose so callers holding `unknown`-typed plans can pass them. */
export interface PlanNodeLike {
  readonly kind: string;
}

export interface PySparkSource {
  readonly format: string;
  readonly options: readonly (readonly [string, string])[];
  /** A schema given with readStream.schema(...), if any. */
  readonly userSchema?: DataType;
}

export type PySparkStep =
  | { readonly op: "project"; readonly exprs: readonly Expr[] }
  | { readonly op: "filter"; readonly condition: Expr }
  | { readonly op: "aggregate"; readonly keys: readonly Expr[]; readonly aggs: readonly Expr[]; readonly having?: Expr }
  | { readonly op: "sort"; readonly orders: readonly SortOrder[] }
  | { readonly op: "alias"; readonly name: string; readonly columns: readonly string[] | null }
  | { readonly op: "expand"; readonly generator: Expr; readonly outer: boolean; readonly names: readonly string[] }
  | { readonly op: "watermark"; readonly column: string; readonly delay: string }
  | { readonly op: "dedup"; readonly columns: readonly string[] | null; readonly withinWatermark?: boolean }
  | { readonly op: "limit"; readonly n: number }
  | { readonly op: "hint"; readonly name: string }
  /** `observe(name, ...metrics)`; an Observation is exported by its name (pyspark's observe takes either). */
  | { readonly op: "observe"; readonly name: string; readonly metrics: readonly Expr[] }
  | {
      readonly op: "join";
      /** The other input, a pipeline of its own (a stream, or a static side: see PySparkPipeline.staticSource). */
      readonly right: PySparkPipeline;
      /** Spark's `how` spelling: inner, cross, left_outer, right_outer, full_outer, left_semi, left_anti. */
      readonly how: string;
      readonly condition: Expr | null;
      readonly using: readonly string[] | null;
    }
  | {
      /** `groupByKey(...).[flat]MapGroupsWithState`: the function is TypeScript, so the renderer writes a placeholder. */
      readonly op: "groupsWithState";
      readonly method: "mapGroupsWithState" | "flatMapGroupsWithState";
      /** The key column, or null for a key function. */
      readonly keyColumn: string | null;
      readonly outputSchema: DataType;
      readonly stateSchema: DataType | null;
      readonly outputMode: string;
      readonly timeout: string;
    }
  | {
      /** `transformWithState`: PySpark has the same API, but the StatefulProcessor is TypeScript: a placeholder. */
      readonly op: "transformWithState";
      readonly keyColumn: string | null;
      readonly outputSchema: DataType;
      readonly outputMode: string;
      readonly timeMode: string;
    }
  | { readonly op: "unsupported"; readonly what: string; readonly reason: string };

export interface PySparkSink {
  readonly format: string;
  readonly outputMode: string;
  /** "ProcessingTime" with intervalMs, "Once", "AvailableNow"; default trigger when absent. */
  readonly trigger?: { readonly kind: string; readonly intervalMs?: number };
  readonly queryName?: string | null;
  readonly options: readonly (readonly [string, string])[];
  /** `writeStream.partitionBy(...)` columns (file sinks); none when absent. */
  readonly partitionBy?: readonly string[];
}

export interface PySparkPipeline {
  readonly source: PySparkSource | null;
  /**
   * The static side of a join, when it is not a stream: a session table or view (`spark.read.table` in Spark), or
   * in-memory rows (createDataFrame, engine values), which the renderer writes as `spark.createDataFrame(rows, schema)`.
   */
  readonly staticSource?:
    | { readonly kind: "table"; readonly name: string }
    | { readonly kind: "local"; readonly schema: DataType; readonly rows: readonly (readonly unknown[])[] };
  readonly steps: readonly PySparkStep[];
  readonly sink?: PySparkSink;
}

export interface PySparkExport {
  /** The whole Python program. */
  readonly code: string;
  /** The spark-submit command line for it. */
  readonly submit: string;
  /** What could not be translated or needs the user's attention (also written as comments in `code`). */
  readonly warnings: readonly string[];
}

export interface PySparkExportOptions {
  /** File name used in the spark-submit line. */
  readonly fileName?: string;
  readonly appName?: string;
  /** Where the program runs, for its spark-submit line: "emr-7" (default), "spark-3.5" or "spark-4". */
  readonly target?: string;
}

export type PySparkExporter = (pipeline: PySparkPipeline, opts: PySparkExportOptions) => PySparkExport;

/**
 * Process-wide slots (Symbol.for), not module variables: when this module is loaded twice (a test runner's
 * loader beside Node's require), a query started through one copy is still exported through the other.
 */
const slots = globalThis as unknown as Record<symbol, unknown>;
const EXPORTER = Symbol.for("tspark.pyspark.exporter");
const DEFINITIONS = Symbol.for("tspark.pyspark.queryDefinitions");

/** Called by src/connector/export when it is loaded (importing "tspark" loads it). */
export function setPySparkExporter(fn: PySparkExporter): void {
  slots[EXPORTER] = fn;
}

export function exportPipeline(pipeline: PySparkPipeline, opts: PySparkExportOptions = {}): PySparkExport {
  const exporter = slots[EXPORTER] as PySparkExporter | undefined;
  if (!exporter) {
    throw new Error('toPySpark() needs the PySpark exporter: import "tspark" (or src/connector/export) first.');
  }
  return exporter(pipeline, opts);
}

/** What writeStream.start() knew about a query; kept beside the query object without changing its shape. */
slots[DEFINITIONS] ??= new WeakMap<object, { plan: PlanNodeLike; sink: PySparkSink }>();
const definitions = slots[DEFINITIONS] as WeakMap<object, { plan: PlanNodeLike; sink: PySparkSink }>;

export function rememberQueryDefinition(query: object, plan: PlanNodeLike, sink: PySparkSink): void {
  definitions.set(query, { plan, sink });
}

export function queryDefinition(query: object): { plan: PlanNodeLike; sink: PySparkSink } | undefined {
  return definitions.get(query);
}

/** `query.toPySpark()`: the query's plan and its writer settings. */
export function queryToPySpark(query: object, opts: PySparkExportOptions = {}): PySparkExport {
  const def = definitions.get(query);
  if (!def) throw new Error("This query was not started by writeStream.start(), so its definition is unknown.");
  return exportPipeline({ ...planToPipeline(def.plan), sink: def.sink }, opts);
}

/** `df.toPySpark()`: the reading and transformation part (no writer). */
export function planToPySpark(plan: PlanNodeLike, opts: PySparkExportOptions = {}): PySparkExport {
  return exportPipeline(planToPipeline(plan), opts);
}

/** One handler per plan kind: a new kind fails to compile here until it says how it exports (STYLE example 2). */
const STEP: { [K in PlanKind]: (n: Extract<LogicalPlan, { kind: K }>) => PySparkStep | "source" } = {
  StreamingRelation: () => "source",
  LocalRelation: () => unsupported("LocalRelation", "static in-memory data (createDataFrame) has no streaming source to export"),
  UnresolvedRelation: (n) => unsupported("UnresolvedRelation", `table or view ${n.name} is defined in this session only`),
  OneRowRelation: () => unsupported("OneRowRelation", "SELECT without FROM is not a stream"),
  Project: (n) => ({ op: "project", exprs: n.exprs }),
  Filter: (n) => ({ op: "filter", condition: n.condition }),
  Aggregate: (n) => ({ op: "aggregate", keys: n.grouping, aggs: n.aggregates, ...(n.having ? { having: n.having } : {}) }),
  Sort: (n) => ({ op: "sort", orders: n.orders }),
  Limit: (n) => ({ op: "limit", n: n.n }),
  Deduplicate: (n) => ({ op: "dedup", columns: n.keys, ...(n.withinWatermark === true ? { withinWatermark: true } : {}) }),
  EventTimeWatermark: (n) => ({ op: "watermark", column: n.column, delay: n.delay }),
  Union: () => unsupported("Union", "plans with more than one input are not exported yet"),
  SubqueryAlias: (n) => ({ op: "alias", name: n.alias, columns: n.columnNames ?? null }),
  Join: (n) =>
    n.natural === true
      ? unsupported("Join", "a NATURAL JOIN is not exported: join USING the columns both sides share")
      : { op: "join", right: planToPipeline(n.right, true), how: HOW[n.joinType], condition: n.condition, using: n.using },
  ResolvedHint: (n) => ({ op: "hint", name: n.hint }),
  CollectMetrics: (n) => ({ op: "observe", name: n.name, metrics: n.metrics }),
  Expand: (n) => ({ op: "expand", generator: n.generator, outer: n.outer, names: n.names }),
  FlatMapGroupsWithState: ({ spec }) =>
    spec.transform !== undefined
      ? {
          op: "transformWithState",
          keyColumn: "column" in spec.key ? spec.key.column : null,
          outputSchema: spec.outputSchema,
          outputMode: spec.outputMode === "update" ? "Update" : "Append",
          timeMode: spec.transform.timeMode,
        }
      : {
    op: "groupsWithState",
    method: spec.isMapGroupsWithState ? "mapGroupsWithState" : "flatMapGroupsWithState",
    keyColumn: "column" in spec.key ? spec.key.column : null,
    outputSchema: spec.outputSchema,
    stateSchema: spec.stateSchema,
    outputMode: spec.outputMode === "update" ? "Update" : "Append",
    timeout: spec.timeout,
        },
};

/** Walk from the leaf up: the steps come out in the order the user wrote them. */
export function planToPipeline(plan: PlanNodeLike, joinSide = false): PySparkPipeline {
  const steps: PySparkStep[] = [];
  let source: PySparkSource | null = null;
  let staticSource: PySparkPipeline["staticSource"];
  const visit = (node: LogicalPlan): void => {
    const kids = children(node);
    // a join's right input is exported as its own pipeline by the Join handler
    if (kids.length === 1 || node.kind === "Join") visit(kids[0]!);
    // a leaf without a stream: kept as the pipeline's static source (for a join's static side)
    if (joinSide && node.kind === "LocalRelation" && source === null && steps.length === 0) {
      staticSource = { kind: "local", schema: node.schema, rows: node.rows };
      return;
    }
    if (joinSide && node.kind === "UnresolvedRelation" && source === null && steps.length === 0) {
      staticSource = { kind: "table", name: node.name };
      return;
    }
    const handler = STEP[node.kind] as ((n: LogicalPlan) => PySparkStep | "source") | undefined;
    const step = handler ? handler(node) : unsupported(node.kind, "no PySpark translation for this operation");
    if (step !== "source") steps.push(step);
    else if (source === null) source = sourceOf(node as StreamingRelation);
  };
  visit(plan as LogicalPlan);
  if (staticSource !== undefined) return { source, steps, staticSource };
  return { source, steps };
}

const HOW: Record<JoinType, string> = {
  inner: "inner",
  cross: "cross",
  left: "left_outer",
  right: "right_outer",
  full: "full_outer",
  semi: "left_semi",
  anti: "left_anti",
};

function sourceOf(node: StreamingRelation): PySparkSource {
  return { format: node.format, options: [...node.options.entries()] };
}

function unsupported(what: string, reason: string): PySparkStep {
  return { op: "unsupported", what, reason };
}
