/**
 * Global temporary views (`df.createGlobalTempView("v")`, read as `global_temp.v`): unlike a session's temp
 * views they are shared by every session of the process, as Spark shares them across the sessions of one
 * application (its GlobalTempViewManager), and live until dropped or the process ends. The database name is
 * Spark's default `global_temp` (spark.sql.globalTempDatabase).
 */
import { AnalysisException } from "./errors";
import type { LogicalPlan } from "./plan/nodes";

export const GLOBAL_TEMP_DATABASE = "global_temp";

const views = new Map<string, { name: string; plan: LogicalPlan }>();

/** The view name of `global_temp.name` (any case), or null for a name outside that database. */
export function globalViewName(qualified: string): string | null {
  const m = /^(?:spark_catalog\.)?global_temp\.(.+)$/i.exec(qualified.replace(/`/g, ""));
  return m === null ? null : m[1]!;
}

export function createGlobalTempView(name: string, plan: LogicalPlan, replace: boolean): void {
  const k = name.toLowerCase();
  if (!replace && views.has(k)) {
    throw new AnalysisException(
      `[TEMP_TABLE_OR_VIEW_ALREADY_EXISTS] Cannot create the temporary view \`${name}\` because it already exists.\nChoose a different name, drop or replace the existing view. SQLSTATE: 42P07`,
      { errorClass: "TEMP_TABLE_OR_VIEW_ALREADY_EXISTS", sqlState: "42P07", messageParameters: { relationName: `\`${name}\`` } },
    );
  }
  views.set(k, { name, plan });
}

export function lookupGlobalTempView(name: string): LogicalPlan | undefined {
  return views.get(name.toLowerCase())?.plan;
}

export function dropGlobalTempView(name: string): boolean {
  return views.delete(name.toLowerCase());
}

export function globalTempViewNames(): string[] {
  return [...views.values()].map((v) => v.name);
}
