/**
 * The physical plan: what `compilePlan` returns. A tree of operators, each with its output attributes, its
 * children and a push-based `produce` (a Project/Filter pipeline fuses into one loop because each operator
 * calls its child's `produce` with a closure). In a streaming query the stateful operators (aggregation,
 * deduplication) and the watermark are nodes of this tree too; `exec/incremental-plan.ts` numbers them and
 * gives each its own state store.
 */
import type { Attr } from "../expr/analyze";
import type { StructTypeImpl } from "../types/struct-type";
import type { Row } from "../types/values";
import type { CompiledAggregate } from "./aggregation";
import type { EventTimeGroup } from "./event-time";
import type { GroupsWithStateBinding } from "./operators/group-state/spec";
import type { JoinExecSpec, JoinNodeInfo } from "./operators/join/hash-join";
import type { SessionAggregateSpec } from "./operators/session/plan-session";
import type { Aggregate, Deduplicate, EventTimeWatermark, StreamingRelation } from "./nodes";

export type OutputMode = "append" | "update" | "complete";

/** What one micro-batch gives every operator: set by the streaming runner, absent in batch queries. */
export interface BatchContext {
  readonly batchId: number;
  /** The streaming query's id and this run's id (transformWithState's QueryInfo); absent outside a query's run. */
  readonly queryId?: string;
  readonly runId?: string;
  /** Spark's batch timestamp (offsets/N `batchTimestampMs`): what current_timestamp() returns in this batch. */
  readonly batchTimestampMs: number;
  /**
   * Watermark for late rows: a stateful operator drops input rows at or below it. As Spark 3.4+ (its
   * WatermarkPropagator with spark.sql.streaming.statefulOperator.allowMultiple on, the default), this is the
   * previous batch's global watermark, so rows a first operator emits as the watermark evicts them are not late
   * for the next operator of a chain; on the first batch it is the eviction watermark.
   */
  readonly lateRowsWatermarkMs: number;
  /** Watermark for eviction: state at or below it is emitted (append) and removed. */
  readonly evictionWatermarkMs: number;
  readonly outputMode: OutputMode;
  /**
   * Per stateful operator id, its input watermarks as Spark's WatermarkPropagator gives them: an operator below
   * another one sees what that one can still emit (a stream-stream join's output lags the global watermark by its
   * state retention). Absent for an operator: the two global values above.
   */
  readonly operatorWatermarks?: ReadonlyMap<number, OperatorWatermarks>;
}

/** One stateful operator's watermarks in a batch (ms). */
export interface OperatorWatermarks {
  readonly lateRowsMs: number;
  readonly evictionMs: number;
}

/** The watermarks stateful operator `operatorId` runs with in `batch`. */
export function operatorWatermarks(batch: BatchContext, operatorId: number): OperatorWatermarks {
  return batch.operatorWatermarks?.get(operatorId) ?? { lateRowsMs: batch.lateRowsWatermarkMs, evictionMs: batch.evictionWatermarkMs };
}

export interface ExecContext {
  /** Rows of a streaming leaf for the current batch (the engine supplies them). */
  relationRows(node: StreamingRelation): Row[];
  /** Present while a streaming micro-batch runs. */
  readonly batch?: BatchContext;
  /** Where `observe` nodes report their metrics for this run (a batch of a streaming query, or a batch action). */
  readonly metrics?: MetricsSink;
}

/** Receives each observed-metrics row a run computes, by the observation's name (the last one for a name wins). */
export interface MetricsSink {
  record(name: string, values: Row, schema: StructTypeImpl): void;
}

export interface PhysicalNode {
  /** Operator name as explain prints it (Spark's physical operator names where there is one). */
  readonly kind: string;
  /** Output attributes (name, qualifier, type). */
  readonly attrs: readonly Attr[];
  readonly schema: StructTypeImpl;
  readonly children: readonly PhysicalNode[];
  /** Whether the output order is defined (ORDER BY on top). */
  readonly sorted: boolean;
  /** One-line detail for explain (`[keys]`, state info...). */
  readonly detail?: string;
  run(ctx: ExecContext): Row[];
  /** Streams rows to `emit` without materializing them (Project/Filter pipelines fuse this way). */
  produce(ctx: ExecContext, emit: (row: Row) => void): void;
}

/**
 * How a streaming query plans its stateful operators: the analyzer resolves and compiles the logical node
 * against its child (qualifiers, the session's ANSI setting and function registry all apply), then asks this
 * for the operator that keeps state across batches. Absent for batch queries.
 */
export interface StatefulPlanner {
  aggregate(p: Aggregate, child: PhysicalNode, planned: PlannedAggregate): PhysicalNode;
  deduplicate(p: Deduplicate, child: PhysicalNode, keyIndexes: readonly number[]): PhysicalNode;
  /** `columnIndex`: the event-time column in the child's output. */
  watermark(p: EventTimeWatermark, child: PhysicalNode, columnIndex: number): PhysicalNode;
  /** A join of two streams (inner joins only so far), which keeps both sides' rows as state. */
  streamStreamJoin?(spec: JoinExecSpec, info: JoinNodeInfo): PhysicalNode;
  /** A session-window aggregation, which keeps its open sessions as state (exec/session/). */
  sessionWindowAggregate?(spec: SessionAggregateSpec, child: PhysicalNode): PhysicalNode;
  /** `[flat]MapGroupsWithState` over a stream: the user function with per-key state and timeouts. */
  groupsWithState?(binding: GroupsWithStateBinding, child: PhysicalNode, output: readonly Attr[], schema: StructTypeImpl): PhysicalNode;
}

/** An aggregation as the analyzer resolved it against its child. */
export interface PlannedAggregate {
  readonly compiled: CompiledAggregate;
  readonly output: readonly Attr[];
  readonly eventTimeGroup: EventTimeGroup | undefined;
}

/** Pre-order walk of a physical tree. */
/** A node's `run` from its `produce`: every row it emits, in order (what every push-based operator's run is). */
export function runByProducing(produce: PhysicalNode["produce"]): PhysicalNode["run"] {
  return (ctx) => {
    const out: Row[] = [];
    produce(ctx, (r) => out.push(r));
    return out;
  };
}

/**
 * A node over one child whose `produce` passes on (some of) the child's rows unchanged in shape: a Filter, a
 * watermark, an observe. `detail` is what explain shows; `attrs` default to the child's.
 */
export function passThroughNode(
  kind: string,
  detail: string,
  child: PhysicalNode,
  produce: PhysicalNode["produce"],
  attrs: readonly Attr[] = child.attrs,
): PhysicalNode {
  return { kind, detail, children: [child], attrs, schema: child.schema, sorted: child.sorted, produce, run: runByProducing(produce) };
}

/** A Filter node over `child` whose `produce` passes on some of the child's rows. */
export function filterNode(child: PhysicalNode, detail: string, produce: PhysicalNode["produce"]): PhysicalNode {
  return passThroughNode("Filter", detail, child, produce);
}

export function walkPhysical(n: PhysicalNode, visit: (n: PhysicalNode) => void): void {
  visit(n);
  for (const c of n.children) walkPhysical(c, visit);
}
