/**
 * SparkSession: entry point (`SparkSession.builder.appName("x").config(k, v).getOrCreate()`, or the
 * default `spark`). Holds conf, the catalog of temp views / registered tables, and the function
 * registry; builds DataFrames from rows (`createDataFrame`), SQL (`sql`), views (`table`), `range`.
 * `readStream` / `streams` come from the streaming engine (api/data-stream-reader.ts,
 * api/query-manager.ts), loaded lazily so batch use does not load the engine.
 */
import { DataFrame, type SessionLike } from "./api/data-frame";
import { DataFrameReader } from "./api/data-frame-reader";
import { DataStreamReader } from "./api/data-stream-reader";
import { StreamingQueryManager } from "./api/query-manager";
import { RowImpl } from "./api/row";
import { Catalog } from "./catalog";
import { RuntimeConfig } from "./conf";
import { AnalysisException, IllegalArgumentException, PySparkRuntimeError } from "./errors";
import { SessionTags } from "./api/session-tags";
import type { QueryContext } from "./expr/analyze";
import { compileCast } from "./expr/cast";
import { withPySparkSurface } from "./api/missing-api";
import { UDFRegistration } from "./api/udf";
import { inlineStreamingViews } from "./plan/inline-views";
import { builtinFunctions, type FunctionRegistry } from "./expr/functions/registry";
import { parseStatement } from "./expr/parser";
import type { PlanEnv } from "./plan/analyzer";
import { type LogicalPlan, node } from "./plan/nodes";
import {
  ArrayType,
  BinaryType,
  BooleanType,
  type DataType,
  DateType,
  DecimalType,
  DoubleType,
  FloatType,
  IntegerType,
  LongType,
  MapType,
  NullType,
  StringType,
  TimestampNTZType,
  TimestampType,
  VariantType,
} from "./types/data-types";
import { VariantVal } from "./types/variant";
import { parseDDLSchema } from "./types/ddl";
import { Decimal } from "./types/decimal";
import { StructFieldImpl, StructTypeImpl } from "./types/struct-type";
import type { Row } from "./types/values";

class Builder {
  private readonly options = new Map<string, string>();
  appName(name: string): this {
    this.options.set("spark.app.name", name);
    return this;
  }
  master(m: string): this {
    this.options.set("spark.master", m);
    return this;
  }
  config(key: string, value: string | number | boolean): this {
    this.options.set(key, String(value));
    return this;
  }
  enableHiveSupport(): this {
    return this;
  }
  getOrCreate(): SparkSession {
    const s = SparkSession.activeSession ?? new SparkSession();
    for (const [k, v] of this.options) s.conf.set(k, v);
    SparkSession.activeSession = s;
    return s;
  }
  create(): SparkSession {
    const s = new SparkSession();
    for (const [k, v] of this.options) s.conf.set(k, v);
    return s;
  }
}

export type CreateRows = readonly (readonly unknown[] | Readonly<Record<string, unknown>> | RowImpl | unknown)[];

export class SparkSession implements SessionLike {
  /** The session `getOrCreate` returns (the shell's `spark`). */
  static activeSession: SparkSession | null = null;
  static get builder(): Builder {
    return new Builder();
  }
  /** `spark.builder`, as Python reads the class attribute through an instance. */
  get builder(): Builder {
    return new Builder();
  }
  /** PySpark's `SparkSession.getActiveSession()`: the active session, or null. */
  static getActiveSession(): SparkSession | null {
    return SparkSession.activeSession;
  }
  /** PySpark's `SparkSession.active()`: the active session; NO_ACTIVE_OR_DEFAULT_SESSION when there is none. */
  static active(): SparkSession {
    if (SparkSession.activeSession === null) {
      throw new PySparkRuntimeError("[NO_ACTIVE_OR_DEFAULT_SESSION] No active or default Spark session found. Please create a new Spark session before running the code.", {
        errorClass: "NO_ACTIVE_OR_DEFAULT_SESSION",
      });
    }
    return SparkSession.activeSession;
  }
  /** `spark.active()` / `spark.getActiveSession()` on an instance, as Python allows for classmethods. */
  active(): SparkSession {
    return SparkSession.active();
  }
  getActiveSession(): SparkSession | null {
    return SparkSession.getActiveSession();
  }
  /** Job tags (addTag/removeTag/getTags/clearTags) and interrupts (session-tags.ts). */
  private readonly tags = new SessionTags();
  addTag(tag: string): void {
    this.tags.add(tag);
  }
  removeTag(tag: string): void {
    this.tags.remove(tag);
  }
  getTags(): Set<string> {
    return this.tags.get();
  }
  clearTags(): void {
    this.tags.clear();
  }
  interruptAll(): string[] {
    return this.tags.interruptAll();
  }
  interruptTag(tag: string): string[] {
    return this.tags.interruptTag(tag);
  }
  interruptOperation(opId: string): string[] {
    return this.tags.interruptOperation(opId);
  }

  readonly conf = new RuntimeConfig();
  readonly catalog = new Catalog();
  /** This session's functions: the built-ins plus what `spark.udf.register` adds (other sessions never see those). */
  readonly functions: FunctionRegistry = builtinFunctions().copy();
  /** PySpark's `spark.udf`: register JavaScript functions for selectExpr and spark.sql. */
  readonly udf: UDFRegistration = new UDFRegistration(this.functions);
  /** Output of show()/printSchema()/explain(); the shell replaces it to capture output. */
  print: (text: string) => void = (text) => {
    process.stdout.write(text);
  };
  private streamsCache: StreamingQueryManager | null = null;

  constructor() {
    this.catalog.attach({
      functionNames: () => this.functions.names(),
      userFunctionNames: () => [...this.functions.names()].filter((n) => builtinFunctions().get(n) === undefined && !builtinFunctions().isAggregate(n)),
      schemaOf: (plan) => DataFrame.ofPlan(this, plan).schema,
    });
    // biome-ignore lint/correctness/noConstructorReturn: PySpark methods tspark lacks say so (api/missing-api.ts)
    return withPySparkSurface(this, "SparkSession");
  }

  get version(): string {
    return "4.0.0";
  }
  get sparkContext(): { appName: string } {
    return { appName: this.conf.get("spark.app.name", "tspark") };
  }

  /** Session context for one query: time zone, ANSI mode, a fixed "now". */
  queryContext(): QueryContext {
    return {
      ansi: this.conf.ansi,
      timeZone: this.conf.timeZone,
      nowMicros: BigInt(Date.now()) * 1000n,
      conf: (k) => this.conf.getOption(k),
    };
  }
  planEnv(): PlanEnv {
    return { ctx: this.queryContext(), functions: this.functions, lookupRelation: (n) => this.catalog.lookup(n) };
  }

  /** `spark.sql(text)`: SELECT queries, SET, CREATE [OR REPLACE] TEMPORARY VIEW, CREATE TABLE ... AS. */
  sql(text: string): DataFrame {
    const st = parseStatement(text);
    switch (st.kind) {
      case "Query": {
        const df = DataFrame.ofPlan(this, inlineStreamingViews(st.plan, (n) => this.catalog.lookup(n)));
        df.schema; // analysis errors surface here, as in Spark
        return df;
      }
      case "SetConf": {
        if (st.key === null) return this.createDataFrame(Object.entries(this.conf.getAll()), "key STRING, value STRING");
        if (st.value === null) return this.createDataFrame([[st.key, this.conf.get(st.key, "<undefined>")]], "key STRING, value STRING");
        this.conf.set(st.key, st.value);
        return this.createDataFrame([[st.key, st.value]], "key STRING, value STRING");
      }
      case "ResetConf":
        if (st.key) this.conf.unset(st.key);
        return this.emptyDataFrame();
      case "CreateView": {
        if (st.ifNotExists && this.catalog.tableExists(st.name)) return this.emptyDataFrame();
        // Views are resolved when created (unknown names fail now), then stored as plans.
        DataFrame.ofPlan(this, st.plan).schema;
        const rows = DataFrame.ofPlan(this, st.plan);
        const materialized = node({ kind: "LocalRelation", schema: rows.schema, rows: rows.collectValues() });
        this.catalog.createTempView(st.name, materialized, st.replace || true);
        return this.emptyDataFrame();
      }
      case "DropView":
        if (!this.catalog.dropTempView(st.name) && !st.ifExists) {
          throw new AnalysisException(`[TABLE_OR_VIEW_NOT_FOUND] The table or view \`${st.name}\` cannot be found. SQLSTATE: 42P01`, {
            errorClass: "TABLE_OR_VIEW_NOT_FOUND",
            sqlState: "42P01",
          });
        }
        return this.emptyDataFrame();
    }
  }

  table(name: string): DataFrame {
    return DataFrame.ofPlan(this, this.catalog.resolve(name));
  }
  /** Registers a table whose rows are read at query time (the memory sink's output table). */
  registerTable(name: string, schema: StructTypeImpl, rowsProvider: () => readonly Row[]): void {
    this.catalog.registerTable(name, schema, rowsProvider);
  }

  emptyDataFrame(): DataFrame {
    return DataFrame.ofPlan(this, node({ kind: "LocalRelation", schema: new StructTypeImpl([]), rows: [] }));
  }

  range(start: number | bigint, end?: number | bigint, step: number | bigint = 1): DataFrame {
    let s = BigInt(start);
    let e: bigint;
    if (end === undefined) {
      e = s;
      s = 0n;
    } else e = BigInt(end);
    const st = BigInt(step);
    if (st === 0n) throw new IllegalArgumentException("The step of range must not be 0");
    const rows: Row[] = [];
    for (let i = s; st > 0n ? i < e : i > e; i += st) rows.push([i]);
    const schema = new StructTypeImpl([new StructFieldImpl("id", LongType(), false)]);
    return DataFrame.ofPlan(this, node({ kind: "LocalRelation", schema, rows }));
  }

  /** createDataFrame(rows, schema?): rows as arrays, objects or Rows; schema a StructType, DDL or column names. */
  createDataFrame(rows: CreateRows, schema?: StructTypeImpl | string | readonly string[]): DataFrame {
    const list = [...rows];
    let st: StructTypeImpl;
    if (schema instanceof StructTypeImpl) st = schema;
    else if (typeof schema === "string") st = parseDDLSchema(schema);
    else st = inferSchema(list, schema);
    const ctx = this.queryContext();
    const converters = st.fields.map((f) => toInternal(f.dataType, ctx));
    const data: Row[] = list.map((r) => {
      const vals = valuesOf(r, st);
      if (vals.length !== st.fields.length) {
        throw new IllegalArgumentException(`[AXIS_LENGTH_MISMATCH] Length mismatch: Expected axis has ${st.fields.length} elements, new values have ${vals.length} elements.`);
      }
      return vals.map((v, i) => converters[i]!(v));
    });
    return DataFrame.ofPlan(this, node({ kind: "LocalRelation", schema: st, rows: data }));
  }

  /** `spark.read`: files (api/data-frame-reader.ts); `load()` returns a Pending<DataFrame>. */
  get read(): DataFrameReader {
    return new DataFrameReader(this);
  }
  get readStream(): DataStreamReader {
    return new DataStreamReader(this);
  }
  get streams(): StreamingQueryManager {
    if (this.streamsCache === null) {
      this.streamsCache = new StreamingQueryManager(this);
    }
    return this.streamsCache;
  }
  newSession(): SparkSession {
    return new SparkSession();
  }
  stop(): void {
    if (SparkSession.activeSession === this) SparkSession.activeSession = null;
  }
}

function valuesOf(r: unknown, st: StructTypeImpl): unknown[] {
  if (r instanceof RowImpl) {
    const d = r.asDict();
    return st.fields.map((f, i) => (f.name in d ? d[f.name] : r.get(i)));
  }
  if (Array.isArray(r)) return r;
  if (r !== null && typeof r === "object" && !(r instanceof Date) && !(r instanceof Decimal) && !(r instanceof Uint8Array)) {
    const o = r as Record<string, unknown>;
    return st.fields.map((f) => (f.name in o ? (o[f.name] ?? null) : null));
  }
  return [r];
}

function inferType(v: unknown): DataType {
  if (v === null || v === undefined) return NullType();
  if (typeof v === "boolean") return BooleanType();
  if (typeof v === "number") return Number.isInteger(v) ? LongType() : DoubleType();
  if (typeof v === "bigint") return LongType();
  if (typeof v === "string") return StringType();
  if (v instanceof Date) return TimestampType();
  if (v instanceof Decimal) return DecimalType(38, 18);
  if (v instanceof Uint8Array) return BinaryType();
  if (Array.isArray(v)) {
    const e = v.find((x) => x !== null && x !== undefined);
    return ArrayType(e === undefined ? NullType() : inferType(e), true);
  }
  if (v instanceof Map) {
    const [k, x] = [...v.entries()][0] ?? [null, null];
    return MapType(inferType(k), inferType(x), true);
  }
  if (v instanceof RowImpl) return new StructTypeImpl(Object.entries(v.asDict()).map(([k, x]) => new StructFieldImpl(k, inferType(x))));
  return new StructTypeImpl(Object.entries(v as Record<string, unknown>).map(([k, x]) => new StructFieldImpl(k, inferType(x))));
}

function inferSchema(rows: readonly unknown[], names?: readonly string[]): StructTypeImpl {
  const first = rows[0];
  let fieldNames: string[];
  if (names !== undefined) fieldNames = [...names];
  else if (first instanceof RowImpl) fieldNames = Object.keys(first.asDict());
  else if (Array.isArray(first)) fieldNames = first.map((_, i) => `_${i + 1}`);
  else if (first !== null && typeof first === "object") fieldNames = Object.keys(first as object);
  else fieldNames = ["value"];
  const types: DataType[] = fieldNames.map(() => NullType());
  for (const r of rows) {
    const st = new StructTypeImpl(fieldNames.map((n) => new StructFieldImpl(n, NullType())));
    const vals = valuesOf(r, st);
    vals.forEach((v, i) => {
      if (types[i] instanceof NullType && v !== null && v !== undefined) types[i] = inferType(v);
    });
  }
  return new StructTypeImpl(fieldNames.map((n, i) => new StructFieldImpl(n, types[i]!, true)));
}

/** Converts a user value to the engine representation of `t` (values.ts). */
function toInternal(t: DataType, ctx: QueryContext): (v: unknown) => unknown {
  const bad = (v: unknown) => {
    throw new IllegalArgumentException(`[CANNOT_CONVERT] Value ${String(v)} (${typeof v}) cannot be converted to ${t.simpleString()}`);
  };
  if (t instanceof LongType)
    return (v) => (v === null || v === undefined ? null : typeof v === "bigint" ? v : typeof v === "number" && Number.isInteger(v) ? BigInt(v) : typeof v === "string" ? BigInt(v) : bad(v));
  if (t instanceof IntegerType || t.typeName() === "short" || t.typeName() === "byte")
    return (v) => (v === null || v === undefined ? null : typeof v === "number" || typeof v === "bigint" ? Number(v) : bad(v));
  if (t instanceof DoubleType) return (v) => (v === null || v === undefined ? null : Number(v));
  if (t instanceof FloatType) return (v) => (v === null || v === undefined ? null : Math.fround(Number(v)));
  if (t instanceof DecimalType)
    return (v) => {
      if (v === null || v === undefined) return null;
      const d = v instanceof Decimal ? v : Decimal.parse(String(v));
      return d === null ? bad(v) : d.setScale(t.scale);
    };
  if (t instanceof TimestampType || t instanceof TimestampNTZType)
    return (v) => {
      if (v === null || v === undefined) return null;
      if (typeof v === "bigint") return v;
      if (v instanceof Date) return BigInt(v.getTime()) * 1000n;
      if (typeof v === "number") return BigInt(Math.round(v * 1000)) * 1000n;
      return compileCast(StringType(), t, { ...ctx, ansi: true })(String(v));
    };
  if (t instanceof DateType)
    return (v) => {
      if (v === null || v === undefined) return null;
      if (typeof v === "number") return v;
      if (v instanceof Date) return Math.floor(v.getTime() / 86400000);
      return compileCast(StringType(), t, { ...ctx, ansi: true })(String(v));
    };
  if (t instanceof BinaryType) return (v) => (v === null || v === undefined ? null : typeof v === "string" ? new TextEncoder().encode(v) : v);
  if (t instanceof VariantType) return (v) => (v === null || v === undefined ? null : VariantVal.fromJS(v));
  if (t instanceof StructTypeImpl) {
    const fs = t.fields.map((f) => toInternal(f.dataType, ctx));
    return (v) => (v === null || v === undefined ? null : valuesOf(v, t).map((x, i) => fs[i]!(x)));
  }
  if (t instanceof ArrayType) {
    const e = toInternal(t.elementType, ctx);
    return (v) => (v === null || v === undefined ? null : (v as unknown[]).map(e));
  }
  if (t instanceof MapType) {
    const k = toInternal(t.keyType, ctx);
    const x = toInternal(t.valueType, ctx);
    return (v) => {
      if (v === null || v === undefined) return null;
      const entries = v instanceof Map ? [...v] : Object.entries(v as object);
      return new Map(entries.map(([a, b]) => [k(a), x(b)]));
    };
  }
  return (v) => (v === undefined ? null : v);
}

/** The default session (pyspark shell's `spark`). */
export const spark: SparkSession = SparkSession.builder.appName("tspark").getOrCreate();

export type { LogicalPlan };
