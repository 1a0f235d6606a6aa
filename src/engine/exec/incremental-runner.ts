import { parseIntervalMs } from "../api/trigger";
import type { CheckpointStore } from "../checkpoint/checkpoint-store";
import { StateStoreFiles } from "../checkpoint/state-store";
import { defaultQueryContext } from "../plan/aggregation";
import { type CompiledPlan, compilePlan, type PlanEnv } from "../plan/analyzer";
import { explainPlan } from "../plan/explain";
import { builtinFunctions } from "../expr/functions/registry";
import { children, type LogicalPlan, node } from "../plan/nodes";
import type { StructType } from "../types/struct-type";
import type { Row } from "../types/values";
import type { BatchInput, BatchOutput, BatchRunner, EventTimeStats } from "./batch-runner";
import { aggregateHasWatermark } from "./output-mode-checker";
import type { StateOperatorProgress } from "./progress";
import type { OutputMode } from "./sink";
import type { StateOperator } from "./state-operator";
import { createStateOperator } from "./state-operators";

type Aggregate = Extract<LogicalPlan, { kind: "Aggregate" }>;
type Deduplicate = Extract<LogicalPlan, { kind: "Deduplicate" }>;
type Watermark = Extract<LogicalPlan, { kind: "EventTimeWatermark" }>;

/** Relation id standing for the stateful operator's output when the plan above it runs. */
const STATE_OUTPUT_ID = -1;

function find<T extends LogicalPlan>(p: LogicalPlan, pred: (n: LogicalPlan) => n is T): T | undefined {
  if (pred(p)) return p;
  for (const c of children(p)) {
    const f = find(c, pred);
    if (f) return f;
  }
  return undefined;
}

function replace(p: LogicalPlan, target: LogicalPlan, by: LogicalPlan): LogicalPlan {
  if (p === target) return by;
  const rec = p as unknown as Record<string, unknown>;
  if (p.kind === "Union") {
    const kids = p.children.map((c) => replace(c, target, by));
    return kids.every((k, i) => k === p.children[i]) ? p : node({ ...p, children: kids });
  }
  const child = rec.child as LogicalPlan | undefined;
  if (!child) return p;
  const r = replace(child, target, by);
  return r === child ? p : (node({ ...(rec as object), child: r } as unknown as LogicalPlan) as LogicalPlan);
}

/** The session's plan environment (temp views, functions, time zone), or the engine defaults. */
function planEnvOf(session: unknown): PlanEnv {
  const s = session as { planEnv?: unknown } | null;
  const env = typeof s?.planEnv === "function" ? (s.planEnv as () => PlanEnv).call(s) : (s?.planEnv as PlanEnv | undefined);
  if (env && typeof env === "object" && "functions" in env) return env;
  return { ctx: defaultQueryContext(), functions: builtinFunctions(), lookupRelation: () => undefined };
}

function eventTimeMs(v: unknown): number | null {
  if (typeof v === "bigint") return Number(v / 1000n);
  if (typeof v === "number") return v * 86_400_000; // DATE: days
  return null;
}

/**
 * Runs a streaming plan batch by batch. A stateless plan runs whole on the batch's rows. A stateful plan is
 * split at its Aggregate / Deduplicate: the part below runs on the batch, the operator merges it into state
 * kept across batches (snapshot per version in the checkpoint), the part above runs on what the operator
 * emits for the output mode.
 */
export class IncrementalRunner implements BatchRunner {
  readonly outputSchema: StructType;
  readonly isStateful: boolean;
  readonly watermarkDelayMs: number | undefined;
  private readonly stateful: Aggregate | Deduplicate | undefined;
  private readonly watermark: Watermark | undefined;
  private readonly operator: StateOperator | undefined;
  private readonly files: StateStoreFiles;
  /** Plan above the stateful operator (the whole plan when stateless), compiled once. */
  private readonly upper: CompiledPlan;
  /** Plan below the stateful operator. */
  private readonly lower: CompiledPlan | undefined;
  /** Input of the watermark operator (for event-time stats). */
  private readonly watermarkInput: CompiledPlan | undefined;

  constructor(
    private readonly plan: LogicalPlan,
    private readonly session: unknown,
    readonly outputMode: OutputMode,
    store: CheckpointStore,
  ) {
    this.files = new StateStoreFiles(store, 0);
    this.watermark = find(plan, (n): n is Watermark => n.kind === "EventTimeWatermark");
    this.watermarkDelayMs = this.watermark ? parseIntervalMs(this.watermark.delay) : undefined;
    this.stateful = find(plan, (n): n is Aggregate | Deduplicate => n.kind === "Aggregate" || n.kind === "Deduplicate");
    this.isStateful = this.stateful !== undefined;
    const env = planEnvOf(session);
    const compile = (p: LogicalPlan): CompiledPlan => compilePlan(p, env);
    if (this.stateful) {
      this.lower = compile(this.stateful.child);
      const inputSchema = this.lower.schema;
      const eventTimeColumn =
        this.watermark && (this.stateful.kind === "Deduplicate" || aggregateHasWatermark(this.stateful))
          ? this.watermark.column
          : undefined;
      const op = createStateOperator(this.stateful, inputSchema, this.session, eventTimeColumn);
      this.operator = op;
      const placeholder = node({
        kind: "StreamingRelation",
        id: STATE_OUTPUT_ID,
        format: "state",
        options: new Map<string, string>(),
        schema: op.outputSchema,
      });
      this.upper = compile(replace(plan, this.stateful, placeholder));
    } else {
      this.upper = compile(plan);
    }
    this.outputSchema = this.upper.schema;
    this.watermarkInput = this.watermark ? compile(this.watermark.child) : undefined;
  }

  async restoreState(version: number): Promise<void> {
    if (!this.operator) return;
    this.operator.restore(await this.files.load(version));
  }

  async commitState(version: number): Promise<void> {
    if (!this.operator) return;
    await this.files.commit(version, this.operator.snapshot());
  }

  async purgeState(minVersion: number): Promise<void> {
    if (this.operator) await this.files.purge(minVersion);
  }

  async runBatch(input: BatchInput): Promise<BatchOutput> {
    const relationRows = (n: { id: number }): Row[] => input.inputs.get(String(n.id)) ?? [];
    const eventTime = this.watermark ? this.eventTimeStats(relationRows) : undefined;
    if (!this.lower || !this.operator) {
      return { rows: this.upper.run({ relationRows }), eventTime, stateOperators: [] };
    }
    // The plan below the operator streams into it: no batch-sized array of intermediate rows.
    const lower = this.lower;
    const emitted = this.operator.process((visit) => lower.produce({ relationRows }, visit), input.watermarkMs, this.outputMode);
    const out = this.upper.run({ relationRows: (n) => (n.id === STATE_OUTPUT_ID ? emitted : relationRows(n)) });
    return { rows: out, eventTime, stateOperators: [this.progress()] };
  }

  private eventTimeStats(relationRows: (n: { id: number }) => Row[]): EventTimeStats | undefined {
    const wm = this.watermark!;
    const input = this.watermarkInput!;
    const idx = input.schema.fieldNames().findIndex((n) => n.toLowerCase() === wm.column.toLowerCase());
    if (idx < 0) return undefined;
    const result = { rows: input.run({ relationRows }) };
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    let sum = 0;
    let count = 0;
    for (const r of result.rows) {
      const ms = eventTimeMs(r[idx]);
      if (ms === null) continue;
      min = Math.min(min, ms);
      max = Math.max(max, ms);
      sum += ms;
      count++;
    }
    return count === 0 ? undefined : { minMs: min, maxMs: max, avgMs: Math.round(sum / count), count };
  }

  private progress(): StateOperatorProgress {
    const m = this.operator!.metrics();
    return {
      operatorName: this.stateful!.kind === "Aggregate" ? "stateStoreSave" : "dedupe",
      numRowsTotal: m.numRowsTotal,
      numRowsUpdated: m.numRowsUpdated,
      allUpdatesTimeMs: 0,
      numRowsRemoved: m.numRowsRemoved,
      allRemovalsTimeMs: 0,
      commitTimeMs: 0,
      memoryUsedBytes: m.memoryUsedBytes,
      numRowsDroppedByWatermark: m.numRowsDroppedByWatermark,
      numShufflePartitions: 1,
      numStateStoreInstances: 1,
      customMetrics: {},
    };
  }

  explain(extended: boolean): string {
    const lines = [explainPlan(this.plan, this.outputSchema, extended).replace(/\n+$/, "")];
    if (extended && this.stateful) {
      lines.push("", "== Streaming State ==", `${this.stateful.kind}: state/0/0/<version>.snapshot (version = batchId + 1)`);
      if (this.watermark) lines.push(`watermark on ${this.watermark.column}, delay ${this.watermark.delay}`);
    }
    return lines.join("\n");
  }
}
