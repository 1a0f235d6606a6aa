/**
 * `executePlan(plan, ctx)`: runs a logical plan and returns its schema and rows. Streaming leaves
 * get their batch rows from `ctx.relationRows(node)`; stateless operators run as batch. The engine
 * (src/engine/exec) splits stateful plans at Aggregate/Deduplicate and uses aggregation.ts itself.
 */
import type { QueryContext } from "../expr/analyze";
import { builtinFunctions, type FunctionRegistry } from "../expr/functions/registry";
import type { StructTypeImpl } from "../types/struct-type";
import type { Row } from "../types/values";
import { defaultQueryContext } from "./aggregation";
import { compilePlan, type ExecContext, type PlanEnv } from "./analyzer";
import type { LogicalPlan, StreamingRelation } from "./nodes";

export interface ExecuteOptions extends Partial<ExecContext> {
  /** Session-derived context (time zone, ANSI); defaults to the process zone with ANSI on. */
  readonly queryContext?: Partial<QueryContext>;
  readonly functions?: FunctionRegistry;
  readonly lookupRelation?: (name: string) => LogicalPlan | undefined;
  /** A full environment (DataFrames pass their session's). */
  readonly env?: PlanEnv;
}

export function executePlan(plan: LogicalPlan, ctx: ExecuteOptions = {}, session?: unknown): { schema: StructTypeImpl; rows: Row[] } {
  const fromSession = (session as { planEnv?: () => PlanEnv } | null | undefined)?.planEnv;
  const env: PlanEnv = ctx.env ?? (typeof fromSession === "function" ? fromSession.call(session) : undefined) ?? {
    ctx: defaultQueryContext(ctx.queryContext),
    functions: ctx.functions ?? builtinFunctions(),
    lookupRelation: ctx.lookupRelation ?? (() => undefined),
  };
  const compiled = compilePlan(plan, env);
  const relationRows =
    ctx.relationRows ??
    ((n: StreamingRelation): Row[] => {
      throw new Error(`No rows supplied for streaming relation ${n.id} (${n.format})`);
    });
  return { schema: compiled.schema, rows: compiled.run({ relationRows }) };
}
