import type { CheckpointStore } from "../checkpoint/checkpoint-store";
import { explainPlan, physicalTreeString } from "../plan/explain";
import type { LogicalPlan } from "../plan/nodes";
import type { BatchContext } from "../plan/physical";
import type { StructType } from "../types/struct-type";
import type { Row } from "../types/values";
import type { BatchInput, BatchOutput, BatchRunner, EventTimeStats } from "./batch-runner";
import { type IncrementalPlan, planEnvOf, planIncremental } from "./incremental-plan";
import { ObservedMetricsCollector } from "./observed-metrics";
import { OperatorStateFiles } from "./operator-state-files";
import type { OutputMode } from "./sink";
import { confGetter, type StreamingFrame } from "./streaming-context";
import { propagateWatermarks } from "./watermark-propagator";

/** Event-time stats of all watermark nodes together (progress `eventTime`), or undefined when none saw any. */
function combinedStats(all: readonly EventTimeStats[]): EventTimeStats | undefined {
  const seen = all.filter((s) => s.count > 0);
  if (seen.length === 0) return undefined;
  const count = seen.reduce((n, s) => n + s.count, 0);
  return {
    minMs: Math.min(...seen.map((s) => s.minMs)),
    maxMs: Math.max(...seen.map((s) => s.maxMs)),
    avgMs: Math.round(seen.reduce((n, s) => n + s.avgMs * s.count, 0) / count),
    count,
  };
}

/**
 * Runs a streaming plan batch by batch: the plan is one tree of physical operators (exec/incremental-plan.ts)
 * whose stateful operators keep their state across batches, each in its own store `state/<operatorId>/0`
 * (a snapshot per version). A batch pushes the sources' rows through the tree once.
 */
export class IncrementalRunner implements BatchRunner {
  readonly outputSchema: StructType;
  readonly isStateful: boolean;
  readonly watermarkDelayMs: number | undefined;
  readonly watermarkDelaysMs: readonly number[];
  private readonly planned: IncrementalPlan;
  private readonly stores: OperatorStateFiles[];
  /** Spark's spark.sql.streaming.statefulOperator.allowMultiple (default true): propagate watermarks per operator. */
  private readonly allowMultiple: boolean;
  /** The session time zone, in which observed metrics' timestamps are written (as Spark's Row.jsonValue). */
  private readonly timeZone: string;
  /** The current batch's timestamp, which the plan's QueryContext reports as `nowMicros`. */
  private readonly now = { micros: 0n };

  constructor(
    private readonly plan: LogicalPlan,
    session: unknown,
    readonly outputMode: OutputMode,
    store: CheckpointStore,
  ) {
    const env = planEnvOf(session);
    this.timeZone = env.ctx.timeZone;
    this.allowMultiple = confGetter(session)("spark.sql.streaming.statefulOperator.allowMultiple")?.trim().toLowerCase() !== "false";
    // current_timestamp() is the batch timestamp of the micro-batch that evaluates it, as in Spark.
    const now = this.now;
    now.micros = env.ctx.nowMicros;
    const ctx = Object.defineProperty({ ...env.ctx }, "nowMicros", { get: () => now.micros, enumerable: true });
    this.planned = planIncremental(plan, { ...env, ctx }, outputMode);
    this.stores = this.planned.operators.map((op) => new OperatorStateFiles(store, op.operatorId, op.operator.stateStoreNames));
    this.isStateful = this.planned.operators.length > 0;
    this.watermarkDelaysMs = this.planned.watermarks.map((w) => w.delayMs);
    this.watermarkDelayMs = this.watermarkDelaysMs[0];
    this.outputSchema = this.planned.root.schema;
  }

  async restoreState(version: number): Promise<void> {
    for (const [i, op] of this.planned.operators.entries()) op.operator.restore(await this.stores[i]!.load(version));
  }

  async commitState(version: number): Promise<void> {
    for (const [i, op] of this.planned.operators.entries()) await this.stores[i]!.commit(version, op.operator.snapshot());
  }

  async purgeState(minVersion: number): Promise<void> {
    for (const s of this.stores) await s.purge(minVersion);
  }

  needsNoDataBatch(nextWatermarkMs: number, currentWatermarkMs: number, nowMs?: number): boolean {
    return this.planned.operators.some((op) => op.operator.needsNoDataBatch?.(nextWatermarkMs, currentWatermarkMs, this.outputMode, nowMs) === true);
  }

  async runBatch(input: BatchInput): Promise<BatchOutput> {
    const relationRows = (n: { id: number }): Row[] => input.inputs.get(String(n.id)) ?? [];
    const { watermarks, operators, root } = this.planned;
    for (const w of watermarks) w.resetStats();
    this.now.micros = BigInt(input.batchTimestampMs) * 1000n;
    // spark.sql.streaming.statefulOperator.allowMultiple=false: Spark's single global watermark for late rows too
    const lateMs = this.allowMultiple ? (input.lateRowsWatermarkMs ?? input.watermarkMs) : input.watermarkMs;
    const batch: BatchContext = {
      batchId: input.batchId,
      ...(input.queryId !== undefined ? { queryId: input.queryId } : {}),
      ...(input.runId !== undefined ? { runId: input.runId } : {}),
      batchTimestampMs: input.batchTimestampMs,
      lateRowsWatermarkMs: lateMs,
      evictionWatermarkMs: input.watermarkMs,
      outputMode: this.outputMode,
      ...(this.allowMultiple ? { operatorWatermarks: propagateWatermarks(root, operators, lateMs, input.watermarkMs) } : {}),
    };
    // every observe() node of the plan reports its metrics over this batch's rows (an empty batch too)
    const metrics = new ObservedMetricsCollector();
    const rows = root.run({ relationRows, batch, metrics });
    for (const op of operators) op.finishBatch();
    return {
      rows,
      observedMetrics: metrics.rows(this.timeZone),
      eventTime: combinedStats(watermarks.map((w) => w.stats)),
      watermarkEventTimesMs: watermarks.map((w) => (w.stats.count > 0 ? w.stats.maxMs : null)),
      stateOperators: operators.map((op) => op.progress()),
    };
  }

  explain(extended: boolean): string {
    const physical = physicalTreeString(this.planned.root);
    if (!extended) return `== Physical Plan ==\n${physical}\n`;
    const logical = explainPlan(this.plan, this.outputSchema, true).replace(/== Physical Plan ==[\s\S]*$/, "");
    return `${logical}== Physical Plan ==\n${physical}\n`;
  }
}

/** The runner for a streaming DataFrame (its plan and session) and an output mode. */
export async function createBatchRunner(df: StreamingFrame, mode: OutputMode, store: CheckpointStore): Promise<BatchRunner> {
  return new IncrementalRunner(df.plan, df.session, mode, store);
}
