import type { MemoryTable } from "./memory-sink";

/**
 * Makes a memory-sink table readable as `spark.table(name)` / `spark.sql("select * from name")`: the session
 * registers a table whose rows are read at query time, so a query always sees the latest batch.
 */
export function publishMemoryTable(session: unknown, table: MemoryTable): void {
  const s = session as { registerTable?: (name: string, schema: unknown, rows: () => readonly unknown[][]) => void } | null;
  if (!s || typeof s.registerTable !== "function") {
    throw new Error("The memory sink needs a session with registerTable(name, schema, rowsProvider)");
  }
  s.registerTable(table.name, table.schema, () => table.rows);
}
