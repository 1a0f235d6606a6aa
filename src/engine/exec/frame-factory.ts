import { DataFrame } from "../api/data-frame";
import { node } from "../plan/nodes";
import type { StructType } from "../types/struct-type";
import type { Row } from "../types/values";

let relationIds = 0;

export interface StreamingRelationSpec {
  readonly format: string;
  readonly options: ReadonlyMap<string, string>;
  readonly schema: StructType;
}

/** A streaming DataFrame over a new StreamingRelation leaf (ids are unique per process). */
export function streamingFrame(session: unknown, spec: StreamingRelationSpec): DataFrame {
  const plan = node({ kind: "StreamingRelation", id: relationIds++, format: spec.format, options: spec.options, schema: spec.schema });
  return DataFrame.ofPlan(session as never, plan);
}

/** A batch DataFrame over rows already computed (foreachBatch, console, memory tables). */
export function batchFrame(session: unknown, rows: readonly Row[], schema: StructType): DataFrame {
  return DataFrame.ofPlan(session as never, node({ kind: "LocalRelation", schema, rows }));
}
