import type { OutputMode, SinkProvider, StreamSink } from "../../engine/exec/sink";
import type { StructType } from "../../engine/types/struct-type";
import type { Row } from "../../engine/types/values";

/**
 * Rows of one memory-sink table. `rows` is one array for the table's life, changed in place (complete mode
 * replaces its content, append adds), so a DataFrame registered over it always reads the current rows.
 */
export class MemoryTable {
  readonly rows: Row[] = [];
  lastBatchId = -1;
  constructor(
    readonly name: string,
    readonly schema: StructType,
  ) {}
}

/** How the memory sink publishes its table (the session's registerTable, wired in register.ts). */
export type TablePublisher = (session: unknown, table: MemoryTable) => void;

let publish: TablePublisher = () => {};

export function setMemoryTablePublisher(p: TablePublisher): void {
  publish = p;
}

/**
 * Spark's MemorySink: keeps every batch in memory as a table named after the query. Append and update add the
 * batch (update mode adds each batch's changed rows, no upsert, as in Spark), complete replaces the table. A batch id at or below the last one written is skipped, so a replayed batch
 * is never added twice.
 */
class MemorySink implements StreamSink {
  readonly description: string;

  constructor(
    private readonly table: MemoryTable,
    private readonly mode: OutputMode,
  ) {
    this.description = "MemorySink";
  }

  async addBatch(batchId: number, rows: Row[], _schema: StructType): Promise<void> {
    if (batchId <= this.table.lastBatchId) return;
    if (this.mode === "complete") this.table.rows.length = 0;
    for (const r of rows) this.table.rows.push(r);
    this.table.lastBatchId = batchId;
  }
}

export const memorySinkProvider: SinkProvider = {
  name: "memory",
  supportedOutputModes: ["append", "update", "complete"],
  async createSink(ctx) {
    const table = new MemoryTable(ctx.queryName!, ctx.schema);
    publish(ctx.session, table);
    return new MemorySink(table, ctx.outputMode);
  },
};
