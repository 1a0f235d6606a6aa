/**
 * The Window physical operator (Spark's WindowExec): groups its input by the PARTITION BY keys, sorts each
 * partition by the ORDER BY keys (stable, so equal keys keep input order), works out each row's peer group and
 * frame, and appends one column per window function to every input row. Rows leave in their input order (Spark's
 * leave grouped by partition; neither order is promised unless the query sorts).
 */
import type { Attr, Bound } from "../../../expr/analyze";
import type * as A from "../../../expr/ast";
import { comparatorFor, keyOf } from "../../../expr/compare";
import { UNBOUNDED_FOLLOWING, UNBOUNDED_PRECEDING, type WindowFunction, type WindowPartition } from "../../../expr/functions/window-spec";
import type { Row } from "../../../types/values";
import type { ExecContext, PhysicalNode } from "../../physical";

/** One window expression resolved against the operator's input. */
export interface BoundWindow {
  readonly fn: WindowFunction;
  readonly partitionBy: readonly Bound[];
  readonly orderBy: readonly { readonly bound: Bound; readonly order: A.SortOrder }[];
  readonly frame: A.WindowFrame;
}

type Cmp = (x: unknown, y: unknown) => number;

/** ASC NULLS FIRST / DESC NULLS LAST by default; explicit NULLS FIRST / LAST as written. */
function orderComparator(o: { bound: Bound; order: A.SortOrder }): Cmp {
  const cmp = comparatorFor(o.bound.dataType);
  const dir = o.order.ascending ? 1 : -1;
  const nullOrder = o.order.nullsFirst ? -1 : 1;
  return (x, y) => (x === null ? (y === null ? 0 : nullOrder) : y === null ? -nullOrder : dir * cmp(x, y));
}

function asNumber(v: unknown): number {
  return typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : Number(String(v));
}

/** First index in [a, b) where `pred` holds, for a predicate that is false then true along the range. */
function firstWhere(a: number, b: number, pred: (j: number) => boolean): number {
  let lo = a;
  let hi = b;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (pred(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Peer groups and frames of one sorted partition for one window specification. */
function partitionView(rows: Row[], keys: unknown[][], cmps: readonly Cmp[], frame: A.WindowFrame, ascending: boolean): WindowPartition {
  const n = rows.length;
  const peerStart = new Int32Array(n);
  const peerEnd = new Int32Array(n);
  const samePeers = (i: number, j: number) => cmps.every((c, k) => c(keys[i]![k], keys[j]![k]) === 0);
  for (let i = 0; i < n; i++) peerStart[i] = i > 0 && samePeers(i - 1, i) ? peerStart[i - 1]! : i;
  for (let i = n - 1; i >= 0; i--) peerEnd[i] = i < n - 1 && samePeers(i, i + 1) ? peerEnd[i + 1]! : i + 1;
  let frameStart: (i: number) => number;
  let frameEnd: (i: number) => number;
  const { lower, upper } = frame;
  if (frame.type === "rows") {
    frameStart = (i) => (lower === UNBOUNDED_PRECEDING ? 0 : Math.min(n, Math.max(0, i + lower)));
    frameEnd = (i) => (upper === UNBOUNDED_FOLLOWING ? n : Math.min(n, Math.max(0, i + upper + 1)));
  } else {
    // RANGE: bounds in units of the (single, numeric) ORDER BY key; CURRENT ROW means the row's peers
    const key = (j: number) => keys[j]![0];
    let nonNullStart = 0;
    while (nonNullStart < n && key(nonNullStart) === null) nonNullStart++;
    let nonNullEnd = n;
    while (nonNullEnd > nonNullStart && key(nonNullEnd - 1) === null) nonNullEnd--;
    const offsetBound = (i: number, delta: number, strict: boolean): number => {
      if (key(i) === null) return strict ? peerEnd[i]! : peerStart[i]!;
      const v = asNumber(key(i));
      const t = ascending ? v + delta : v - delta;
      return firstWhere(nonNullStart, nonNullEnd, (j) => {
        const x = asNumber(key(j));
        return ascending ? (strict ? x > t : x >= t) : strict ? x < t : x <= t;
      });
    };
    frameStart = (i) => (lower === UNBOUNDED_PRECEDING ? 0 : lower === 0 ? peerStart[i]! : offsetBound(i, lower, false));
    frameEnd = (i) => (upper === UNBOUNDED_FOLLOWING ? n : upper === 0 ? peerEnd[i]! : offsetBound(i, upper, true));
  }
  return {
    rows,
    peerStart: (i) => peerStart[i]!,
    peerEnd: (i) => peerEnd[i]!,
    frameStart,
    frameEnd,
    runningFrame: lower === UNBOUNDED_PRECEDING,
  };
}

/** Appends the values of `w` to `out[i]` for each input row i. */
function evaluateWindow(w: BoundWindow, input: readonly Row[], out: unknown[][]): void {
  const parts = new Map<string, number[]>();
  const pes = w.partitionBy.map((b) => b.eval);
  for (let i = 0; i < input.length; i++) {
    const row = input[i]!;
    const k = pes.length === 0 ? "" : pes.map((e) => keyOf(e(row))).join("\u0001");
    let list = parts.get(k);
    if (list === undefined) {
      list = [];
      parts.set(k, list);
    }
    list.push(i);
  }
  const oes = w.orderBy.map((o) => o.bound.eval);
  const cmps = w.orderBy.map(orderComparator);
  const ascending = w.orderBy[0]?.order.ascending ?? true;
  for (const idx of parts.values()) {
    const keyed = idx.map((i) => ({ i, k: oes.map((e) => e(input[i]!)) }));
    keyed.sort((a, b) => {
      for (let j = 0; j < cmps.length; j++) {
        const c = cmps[j]!(a.k[j], b.k[j]);
        if (c !== 0) return c;
      }
      return a.i - b.i;
    });
    const rows = keyed.map((x) => input[x.i]!);
    const values = w.fn.evaluate(partitionView(rows, keyed.map((x) => x.k), cmps, w.frame, ascending));
    keyed.forEach((x, j) => {
      out[x.i]!.push(values[j]);
    });
  }
}

/** The physical node: input rows in their arrival order, each extended with its window values. */
export function windowExec(child: PhysicalNode, windows: readonly BoundWindow[], attrs: readonly Attr[], schema: PhysicalNode["schema"], detail: string): PhysicalNode {
  const run = (ctx: ExecContext): Row[] => {
    const input = child.run(ctx);
    const extra: unknown[][] = input.map(() => []);
    for (const w of windows) evaluateWindow(w, input, extra);
    return input.map((r, i) => [...r, ...extra[i]!]);
  };
  return {
    kind: "Window",
    children: [child],
    attrs,
    schema,
    sorted: false,
    detail,
    run,
    produce: (ctx, emit) => {
      for (const r of run(ctx)) emit(r);
    },
  };
}
