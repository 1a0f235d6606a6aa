/**
 * The session catalog: temp views (a name bound to a logical plan) and registered tables (a schema
 * plus a rows provider, used by the memory sink). Names are case-insensitive, as in Spark.
 */
import { AnalysisException, sparkError } from "./errors";
import type { LogicalPlan } from "./plan/nodes";
import { node } from "./plan/nodes";
import type { StructType } from "./types/struct-type";
import type { Row } from "./types/values";

export interface TableInfo {
  readonly name: string;
  readonly isTemporary: boolean;
  readonly tableType: "TEMPORARY" | "MEMORY";
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
    return this.views.delete(name.toLowerCase());
  }
  /** Registers a table whose rows are read at query time (memory sink output). */
  registerTable(name: string, schema: StructType, rows: () => readonly Row[]): void {
    this.tables.set(name.toLowerCase(), { name, schema, rows });
  }
  unregisterTable(name: string): boolean {
    return this.tables.delete(name.toLowerCase());
  }
  tableExists(name: string): boolean {
    const k = name.toLowerCase();
    return this.views.has(k) || this.tables.has(k);
  }
  /** The plan a name refers to, or undefined. */
  lookup(name: string): LogicalPlan | undefined {
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
  listDatabases(): { name: string; catalog: string; description: string; locationUri: string }[] {
    return [{ name: "default", catalog: "spark_catalog", description: "default database", locationUri: "" }];
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
  functionExists(name: string): boolean {
    return [...this.host!.functionNames()].some((n) => n.toLowerCase() === name.toLowerCase());
  }
  listTables(): TableInfo[] {
    return [
      ...[...this.views.values()].map((v) => ({ name: v.name, isTemporary: true, tableType: "TEMPORARY" as const })),
      ...[...this.tables.values()].map((t) => ({ name: t.name, isTemporary: true, tableType: "MEMORY" as const })),
    ];
  }
}
