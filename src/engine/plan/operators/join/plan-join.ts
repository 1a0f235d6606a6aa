/**
 * Analysis and planning of a Join node: resolves `USING` names or the condition against the two sides, builds
 * Spark's output columns (a USING key once, first; for a full outer join coalesced from both sides; the nullable
 * side's columns made nullable), splits the condition into equi keys and a residual (join-keys.ts) and picks the
 * build side of the hash join (hash-join.ts). Stream-static joins always build from the static side, so the
 * stream is the probe side and the static side is re-read each batch.
 */
import { AnalysisException, sparkError } from "../../../errors";
import * as A from "../../../expr/ast";
import { type Attr, analyzeExpr, type Bound, coerce, type Scope } from "../../../expr/analyze";
import { commonType } from "../../../expr/coercion";
import { BooleanType, NullType } from "../../../types/data-types";
import { StructFieldImpl, StructTypeImpl } from "../../../types/struct-type";
import type { Row } from "../../../types/values";
import { JOIN_TYPE_NAME } from "../../join-type";
import { isStreamingPlan, type Join, type LogicalPlan } from "../../nodes";
import type { PhysicalNode, StatefulPlanner } from "../../physical";
import { type BuildSide, type Eval, joinNode } from "./hash-join";
import { splitCondition } from "./join-keys";
import { staticSideIsImmutable } from "./static-side";
import { checkOuterStreamJoin, type StateValueWatermark, stateValueWatermark } from "./time-range";

export interface JoinPlanEnv {
  scope(attrs: readonly Attr[]): Scope;
  compile(p: LogicalPlan): PhysicalNode;
  /** Set when planning a streaming query: a join of two streams becomes its stateful operator. */
  readonly stateful?: StatefulPlanner;
  /** False when the expressions hold a nondeterministic call (rand(), a nondeterministic UDF). */
  readonly deterministic?: (exprs: unknown) => boolean;
  /** Also output a USING join's hidden keys (marked `hidden`, after the visible columns): see using-hidden.ts. */
  readonly withHidden?: boolean;
}

function quote(name: string): string {
  return `\`${name.replace(/`/g, "``")}\``;
}

/** Spark's error for a USING column one side lacks. */
function unresolvedUsing(name: string, side: "left" | "right", attrs: readonly Attr[]): AnalysisException {
  return sparkError(AnalysisException, "UNRESOLVED_USING_COLUMN_FOR_JOIN", {
    colName: quote(name),
    side,
    suggestion: attrs.map((a) => quote(a.name)).join(", "),
  });
}

function usingIndex(attrs: readonly Attr[], name: string, side: "left" | "right"): number {
  const i = attrs.findIndex((a) => a.name.toLowerCase() === name.toLowerCase());
  if (i < 0) throw unresolvedUsing(name, side, attrs);
  return i;
}

function isBroadcast(p: LogicalPlan): boolean {
  if (p.kind === "ResolvedHint" && p.hint === "broadcast") return true;
  return p.kind === "SubqueryAlias" && isBroadcast(p.child);
}

/** The build side: the static side of a stream-static join; else a broadcast hint; else the smaller side. */
function buildSide(p: Join): BuildSide {
  const t = p.joinType;
  if (t === "semi" || t === "anti" || t === "left") return "right";
  if (t === "right") return "left";
  const ls = isStreamingPlan(p.left);
  const rs = isStreamingPlan(p.right);
  if (ls !== rs) return ls ? "right" : "left";
  const lb = isBroadcast(p.left);
  const rb = isBroadcast(p.right);
  if (lb !== rb) return lb ? "left" : "right";
  return ls ? "right" : "smaller";
}

function nullableIf(attrs: readonly Attr[], yes: boolean): Attr[] {
  return attrs.map((a) => (yes && !a.nullable ? { ...a, nullable: true } : a));
}

function checkBoolean(cond: Bound): void {
  if (cond.dataType instanceof BooleanType || cond.dataType instanceof NullType) return;
  // Spark 4 names it JOIN_CONDITION_IS_NOT_BOOLEAN_TYPE (SQLSTATE 42K0E), outside DATATYPE_MISMATCH
  throw new AnalysisException(
    `[JOIN_CONDITION_IS_NOT_BOOLEAN_TYPE] The join condition "${cond.name}" has the invalid type "${cond.dataType.sql()}", expected "BOOLEAN". SQLSTATE: 42K0E`,
    { errorClass: "JOIN_CONDITION_IS_NOT_BOOLEAN_TYPE", sqlState: "42K0E" },
  );
}

interface Shape {
  readonly attrs: Attr[];
  readonly combine: (l: Row | null, r: Row | null) => Row;
}

/** Output of an ON / no-condition join: both sides side by side (the left only for semi/anti). */
function conditionShape(p: Join, L: readonly Attr[], R: readonly Attr[]): Shape {
  const t = p.joinType;
  const lw = L.length;
  const rw = R.length;
  if (t === "semi" || t === "anti") return { attrs: [...L], combine: (l) => l! };
  const attrs = [...nullableIf(L, t === "right" || t === "full"), ...nullableIf(R, t === "left" || t === "full")];
  const combine = (l: Row | null, r: Row | null): Row => {
    const o = new Array<unknown>(lw + rw);
    for (let i = 0; i < lw; i++) o[i] = l === null ? null : l[i];
    for (let i = 0; i < rw; i++) o[lw + i] = r === null ? null : r[i];
    return o;
  };
  return { attrs, combine };
}

/**
 * Output of a USING join, as Spark's commonNaturalJoinProcessing: the keys (the left's for inner/left/semi/anti,
 * the right's for right, coalesce(left, right) for full), then the other left columns, then the other right ones.
 */
function usingShape(p: Join, L: readonly Attr[], R: readonly Attr[], li: number[], ri: number[], keyTypes: Bound[][], withHidden: boolean): Shape {
  const t = p.joinType;
  const lOther = L.map((_, i) => i).filter((i) => !li.includes(i));
  const rOther = R.map((_, i) => i).filter((i) => !ri.includes(i));
  type Get = (l: Row | null, r: Row | null) => unknown;
  const cols: { attr: Attr; get: Get }[] = [];
  li.forEach((lk, k) => {
    const rk = ri[k]!;
    if (t === "full") {
      const [lb, rb] = keyTypes[k]!;
      const lv = lb!.eval;
      const rv = rb!.eval;
      const a = L[lk]!;
      cols.push({
        attr: { name: a.name, qualifier: null, dataType: lb!.dataType, nullable: L[lk]!.nullable && R[rk]!.nullable },
        get: (l, r) => {
          const v = l === null ? null : lv(l);
          return v !== null ? v : r === null ? null : rv(r);
        },
      });
    } else if (t === "right") cols.push({ attr: R[rk]!, get: (_l, r) => r![rk] });
    else cols.push({ attr: L[lk]!, get: (l) => l![lk] });
  });
  const outerL = t === "right" || t === "full";
  const outerR = t === "left" || t === "full";
  for (const i of lOther) cols.push({ attr: nullableIf([L[i]!], outerL)[0]!, get: (l) => (l === null ? null : l[i]) });
  if (t !== "semi" && t !== "anti") for (const i of rOther) cols.push({ attr: nullableIf([R[i]!], outerR)[0]!, get: (_l, r) => (r === null ? null : r[i]) });
  if (withHidden) {
    // Spark's hidden output of a USING join: the keys of the side(s) not shown, reachable as `b.id` only
    const hide = (a: Attr, nullable: boolean): Attr => ({ ...nullableIf([a], nullable)[0]!, hidden: true });
    for (const lk of t === "right" || t === "full" ? li : []) cols.push({ attr: hide(L[lk]!, true), get: (l) => (l === null ? null : l[lk]) });
    for (const rk of t === "inner" || t === "cross" || t === "left" || t === "full" ? ri : []) {
      cols.push({ attr: hide(R[rk]!, t === "left" || t === "full"), get: (_l, r) => (r === null ? null : r[rk]) });
    }
  }
  const gets = cols.map((c) => c.get);
  const n = gets.length;
  if (t !== "full") return { attrs: cols.map((c) => c.attr), combine: pickCombine(cols.map((c) => c.attr), L, R, li, ri, t, withHidden) };
  return {
    attrs: cols.map((c) => c.attr),
    combine: (l, r) => {
      const o = new Array<unknown>(n);
      for (let j = 0; j < n; j++) o[j] = gets[j]!(l, r);
      return o;
    },
  };
}

/**
 * The output row of a USING join other than full outer, where every column is one side's column as it is: copied by
 * (side, ordinal) in a loop instead of one closure call per column (a stream-static join's hot path). The layout is
 * usingShape's: keys, other left columns, other right columns, then the hidden keys.
 */
function pickCombine(attrs: readonly Attr[], L: readonly Attr[], R: readonly Attr[], li: number[], ri: number[], t: string, withHidden: boolean): (l: Row | null, r: Row | null) => Row {
  const fromRight: boolean[] = [];
  const index: number[] = [];
  const add = (right: boolean, i: number) => {
    fromRight.push(right);
    index.push(i);
  };
  for (let k = 0; k < li.length; k++) add(t === "right", t === "right" ? ri[k]! : li[k]!);
  for (let i = 0; i < L.length; i++) if (!li.includes(i)) add(false, i);
  if (t !== "semi" && t !== "anti") for (let i = 0; i < R.length; i++) if (!ri.includes(i)) add(true, i);
  if (withHidden) {
    if (t === "right") for (const lk of li) add(false, lk);
    else if (t === "inner" || t === "cross" || t === "left") for (const rk of ri) add(true, rk);
  }
  if (fromRight.length !== attrs.length) throw new Error(`internal: USING join layout ${fromRight.length} != ${attrs.length} columns`);
  const n = fromRight.length;
  return (l, r) => {
    const o = new Array<unknown>(n);
    for (let j = 0; j < n; j++) {
      const src = fromRight[j] ? r : l;
      o[j] = src === null ? null : src[index[j]!];
    }
    return o;
  };
}

export function planJoin(p: Join, env: JoinPlanEnv): PhysicalNode {
  const left = env.compile(p.left);
  const right = env.compile(p.right);
  const L = left.attrs;
  const R = right.attrs;
  const scopeL = env.scope(L);
  const scopeR = env.scope(R);
  const both = env.scope([...L, ...R]);
  let shape: Shape;
  let leftKeys: Eval[];
  let rightKeys: Eval[];
  let nullSafe: boolean[];
  let keyNames: [string, string][];
  let keyOrdinals: [number | undefined, number | undefined][];
  let residual: Eval | null = null;
  let conditionText = "";
  const using = p.natural === true ? L.filter((a) => R.some((b) => b.name.toLowerCase() === a.name.toLowerCase())).map((a) => a.name) : p.using;
  if (using !== null) {
    const li = using.map((n) => usingIndex(L, n, "left"));
    const ri = using.map((n) => usingIndex(R, n, "right"));
    const pairs = li.map((l, k) => {
      const lb = analyzeExpr(A.colRef([L[l]!.name]), env.scope([L[l]!]));
      const rb = analyzeExpr(A.colRef([R[ri[k]!]!.name]), env.scope([R[ri[k]!]!]));
      const t = lb.dataType.equals(rb.dataType) ? lb.dataType : commonType(lb.dataType, rb.dataType, both.ctx.ansi, true);
      if (t === null) {
        throw new AnalysisException(
          `[DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES] Cannot resolve "(${lb.name} = ${rb.name})" due to data type mismatch: the left and right operands of the binary operator have incompatible types ("${lb.dataType.sql()}" and "${rb.dataType.sql()}"). SQLSTATE: 42K09`,
          { errorClass: "DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES", sqlState: "42K09" },
        );
      }
      const at = (b: Bound, i: number): Bound => ({ ...b, eval: (r) => r[i] ?? null });
      return [coerce(at(lb, l), t, both.ctx), coerce(at(rb, ri[k]!), t, both.ctx)];
    });
    leftKeys = pairs.map((x) => x[0]!.eval);
    rightKeys = pairs.map((x) => x[1]!.eval);
    nullSafe = pairs.map(() => false);
    keyNames = using.map((_, k) => [L[li[k]!]!.name, R[ri[k]!]!.name]);
    keyOrdinals = li.map((l, k) => [l, ri[k]]);
    shape = usingShape(p, L, R, li, ri, pairs, env.withHidden === true);
  } else {
    if (p.condition !== null) {
      const cond = analyzeExpr(p.condition, both);
      checkBoolean(cond);
      conditionText = cond.name;
    }
    const split = splitCondition(p.condition, scopeL, scopeR);
    ({ leftKeys, rightKeys, nullSafe, keyNames, keyOrdinals } = split);
    if (split.residual !== null) residual = analyzeExpr(split.residual, both).eval;
    shape = conditionShape(p, L, R);
  }
  const build = buildSide(p);
  const typeName = JOIN_TYPE_NAME[p.joinType];
  const buildName = build === "left" ? "BuildLeft" : build === "right" ? "BuildRight" : "BuildSmaller";
  const detail =
    leftKeys.length > 0
      ? `[${keyNames.map((k) => k[0]).join(", ")}], [${keyNames.map((k) => k[1]).join(", ")}], ${typeName}, ${buildName}${residual === null ? "" : `, ${conditionText}`}`
      : `${buildName}, ${typeName}${conditionText === "" ? "" : `, ${conditionText}`}`;
  const attrs = shape.attrs;
  const ls = isStreamingPlan(p.left);
  const staticSide = ls === isStreamingPlan(p.right) ? null : ls ? p.right : p.left;
  const cacheBuild = staticSide !== null && env.deterministic !== undefined && staticSideIsImmutable(staticSide, env.deterministic);
  const spec = { joinType: p.joinType, build, leftKeys, rightKeys, nullSafe, residual, leftWidth: L.length, rightWidth: R.length, combine: shape.combine, cacheBuild };
  const visible = attrs.filter((a) => a.hidden !== true);
  const info = { left, right, attrs, schema: new StructTypeImpl(visible.map((a) => new StructFieldImpl(a.name, a.dataType, a.nullable))), detail };
  const planner = env.stateful;
  if (planner?.streamStreamJoin !== undefined && isStreamingPlan(p.left) && isStreamingPlan(p.right)) {
    // the checker (exec/join/stream-join-checker.ts) has refused the join types and output modes Spark refuses
    const d = `[${keyNames.map((k) => k[0]).join(", ")}], [${keyNames.map((k) => k[1]).join(", ")}], ${typeName}${conditionText === "" ? "" : `, condition = ${conditionText}`}`;
    const timeKey = keyOrdinals.findIndex(([lo, ro]) => (lo !== undefined && L[lo]!.eventTime !== undefined) || (ro !== undefined && R[ro]!.eventTime !== undefined));
    const eventTimeKey = timeKey >= 0 ? timeKey : undefined;
    const condition = using === null ? p.condition : null;
    const stateWatermarks = { left: stateValueWatermark(condition, "left", scopeL, scopeR), right: stateValueWatermark(condition, "right", scopeL, scopeR) };
    checkOuterStreamJoin(p.joinType, eventTimeKey !== undefined, stateWatermarks);
    const watermarkOrdinals = { left: L.findIndex((a) => a.eventTime !== undefined), right: R.findIndex((a) => a.eventTime !== undefined) };
    const evict =
      eventTimeKey !== undefined
        ? `, state evicted by the watermark on ${keyNames[eventTimeKey]![0]}`
        : rangeDetail(stateWatermarks.left, L, "left") + rangeDetail(stateWatermarks.right, R, "right");
    return planner.streamStreamJoin({ ...spec, eventTimeKey, stateWatermarks, watermarkOrdinals }, { ...info, detail: d + evict });
  }
  return joinNode(spec, info);
}

/** How `.explain` shows a side's range-derived state watermark. */
function rangeDetail(w: StateValueWatermark | undefined, attrs: readonly Attr[], side: string): string {
  if (w === undefined || w.ordinal < 0) return "";
  const sign = w.offsetMs < 0 ? "-" : "+";
  return `, ${side} state evicted where ${attrs[w.ordinal]!.name} <= watermark ${sign} ${Math.abs(w.offsetMs)} ms`;
}
