/**
 * Stateful operators of a streaming query. A `StateOperator` is the state machine (merge a batch, say what to
 * emit, snapshot/restore); a `StatefulNode` is its place in the physical tree: an operator id, a child whose
 * `produce` streams into it, its progress entry and its own state store directory `state/<operatorId>/0`.
 */
import { type BatchContext, type ExecContext, operatorWatermarks, type PhysicalNode, runByProducing } from "../plan/physical";
import type { Row } from "../types/values";
import type { StateOperatorProgress } from "./progress";
import type { OutputMode } from "./sink";

export interface StateMetrics {
  numRowsTotal: number;
  numRowsUpdated: number;
  numRowsRemoved: number;
  numRowsDroppedByWatermark: number;
  memoryUsedBytes: number;
}

/**
 * A batch's input to a stateful operator: the rows themselves, or a producer that streams them (the plan below
 * the operator runs fused into it, so a batch's intermediate rows are never held all at once).
 */
export type RowFeed = readonly Row[] | ((visit: (row: Row) => void) => void);

/** Visits every row of a feed. */
export function forEachRow(input: RowFeed, visit: (row: Row) => void): void {
  if (typeof input === "function") input(visit);
  else for (const r of input) visit(r);
}

/** A stateful operator of a streaming query: merges a batch into its state and says what to emit. */
export interface StateOperator {
  /**
   * Merge `input` (the operator's input for this batch) and return the rows to emit for `mode`. `watermarkMs`
   * evicts state (and, in append mode, emits it); input rows at or below `lateRowsWatermarkMs` (the previous
   * batch's watermark, Spark's eventTimeWatermarkForLateEvents; absent: `watermarkMs`) are dropped as late.
   * `batch` gives the rest of the batch (its timestamp, for processing-time timeouts).
   */
  process(input: RowFeed, watermarkMs: number, mode: OutputMode, lateRowsWatermarkMs?: number, batch?: BatchContext): Row[];
  /**
   * Names of the operator's state stores when it keeps several (`state/<op>/0/<name>/`, as Spark's stream-stream
   * join); snapshot() then returns a record by store name. Absent: one store, `state/<op>/0/`.
   */
  readonly stateStoreNames?: readonly string[];
  /**
   * JSON-able (bigint allowed) state, parts of which may be already encoded (checkpoint/state-json.ts
   * EncodedState: the file holds their text); restore() gets it back decoded. restore(null) = empty.
   */
  snapshot(): unknown;
  restore(snapshot: unknown): void;
  metrics(): StateMetrics;
  /**
   * True when a batch without new rows would emit or evict something at `nextWatermarkMs` (Spark's
   * shouldRunAnotherBatch); `nowMs`: the query clock's time, which a processing-time timeout compares with.
   */
  needsNoDataBatch?(nextWatermarkMs: number, currentWatermarkMs: number, mode: OutputMode, nowMs?: number): boolean;
}

export interface StatefulNode extends PhysicalNode {
  /** Numbered as Spark numbers them: pre-order from the root, so the operator nearest the sink is 0. */
  operatorId: number;
  /** Progress `operatorName` (Spark's: stateStoreSave, dedupe). */
  readonly operatorName: string;
  readonly operator: StateOperator;
  progress(): StateOperatorProgress;
  /** Drops what the operator emitted this batch (kept only so a second `produce` in the batch re-emits it). */
  finishBatch(): void;
  /**
   * The watermark of what this operator can still emit, given its input watermark (Spark's
   * produceOutputWatermark); absent: the input watermark (an aggregation emits a group once the watermark passed it).
   */
  outputWatermark?(inputMs: number): number;
}

/**
 * The object that owns a stateful node's fields: the planner may wrap a node (`Object.create`, to give its output
 * plan ids), and the wrapper must share the node's operator id rather than shadow it.
 */
export function statefulBase(n: StatefulNode): StatefulNode {
  let b: StatefulNode = n;
  while (!Object.hasOwn(b, "operatorId")) b = Object.getPrototypeOf(b) as StatefulNode;
  return b;
}

export function isStatefulNode(n: PhysicalNode): n is StatefulNode {
  return typeof (n as Partial<StatefulNode>).operatorId === "number";
}

function batchOf(ctx: ExecContext): BatchContext {
  if (ctx.batch === undefined) throw new Error("A stateful streaming operator ran outside a micro-batch");
  return ctx.batch;
}

/**
 * Puts `operator` in the tree above `child`. The operator merges the batch once: a parent that asks twice in
 * one batch (a self-union) gets the same rows again instead of a second merge.
 */
export function statefulNode(
  kind: string,
  operatorName: string,
  child: PhysicalNode,
  operator: StateOperator,
  attrs: PhysicalNode["attrs"],
  schema: PhysicalNode["schema"],
  describeKeys: string,
): StatefulNode {
  let lastBatch: BatchContext | null = null;
  let lastOut: Row[] = [];
  const produce = (ctx: ExecContext, emit: (row: Row) => void): void => {
    const batch = batchOf(ctx);
    if (batch !== lastBatch) {
      const wm = operatorWatermarks(batch, node.operatorId);
      lastOut = operator.process((visit) => child.produce(ctx, visit), wm.evictionMs, batch.outputMode, wm.lateRowsMs, batch);
      lastBatch = batch;
    }
    for (const r of lastOut) emit(r);
  };
  const node: StatefulNode = {
    kind,
    operatorName,
    operator,
    operatorId: -1,
    children: [child],
    attrs,
    schema,
    sorted: false,
    // `this`: a node the planner wraps (plan ids on its output) delegates to this one and carries the id
    get detail() {
      const id = (this as StatefulNode).operatorId;
      return `${describeKeys}, state info [ operatorId = ${id}, numPartitions = 1, store = state/${id}/0 ]`;
    },
    produce,
    finishBatch() {
      lastBatch = null;
      lastOut = [];
    },
    run: runByProducing(produce),
    progress() {
      return stateOperatorProgress(operatorName, operator.metrics());
    },
  };
  return node;
}

/** One stateful operator's `stateOperators` entry in progress, in Spark's field order (one partition, one store). */
export function stateOperatorProgress(operatorName: string, m: StateMetrics): StateOperatorProgress {
  return {
    operatorName,
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
