/**
 * The batch join operator: a hash join that builds a table from one side and probes it with the other side's
 * `produce` (Spark's BroadcastHashJoinExec). With no equi key every row lands in one bucket, which makes it a
 * nested loop (BroadcastNestedLoopJoinExec), so both strategies share the outer-join bookkeeping below.
 * Each call to `produce` re-runs the build side, except in a stream-static join whose static side cannot change
 * between batches (`cacheBuild`, static-side.ts): its table is built once per query run.
 */
import { keyOf } from "../../../expr/compare";
import type { Attr } from "../../../expr/analyze";
import type { StructTypeImpl } from "../../../types/struct-type";
import type { Row } from "../../../types/values";
import type { JoinType } from "../../nodes";
import { type ExecContext, type PhysicalNode, runByProducing } from "../../physical";
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
  /**
   * A stream-static join whose static side is immutable (static-side.ts): its hash table is built at the first
   * batch and kept for the query run, instead of being rebuilt from the same rows every batch.
   */
  readonly cacheBuild?: boolean;
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

/**
 * The hash join's own key: with one key column, the value itself where JavaScript's Map equality (SameValueZero)
 * is Spark's join-key equality (numbers, with NaN = NaN and -0 = 0; strings; booleans; bigints; null for `<=>`),
 * so a probe hashes the value instead of building a string; objects (decimals, binary, arrays, structs) still go
 * through keyOf. Both sides' keys are coerced to one type, so a key column never mixes the two forms.
 */
export function hashKeyFunction(keys: readonly Eval[], nullSafe: readonly boolean[]): (r: Row) => unknown {
  if (keys.length !== 1) return keyFunction(keys, nullSafe);
  const k = keys[0]!;
  const safe = nullSafe[0] === true;
  return (r) => {
    const v = k(r);
    if (v === null) return safe ? null : NO_MATCH;
    return typeof v === "object" ? keyOf(v) : v;
  };
}

/** The hash table of the build side: rows by key (a null non-null-safe key in `all` only), with matched flags. */
interface BuildTable {
  readonly table: Map<unknown, Entry[]>;
  readonly all: Entry[];
}

function buildTable(spec: JoinExecSpec, buildIsLeft: boolean, buildRows: readonly Row[]): BuildTable {
  const buildKey = hashKeyFunction(buildIsLeft ? spec.leftKeys : spec.rightKeys, spec.nullSafe);
  const table = new Map<unknown, Entry[]>();
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
  return { table, all };
}

/** True when the build side's unmatched rows are emitted (its matched flags then change per run). */
function buildIsOuter(t: JoinType, buildIsLeft: boolean): boolean {
  return t === "full" || (t === "left" && buildIsLeft) || (t === "right" && !buildIsLeft);
}

/** Runs the join once: probes `built` with `probe`'s rows, emits through `emit`. */
function runJoin(spec: JoinExecSpec, buildIsLeft: boolean, built: BuildTable, probe: (f: (r: Row) => void) => void, emit: (r: Row) => void): void {
  const t = spec.joinType;
  const probeKey = hashKeyFunction(buildIsLeft ? spec.rightKeys : spec.leftKeys, spec.nullSafe);
  const { table, all } = built;
  const probeIsOuter = t === "full" || (t === "left" && !buildIsLeft) || (t === "right" && buildIsLeft);
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
  if (buildIsOuter(t, buildIsLeft)) {
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
  // only a table whose matched flags no run changes can be shared by runs
  const cacheable = spec.cacheBuild === true && spec.build !== "smaller" && !buildIsOuter(spec.joinType, spec.build === "left");
  let cached: BuildTable | undefined;
  const built = (ctx: ExecContext, buildIsLeft: boolean): BuildTable => {
    if (cached !== undefined) return cached;
    const t = buildTable(spec, buildIsLeft, (buildIsLeft ? left : right).run(ctx));
    if (cacheable) cached = t;
    return t;
  };
  const produce = (ctx: ExecContext, emit: (r: Row) => void): void => {
    if (spec.build === "left") {
      runJoin(spec, true, built(ctx, true), (f) => right.produce(ctx, f), emit);
    } else if (spec.build === "right") {
      runJoin(spec, false, built(ctx, false), (f) => left.produce(ctx, f), emit);
    } else {
      // both sides are static: hash the smaller one
      const l = left.run(ctx);
      const r = right.run(ctx);
      const buildLeft = l.length < r.length;
      const probeRows = buildLeft ? r : l;
      runJoin(spec, buildLeft, buildTable(spec, buildLeft, buildLeft ? l : r), (f) => {
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
    run: runByProducing(produce),
  };
}
