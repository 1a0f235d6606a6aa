/**
 * Stream-stream inner join (Spark's StreamingSymmetricHashJoinExec, STYLE example 14): each side keeps every row
 * it has seen (join-state.ts), so a row meets the other side's rows of earlier batches. Per batch, as Spark:
 * each new left row is joined with the right state, then stored; then each new right row is joined with the left
 * state (which now holds this batch's left rows too), then stored, so every matching pair is emitted exactly once.
 * Inner joins only. With a watermark on a join key (Spark's "watermark in the join keys") late input rows are dropped
 * and state rows at or below the watermark are evicted after the batch; otherwise the state grows with the input,
 * as Spark's does for an inner join without watermarks. Both sides are kept in one snapshot,
 * `state/<operatorId>/0/<version>.snapshot`.
 */
import type { BatchContext, ExecContext, PhysicalNode } from "../../plan/physical";
import { type JoinExecSpec, type JoinNodeInfo, joined, keyFunction } from "../../plan/operators/join/hash-join";
import type { Row } from "../../types/values";
import type { StateMetrics, StatefulNode, StateOperator } from "../stateful";
import { JoinSideState } from "./join-state";

interface JoinSnapshot {
  readonly left: Row[];
  readonly right: Row[];
}

export class StreamStreamJoinState implements StateOperator {
  private readonly left: JoinSideState;
  private readonly right: JoinSideState;
  private updated = 0;
  private removed = 0;
  private dropped = 0;

  constructor(private readonly spec: JoinExecSpec) {
    this.left = new JoinSideState(keyFunction(spec.leftKeys, spec.nullSafe));
    this.right = new JoinSideState(keyFunction(spec.rightKeys, spec.nullSafe));
  }

  /** Not fed through a single input: the node calls joinBatch with both sides' rows. */
  process(): Row[] {
    throw new Error("StreamStreamJoinState runs through joinBatch");
  }

  /**
   * `lateMs`: input rows whose key time is at or below it are late and dropped; `evictMs`: after the batch, state
   * rows at or below it are removed (both only with a watermarked join key, see JoinExecSpec.eventTimeKey).
   */
  joinBatch(leftRows: readonly Row[], rightRows: readonly Row[], lateMs: number, evictMs: number): Row[] {
    const { residual, combine, leftWidth, eventTimeKey } = this.spec;
    const lk = keyFunction(this.spec.leftKeys, this.spec.nullSafe);
    const rk = keyFunction(this.spec.rightKeys, this.spec.nullSafe);
    const lTime = eventTimeKey === undefined ? undefined : this.spec.leftKeys[eventTimeKey]!;
    const rTime = eventTimeKey === undefined ? undefined : this.spec.rightKeys[eventTimeKey]!;
    const atOrBelow = (time: ((r: Row) => unknown) | undefined, r: Row, ms: number): boolean => {
      if (time === undefined) return false;
      const t = eventTimeMs(time(r));
      return t !== null && t <= ms;
    };
    const out: Row[] = [];
    const pair = (l: Row, r: Row): void => {
      if (residual === null || residual(joined(l, r, leftWidth)) === true) out.push(combine(l, r));
    };
    this.updated = 0;
    this.removed = 0;
    this.dropped = 0;
    for (const l of leftRows) {
      if (atOrBelow(lTime, l, lateMs)) {
        this.dropped++;
        continue;
      }
      const k = lk(l);
      if (typeof k !== "string") continue;
      for (const r of this.right.matches(k)) pair(l, r);
      if (this.left.add(l)) this.updated++;
    }
    for (const r of rightRows) {
      if (atOrBelow(rTime, r, lateMs)) {
        this.dropped++;
        continue;
      }
      const k = rk(r);
      if (typeof k !== "string") continue;
      for (const l of this.left.matches(k)) pair(l, r);
      if (this.right.add(r)) this.updated++;
    }
    if (lTime !== undefined) {
      this.removed += this.left.evict((l) => atOrBelow(lTime, l, evictMs));
      this.removed += this.right.evict((r) => atOrBelow(rTime, r, evictMs));
    }
    return out;
  }

  snapshot(): JoinSnapshot {
    return { left: this.left.rows(), right: this.right.rows() };
  }

  restore(snapshot: unknown): void {
    const s = snapshot as JoinSnapshot | null;
    this.left.restore(s?.left);
    this.right.restore(s?.right);
  }

  metrics(): StateMetrics {
    const rows = this.left.size + this.right.size;
    // a rough figure: 8 bytes per value plus the row arrays, as no store measures it for us
    const width = this.spec.leftWidth + this.spec.rightWidth;
    return { numRowsTotal: rows, numRowsUpdated: this.updated, numRowsRemoved: this.removed, numRowsDroppedByWatermark: this.dropped, memoryUsedBytes: rows * (16 + width * 4) };
  }
}

/** A TIMESTAMP (micros) or DATE (days) key value in ms; null for anything else. */
function eventTimeMs(v: unknown): number | null {
  if (typeof v === "bigint") return Number(v / 1000n);
  if (typeof v === "number") return v * 86_400_000;
  return null;
}

/** The join's place in the tree: two children, one operator id, Spark's progress name `symmetricHashJoin`. */
export function streamStreamJoinNode(spec: JoinExecSpec, info: JoinNodeInfo): StatefulNode {
  const operator = new StreamStreamJoinState(spec);
  let lastBatch: BatchContext | undefined;
  let lastOut: Row[] = [];
  const produce = (ctx: ExecContext, emit: (r: Row) => void): void => {
    if (ctx.batch === undefined) throw new Error("A stream-stream join ran outside a micro-batch");
    if (ctx.batch !== lastBatch) {
      lastOut = operator.joinBatch(info.left.run(ctx), info.right.run(ctx), ctx.batch.lateRowsWatermarkMs, ctx.batch.evictionWatermarkMs);
      lastBatch = ctx.batch;
    }
    for (const r of lastOut) emit(r);
  };
  const node: StatefulNode = {
    kind: "StreamingSymmetricHashJoin",
    operatorName: "symmetricHashJoin",
    operator,
    operatorId: -1,
    children: [info.left, info.right] as readonly PhysicalNode[],
    attrs: info.attrs,
    schema: info.schema,
    sorted: false,
    get detail() {
      const id = (this as StatefulNode).operatorId;
      return `${info.detail}, state info [ operatorId = ${id}, numPartitions = 1, store = state/${id}/0 (left and right rows) ]`;
    },
    produce,
    run(ctx) {
      const out: Row[] = [];
      produce(ctx, (r) => out.push(r));
      return out;
    },
    finishBatch() {
      lastBatch = undefined;
      lastOut = [];
    },
    progress() {
      const m = operator.metrics();
      return {
        operatorName: "symmetricHashJoin",
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
    },
  };
  return node;
}
