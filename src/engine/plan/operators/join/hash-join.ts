/**
 * The batch join operator: a hash join that builds a table from one side and probes it with the other side's
 * `produce` (Spark's BroadcastHashJoinExec). With no equi key every row lands in one bucket, which makes it a
 * nested loop (BroadcastNestedLoopJoinExec), so both strategies share the outer-join bookkeeping below.
 * Each call to `produce` re-runs the build side: in a stream-static join the static side is read per batch,
 * as Spark re-plans it each micro-batch.
 */
import { keyOf } from "../../../expr/compare";
import type { Attr } from "../../../expr/analyze";
import type { StructTypeImpl } from "../../../types/struct-type";
import type { Row } from "../../../types/values";
import type { JoinType } from "../../nodes";
import type { ExecContext, PhysicalNode } from "../../physical";
import type { StateValueWatermark } from "./time-range";

export type Eval = (row: Row) => unknown;

/** Which side feeds the hash table; "smaller" decides at run time from the two sides' row counts. */
export type BuildSide = "left" | "right" | "smaller";

export interface JoinExecSpec {
  readonly joinType: JoinType;
  readonly build: BuildSide;
  /** Equi keys, pairwise: leftKeys[i] (over a left row) = rightKeys[i] (over a right row), already coerced. */
  readonly leftKeys: readonly Eval[];
  readonly rightKeys: readonly Eval[];
  /** `<=>` keys: null matches null. For the others a null never matches (SQL equality). */
  readonly nullSafe: readonly boolean[];
  /** The rest of the condition, over the joined row `[...left, ...right]`; null when none. */
  readonly residual: Eval | null;
  readonly leftWidth: number;
  readonly rightWidth: number;
  /**
   * Stream-stream joins: the index of an equi key whose column carries a watermark on either side (Spark's
   * "watermark in the join keys"); state rows whose key time is at or below the watermark can never match again.
   */
  readonly eventTimeKey?: number;
  /** Stream-stream joins: per side, the state watermark an event-time range condition gives (time-range.ts). */
  readonly stateWatermarks?: { readonly left?: StateValueWatermark; readonly right?: StateValueWatermark };
  /** Stream-stream joins: per side, its watermarked input column (late input rows are dropped by it); -1 for none. */
  readonly watermarkOrdinals?: { readonly left: number; readonly right: number };
  /** Output row from a left and a right row (null = the missing side of an outer join). */
  readonly combine: (l: Row | null, r: Row | null) => Row;
}

interface Entry {
  readonly row: Row;
  matched: boolean;
}

export const NO_MATCH = Symbol("no-match");

/** A key function: the composite hash key of a row, or NO_MATCH when a non-null-safe key is null. */
export function keyFunction(keys: readonly Eval[], nullSafe: readonly boolean[]): (r: Row) => string | typeof NO_MATCH {
  if (keys.length === 0) return () => "";
  if (keys.length === 1) {
    const k = keys[0]!;
    const safe = nullSafe[0] === true;
    return (r) => {
      const v = k(r);
      return v === null && !safe ? NO_MATCH : keyOf(v);
    };
  }
  return (r) => {
    let s = "";
    for (let i = 0; i < keys.length; i++) {
      const v = keys[i]!(r);
      if (v === null && nullSafe[i] !== true) return NO_MATCH;
      s += `${keyOf(v)}\u0001`;
    }
    return s;
  };
}

/** Runs the join once: builds from `buildRows`, streams `probe`, emits through `emit`. */
function runJoin(spec: JoinExecSpec, buildIsLeft: boolean, buildRows: readonly Row[], probe: (f: (r: Row) => void) => void, emit: (r: Row) => void): void {
  const t = spec.joinType;
  const buildKey = keyFunction(buildIsLeft ? spec.leftKeys : spec.rightKeys, spec.nullSafe);
  const probeKey = keyFunction(buildIsLeft ? spec.rightKeys : spec.leftKeys, spec.nullSafe);
  const table = new Map<string, Entry[]>();
  const all: Entry[] = [];
  for (const row of buildRows) {
    const e: Entry = { row, matched: false };
    all.push(e);
    const k = buildKey(row);
    if (k === NO_MATCH) continue;
    const bucket = table.get(k);
    if (bucket === undefined) table.set(k, [e]);
    else bucket.push(e);
  }
  const probeIsOuter = t === "full" || (t === "left" && !buildIsLeft) || (t === "right" && buildIsLeft);
  const buildIsOuter = t === "full" || (t === "left" && buildIsLeft) || (t === "right" && !buildIsLeft);
  const residual = spec.residual;
  const { combine } = spec;
  const lw = spec.leftWidth;
  const pass = residual === null ? null : (l: Row, r: Row): boolean => residual(joined(l, r, lw)) === true;
  probe((p) => {
    const k = probeKey(p);
    const bucket = k === NO_MATCH ? undefined : table.get(k);
    let hit = false;
    if (bucket !== undefined) {
      for (const e of bucket) {
        const l = buildIsLeft ? e.row : p;
        const r = buildIsLeft ? p : e.row;
        if (pass !== null && !pass(l, r)) continue;
        hit = true;
        if (t === "semi" || t === "anti") break;
        e.matched = true;
        emit(combine(l, r));
      }
    }
    if (t === "semi") {
      if (hit) emit(combine(p, null));
    } else if (t === "anti") {
      if (!hit) emit(combine(p, null));
    } else if (!hit && probeIsOuter) {
      emit(buildIsLeft ? combine(null, p) : combine(p, null));
    }
  });
  if (buildIsOuter) {
    for (const e of all) if (!e.matched) emit(buildIsLeft ? combine(e.row, null) : combine(null, e.row));
  }
}

export function joined(l: Row, r: Row, lw: number): Row {
  const o = new Array<unknown>(lw + r.length);
  for (let i = 0; i < lw; i++) o[i] = l[i];
  for (let i = 0; i < r.length; i++) o[lw + i] = r[i];
  return o;
}

export interface JoinNodeInfo {
  readonly left: PhysicalNode;
  readonly right: PhysicalNode;
  readonly attrs: readonly Attr[];
  readonly schema: StructTypeImpl;
  /** Explain line after the operator name. */
  readonly detail: string;
}

/** The physical join node: BroadcastHashJoin with keys, BroadcastNestedLoopJoin without. */
export function joinNode(spec: JoinExecSpec, info: JoinNodeInfo): PhysicalNode {
  const { left, right } = info;
  const kind = spec.leftKeys.length > 0 ? "BroadcastHashJoin" : "BroadcastNestedLoopJoin";
  const produce = (ctx: ExecContext, emit: (r: Row) => void): void => {
    if (spec.build === "left") {
      runJoin(spec, true, left.run(ctx), (f) => right.produce(ctx, f), emit);
    } else if (spec.build === "right") {
      runJoin(spec, false, right.run(ctx), (f) => left.produce(ctx, f), emit);
    } else {
      // both sides are static: hash the smaller one
      const l = left.run(ctx);
      const r = right.run(ctx);
      const buildLeft = l.length < r.length;
      const probeRows = buildLeft ? r : l;
      runJoin(spec, buildLeft, buildLeft ? l : r, (f) => {
        for (const x of probeRows) f(x);
      }, emit);
    }
  };
  return {
    kind,
    detail: info.detail,
    children: [left, right],
    attrs: info.attrs,
    schema: info.schema,
    sorted: false,
    produce,
    run(ctx) {
      const out: Row[] = [];
      produce(ctx, (r) => out.push(r));
      return out;
    },
  };
}
