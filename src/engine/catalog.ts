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

export class Catalog {
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
  listTables(): TableInfo[] {
    return [
      ...[...this.views.values()].map((v) => ({ name: v.name, isTemporary: true, tableType: "TEMPORARY" as const })),
      ...[...this.tables.values()].map((t) => ({ name: t.name, isTemporary: true, tableType: "MEMORY" as const })),
    ];
  }
}
