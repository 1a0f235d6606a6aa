/**
 * DataFrame: an immutable handle over a frozen logical plan. Every transformation returns a new
 * DataFrame; actions (show, collect, count ...) analyze + compile the plan once and run it.
 * `DataFrame.ofPlan(session, plan)` wraps any plan (the streaming reader builds one over a
 * StreamingRelation). `showString` is exported for the console sink.
 */
import { AnalysisException } from "../errors";
import * as A from "../expr/ast";
import { showString as formatShow } from "../expr/format";
import { parseExpression, parseNamedExpression } from "../expr/parser";
import { type CompiledPlan, compilePlan } from "../plan/analyzer";
import { explainPlan, physicalTreeString } from "../plan/explain";
import { withPySparkSurface } from "./missing-api";
import { isStreamingPlan, type LogicalPlan, node } from "../plan/nodes";
import { planIdOf } from "../plan/plan-ids";
import type { StructTypeImpl } from "../types/struct-type";
import type { Row as ValueRow } from "../types/values";
import { Column, type ColumnOrName, col, describe, toExpr } from "./column";
import { DataFrameWriter } from "./data-frame-writer";
import { DataStreamWriter } from "./data-stream-writer";
import { GroupedData } from "./grouped-data";
import { type JoinOn, parseJoinArgs } from "./join-args";
import { groupByKey, type KeyFunction, type KeyValueGroupedDataset } from "./key-value-grouped-dataset";
import { type RowImpl, toRow } from "./row";
import { type PySparkExport, type PySparkExportOptions, planToPySpark } from "../plan/to-pyspark";
import * as ops from "./data-frame-ops";
import { deliverObservations, type Observation, observeNode } from "./observation";
import { ObservedMetricsCollector } from "../exec/observed-metrics";
import * as extras from "./data-frame-extras";
import * as stat from "./stat-functions";
import { createGlobalTempView } from "../global-temp-views";
import { literalExpr } from "./column";
import type { DataType } from "../types/data-types";

// cube/rollup need the types of their keys to write typed nulls
ops.setTypeProbe((a, keys) => (a as DataFrame).select(...keys.map((k) => new Column(k))).schema.fields.map((f): DataType => f.dataType));

/** What a DataFrame needs from its session (implemented by SparkSession). */
export interface SessionLike {
  planEnv(): import("../plan/analyzer").PlanEnv;
  readonly catalog: { createTempView(name: string, plan: LogicalPlan, replace: boolean): void };
  /** Where show()/printSchema()/explain() write (stdout by default). */
  print(text: string): void;
  readonly conf: { get(key: string, fallback?: string | null): string };
}

export function showString(
  rows: readonly ValueRow[],
  schema: StructTypeImpl,
  numRows = 20,
  truncate: boolean | number = true,
  vertical = false,
  timeZone = "UTC",
): string {
  return formatShow(rows, schema, numRows, truncate, vertical, { timeZone });
}

export class DataFrame {
  private compiledCache: CompiledPlan | null = null;

  constructor(
    readonly session: SessionLike,
    readonly plan: LogicalPlan,
  ) {
    // PySpark methods tspark lacks fail with UNSUPPORTED_FEATURE naming them (missing-api.ts)
    // biome-ignore lint/correctness/noConstructorReturn: the proxy is the instance users hold
    return withPySparkSurface(this, "DataFrame");
  }

  static ofPlan(session: SessionLike, plan: LogicalPlan): DataFrame {
    return new DataFrame(session, plan);
  }

  private with(plan: LogicalPlan): DataFrame {
    return new DataFrame(this.session, plan);
  }
  /** A DataFrame of this session over `plan` (for the API's other builders). */
  withPlan(plan: LogicalPlan): DataFrame {
    return this.with(plan);
  }

  /** Analyzed + compiled plan (cached: the plan is immutable). */
  compiled(): CompiledPlan {
    this.compiledCache ??= compilePlan(this.plan, this.session.planEnv());
    return this.compiledCache;
  }

  get schema(): StructTypeImpl {
    return this.compiled().schema;
  }
  get columns(): string[] {
    return this.schema.fieldNames();
  }
  get dtypes(): [string, string][] {
    return this.schema.fields.map((f) => [f.name, f.dataType.simpleString()]);
  }
  get isStreaming(): boolean {
    return isStreamingPlan(this.plan);
  }
  /** `df.col("name")` / pyspark's `df["name"]`. */
  col(name: string): Column {
    this.schema;
    const c = col(name);
    // the reference carries this DataFrame's plan id: it means this DataFrame's column (plan/plan-ids.ts)
    return c.expr.kind === "ColumnRef" ? new Column({ ...c.expr, planId: planIdOf(this.plan) }) : c;
  }

  // ---- transformations --------------------------------------------------------------------------
  select(...cols: (ColumnOrName | ColumnOrName[])[]): DataFrame {
    const list = cols.flat();
    return this.with(node({ kind: "Project", child: this.plan, exprs: list.map(toExpr) }));
  }
  selectExpr(...exprs: (string | string[])[]): DataFrame {
    return this.with(node({ kind: "Project", child: this.plan, exprs: exprs.flat().map(parseNamedExpression) }));
  }
  filter(condition: Column | string): DataFrame {
    const e = typeof condition === "string" ? parseExpression(condition) : condition.expr;
    return this.with(node({ kind: "Filter", child: this.plan, condition: e }));
  }
  where(condition: Column | string): DataFrame {
    return this.filter(condition);
  }
  withColumn(name: string, c: Column): DataFrame {
    return this.withColumns({ [name]: c });
  }
  withColumns(cols: Readonly<Record<string, Column>>): DataFrame {
    const names = this.columns;
    const entries = Object.entries(cols);
    const exprs: A.Expr[] = names.map((n) => {
      const hit = entries.find(([k]) => k.toLowerCase() === n.toLowerCase());
      return hit ? A.alias(hit[1].expr, hit[0]) : A.colRef([n]);
    });
    for (const [k, v] of entries) if (!names.some((n) => n.toLowerCase() === k.toLowerCase())) exprs.push(A.alias(v.expr, k));
    return this.with(node({ kind: "Project", child: this.plan, exprs }));
  }
  withColumnRenamed(existing: string, renamed: string): DataFrame {
    const names = this.columns;
    if (!names.some((n) => n.toLowerCase() === existing.toLowerCase())) return this;
    return this.with(
      node({
        kind: "Project",
        child: this.plan,
        exprs: names.map((n) => (n.toLowerCase() === existing.toLowerCase() ? A.alias(A.colRef([n]), renamed) : A.colRef([n]))),
      }),
    );
  }
  withColumnsRenamed(map: Readonly<Record<string, string>>): DataFrame {
    let df: DataFrame = this;
    for (const [a, b] of Object.entries(map)) df = df.withColumnRenamed(a, b);
    return df;
  }
  drop(...cols: ColumnOrName[]): DataFrame {
    const drop = new Set(cols.map((c) => (typeof c === "string" ? c : c.expr.kind === "ColumnRef" ? c.expr.parts.join(".") : "")).map((s) => s.toLowerCase()));
    const keep = this.columns.filter((n) => !drop.has(n.toLowerCase()));
    return this.with(node({ kind: "Project", child: this.plan, exprs: keep.map((n) => A.colRef([n])) }));
  }
  groupBy(...cols: (ColumnOrName | ColumnOrName[])[]): GroupedData {
    return new GroupedData(this, cols.flat().map(toExpr));
  }
  groupby(...cols: (ColumnOrName | ColumnOrName[])[]): GroupedData {
    return this.groupBy(...cols);
  }
  /** Spark's typed groupByKey: `fn(row)` (or a column name) gives each row's key (docs/stateful.md). */
  groupByKey(key: KeyFunction | string): KeyValueGroupedDataset {
    return groupByKey(this, key);
  }
  agg(...exprs: (Column | Readonly<Record<string, string>>)[]): DataFrame {
    return this.groupBy().agg(...exprs);
  }
  orderBy(...cols: (ColumnOrName | ColumnOrName[] | { ascending: boolean | boolean[] })[]): DataFrame {
    let ascending: boolean | boolean[] = true;
    const list: ColumnOrName[] = [];
    for (const c of cols) {
      if (Array.isArray(c)) list.push(...c);
      else if (typeof c === "object" && !(c instanceof Column)) ascending = c.ascending;
      else list.push(c);
    }
    const orders = list.map((c, i) => {
      const e = toExpr(c);
      if (e.kind === "SortOrder") return e;
      const asc = Array.isArray(ascending) ? (ascending[i] ?? true) : ascending;
      return A.sortOrder(e, asc);
    });
    return this.with(node({ kind: "Sort", child: this.plan, orders }));
  }
  sort(...cols: (ColumnOrName | ColumnOrName[] | { ascending: boolean | boolean[] })[]): DataFrame {
    return this.orderBy(...cols);
  }
  limit(n: number): DataFrame {
    return this.with(node({ kind: "Limit", child: this.plan, n }));
  }
  distinct(): DataFrame {
    return this.with(node({ kind: "Deduplicate", child: this.plan, keys: null }));
  }
  dropDuplicates(subset?: readonly string[]): DataFrame {
    return this.with(node({ kind: "Deduplicate", child: this.plan, keys: subset === undefined ? null : [...subset] }));
  }
  drop_duplicates(subset?: readonly string[]): DataFrame {
    return this.dropDuplicates(subset);
  }
  /** Streaming: a key is forgotten once the watermark passes its event time plus the delay; batch: dropDuplicates. */
  dropDuplicatesWithinWatermark(subset?: readonly string[]): DataFrame {
    const keys = subset === undefined ? null : [...subset];
    return this.with(node({ kind: "Deduplicate", child: this.plan, keys, withinWatermark: true }));
  }
  /** Declares the event-time column and the lateness bound; no effect on batch results. */
  withWatermark(eventTime: string, delayThreshold: string): DataFrame {
    const df = this.with(node({ kind: "EventTimeWatermark", child: this.plan, column: eventTime, delay: delayThreshold }));
    df.schema;
    return df;
  }
  union(other: DataFrame): DataFrame {
    return this.with(node({ kind: "Union", children: [this.plan, other.plan], byName: false, distinct: false }));
  }
  unionAll(other: DataFrame): DataFrame {
    return this.union(other);
  }
  unionByName(other: DataFrame, allowMissingColumns = false): DataFrame {
    if (allowMissingColumns) return this.with(ops.unionByNameMissing(this, other));
    return this.with(node({ kind: "Union", children: [this.plan, other.plan], byName: true, distinct: false }));
  }
  /** Distinct rows also in `other` (SQL INTERSECT). */
  intersect(other: DataFrame): DataFrame {
    return this.with(ops.distinctSetOp(this, other, "semi"));
  }
  /** Rows also in `other`, with multiplicity (INTERSECT ALL). */
  intersectAll(other: DataFrame): DataFrame {
    return this.with(ops.multisetOp(this, other, "intersect"));
  }
  /** Distinct rows not in `other` (SQL EXCEPT). */
  subtract(other: DataFrame): DataFrame {
    return this.with(ops.distinctSetOp(this, other, "anti"));
  }
  /** Rows not in `other`, with multiplicity (EXCEPT ALL). */
  exceptAll(other: DataFrame): DataFrame {
    return this.with(ops.multisetOp(this, other, "except"));
  }
  /** `df.transform(f, ...args)`: f(df, ...args), for chaining custom steps. */
  transform<A extends unknown[]>(f: (df: DataFrame, ...args: A) => DataFrame, ...args: A): DataFrame {
    return f(this, ...args);
  }
  /** Wide to long: one row per id values and value column (`variableColumnName`, `valueColumnName`). */
  unpivot(ids: string | string[], values: string | string[] | null, variableColumnName: string, valueColumnName: string): DataFrame {
    const list = (x: string | string[]) => (Array.isArray(x) ? x : [x]);
    return this.with(ops.unpivot(this, list(ids), values === null ? null : list(values), variableColumnName, valueColumnName));
  }
  melt(ids: string | string[], values: string | string[] | null, variableColumnName: string, valueColumnName: string): DataFrame {
    return this.unpivot(ids, values, variableColumnName, valueColumnName);
  }
  /** All grouping sets of the columns (GROUP BY CUBE). */
  cube(...cols: (ColumnOrName | ColumnOrName[])[]): GroupedData {
    const keys = cols.flat().map(toExpr);
    const sets = Array.from({ length: 1 << keys.length }, (_, m) => keys.map((_k, i) => i).filter((i) => (m & (1 << (keys.length - 1 - i))) === 0));
    return new GroupedData(this, keys, sets);
  }
  /** The prefixes of the columns as grouping sets (GROUP BY ROLLUP). */
  rollup(...cols: (ColumnOrName | ColumnOrName[])[]): GroupedData {
    const keys = cols.flat().map(toExpr);
    const sets = Array.from({ length: keys.length + 1 }, (_, n) => keys.slice(0, keys.length - n).map((_k, i) => i));
    return new GroupedData(this, keys, sets);
  }
  /** `sample(fraction, seed?)` or `sample(withReplacement, fraction, seed?)`: each row kept with probability fraction. */
  sample(a: number | boolean, b?: number, c?: number): DataFrame {
    const fraction = typeof a === "number" ? a : (b ?? 1);
    const seed = typeof a === "number" ? b : c;
    const rand = A.call("rand", seed === undefined ? [] : [literalExpr(seed)]);
    return this.filter(new Column(A.binary("<", rand, literalExpr(fraction))));
  }
  /** The last `n` rows. */
  tail(n: number): RowImpl[] {
    const rows = this.collect();
    return rows.slice(Math.max(0, rows.length - n));
  }
  /** na.fill / na.drop / na.replace (also fillna, dropna, replace). */
  get na(): { fill: DataFrame["fillna"]; drop: DataFrame["dropna"]; replace: DataFrame["replace"] } {
    return { fill: (v, s) => this.fillna(v, s), drop: (h, t, s) => this.dropna(h, t, s), replace: (r, v, s) => this.replace(r, v, s) };
  }
  fillna(value: unknown, subset?: string | string[]): DataFrame {
    return this.with(ops.fillna(this, value, subset === undefined ? undefined : [subset].flat()));
  }
  dropna(how: "any" | "all" = "any", thresh?: number | null, subset?: string | string[]): DataFrame {
    return this.with(ops.dropna(this, how, thresh, subset === undefined ? undefined : [subset].flat()));
  }
  replace(toReplace: unknown, value?: unknown, subset?: string | string[]): DataFrame {
    return this.with(ops.replace(this, toReplace, value ?? null, subset === undefined ? undefined : [subset].flat()));
  }
  /** count, mean, stddev, min, max of numeric and string columns, as strings. */
  describe(...cols: (string | string[])[]): DataFrame {
    const list = cols.flat();
    return this.with(ops.summary(this, ["count", "mean", "stddev", "min", "max"], list.length === 0 ? null : list, (exprs) => this.aggRow(exprs)));
  }
  /** describe with quartiles; `summary("count", "50%")` picks statistics. */
  summary(...statistics: string[]): DataFrame {
    return this.with(ops.summary(this, statistics, null, (exprs) => this.aggRow(exprs)));
  }
  private aggRow(exprs: A.Expr[]): ValueRow {
    return this.with(node({ kind: "Aggregate", child: this.plan, grouping: [], aggregates: exprs })).collectValues()[0] ?? [];
  }
  /**
   * Named aggregate metrics over the rows passing this point (api/observation.ts): a streaming query reports them
   * per batch in `lastProgress.observedMetrics`; a batch action hands them to an `Observation`. Checked at once,
   * as Spark analyzes observe() eagerly.
   */
  observe(observation: string | Observation, ...exprs: Column[]): DataFrame {
    const observed = this.with(observeNode(this.plan, this.isStreaming, observation, exprs));
    observed.compiled();
    return observed;
  }
  /** Accepted for PySpark programs; one process has nothing to cache or repartition. Shown by explain. */
  cache(): DataFrame {
    return this.with(node({ kind: "ResolvedHint", child: this.plan, hint: "InMemoryRelation StorageLevel(disk, memory, deserialized, 1 replicas)" }));
  }
  persist(storageLevel = "MEMORY_AND_DISK"): DataFrame {
    return this.with(node({ kind: "ResolvedHint", child: this.plan, hint: `InMemoryRelation ${storageLevel}` }));
  }
  unpersist(_blocking = false): DataFrame {
    return this.plan.kind === "ResolvedHint" && this.plan.hint.startsWith("InMemoryRelation") ? this.with(this.plan.child) : this;
  }
  repartition(numPartitions: number | ColumnOrName, ...cols: ColumnOrName[]): DataFrame {
    const n = typeof numPartitions === "number" ? numPartitions : null;
    const by = [...(typeof numPartitions === "number" ? [] : [numPartitions]), ...cols].map((c) => describe(toExpr(c)));
    return this.with(node({ kind: "ResolvedHint", child: this.plan, hint: `Repartition${by.length > 0 ? `ByExpression [${by.join(", ")}]` : ""}${n === null ? "" : ` ${n}`}, true` }));
  }
  coalesce(numPartitions: number): DataFrame {
    return this.with(node({ kind: "ResolvedHint", child: this.plan, hint: `Repartition ${numPartitions}, false` }));
  }
  /**
   * Joins with `other` (pyspark's DataFrame.join): `on` a column name or list of names (USING: each key once in the
   * output), a Column condition or a list of Columns; `how` any join type Spark accepts (docs/joins.md).
   */
  join(other: DataFrame, on?: JoinOn, how?: string | null): DataFrame {
    const a = parseJoinArgs(on, how);
    return this.with(node({ kind: "Join", left: this.plan, right: other.plan, joinType: a.joinType, condition: a.condition, using: a.using }));
  }
  crossJoin(other: DataFrame): DataFrame {
    return this.with(node({ kind: "Join", left: this.plan, right: other.plan, joinType: "cross", condition: null, using: null }));
  }
  /** `df.hint("broadcast")` (also `broadcast(df)`): the join builds its hash table from this side. */
  hint(name: string): DataFrame {
    const h = name.toLowerCase();
    if (h !== "broadcast" && h !== "broadcastjoin" && h !== "mapjoin") return this; // Spark ignores unknown hints too (with a warning)
    return this.with(node({ kind: "ResolvedHint", child: this.plan, hint: "broadcast" }));
  }
  alias(name: string): DataFrame {
    return this.with(node({ kind: "SubqueryAlias", child: this.plan, alias: name }));
  }
  /**
   * Spark 4's subquery columns: this query as a scalar subquery (one column; NULL without rows,
   * SCALAR_SUBQUERY_TOO_MANY_ROWS with more than one) or an EXISTS predicate, for another DataFrame's select,
   * filter or withColumn. A column of that outer DataFrame is referenced with `col("t.k").outer()`.
   */
  scalar(): Column {
    return new Column(A.subquery("scalar", this.plan, { implicitOuter: false }));
  }
  exists(): Column {
    return new Column(A.subquery("exists", this.plan, { implicitOuter: false }));
  }
  toDF(...names: string[]): DataFrame {
    const cur = this.columns;
    if (names.length !== cur.length) throw new AnalysisException(`Number of column names (${names.length}) does not match the number of columns (${cur.length})`);
    return this.with(node({ kind: "Project", child: this.plan, exprs: cur.map((n, i) => A.alias(A.colRef([n]), names[i]!)) }));
  }

  // ---- actions ----------------------------------------------------------------------------------
  private assertBatch(op: string): void {
    if (this.isStreaming) {
      throw new AnalysisException(`Queries with streaming sources must be executed with writeStream.start(); ${op} is not supported on a streaming DataFrame`, {
        errorClass: "_LEGACY_ERROR_TEMP_1208",
      });
    }
  }
  /** Rows as positional value arrays (values.ts). */
  collectValues(): ValueRow[] {
    this.assertBatch("collect");
    const metrics = new ObservedMetricsCollector();
    const rows = this.compiled().run({
      relationRows: () => {
        throw new AnalysisException("Queries with streaming sources must be executed with writeStream.start()");
      },
      metrics,
    });
    deliverObservations(this.plan, metrics, this.session.conf.get("spark.sql.session.timeZone"));
    return rows;
  }
  collect(): RowImpl[] {
    const schema = this.schema;
    return this.collectValues().map((r) => toRow(r, schema));
  }
  toArray(): RowImpl[] {
    return this.collect();
  }
  take(n: number): RowImpl[] {
    return this.limit(n).collect();
  }
  head(n?: number): RowImpl[] | RowImpl | null {
    if (n === undefined) return this.first();
    return this.take(n);
  }
  first(): RowImpl | null {
    return this.take(1)[0] ?? null;
  }
  count(): number {
    return this.collectValues().length;
  }
  isEmpty(): boolean {
    return this.take(1).length === 0;
  }
  /** show(n = 20, truncate = true, vertical = false), printed exactly as Spark's Dataset.show. */
  show(n = 20, truncate: boolean | number = true, vertical = false): void {
    this.session.print(`${this.showString(n, truncate, vertical)}\n`);
  }
  showString(n = 20, truncate: boolean | number = true, vertical = false): string {
    this.assertBatch("show");
    const rows = this.limit(n + 1).collectValues();
    return showString(rows, this.schema, n, truncate, vertical, this.session.conf.get("spark.sql.session.timeZone"));
  }
  printSchema(level?: number): void {
    this.session.print(`${this.schema.treeString(level)}\n`);
  }
  explain(extended: boolean | string = false): void {
    // the physical section shows the operators that run (a join's strategy, build side and both inputs)
    const physical = this.isStreaming ? undefined : physicalTreeString(this.compiled());
    this.session.print(explainPlan(this.plan, this.schema, extended === true || extended === "extended", physical));
  }
  createOrReplaceTempView(name: string): void {
    this.session.catalog.createTempView(name, this.plan, true);
  }
  createTempView(name: string): void {
    this.session.catalog.createTempView(name, this.plan, false);
  }
  /**
   * Spark's `Dataset.toJSON`: a DataFrame with one string column `value`, each row written as JSON text the way
   * to_json writes a struct (session time zone, null fields left out). Works on streaming DataFrames too.
   */
  toJSON(): DataFrame {
    const fields = this.schema.fieldNames().map((n) => col(`\`${n.replace(/`/g, "``")}\``));
    return this.select(new Column(A.call("to_json", [A.call("struct", fields.map((c) => toExpr(c)))])).alias("value"));
  }
  /** Registers this DataFrame as `global_temp.<name>`, seen by every session of the process. */
  createGlobalTempView(name: string): void {
    createGlobalTempView(name, this.plan, false);
  }
  createOrReplaceGlobalTempView(name: string): void {
    createGlobalTempView(name, this.plan, true);
  }
  /** Deprecated since Spark 2.0: createOrReplaceTempView. */
  registerTempTable(name: string): void {
    this.createOrReplaceTempView(name);
  }

  // ---- statistics (api/stat-functions.ts) ------------------------------------------------------
  /** PySpark's `df.stat` (DataFrameStatFunctions). */
  get stat(): stat.DataFrameStatFunctions {
    return new stat.DataFrameStatFunctions(this);
  }
  approxQuantile(col: string | readonly string[], probabilities: readonly number[], relativeError: number): number[] | number[][] {
    return stat.approxQuantile(this, col, probabilities, relativeError);
  }
  corr(col1: string, col2: string, method?: string): number {
    return stat.corr(this, col1, col2, method);
  }
  cov(col1: string, col2: string): number {
    return stat.cov(this, col1, col2);
  }
  crosstab(col1: string, col2: string): DataFrame {
    return stat.crosstab(this, col1, col2);
  }
  freqItems(cols: readonly string[], support?: number | null): DataFrame {
    return stat.freqItems(this, cols, support);
  }
  sampleBy(col: string | Column, fractions: Readonly<Record<string, number>>, seed?: number | null): DataFrame {
    return stat.sampleBy(this, col, fractions, seed);
  }

  // ---- more of PySpark's DataFrame (api/data-frame-extras.ts) ----------------------------------
  randomSplit(weights: readonly number[], seed?: number | null): DataFrame[] {
    return extras.randomSplit(this, weights, seed);
  }
  offset(num: number): DataFrame {
    return extras.offset(this, num);
  }
  zipWithIndex(indexColName = "index"): DataFrame {
    return extras.zipWithIndex(this, indexColName);
  }
  transpose(indexColumn?: ColumnOrName): DataFrame {
    return extras.transpose(this, indexColumn, Number(this.session.conf.get("spark.sql.transposeMaxValues", "500")));
  }
  /** The columns of `schema` by name, cast to its types (Spark's Dataset.to). */
  to(schema: StructTypeImpl): DataFrame {
    return extras.toSchema(this, schema);
  }
  colRegex(colName: string): Column {
    return extras.colRegex(this, colName);
  }
  groupingSets(groupingSets: readonly (readonly ColumnOrName[])[], ...cols: ColumnOrName[]): GroupedData {
    return extras.groupingSets(this, groupingSets, cols);
  }
  /** One process reads one partition: sorting within it is sorting. */
  sortWithinPartitions(...cols: (ColumnOrName | ColumnOrName[] | { ascending: boolean | boolean[] })[]): DataFrame {
    return this.orderBy(...cols);
  }
  repartitionByRange(numPartitions: number | ColumnOrName, ...cols: ColumnOrName[]): DataFrame {
    return this.with(node({ kind: "ResolvedHint", child: this.plan, hint: extras.repartitionByRangeHint(numPartitions, cols) }));
  }
  /** The rows computed now; explain shows the plan cut at them (batch DataFrames). */
  checkpoint(eager = true): DataFrame {
    return extras.checkpoint(this, eager);
  }
  localCheckpoint(eager = true, _storageLevel?: unknown): DataFrame {
    return extras.checkpoint(this, eager);
  }
  sameSemantics(other: DataFrame): boolean {
    return extras.sameSemantics(this, other);
  }
  semanticHash(): number {
    return extras.semanticHash(this);
  }
  /** True when the rows are held in the plan itself (createDataFrame, range, computed results). */
  isLocal(): boolean {
    return this.plan.kind === "LocalRelation";
  }
  /** The files read; tspark reads batch files when load() runs, so the plan names none. */
  inputFiles(): string[] {
    extras.batchOnly(this);
    return [];
  }
  get sparkSession(): SessionLike {
    return this.session;
  }
  get storageLevel(): extras.StorageLevel {
    return extras.storageLevelOf(this.plan);
  }
  /** Spark Connect's per-action metrics; tspark keeps none (null, as Connect before an action). */
  get executionInfo(): null {
    return null;
  }
  /** The rows one by one (a generator over collect()). */
  toLocalIterator(_prefetchPartitions = false): IterableIterator<RowImpl> {
    extras.batchOnly(this);
    return this.collect()[Symbol.iterator]();
  }
  /** `f(row)` for every row (batch DataFrames; streams use writeStream.foreach). */
  foreach(f: (row: RowImpl) => unknown): void {
    extras.batchOnly(this);
    for (const r of this.collect()) f(r);
  }
  /** `f(rows)` once per partition: tspark has one, so once with an iterator over every row. */
  foreachPartition(f: (rows: IterableIterator<RowImpl>) => unknown): void {
    extras.batchOnly(this);
    f(this.collect()[Symbol.iterator]());
  }

  /** The reading and transformations as a PySpark program for the real Kinesis connector (docs/export-and-demo.md). */
  toPySpark(opts: PySparkExportOptions = {}): PySparkExport {
    return planToPySpark(this.plan, opts);
  }

  /** `df.write`: files (DataFrameWriter, api/data-frame-writer.ts); `save()` returns a Promise. */
  get write(): DataFrameWriter {
    return new DataFrameWriter(this);
  }

  /** `df.writeStream`: the engine's DataStreamWriter (streaming DataFrames only). */
  get writeStream(): DataStreamWriter {
    return new DataStreamWriter(this);
  }
  toString(): string {
    try {
      return `DataFrame[${this.schema.fields.map((f) => `${f.name}: ${f.dataType.simpleString()}`).join(", ")}]`;
    } catch {
      return "DataFrame[<unresolved>]";
    }
  }
}

export { describe };
