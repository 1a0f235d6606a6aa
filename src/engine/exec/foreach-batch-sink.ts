import type { StructType } from "../types/struct-type";
import type { Row } from "../types/values";
import { batchFrame } from "./frame-factory";
import type { SinkProvider } from "./sink";

/** `foreachBatch(fn)`: fn receives the batch as a DataFrame and its id; a returned promise is awaited. */
export type ForeachBatchFunction = (batchDf: unknown, batchId: number) => void | Promise<void>;

/**
 * Spark's ForeachBatchSink: every batch (including a replay after a restart, with the same id) is handed to
 * the user's function. At-least-once: the function can use batchId to skip what it already wrote.
 */
export function createForeachBatchSink(fn: ForeachBatchFunction): SinkProvider {
  return {
    name: "foreachBatch",
    async createSink(ctx) {
      return {
        description: "ForeachBatchSink",
        async addBatch(batchId: number, rows: Row[], schema: StructType) {
          await fn(batchFrame(ctx.session, rows, schema), batchId);
        },
      };
    },
  };
}
