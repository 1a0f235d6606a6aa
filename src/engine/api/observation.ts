/**
 * `df.observe(name | Observation, ...metrics)` (pyspark's DataFrame.observe and Observation). The metrics are
 * aggregates computed over the rows flowing through that point of the plan (a CollectMetrics node,
 * plan/operators/observe/). A streaming query reports them per batch in its progress (`observedMetrics`); a batch
 * DataFrame reports them to an Observation each time an action runs it, and `observation.get` reads the last ones.
 */
import { IllegalArgumentException, IllegalStateException } from "../errors";
import type { ObservedMetricsCollector } from "../exec/observed-metrics";
import { children, type CollectMetrics, type LogicalPlan, type MetricsReceiver, node } from "../plan/nodes";
import { Column } from "./column";

export class ObservationImpl implements MetricsReceiver {
  private used = false;
  private metrics: Readonly<Record<string, unknown>> | null = null;
  constructor(readonly name: string = `observation_${Math.random().toString(36).slice(2, 10)}`) {}

  /** Called by DataFrame.observe: an Observation observes one DataFrame (pyspark's REUSE_OBSERVATION). */
  markUsed(): void {
    if (this.used) {
      throw new IllegalStateException("[REUSE_OBSERVATION] An Observation can be used with a DataFrame only once.", { errorClass: "REUSE_OBSERVATION" });
    }
    this.used = true;
  }

  /** Called when a batch action ran the observed DataFrame. */
  deliver(metrics: Readonly<Record<string, unknown>>): void {
    this.metrics = metrics;
  }

  /** The metrics of the last action that ran the observed DataFrame, as a name -> value map. */
  get get(): Record<string, unknown> {
    if (!this.used) throw new IllegalStateException(`Observation ${this.name} was not used with observe(): call df.observe(observation, ...metrics) first`);
    if (this.metrics === null) {
      // pyspark's get waits for the action; a TypeScript getter cannot wait, so it says what is missing
      throw new IllegalStateException(
        `Observation ${this.name} has no metrics yet: run an action (collect, count, show, ...) on the DataFrame observe() returned, then read get`,
      );
    }
    return { ...this.metrics };
  }
}

type ObservationFactory = {
  (name?: string): ObservationImpl;
  new (name?: string): ObservationImpl;
};
/** pyspark's `Observation("m")`: with or without `new` (pasted PySpark calls it without). */
// biome-ignore lint/complexity/useArrowFunction: must stay constructible with `new`
export const Observation = function (name?: string) {
  return new ObservationImpl(name);
} as unknown as ObservationFactory;
Observation.prototype = ObservationImpl.prototype;
export type Observation = ObservationImpl;

const STREAMING_OBSERVATION =
  "Observation does not support streaming Datasets.This is because there will be multiple observed metrics as microbatches are constructed. Please register a StreamingQueryListener and get the metric for each microbatch in QueryProgressEvent.progress, or use query.lastProgress or query.recentProgress.";

/** The CollectMetrics node `observe(observation, ...exprs)` adds above `child`, after pyspark's argument checks. */
export function observeNode(child: LogicalPlan, isStreaming: boolean, observation: string | Observation, exprs: readonly unknown[]): CollectMetrics {
  if (exprs.length === 0) {
    throw new IllegalArgumentException("[CANNOT_BE_EMPTY] At least one exprs must be specified.", { errorClass: "CANNOT_BE_EMPTY" });
  }
  const bad = exprs.find((e) => !(e instanceof Column));
  if (bad !== undefined) {
    throw new IllegalArgumentException(`[NOT_EXPECTED_TYPE] Argument \`exprs\` should be list[Column], got ${typeof bad}: pass functions.expr(...) or a Column, not a string.`, {
      errorClass: "NOT_EXPECTED_TYPE",
    });
  }
  const metrics = (exprs as Column[]).map((c) => c.expr);
  if (observation instanceof ObservationImpl) {
    if (isStreaming) throw new IllegalArgumentException(STREAMING_OBSERVATION);
    observation.markUsed();
    return node({ kind: "CollectMetrics", child, name: observation.name, metrics, observation });
  }
  if (typeof observation !== "string") {
    throw new IllegalArgumentException(`[NOT_OBSERVATION_OR_STR] Argument \`observation\` should be an Observation or str, got ${typeof observation}.`, {
      errorClass: "NOT_OBSERVATION_OR_STR",
    });
  }
  return node({ kind: "CollectMetrics", child, name: observation, metrics });
}

/** After a batch action: every Observation of the plan gets the metrics its node recorded in that run. */
export function deliverObservations(plan: LogicalPlan, collected: ObservedMetricsCollector, timeZone: string): void {
  let rows: ReturnType<ObservedMetricsCollector["rows"]> | null = null;
  const visit = (p: LogicalPlan): void => {
    if (p.kind === "CollectMetrics" && p.observation !== undefined) {
      rows ??= collected.rows(timeZone);
      const row = rows[p.name];
      if (row !== undefined) p.observation.deliver(row.asDict(true));
    }
    for (const c of children(p)) visit(c);
  };
  visit(plan);
}
