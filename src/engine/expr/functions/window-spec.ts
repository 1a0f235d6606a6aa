/**
 * What every window function family shares: Spark's default frames, how a frame and a spec print (the column
 * name of an unaliased `fn OVER (...)` and the text of window errors), and the errors themselves. The families
 * (window-ranking.ts, window-offset.ts, window-aggregate.ts) and the physical operator
 * (plan/operators/window/) import from here; the expression analyzer only calls `windowOutsideSelect`.
 */
import { AnalysisException, sparkError } from "../../errors";
import type { DataType } from "../../types/data-types";
import type { Row } from "../../types/values";
import type { Bound, FunctionDef, QueryContext } from "../analyze";
import type * as A from "../ast";

export const UNBOUNDED_PRECEDING = Number.NEGATIVE_INFINITY;
export const CURRENT_ROW = 0;
export const UNBOUNDED_FOLLOWING = Number.POSITIVE_INFINITY;

/**
 * Values at or beyond these count as unbounded, as in PySpark (which maps anything <= -sys.maxsize to
 * Long.MinValue): a program may pass Number.MIN_SAFE_INTEGER or Spark's Long.MinValue as a JS number.
 */
export function normalizeBound(v: number): number {
  if (v <= Number.MIN_SAFE_INTEGER) return UNBOUNDED_PRECEDING;
  if (v >= Number.MAX_SAFE_INTEGER) return UNBOUNDED_FOLLOWING;
  return v;
}

/** Spark's default: RANGE UNBOUNDED PRECEDING..CURRENT ROW with ORDER BY, the whole partition without. */
export function effectiveFrame(spec: A.WindowSpecDef): A.WindowFrame {
  if (spec.frame !== null) return spec.frame;
  return spec.orderBy.length > 0
    ? { type: "range", lower: UNBOUNDED_PRECEDING, upper: CURRENT_ROW }
    : { type: "rows", lower: UNBOUNDED_PRECEDING, upper: UNBOUNDED_FOLLOWING };
}

function boundText(v: number): string {
  if (v === UNBOUNDED_PRECEDING) return "UNBOUNDED PRECEDING";
  if (v === UNBOUNDED_FOLLOWING) return "UNBOUNDED FOLLOWING";
  if (v === 0) return "CURRENT ROW";
  return v < 0 ? `${-v} PRECEDING` : `${v} FOLLOWING`;
}

/** lag / lead print their single-row frame as Spark does: `-1 FOLLOWING`. */
function offsetBoundText(v: number): string {
  return v === 0 ? "CURRENT ROW" : `${v} FOLLOWING`;
}

export function frameText(f: A.WindowFrame): string {
  const b = f.lower === f.upper && f.lower !== 0 ? offsetBoundText : boundText;
  return `${f.type === "rows" ? "ROWS" : "RANGE"} BETWEEN ${b(f.lower)} AND ${b(f.upper)}`;
}

/** `PARTITION BY k ORDER BY v ASC NULLS FIRST RANGE BETWEEN ...`, as Spark prints a window specification. */
export function describeWindowSpec(spec: A.WindowSpecDef, show: (e: A.Expr) => string, frame: A.WindowFrame | null = spec.frame): string {
  const parts: string[] = [];
  if (spec.partitionBy.length > 0) parts.push(`PARTITION BY ${spec.partitionBy.map(show).join(", ")}`);
  if (spec.orderBy.length > 0) {
    parts.push(`ORDER BY ${spec.orderBy.map((o) => `${show(o.child)} ${o.ascending ? "ASC" : "DESC"} NULLS ${o.nullsFirst ? "FIRST" : "LAST"}`).join(", ")}`);
  }
  if (frame !== null) parts.push(frameText(frame));
  return parts.join(" ");
}

/** A window expression anywhere but a select list (WHERE, GROUP BY, a join condition...). */
export function windowOutsideSelect(e: A.WindowExpr): AnalysisException {
  const name = e.fn.kind === "Call" ? `${e.fn.name}(...) OVER (...)` : "OVER (...)";
  return sparkError(AnalysisException, "UNSUPPORTED_FEATURE", {
    feature: `${name} here: tspark evaluates window functions in a SELECT list without GROUP BY (not in WHERE, GROUP BY or beside aggregates) and not yet elsewhere; compute the aggregate or filter in a subquery around it`,
  });
}

/** `row_number()` etc. with no OVER clause. */
export function windowFunctionWithoutOver(name: string): AnalysisException {
  return sparkError(AnalysisException, "WINDOW_FUNCTION_WITHOUT_OVER_CLAUSE", { funcName: `"${name}"` });
}

/**
 * One partition as the window operator hands it to a function: rows sorted by the ORDER BY keys, the peer
 * group of each row (rows with equal ORDER BY keys, which RANGE frames and rank() treat alike) and its frame.
 * Index ranges are half-open: [start, end).
 */
export interface WindowPartition {
  readonly rows: readonly Row[];
  peerStart(i: number): number;
  peerEnd(i: number): number;
  /** The frame of row i; `lo >= hi` is an empty frame. */
  frameStart(i: number): number;
  frameEnd(i: number): number;
  /** True when every row's frame starts at the partition's first row (a running frame, computed incrementally). */
  readonly runningFrame: boolean;
}

/** A window function bound to its arguments: one value per row of a partition. */
export interface WindowFunction {
  readonly name: string;
  /** The frame Spark prints for this function when it ignores the spec's (ranking, lag / lead). */
  readonly frame?: A.WindowFrame;
  readonly dataType: DataType;
  readonly nullable: boolean;
  evaluate(p: WindowPartition): unknown[];
}

/** What a family needs to bind a call: its arguments analyzed against the operator's input. */
export interface WindowBindContext {
  readonly call: A.Call;
  readonly spec: A.WindowSpecDef;
  analyze(e: A.Expr): Bound;
  readonly ctx: QueryContext;
  /** Binds the call as one of the session's aggregate functions; null when it is not one. */
  aggregate(call: A.Call): WindowAggregate | null;
  /** The call as Spark prints it inside `fn OVER (...)`, for errors. */
  readonly sql: string;
}

/** An aggregate function bound for a window: fresh buffers to fold a frame's rows into. */
export interface WindowAggregate {
  readonly name: string;
  readonly dataType: DataType;
  readonly nullable: boolean;
  fresh(): { add(row: Row): void; value(): unknown };
}

/** A family binds the calls it owns and returns null for the rest (the operator tries each in turn). */
export type WindowFamily = (c: WindowBindContext) => WindowFunction | null;

/** The literal integer argument `i` of a window function (ntile's n, lag's offset...). */
export function intArg(c: WindowBindContext, i: number, dflt: number): number {
  const e = c.call.args[i];
  if (e === undefined) return dflt;
  const b = c.analyze(e);
  const v = b.foldable ? b.eval([]) : undefined;
  if (typeof v === "number" && Number.isInteger(v)) return v;
  if (typeof v === "bigint") return Number(v);
  throw new AnalysisException(`[DATATYPE_MISMATCH.NON_FOLDABLE_INPUT] Cannot resolve "${c.sql}" due to data type mismatch: the input ${b.name} should be a foldable integer expression. SQLSTATE: 42K09`, {
    errorClass: "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT",
    sqlState: "42K09",
  });
}

/** An optional literal boolean argument (ignoreNulls). */
export function boolArg(c: WindowBindContext, i: number): boolean {
  const e = c.call.args[i];
  if (e === undefined) return false;
  const b = c.analyze(e);
  return b.foldable && b.eval([]) === true;
}

/** Ranking and offset functions need ORDER BY (Spark's WINDOW_FUNCTION_FRAME_NOT_ORDERED). */
export function requireOrdered(c: WindowBindContext, name: string): void {
  if (c.spec.orderBy.length > 0) return;
  throw sparkError(AnalysisException, "WINDOW_FUNCTION_FRAME_NOT_ORDERED", { wfName: name, wfExpr: `${name}()` });
}

/**
 * Window-only functions as the registry knows them: they resolve only under OVER (the Window operator binds them
 * itself), so a call without one fails as Spark's does (WINDOW_FUNCTION_WITHOUT_OVER_CLAUSE), not as an unknown name.
 */
export function windowOnlyFunctions(): Record<string, FunctionDef> {
  const out: Record<string, FunctionDef> = {};
  for (const name of ["row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead", "nth_value", "counter_diff"]) {
    out[name] = {
      name,
      resolve: (f) => {
        // counter_diff is named with its arguments, the ranking functions without
        throw windowFunctionWithoutOver(`${name}(${name === "counter_diff" ? f.args.map((a) => a.name).join(", ") : ""})`);
      },
    };
  }
  return out;
}
