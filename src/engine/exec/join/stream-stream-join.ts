/**
 * Stream-stream joins (Spark's StreamingSymmetricHashJoinExec, STYLE example 14): each side keeps the rows it has
 * seen (join-state.ts), so a row meets the other side's rows of earlier batches. Per batch, as Spark: each new left
 * row is joined with the right state, then stored; then each new right row is joined with the left state (which now
 * holds this batch's left rows too), then stored, so every matching pair is emitted exactly once. Inner, left /
 * right / full outer and left semi. A side's state is evicted by a watermarked join key, or by the state watermark
 * an event-time range condition gives it (plan/operators/join/time-range.ts); an outer join emits a preserved row
 * that never matched when it is evicted. The state is kept in Spark's four stores, `state/<operatorId>/0/{left,right}-
 * {keyToNumValues,keyWithIndexToValue}/<version>.snapshot` (exec/operator-state-files.ts).
 */
import { type BatchContext, type ExecContext, operatorWatermarks, type PhysicalNode, runByProducing } from "../../plan/physical";
import { type JoinExecSpec, type JoinNodeInfo, joined, keyFunction } from "../../plan/operators/join/hash-join";
import type { Row } from "../../types/values";
import { type StateMetrics, type StatefulNode, type StateOperator, stateOperatorProgress } from "../stateful";
import { JoinSideState } from "./join-state";

const JOIN_STORES = ["left-keyToNumValues", "left-keyWithIndexToValue", "right-keyToNumValues", "right-keyWithIndexToValue"] as const;

/** Both sides in one store: how checkpoints written before the four stores hold the join state. */
interface LegacyJoinSnapshot {
  readonly left: Row[];
  readonly right: Row[];
  readonly leftMatched?: boolean[];
  readonly rightMatched?: boolean[];
}

type Expired = (row: Row, watermarkMs: number) => boolean;

export class StreamStreamJoinState implements StateOperator {
  private readonly left: JoinSideState;
  private readonly right: JoinSideState;
  /** Per side: whether a state row can never match again at a watermark (undefined: the side is never evicted). */
  private readonly leftExpired: Expired | undefined;
  private readonly rightExpired: Expired | undefined;
  private updated = 0;
  private removed = 0;
  private dropped = 0;

  constructor(private readonly spec: JoinExecSpec) {
    const t = spec.joinType;
    this.left = new JoinSideState(keyFunction(spec.leftKeys, spec.nullSafe), t === "left" || t === "full");
    this.right = new JoinSideState(keyFunction(spec.rightKeys, spec.nullSafe), t === "right" || t === "full");
    this.leftExpired = expiredFunction(spec, "left");
    this.rightExpired = expiredFunction(spec, "right");
  }

  /** Not fed through a single input: the node calls joinBatch with both sides' rows. */
  process(): Row[] {
    throw new Error("StreamStreamJoinState runs through joinBatch");
  }

  /**
   * One batch, in Spark's order (StreamingSymmetricHashJoinExec.processPartitions): input rows at or below
   * `lateMs` on their side's watermarked column are late and dropped; the left rows join the right state and are
   * stored; the right rows join the left state and are stored; then each side's state rows that can no longer
   * match at `evictMs` are removed, and an outer join emits its preserved side's removed rows that never matched,
   * padded with nulls. A left semi join emits a left row once, at its first match, and keeps no matched left row.
   */
  joinBatch(leftRows: readonly Row[], rightRows: readonly Row[], lateMs: number, evictMs: number): Row[] {
    const { residual, combine, leftWidth, joinType } = this.spec;
    const semi = joinType === "semi";
    const lk = keyFunction(this.spec.leftKeys, this.spec.nullSafe);
    const rk = keyFunction(this.spec.rightKeys, this.spec.nullSafe);
    const lateL = lateFunction(this.spec.watermarkOrdinals?.left ?? -1, this.spec.eventTimeKey, this.spec.leftKeys);
    const lateR = lateFunction(this.spec.watermarkOrdinals?.right ?? -1, this.spec.eventTimeKey, this.spec.rightKeys);
    const out: Row[] = [];
    const passes = (l: Row, r: Row): boolean => residual === null || residual(joined(l, r, leftWidth)) === true;
    this.updated = 0;
    this.removed = 0;
    this.dropped = 0;
    for (const l of leftRows) {
      if (lateL(l, lateMs)) {
        this.dropped++;
        continue;
      }
      const k = lk(l);
      let matched = false;
      if (typeof k === "string") {
        for (const e of this.right.matches(k)) {
          if (!passes(l, e.row)) continue;
          matched = true;
          e.matched = true;
          if (semi) break;
          out.push(combine(l, e.row));
        }
      }
      if (semi && matched) {
        out.push(combine(l, null));
        continue;
      }
      if (this.left.add(l, matched)) this.updated++;
    }
    const keepEvictedRight = joinType === "right" || joinType === "full";
    for (const r of rightRows) {
      if (lateR(r, lateMs)) {
        this.dropped++;
        continue;
      }
      const k = rk(r);
      let matched = false;
      if (typeof k === "string") {
        for (const e of this.left.matches(k)) {
          if (semi && e.matched) continue;
          if (!passes(e.row, r)) continue;
          matched = true;
          if (semi && !e.matched) out.push(combine(e.row, null));
          else if (!semi) out.push(combine(e.row, r));
          e.matched = true;
        }
      }
      // as Spark: a right row that leaves the state at the end of this batch is stored only if an outer join
      // must still emit it unmatched
      const evictedNow = this.rightExpired?.(r, evictMs) === true;
      if ((!evictedNow || (keepEvictedRight && !matched)) && this.right.add(r, matched)) this.updated++;
    }
    const emitLeft = joinType === "left" || joinType === "full";
    if (this.leftExpired !== undefined) {
      const expired = this.leftExpired;
      const gone = this.left.evict((row) => expired(row, evictMs));
      this.removed += gone.length;
      if (emitLeft) for (const e of gone) if (!e.matched) out.push(combine(e.row, null));
    }
    if (this.rightExpired !== undefined) {
      const expired = this.rightExpired;
      const gone = this.right.evict((row) => expired(row, evictMs));
      this.removed += gone.length;
      if (keepEvictedRight) for (const e of gone) if (!e.matched) out.push(combine(null, e.row));
    }
    return out;
  }

  /**
   * The oldest event time this join may still emit at input watermark `inputMs` (Spark's produceOutputWatermark):
   * the smaller of the sides' state watermarks (a state row at it may still meet a new row), or the input
   * watermark when the state is evicted by a watermarked join key or not at all.
   */
  outputWatermark(inputMs: number): number {
    if (this.spec.eventTimeKey !== undefined) return inputMs;
    const offsets = [this.spec.stateWatermarks?.left, this.spec.stateWatermarks?.right]
      .filter((w) => w !== undefined && w.ordinal >= 0)
      .map((w) => w!.offsetMs);
    return offsets.length === 0 ? inputMs : inputMs + Math.min(...offsets);
  }

  /** Another batch at the new watermark would evict state, and an outer join would emit from it (Spark's rule). */
  needsNoDataBatch(nextWatermarkMs: number, currentWatermarkMs: number): boolean {
    return (this.leftExpired !== undefined || this.rightExpired !== undefined) && nextWatermarkMs > currentWatermarkMs;
  }

  /** Spark's four stores of a stream-stream join, two per side. */
  readonly stateStoreNames = JOIN_STORES;

  snapshot(): Record<string, unknown> {
    const l = this.left.storeSnapshots();
    const r = this.right.storeSnapshots();
    return {
      "left-keyToNumValues": l.keyToNumValues,
      "left-keyWithIndexToValue": l.keyWithIndexToValue,
      "right-keyToNumValues": r.keyToNumValues,
      "right-keyWithIndexToValue": r.keyWithIndexToValue,
    };
  }

  /** The four stores, or a snapshot of both sides in one store (a checkpoint written before the four stores). */
  restore(snapshot: unknown): void {
    const s = snapshot as Record<string, unknown> | null;
    if (s === null || "left" in s) {
      const legacy = s as LegacyJoinSnapshot | null;
      this.left.restore(legacy?.left, legacy?.leftMatched);
      this.right.restore(legacy?.right, legacy?.rightMatched);
      return;
    }
    const part = <T>(name: string) => (s[name] ?? null) as T | null;
    this.left.restoreStores(part("left-keyToNumValues"), part("left-keyWithIndexToValue"), "left state");
    this.right.restoreStores(part("right-keyToNumValues"), part("right-keyWithIndexToValue"), "right state");
  }

  metrics(): StateMetrics {
    const rows = this.left.size + this.right.size;
    const memoryUsedBytes = this.left.memoryUsedBytes() + this.right.memoryUsedBytes();
    return { numRowsTotal: rows, numRowsUpdated: this.updated, numRowsRemoved: this.removed, numRowsDroppedByWatermark: this.dropped, memoryUsedBytes };
  }
}

/**
 * Late input rows of a side: those whose watermarked column (Spark's watermarkAttribute) is at or below the
 * watermark, or, with a watermarked join key and no watermark on this side, whose key time is.
 */
function lateFunction(ordinal: number, eventTimeKey: number | undefined, keys: JoinExecSpec["leftKeys"]): Expired {
  if (ordinal >= 0) return (row, ms) => atOrBelowMs(row[ordinal], ms);
  if (eventTimeKey !== undefined) {
    const key = keys[eventTimeKey]!;
    return (row, ms) => atOrBelowMs(key(row), ms);
  }
  return () => false;
}

/** When a side's state row can never match again (Spark's JoinStateWatermarkPredicate): key or value watermark. */
function expiredFunction(spec: JoinExecSpec, side: "left" | "right"): Expired | undefined {
  if (spec.eventTimeKey !== undefined) {
    const key = (side === "left" ? spec.leftKeys : spec.rightKeys)[spec.eventTimeKey]!;
    return (row, ms) => atOrBelowMs(key(row), ms);
  }
  const w = spec.stateWatermarks?.[side];
  if (w === undefined || w.ordinal < 0) return undefined;
  const { ordinal, offsetMs } = w;
  return (row, ms) => atOrBelowMs(row[ordinal], ms + offsetMs);
}

/** A TIMESTAMP (micros) or DATE (days) value at or below `ms` (compared in micros, as Spark's predicate). */
function atOrBelowMs(v: unknown, ms: number): boolean {
  if (typeof v === "bigint") return v <= BigInt(ms) * 1000n;
  if (typeof v === "number") return v * 86_400_000 <= ms;
  return false;
}
/** The join's place in the tree: two children, one operator id, Spark's progress name `symmetricHashJoin`. */
export function streamStreamJoinNode(spec: JoinExecSpec, info: JoinNodeInfo): StatefulNode {
  const operator = new StreamStreamJoinState(spec);
  let lastBatch: BatchContext | undefined;
  let lastOut: Row[] = [];
  const produce = (ctx: ExecContext, emit: (r: Row) => void): void => {
    if (ctx.batch === undefined) throw new Error("A stream-stream join ran outside a micro-batch");
    if (ctx.batch !== lastBatch) {
      const wm = operatorWatermarks(ctx.batch, node.operatorId);
      lastOut = operator.joinBatch(info.left.run(ctx), info.right.run(ctx), wm.lateRowsMs, wm.evictionMs);
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
      return `${info.detail}, state info [ operatorId = ${id}, numPartitions = 1, stores = state/${id}/0/{left,right}-{keyToNumValues,keyWithIndexToValue} ]`;
    },
    produce,
    run: runByProducing(produce),
    finishBatch() {
      lastBatch = undefined;
      lastOut = [];
    },
    progress() {
      return stateOperatorProgress("symmetricHashJoin", operator.metrics());
    },
    outputWatermark(inputMs) {
      return operator.outputWatermark(inputMs);
    },
  };
  return node;
}
