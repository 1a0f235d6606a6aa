/**
 * The CollectMetrics operator (`df.observe`): passes every row on unchanged and folds it into one global
 * aggregation of the metrics; when its input is exhausted it hands the metrics row to the run's MetricsSink. A run
 * over no rows reports the aggregates of nothing (count 0, max null), as Spark does for an empty micro-batch.
 */
import type { Attr } from "../../../expr/analyze";
import { AnalysisException } from "../../../errors";
import { aggregatorFor, compileAggregate } from "../../aggregation";
import type { CollectMetrics } from "../../nodes";
import { node } from "../../nodes";
import type { PlanEnv } from "../../analyzer";
import type { ExecContext, PhysicalNode } from "../../physical";
import { passThroughNode } from "../../physical";
import type { Row } from "../../../types/values";
import { StructFieldImpl, StructTypeImpl } from "../../../types/struct-type";
import { describe } from "../../../api/column";
import { checkMetrics } from "./check-metrics";

/** Aggregation does not need to know which groups a row touched. */
const NO_TOUCHED = { add: () => NO_TOUCHED } as unknown as Set<string>;

export function planCollectMetrics(p: CollectMetrics, child: PhysicalNode, env: PlanEnv, nondeterministic: (e: unknown) => boolean): PhysicalNode {
  checkMetrics(p, env.functions, nondeterministic);
  const attrs: readonly Attr[] = child.attrs;
  let compiled: ReturnType<typeof compileAggregate>;
  try {
    compiled = compileAggregate(node({ kind: "Aggregate", child: p.child, grouping: [], aggregates: p.metrics }), attrs, env.ctx, env.functions);
  } catch (e) {
    if (e instanceof AnalysisException) throw e;
    throw new AnalysisException(`observe(${p.name}): ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  const schema = new StructTypeImpl(compiled.outputs.map((o) => new StructFieldImpl(o.name, o.bound.dataType, o.bound.nullable)));
  const produce = (ctx: ExecContext, emit: (r: Row) => void): void => {
    const agg = aggregatorFor(compiled, true);
    child.produce(ctx, (r) => {
      agg.add(r, NO_TOUCHED);
      emit(r);
    });
    ctx.metrics?.record(p.name, agg.results()[0] ?? [], schema);
  };
  return passThroughNode("CollectMetrics", `${p.name}, [${p.metrics.map(describe).join(", ")}]`, child, produce, attrs);
}
