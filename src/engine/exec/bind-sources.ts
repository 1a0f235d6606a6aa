import type { CheckpointStore } from "../checkpoint/checkpoint-store";
import { AnalysisException } from "../errors";
import { children, type LogicalPlan, type StreamingRelation } from "../plan/nodes";
import { findSource } from "../registry";
import { StructTypeImpl } from "../types/struct-type";
import type { Clock } from "./clock";
import type { BoundSource } from "./micro-batch-execution";
import { USER_SCHEMA_OPTION } from "./streaming-context";

/** StreamingRelation leaves in plan order, once per relation id (a self-union reads its source once). */
export function streamingRelations(plan: LogicalPlan): StreamingRelation[] {
  const out = new Map<number, StreamingRelation>();
  const visit = (p: LogicalPlan): void => {
    if (p.kind === "StreamingRelation" && !out.has(p.id)) out.set(p.id, p);
    for (const c of children(p)) visit(c);
  };
  visit(plan);
  return [...out.values()];
}

export interface BindEnv {
  readonly store: CheckpointStore;
  readonly queryId: string;
  readonly session: unknown;
  readonly clock: Clock;
  /** Forwarded to each source as SourceContext.dataArrived. */
  readonly dataArrived?: () => void;
}

/** Creates one source per StreamingRelation; source i keeps its files under `sources/<i>`. */
export async function bindSources(plan: LogicalPlan, env: BindEnv): Promise<BoundSource[]> {
  const relations = streamingRelations(plan);
  const bound: BoundSource[] = [];
  try {
    for (const [i, rel] of relations.entries()) {
      const provider = findSource(rel.format);
      if (!provider) throw new AnalysisException(`[DATA_SOURCE_NOT_FOUND] Failed to find the data source: ${rel.format}.`);
      const options = new Map(rel.options);
      const schemaJson = options.get(USER_SCHEMA_OPTION);
      options.delete(USER_SCHEMA_OPTION);
      const source = await provider.createSource({
        options,
        userSchema: schemaJson === undefined ? undefined : StructTypeImpl.fromJson(schemaJson),
        metadataPath: `${env.store.location.replace(/\/$/, "")}/sources/${i}`,
        metadataDir: `sources/${i}`,
        checkpointStore: env.store,
        queryId: env.queryId,
        session: env.session,
        clock: env.clock,
        dataArrived: env.dataArrived,
      });
      bound.push({ relationId: String(rel.id), source });
    }
  } catch (err) {
    for (const b of bound) await b.source.stop().catch(() => {});
    throw err;
  }
  return bound;
}
