/**
 * The session catalog: temp views (a name bound to a logical plan) and registered tables (a schema
 * plus a rows provider, used by the memory sink). Names are case-insensitive, as in Spark. `global_temp.x`
 * names the process-wide global temp views (global-temp-views.ts). tspark has one catalog (`spark_catalog`)
 * with one database (`default`) and keeps no data files of its own: cacheTable / refreshTable check the name
 * as Spark does and otherwise have nothing to do (the cached names are remembered for isCached).
 */
import { AnalysisException, sparkError } from "./errors";
import { withPySparkSurface } from "./api/missing-api";
import { dropGlobalTempView, GLOBAL_TEMP_DATABASE, globalTempViewNames, globalViewName, lookupGlobalTempView } from "./global-temp-views";
import type { LogicalPlan } from "./plan/nodes";
import { node } from "./plan/nodes";
import type { StructType } from "./types/struct-type";
import type { Row } from "./types/values";

/** PySpark's catalog Table record. */
export interface TableInfo {
  readonly name: string;
  readonly catalog: string | null;
  readonly namespace: string[];
  readonly description: string | null;
  readonly tableType: "TEMPORARY" | "MEMORY";
  readonly isTemporary: boolean;
}
export interface DatabaseInfo {
  readonly name: string;
  readonly catalog: string;
  readonly description: string;
  readonly locationUri: string;
}

/** PySpark's catalog records (pyspark.sql.catalog Table, Column, Function, Database). */
export interface ColumnInfo {
  readonly name: string;
  readonly description: null;
  readonly dataType: string;
  readonly nullable: boolean;
  readonly isPartition: false;
  readonly isBucket: false;
}
export interface FunctionInfo {
  readonly name: string;
  readonly catalog: "system";
  readonly namespace: ["builtin"];
  readonly description: null;
  readonly className: string;
  readonly isTemporary: boolean;
}

/** What the catalog reads from its session: the function names and a plan's schema. */
export interface CatalogHost {
  functionNames(): Iterable<string>;
  userFunctionNames(): Iterable<string>;
  schemaOf(plan: LogicalPlan): StructType;
}

export class Catalog {
  constructor() {
    // biome-ignore lint/correctness/noConstructorReturn: PySpark methods tspark lacks say so (api/missing-api.ts)
    return withPySparkSurface(this, "Catalog");
  }
  private host: CatalogHost | null = null;
  /** Set by the session that owns this catalog. */
  attach(host: CatalogHost): void {
    this.host = host;
  }
  private readonly views = new Map<string, { name: string; plan: LogicalPlan }>();
  private readonly tables = new Map<string, { name: string; schema: StructType; rows: () => readonly Row[] }>();

  createTempView(name: string, plan: LogicalPlan, replace: boolean): void {
    const k = name.toLowerCase();
    if (!replace && this.views.has(k)) {
      throw new AnalysisException(
        `[TEMP_TABLE_OR_VIEW_ALREADY_EXISTS] Cannot create the temporary view \`${name}\` because it already exists. Choose a different name, drop or replace the existing view, or add the IF NOT EXISTS clause to tolerate pre-existing views. SQLSTATE: 42P07`,
        { errorClass: "TEMP_TABLE_OR_VIEW_ALREADY_EXISTS", sqlState: "42P07" },
      );
    }
    this.views.set(k, { name, plan });
  }
  dropTempView(name: string): boolean {
    const global = globalViewName(name);
    if (global !== null) return dropGlobalTempView(global);
    return this.views.delete(name.toLowerCase());
  }
  /** Registers a table whose rows are read at query time (memory sink output). */
  registerTable(name: string, schema: StructType, rows: () => readonly Row[]): void {
    this.tables.set(name.toLowerCase(), { name, schema, rows });
  }
  unregisterTable(name: string): boolean {
    return this.tables.delete(name.toLowerCase());
  }
  tableExists(name: string, dbName?: string): boolean {
    return this.lookup(dbName === undefined ? name : `${dbName}.${name}`) !== undefined;
  }
  /** The plan a name refers to, or undefined. */
  lookup(name: string): LogicalPlan | undefined {
    const global = globalViewName(name);
    if (global !== null) return lookupGlobalTempView(global);
    const k = name.toLowerCase().replace(/^(spark_catalog\.)?default\./, "");
    const v = this.views.get(k);
    if (v) return v.plan;
    const t = this.tables.get(k);
    if (t) return node({ kind: "LocalRelation", schema: t.schema, rows: t.rows() });
    return undefined;
  }
  resolve(name: string): LogicalPlan {
    const p = this.lookup(name);
    if (p === undefined) throw sparkError(AnalysisException, "TABLE_OR_VIEW_NOT_FOUND", { relationName: `\`${name}\`` });
    return p;
  }
  /** tspark has one database, `default`, in catalog `spark_catalog`. */
  currentDatabase(): string {
    return "default";
  }
  currentCatalog(): string {
    return "spark_catalog";
  }
  listDatabases(): DatabaseInfo[] {
    return [DEFAULT_DATABASE];
  }
  /** Spark's SCHEMA_NOT_FOUND for any database but `default`. */
  getDatabase(name: string): DatabaseInfo {
    if (!this.databaseExists(name)) throw schemaNotFound(name);
    return DEFAULT_DATABASE;
  }
  setCurrentDatabase(name: string): void {
    this.getDatabase(name);
  }
  listCatalogs(): { name: string; description: null }[] {
    return [{ name: "spark_catalog", description: null }];
  }
  setCurrentCatalog(name: string): void {
    if (name.toLowerCase() !== "spark_catalog") {
      throw new AnalysisException(`[CATALOG_NOT_FOUND] The catalog \`${name}\` not found. Consider to set the SQL config \`spark.sql.catalog.${name}\` to a catalog plugin. SQLSTATE: 42P08`, {
        errorClass: "CATALOG_NOT_FOUND",
        sqlState: "42P08",
      });
    }
  }
  databaseExists(name: string): boolean {
    return name.toLowerCase() === "default";
  }
  listColumns(tableName: string): ColumnInfo[] {
    const schema = this.host!.schemaOf(this.resolve(tableName));
    return schema.fields.map((f) => ({ name: f.name, description: null, dataType: f.dataType.simpleString(), nullable: f.nullable, isPartition: false, isBucket: false }));
  }
  listFunctions(pattern?: string): FunctionInfo[] {
    const user = new Set([...this.host!.userFunctionNames()]);
    const re = pattern === undefined ? null : new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`, "i");
    return [...new Set([...this.host!.functionNames()])]
      .filter((n) => re === null || re.test(n))
      .sort()
      .map((name) => ({ name, catalog: "system", namespace: ["builtin"], description: null, className: user.has(name) ? "tspark.UserDefinedFunction" : "tspark.BuiltinFunction", isTemporary: user.has(name) }));
  }
  /** A function's record; UNRESOLVED_ROUTINE for a name neither built in nor registered. */
  getFunction(name: string): FunctionInfo {
    const hit = this.listFunctions().find((f) => f.name.toLowerCase() === name.toLowerCase());
    if (hit === undefined) {
      throw sparkError(AnalysisException, "UNRESOLVED_ROUTINE", { routineName: `\`${name}\``, searchPath: "[`system`.`builtin`, `system`.`session`, `spark_catalog`.`default`]" });
    }
    return hit;
  }
  functionExists(name: string): boolean {
    return [...this.host!.functionNames()].some((n) => n.toLowerCase() === name.toLowerCase());
  }
  /** The session's temp views and tables; with `global_temp`, the global temp views first. */
  listTables(dbName?: string, pattern?: string): TableInfo[] {
    const global = dbName?.toLowerCase() === GLOBAL_TEMP_DATABASE ? globalTempViewNames().map((n) => table(n, [GLOBAL_TEMP_DATABASE], "TEMPORARY")) : [];
    if (dbName !== undefined && global.length === 0 && dbName.toLowerCase() !== GLOBAL_TEMP_DATABASE) this.getDatabase(dbName);
    const all = [...global, ...[...this.views.values()].map((v) => table(v.name, [], "TEMPORARY")), ...[...this.tables.values()].map((t) => table(t.name, [], "MEMORY"))];
    const re = pattern === undefined ? null : likePattern(pattern);
    return all.filter((t) => re === null || re.test(t.name));
  }
  /** Views only (tspark's tables are all views or memory-sink tables; the views are the temp views). */
  listViews(dbName?: string, pattern?: string): TableInfo[] {
    return this.listTables(dbName, pattern).filter((t) => t.tableType === "TEMPORARY");
  }
  /** The record of one table or view: TABLE_OR_VIEW_NOT_FOUND when there is none. */
  getTable(name: string): TableInfo {
    this.resolve(name);
    const global = globalViewName(name);
    if (global !== null) return table(global, [GLOBAL_TEMP_DATABASE], "TEMPORARY");
    const k = name.toLowerCase().replace(/^(spark_catalog\.)?default\./, "");
    const v = this.views.get(k);
    return v !== undefined ? table(v.name, [], "TEMPORARY") : table(this.tables.get(k)!.name, [], "MEMORY");
  }
  dropGlobalTempView(name: string): boolean {
    return dropGlobalTempView(name);
  }

  // ---- cache and refresh: names checked as Spark does; one process has nothing to cache or reload ----
  private readonly cached = new Set<string>();
  isCached(name: string): boolean {
    this.resolve(name);
    return this.cached.has(name.toLowerCase());
  }
  cacheTable(name: string, _storageLevel?: unknown): void {
    this.resolve(name);
    this.cached.add(name.toLowerCase());
  }
  uncacheTable(name: string): void {
    this.resolve(name);
    this.cached.delete(name.toLowerCase());
  }
  clearCache(): void {
    this.cached.clear();
  }
  refreshTable(name: string): void {
    this.resolve(name);
  }
  /** Spark invalidates cached data read from under `path`; tspark caches none. */
  refreshByPath(_path: string): void {}
}

const DEFAULT_DATABASE: DatabaseInfo = { name: "default", catalog: "spark_catalog", description: "default database", locationUri: "" };

function table(name: string, namespace: string[], tableType: TableInfo["tableType"]): TableInfo {
  return { name, catalog: null, namespace, description: null, tableType, isTemporary: true };
}

/** Spark's catalog patterns: `*` any text, `|` alternatives, case-insensitive. */
function likePattern(pattern: string): RegExp {
  const alts = pattern.split("|").map((p) => p.trim().replace(/[.+^${}()[\]\\?]/g, "\\$&").replace(/\*/g, ".*"));
  return new RegExp(`^(?:${alts.join("|")})$`, "i");
}

function schemaNotFound(name: string): AnalysisException {
  return new AnalysisException(
    `[SCHEMA_NOT_FOUND] The schema \`spark_catalog\`.\`${name}\` cannot be found. Verify the spelling and correctness of the schema and catalog.\nIf you did not qualify the name with a catalog, verify the current_schema() output, or qualify the name with the correct catalog.\nTo tolerate the error on drop use DROP SCHEMA IF EXISTS. SQLSTATE: 42704`,
    { errorClass: "SCHEMA_NOT_FOUND", sqlState: "42704", messageParameters: { schemaName: `\`spark_catalog\`.\`${name}\`` } },
  );
}
