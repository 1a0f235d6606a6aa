/**
 * Spark's SessionWindowing for `session_window(timeColumn, gapDuration)`: the operator that reads the call (a
 * projection or an aggregation) gets a step below it that adds the row's initial session `[t, t + gap]` as a
 * column named `session_window` and drops the rows whose time is null or whose gap is null or not positive; the
 * call then reads that column. The column keeps the time column's event-time tag (Spark copies the watermark
 * metadata onto the session attribute), so a streaming aggregation finds its watermark through it.
 *
 * An aggregation grouped by the session column merges overlapping sessions per key (session-aggregator.ts): in a
 * batch query as the MergingSessions operator here, in a streaming query as the stateful operator the
 * StatefulPlanner gives (exec/session/).
 */
import { AnalysisException } from "../../../errors";
import { type Attr, analyzeExpr, type Bound, type EventTimeTag, type Scope } from "../../../expr/analyze";
import type * as A from "../../../expr/ast";
import type { FunctionRegistry } from "../../../expr/functions/registry";
import { StructFieldImpl, StructTypeImpl } from "../../../types/struct-type";
import type { Row } from "../../../types/values";
import { aggregatorFor, type CompiledAggregate, compileAggregate } from "../../aggregation";
import { type Aggregate, isStreamingPlan, type LogicalPlan, node, type Project } from "../../nodes";
import { type ExecContext, type PhysicalNode, runByProducing, type StatefulPlanner } from "../../physical";
import { freshPlanId } from "../../plan-ids";
import { SessionAggregator } from "./session-aggregator";

/** What planning needs from the analyzer (passed in, so this file does not import it). */
export interface SessionPlanHost {
  compile(p: LogicalPlan): PhysicalNode;
  scope(attrs: readonly Attr[]): Scope;
  project(items: { name: string; bound: Bound }[], input: PhysicalNode): PhysicalNode;
  projectList(exprs: readonly A.Expr[], scope: Scope): { name: string; bound: Bound }[];
  readonly functions: FunctionRegistry;
  readonly stateful: StatefulPlanner | undefined;
}

/** A session-window aggregation as planned here; the streaming planner turns it into its stateful operator. */
export interface SessionAggregateSpec {
  readonly compiled: CompiledAggregate;
  /** Which grouping expression of `compiled` is the session column. */
  readonly sessionGroup: number;
  readonly output: readonly Attr[];
  readonly schema: StructTypeImpl;
  /** The watermark of the session column (its time column's), when there is one. */
  readonly eventTime: EventTimeTag | undefined;
  /** Names of the grouping keys other than the session, for explain. */
  readonly keyNames: readonly string[];
}

const SESSION_COL = "session_window";

function isCallNamed(e: unknown, names: readonly string[]): e is A.Call {
  const r = e as { kind?: unknown; name?: unknown };
  return r.kind === "Call" && typeof r.name === "string" && names.includes(r.name.toLowerCase());
}

/** Every `session_window(...)` (and, with `alsoTime`, `window(...)`) call inside `e`. */
function collectCalls(e: unknown, names: readonly string[], out: A.Call[]): void {
  if (Array.isArray(e)) {
    for (const x of e) collectCalls(x, names, out);
    return;
  }
  if (typeof e !== "object" || e === null) return;
  if (isCallNamed(e, names)) out.push(e);
  for (const v of Object.values(e)) if (typeof v === "object" && v !== null) collectCalls(v, names, out);
}

function astKey(e: unknown): string {
  return JSON.stringify(e, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v));
}

/** The first `session_window(...)` call inside `e`, if any. */
export function sessionWindowCall(e: unknown): A.Call | undefined {
  const calls: A.Call[] = [];
  collectCalls(e, ["session_window"], calls);
  return calls[0];
}

/** True when an expression of the list calls session_window. */
export function hasSessionWindow(exprs: readonly unknown[]): boolean {
  const calls: A.Call[] = [];
  collectCalls(exprs, ["session_window"], calls);
  return calls.length > 0;
}

function replaceCalls(e: unknown, key: string, by: A.Expr): unknown {
  if (Array.isArray(e)) {
    const out = e.map((x) => replaceCalls(x, key, by));
    return out.every((x, i) => x === e[i]) ? e : Object.freeze(out);
  }
  if (typeof e !== "object" || e === null || !("kind" in e)) return e;
  if (isCallNamed(e, ["session_window"]) && astKey(e) === key) return by;
  let changed = false;
  const next: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) {
    const r = typeof v === "object" && v !== null ? replaceCalls(v, key, by) : v;
    if (r !== v) changed = true;
    next[k] = r;
  }
  return changed ? Object.freeze(next) : e;
}

interface SessionColumn {
  /** The child with the session step on top (its last column is the session). */
  readonly child: PhysicalNode;
  rewrite<T extends A.Expr>(e: T): T;
}

/** Adds the session column below the operator whose expressions are `exprs` (Spark's SessionWindowing rewrite). */
function sessionColumn(exprs: readonly unknown[], child: PhysicalNode, host: SessionPlanHost): SessionColumn {
  const calls: A.Call[] = [];
  collectCalls(exprs, ["session_window", "window"], calls);
  if (new Set(calls.map(astKey)).size > 1) {
    throw new AnalysisException(
      "Multiple time/session window expressions would result in a cartesian product of rows, therefore they are currently not supported.",
      { errorClass: "_LEGACY_ERROR_TEMP_1039" },
    );
  }
  const call = calls[0]!;
  const scope = host.scope(child.attrs);
  const bound = analyzeExpr(call, scope);
  const time = call.args[0] === undefined ? undefined : analyzeExpr(call.args[0], scope).ordinal;
  const eventTime = time === undefined ? undefined : child.attrs[time]?.eventTime;
  const planId = freshPlanId();
  const attr: Attr = { name: SESSION_COL, qualifier: null, dataType: bound.dataType, nullable: true, planIds: [planId], ...(eventTime ? { eventTime } : {}) };
  const attrs = [...child.attrs, attr];
  const session = bound.eval;
  const produce = (ctx: ExecContext, emit: (r: Row) => void): void =>
    child.produce(ctx, (r) => {
      // null when the time or the gap is null, or the gap is not positive: Spark's filter drops the row
      const s = session(r);
      if (s !== null) emit([...r, s]);
    });
  const step: PhysicalNode = {
    kind: "SessionWindow",
    detail: `${bound.name}(${call.args.map((a) => analyzeExpr(a, scope).name).join(", ")}) AS ${SESSION_COL}, rows without a session dropped`,
    children: [child],
    attrs,
    schema: new StructTypeImpl(attrs.map((a) => new StructFieldImpl(a.name, a.dataType, a.nullable))),
    sorted: false,
    produce,
    run: runByProducing(produce),
  };
  const ref: A.ColumnRef = Object.freeze({ kind: "ColumnRef", parts: Object.freeze([SESSION_COL]), planId });
  const key = astKey(call);
  return { child: step, rewrite: <T extends A.Expr>(e: T): T => replaceCalls(e, key, ref) as T };
}

/** A projection that calls session_window: the session step below it, the call reading its column. */
export function planSessionProject(p: Project, host: SessionPlanHost): PhysicalNode {
  const sc = sessionColumn(p.exprs, host.compile(p.child), host);
  const items = host.projectList(p.exprs.map((e) => sc.rewrite(e)), host.scope(sc.child.attrs));
  return host.project(items, sc.child);
}

/** Runs MergingSessions once over its whole input (a batch query). */
function mergingSessions(spec: SessionAggregateSpec, input: PhysicalNode): PhysicalNode {
  const run = (ctx: ExecContext): Row[] => {
    const sessions = new SessionAggregator(spec.compiled, spec.sessionGroup);
    input.produce(ctx, (r) => sessions.add(r));
    sessions.flush();
    return sessions.results(sessions.all());
  };
  return {
    kind: "MergingSessions",
    detail: `keys = [${spec.keyNames.join(", ")}], session = ${SESSION_COL}, output = [${spec.output.map((a) => a.name).join(", ")}]`,
    children: [input],
    attrs: spec.output,
    schema: spec.schema,
    sorted: false,
    run,
    produce(ctx, emit) {
      for (const r of run(ctx)) emit(r);
    },
  };
}

/** An aggregation whose expressions call session_window. */
export function planSessionAggregate(logical: Aggregate, host: SessionPlanHost): PhysicalNode {
  const all = [...logical.grouping, ...logical.aggregates, ...(logical.having ? [logical.having] : [])];
  const child = host.compile(logical.child);
  const sc = sessionColumn(all, child, host);
  const p = node({
    ...logical,
    grouping: logical.grouping.map(sc.rewrite),
    aggregates: logical.aggregates.map(sc.rewrite),
    ...(logical.having ? { having: sc.rewrite(logical.having) } : {}),
  });
  const input = sc.child;
  const scope = host.scope(input.attrs);
  const c = compileAggregate(p, input.attrs, scope.ctx, host.functions);
  const sessionIdx = input.attrs.length - 1;
  const output = c.outputs.map((o) => ({ name: o.name, qualifier: null, dataType: o.bound.dataType, nullable: o.bound.nullable }));
  const schema = new StructTypeImpl(output.map((a) => new StructFieldImpl(a.name, a.dataType, a.nullable)));
  const sessionGroup = c.groups.findIndex((g) => g.ordinal === sessionIdx);
  if (sessionGroup < 0) {
    // session_window only inside the select list of a plain aggregation: nothing to merge (the analysis already
    // said MISSING_AGGREGATION if it is not grouped); aggregate as usual over the filtered rows
    const agg = (ctx: ExecContext): Row[] => {
      const a = aggregatorFor(c, p.grouping.length === 0);
      input.produce(ctx, (r) => a.add(r, new Set()));
      return a.results();
    };
    return { kind: "HashAggregate", children: [input], attrs: output, schema, sorted: false, run: agg, produce: (ctx, emit) => {
        for (const r of agg(ctx)) emit(r);
      },
    };
  }
  const spec: SessionAggregateSpec = {
    compiled: c,
    sessionGroup,
    output,
    schema,
    eventTime: input.attrs[sessionIdx]!.eventTime,
    keyNames: c.groups.filter((_, i) => i !== sessionGroup).map((g) => g.name),
  };
  if (host.stateful === undefined || !isStreamingPlan(logical.child)) return mergingSessions(spec, input);
  if (spec.keyNames.length === 0) {
    // Spark refuses it when it plans the first batch (AggUtils.planStreamingAggregationForSession)
    throw new AnalysisException("Global aggregation with session window in streaming query is not supported.");
  }
  if (host.stateful.sessionWindowAggregate === undefined) throw new Error("The streaming planner has no session window operator");
  return host.stateful.sessionWindowAggregate(spec, input);
}
