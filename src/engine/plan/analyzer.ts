/**
 * Plan analysis + compilation: resolves every node against its child's output (names, types,
 * views) and returns the output schema plus a `run(ctx)` closure. Analysis needs no rows, so a
 * streaming plan's schema is known before any data arrives. Dispatch is a Record over node kinds,
 * so a new kind fails to compile until it is handled here.
 */
import { AnalysisException, sparkError } from "../errors";
import * as A from "../expr/ast";
import { type Attr, analyzeExpr, type Bound, coerce, expandStar, type FunctionLookup, outputName, type QueryContext, type Scope } from "../expr/analyze";
import { commonType } from "../expr/coercion";
import { comparatorFor, keyOf } from "../expr/compare";
import * as dt from "../expr/datetime";
import { builtinFunctions, type FunctionRegistry } from "../expr/functions/registry";
import { isUdfDef } from "../expr/functions/udf";
import { BooleanType, type DataType, NullType, TimestampNTZType, TimestampType } from "../types/data-types";
import { StructFieldImpl, StructTypeImpl } from "../types/struct-type";
import type { Row } from "../types/values";
import { aggregatorFor, compileAggregate, containsAgg } from "./aggregation";
import { eventTimeGroup, windowTimeSource, withEventTimeOutput } from "./event-time";
import type { Join, LogicalPlan } from "./nodes";
import { isStreamingPlan, node } from "./nodes";
import { type JoinPlanEnv, planJoin } from "./operators/join/plan-join";
import { overUsingJoin } from "./operators/join/using-hidden";
import { hasSessionWindow, planSessionAggregate, planSessionProject, type SessionPlanHost } from "./operators/session/plan-session";
import { planGroupsWithState } from "./operators/group-state/plan-group-state";
import { checkUniqueMetricNames } from "./operators/observe/check-metrics";
import { planCollectMetrics } from "./operators/observe/plan-collect-metrics";
import { withMissingSortKeys } from "./operators/sort/missing-references";
import { ordinalSortKey, sortOrdinal } from "./operators/sort/ordinals";
import { extractWindowExpressions, hasAggregateOutsideWindow } from "./operators/window/extract-window";
import { containsWindowExpr, planWindow, type WindowPlanHost } from "./operators/window/plan-window";
import { assignedPlanId } from "./plan-ids";
import { dropNullWindowTimes, expandSlidingWindow, hasWindowCall } from "./time-window";
import { GENERATOR_NAMES, planExpandGenerator, planGenerator } from "./generate";
import type { ExecContext, PhysicalNode, StatefulPlanner } from "./physical";
import { checkSortable } from "../expr/variant/orderable";
import { checkNotInSelectList } from "../expr/variant/explode";
import { installSubqueryHooks } from "../expr/subquery-hooks";
import { analyzeSubquery, isSubqueryPlacementError, startQueryRun } from "./subquery";
import { planCorrelatedFilter } from "./subquery-filter";
import { resolveOuterReference } from "./subquery-outer";

export type { ExecContext };

export interface PlanEnv {
  readonly ctx: QueryContext;
  readonly functions: FunctionRegistry;
  /** Temp views and registered tables by lower-case name. */
  lookupRelation(name: string): LogicalPlan | undefined;
  /** Set when planning a streaming query: stateful operators over a stream come from here. */
  readonly stateful?: StatefulPlanner;
}

/** The physical plan (see physical.ts); the name the rest of the engine knows it by. */
export type CompiledPlan = PhysicalNode;

export function schemaOf(attrs: readonly Attr[]): StructTypeImpl {
  return new StructTypeImpl(attrs.map((a) => new StructFieldImpl(a.name, a.dataType, a.nullable)));
}

function attrsOf(schema: StructTypeImpl, qualifier: string | null = null): Attr[] {
  return schema.fields.map((f) => ({ name: f.name, qualifier, dataType: f.dataType, nullable: f.nullable }));
}

function compiled(
  kind: string,
  children: readonly CompiledPlan[],
  attrs: readonly Attr[],
  run: (ctx: ExecContext) => Row[],
  sorted = false,
): CompiledPlan {
  return {
    kind,
    children,
    attrs,
    schema: schemaOf(attrs),
    sorted,
    run,
    produce: (ctx, emit) => {
      // (an index loop: every batch's rows pass here, and for-of's iterator is not always optimized away)
      const rows = run(ctx);
      for (let i = 0; i < rows.length; i++) emit(rows[i]!);
    },
  };
}


/** Batch aggregation does not need the touched-key set the streaming engine uses. */
const IGNORED_KEYS = { add: () => IGNORED_KEYS } as unknown as Set<string>;

/** A pipelined operator: rows flow through `produce`; `run` collects them. */
function pipelined(
  kind: string,
  children: readonly CompiledPlan[],
  attrs: readonly Attr[],
  produce: CompiledPlan["produce"],
  sorted = false,
): CompiledPlan {
  return {
    kind,
    children,
    attrs,
    schema: schemaOf(attrs),
    sorted,
    produce,
    run: (ctx) => {
      const out: Row[] = [];
      produce(ctx, (r) => {
        out.push(r);
      });
      return out;
    },
  };
}

type Handler<K extends LogicalPlan["kind"]> = (p: Extract<LogicalPlan, { kind: K }>, env: PlanEnv) => CompiledPlan;
type Handlers = { [K in LogicalPlan["kind"]]: Handler<K> };

function scopeOf(attrs: readonly Attr[], env: PlanEnv): Scope {
  return { attrs, ctx: env.ctx, functions: env.functions };
}

/** Select-list items to bound outputs (expands `*`, `struct.*`, json_tuple). */
export function projectList(exprs: readonly A.Expr[], scope: Scope): { name: string; bound: Bound }[] {
  const out: { name: string; bound: Bound }[] = [];
  for (const e of exprs) {
    if (e.kind === "Star") {
      out.push(...expandStar(e, scope));
      continue;
    }
    const b = analyzeExpr(e, scope);
    if (b.expandAs !== undefined) {
      const names = e.kind === "Alias" && e.names.length === b.expandAs.length ? e.names : b.expandAs;
      const be = b.eval;
      const st = b.dataType as StructTypeImpl;
      names.forEach((n, i) => {
        out.push({ name: n, bound: { dataType: st.fields[i]!.dataType, nullable: true, name: n, eval: (row) => (be(row) as unknown[])[i] ?? null, foldable: false } });
      });
      continue;
    }
    out.push({ name: outputName(e, b), bound: b });
  }
  return out;
}

function projectedAttrs(items: readonly { name: string; bound: Bound }[], input: readonly Attr[] = []): Attr[] {
  return items.map((o) => {
    const from = o.bound.ordinal === undefined ? windowTimeSource(o.bound, input) : input[o.bound.ordinal];
    // A column passed on as is (not renamed) keeps its qualifier, as Spark keeps the attribute: `SELECT e.name
    // FROM emp e ... ORDER BY e.name` resolves the sort key against the projection's output.
    const qualifier = from !== undefined && from.name === o.name ? from.qualifier : null;
    const a: Attr = { name: o.name, qualifier, dataType: o.bound.dataType, nullable: o.bound.nullable };
    // a column passed on as is keeps its event-time tag and plan ids (Spark keeps the attribute and its metadata)
    if (from === undefined || (from.eventTime === undefined && from.planIds === undefined)) return a;
    return { ...a, eventTime: from.eventTime, planIds: from.planIds };
  });
}

/**
 * `SELECT s.*` where the list is exactly every field of one struct expression, in order (the blog's
 * `select("events.*")` after from_json): the struct value already is the output row, so it is passed on
 * as is instead of being copied field by field (values are never mutated once produced, so sharing the
 * array is safe). Returns null for any other list.
 */
function wholeStructExpansion(bounds: readonly Bound[]): ((r: Row) => Row) | null {
  const first = bounds[0]?.starField;
  if (first === undefined) return null;
  const n = (first.struct.dataType as StructTypeImpl).fields.length;
  if (bounds.length !== n || !bounds.every((b, i) => b.starField?.struct === first.struct && b.starField.index === i)) return null;
  const structOf = first.struct.eval;
  return (r) => {
    const v = structOf(r) as unknown[] | null;
    if (v !== null && v.length === n && !v.includes(undefined)) return v;
    const o = new Array<unknown>(n);
    for (let j = 0; j < n; j++) o[j] = v === null ? null : (v[j] ?? null);
    return o;
  };
}

/** The per-row function of a select list without window expansion. */
function projection(items: readonly { name: string; bound: Bound }[]): (r: Row) => Row {
  const whole = wholeStructExpansion(items.map((o) => o.bound));
  if (whole !== null) return whole;
  const evals = items.map((o) => o.bound.eval);
  const n = evals.length;
  // Pure column re-ordering needs no per-value closure calls.
  const ordinals = items.map((o) => o.bound.ordinal);
  if (ordinals.every((o) => o !== undefined)) {
    const direct = ordinals as number[];
    return (r) => {
      const o = new Array<unknown>(n);
      for (let j = 0; j < n; j++) o[j] = r[direct[j]!];
      return o;
    };
  }
  return (r) => {
    const o = new Array<unknown>(n);
    for (let j = 0; j < n; j++) o[j] = evals[j]!(r);
    return o;
  };
}

function isPlainProject(p: LogicalPlan, env: PlanEnv): p is Extract<LogicalPlan, { kind: "Project" }> {
  if (p.kind !== "Project") return false;
  return !p.exprs.some((e) => {
    const c = e.kind === "Alias" ? e.child : e;
    return (c.kind === "Call" && GENERATOR_NAMES.has(c.name.toLowerCase())) || containsAgg(e, env.functions);
  });
}

/**
 * Functions whose value differs per evaluation: a column computed by one must be computed exactly once, so
 * its projection is never collapsed. None is built in yet; the guard keeps the rule when one is added.
 */
const NONDETERMINISTIC = new Set(["rand", "random", "randn", "uuid", "shuffle", "monotonically_increasing_id", "spark_partition_id", "input_file_name", "uniform", "randstr"]);

/**
 * A syntactic pre-check, so the common non-candidates (withColumn chains, which keep the column they
 * compute from) are turned down without analysing anything: every computed lower item is named by an alias
 * and referenced at most once above (a `*` counts as a reference to every column).
 */
function fewReferences(upper: readonly A.Expr[], lower: readonly A.Expr[]): boolean {
  const counts = new Map<string, number>();
  let stars = 0;
  const visit = (e: unknown): void => {
    if (Array.isArray(e)) {
      for (const x of e) visit(x);
      return;
    }
    if (typeof e !== "object" || e === null) return;
    const rec = e as Record<string, unknown>;
    if (rec.kind === "ColumnRef") {
      const first = String((rec.parts as string[])[0]).toLowerCase();
      counts.set(first, (counts.get(first) ?? 0) + 1);
      return;
    }
    if (rec.kind === "Star") stars++;
    for (const v of Object.values(rec)) if (typeof v === "object" && v !== null) visit(v);
  };
  visit(upper);
  for (const item of lower) {
    if (item.kind === "ColumnRef" || item.kind === "Star") continue;
    if (item.kind !== "Alias" || item.names.length !== 1) return false;
    if (item.child.kind === "ColumnRef") continue;
    if ((counts.get(item.names[0]!.toLowerCase()) ?? 0) + stars > 1) return false;
  }
  return true;
}

export function isNondeterministic(e: unknown, functions: FunctionLookup): boolean {
  if (Array.isArray(e)) return e.some((x) => isNondeterministic(x, functions));
  if (typeof e !== "object" || e === null) return false;
  const rec = e as Record<string, unknown>;
  if (rec.kind === "Call" && typeof rec.name === "string") {
    if (NONDETERMINISTIC.has(rec.name.toLowerCase())) return true;
    const f = functions.get(rec.name);
    if (isUdfDef(f) && !f.deterministic) return true; // asNondeterministic()
  }
  return Object.values(rec).some((v) => typeof v === "object" && v !== null && isNondeterministic(v, functions));
}

/**
 * Spark's CollapseProject: a projection over a projection (the blog's `selectExpr("cast(data as STRING)
 * jsonData")` then `select(from_json("jsonData", schema))`) runs as one, each reference to a lower column
 * evaluating the lower expression in place, so no intermediate row is built and from_json sees the cast
 * it reads. Only when the lower list is deterministic, every computed lower column is referenced at most
 * once (a rare double evaluation, e.g. `x BETWEEN a AND b`, costs time, never a different value) and neither
 * list expands rows into windows; otherwise, or when the combined list does not
 * analyze, null and the two are compiled one after the other (which reports any error as usual).
 */
function collapseProjects(p: Extract<LogicalPlan, { kind: "Project" }>, env: PlanEnv): CompiledPlan | null {
  const lower = p.child;
  if (!isPlainProject(p, env) || !isPlainProject(lower, env) || isNondeterministic(lower.exprs, env.functions)) return null;
  if (hasWindowCall(p.exprs) || hasWindowCall(lower.exprs)) return null;
  if (!fewReferences(p.exprs, lower.exprs)) return null;
  let base: CompiledPlan;
  let items: { name: string; bound: Bound }[];
  let inlined: Attr[];
  try {
    base = compilePlan(lower.child, env);
    const lowerItems = projectList(lower.exprs, scopeOf(base.attrs, env));
    if (lowerItems.some((o) => o.bound.windowSpec !== undefined)) return null;
    inlined = lowerItems.map((o) => ({ ...projectedAttrs([o])[0]!, inline: { bound: o.bound, uses: 0 } }));
    items = projectList(p.exprs, scopeOf(inlined, env));
  } catch {
    return null;
  }
  if (items.some((o) => o.bound.windowSpec !== undefined)) return null;
  // `s.*` of a whole struct evaluates the struct once (wholeStructExpansion), not once per field
  const star = items[0]?.bound.starField?.struct.inlinedFrom;
  if (star !== undefined && wholeStructExpansion(items.map((o) => o.bound)) !== null) star.uses -= items.length - 1;
  if (inlined.some((a) => a.inline!.uses > 1 && a.inline!.bound.ordinal === undefined)) return null;
  const project = projection(items);
  return pipelined("Project", [base], projectedAttrs(items, base.attrs), (ctx, emit) => base.produce(ctx, (r) => emit(project(r))), base.sorted);
}

const handlers: Handlers = {
  LocalRelation: (p) => {
    const rows = p.rows as Row[];
    return { ...compiled("LocalTableScan", [], attrsOf(p.schema), () => rows), produce: (_ctx, emit) => {
        for (const r of rows) emit(r);
      },
    };
  },
  StreamingRelation: (p) => ({ ...compiled("StreamingRelation", [], attrsOf(p.schema), (ctx) => ctx.relationRows(p)), detail: `${p.format}, [${p.schema.fieldNames().join(", ")}]` }),
  UnresolvedRelation: (p, env) => {
    const target = env.lookupRelation(p.name);
    if (target === undefined) {
      throw sparkError(AnalysisException, "TABLE_OR_VIEW_NOT_FOUND", { relationName: `\`${p.name}\`` });
    }
    return compilePlan(target, env);
  },
  OneRowRelation: () => compiled("OneRowRelation", [], [], () => [[]]),
  Project: (p, env) => {
    // SELECT explode(arr) [AS x]: a generator row-expansion (Expand) below a plain projection
    const gi = p.exprs.findIndex((e) => {
      const c = e.kind === "Alias" ? e.child : e;
      return c.kind === "Call" && GENERATOR_NAMES.has(c.name.toLowerCase());
    });
    if (gi >= 0) {
      const item = p.exprs[gi]!;
      const call = (item.kind === "Alias" ? item.child : item) as A.Call;
      const names = item.kind === "Alias" ? item.names : [];
      const fn = call.name.toLowerCase();
      checkNotInSelectList(fn);
      const expand = node({ kind: "Expand", child: p.child, generator: call.args[0]!, outer: fn.endsWith("_outer"), names, fn, args: call.args });
      // the generated columns take the generator's place in the select list
      const input = compilePlan(p.child, env);
      const gen = planGenerator(fn, call.args, names, scopeOf(input.attrs, env));
      const exprs = p.exprs.flatMap((e, i) => (i === gi ? gen.attrs.map((a) => A.colRef([a.name])) : [e]));
      return compilePlan(node({ kind: "Project", child: expand, exprs }), env);
    }
    if (p.exprs.some(containsWindowExpr)) {
      // beside an aggregate (selectExpr("sum(v)", "rank() OVER (ORDER BY sum(v))")): a global Aggregate below the Window
      if (!p.exprs.some((e) => hasAggregateOutsideWindow(e, env.functions))) return planWindow(p, windowHost(env));
      return compilePlan(node({ kind: "Aggregate", child: p.child, grouping: [], aggregates: p.exprs }), env);
    }
    if (hasSessionWindow(p.exprs) && !p.exprs.some((e) => containsAgg(e, env.functions))) return planSessionProject(p, sessionHost(env));
    if (p.exprs.some((e) => containsAgg(e, env.functions))) {
      return compilePlan(node({ kind: "Aggregate", child: p.child, grouping: [], aggregates: p.exprs }), env);
    }
    const collapsed = collapseProjects(p, env);
    if (collapsed !== null) return collapsed;
    let child = compilePlan(p.child, env);
    let items = overUsingJoin(
      p.child,
      () => projectList(p.exprs, scopeOf(child.attrs, env)),
      (join) => {
        child = compileWithHidden(join, env);
        return projectList(p.exprs, scopeOf(child.attrs, env));
      },
    );
    if (hasWindowCall(p.exprs)) {
      // window() with a slide shorter than its length: an Expand step emits the row once per window (the call
      // may sit inside the item, as in window(...).start); a tumbling window only drops NULL times
      const tw = expandSlidingWindow(p.exprs, child, env);
      if (tw !== null) {
        child = tw.child;
        items = projectList(p.exprs.map((e) => tw.rewrite(e)), scopeOf(child.attrs, env));
      } else child = dropNullWindowTimes(p.exprs, child, env) ?? child;
    }
    const input = child;
    const project = projection(items);
    return pipelined("Project", [input], projectedAttrs(items, input.attrs), (ctx, emit) => input.produce(ctx, (r) => emit(project(r))), input.sorted);
  },
  Filter: (p, env) => {
    // inside a correlated subquery, `inner = outer` conjuncts become a hash lookup (plan/subquery-filter.ts)
    const lookup = planCorrelatedFilter(p, { compile: (c) => compilePlan(c, env), scope: (attrs) => scopeOf(attrs, env) });
    if (lookup !== null) return lookup;
    let child = compilePlan(p.child, env);
    const cond = overUsingJoin(
      p.child,
      () => analyzeExpr(p.condition, scopeOf(child.attrs, env)),
      (join) => {
        child = compileWithHidden(join, env);
        return analyzeExpr(p.condition, scopeOf(child.attrs, env));
      },
    );
    if (!(cond.dataType instanceof BooleanType) && !(cond.dataType instanceof NullType)) {
      throw new AnalysisException(
        `[DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN] Cannot resolve "${cond.name}" due to data type mismatch: Filter expression "${cond.name}" of type "${cond.dataType.sql()}" is not a boolean. SQLSTATE: 42K09`,
        { errorClass: "DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN", sqlState: "42K09" },
      );
    }
    const f = cond.eval;
    const input = child;
    // the hidden keys of a USING join (trailing) are for this filter only: the rows go on without them
    const width = input.attrs.filter((a) => a.hidden !== true).length;
    const strip = width < input.attrs.length;
    return pipelined(
      "Filter",
      [input],
      strip ? input.attrs.slice(0, width) : input.attrs,
      (ctx, emit) =>
        input.produce(ctx, (r) => {
          if (f(r) === true) emit(strip ? r.slice(0, width) : r);
        }),
      input.sorted,
    );
  },
  Aggregate: (logical, env) => {
    if (logical.aggregates.some(containsWindowExpr)) {
      return compilePlan(extractWindowExpressions(logical, compilePlan(logical.child, env).attrs, env.ctx, env.functions), env);
    }
    if (hasSessionWindow([logical.grouping, logical.aggregates, logical.having])) return planSessionAggregate(logical, sessionHost(env));
    let p = logical;
    let child = compilePlan(p.child, env);
    let c = compileAggregate(p, child.attrs, env.ctx, env.functions);
    if (c.windowSpec !== null) {
      // a sliding window(): group the rows an Expand step emits once per window (Spark's TimeWindowing)
      const tw = expandSlidingWindow([...p.grouping, ...p.aggregates, ...(p.having ? [p.having] : [])], child, env)!;
      p = node({ ...p, grouping: p.grouping.map(tw.rewrite), aggregates: p.aggregates.map(tw.rewrite), ...(p.having ? { having: tw.rewrite(p.having) } : {}) });
      child = tw.child;
      c = compileAggregate(p, child.attrs, env.ctx, env.functions);
    } else child = dropNullWindowTimes([...p.grouping, ...p.aggregates, ...(p.having ? [p.having] : [])], child, env) ?? child;
    const input = child;
    const streaming = env.stateful !== undefined && isStreamingPlan(p.child);
    const timeGroup = streaming ? eventTimeGroup(p, input, env) : undefined;
    const attrs = withEventTimeOutput(
      c.outputs.map((o) => ({ name: o.name, qualifier: null, dataType: o.bound.dataType, nullable: o.bound.nullable })),
      c.groups,
      timeGroup,
    );
    const compiledAgg = c;
    const global = p.grouping.length === 0;
    const batch = compiled("HashAggregate", [input], attrs, (ctx) => {
      const agg = aggregatorFor(compiledAgg, global);
      input.produce(ctx, (r) => agg.add(r, IGNORED_KEYS));
      return agg.results();
    });
    if (env.stateful === undefined || !streaming) return batch;
    return env.stateful.aggregate(p, input, { compiled: c, output: attrs, eventTimeGroup: timeGroup });
  },
  Sort: (p, env) => {
    let child = compilePlan(p.child, env);
    let orders = p.orders;
    const bind = () => {
      const scope = scopeOf(child.attrs, env);
      const visible = child.attrs.filter((a) => a.hidden !== true);
      return orders.map((o) => {
        const pos = sortOrdinal(o);
        return pos === undefined ? analyzeExpr(o.child, scope) : ordinalSortKey(pos, visible);
      });
    };
    let bounds: Bound[];
    try {
      bounds = overUsingJoin(p.child, bind, (join) => {
        child = compileWithHidden(join, env);
        return bind();
      });
    } catch (e) {
      // a subquery ORDER BY may not hold stays refused, wherever the key would be computed
      if (isSubqueryPlacementError(e)) throw e;
      // ORDER BY a column the select list drops: computed below as a hidden key (operators/sort/missing-references.ts)
      const extended = withMissingSortKeys(p, child, { compile: (c) => compilePlan(c, env), scope: (attrs) => scopeOf(attrs, env) });
      if (extended === null) throw e;
      child = extended.child;
      orders = extended.orders;
      bounds = bind();
    }
    const input = child;
    const width = input.attrs.filter((a) => a.hidden !== true).length;
    const keys = orders.map((o, j) => {
      const b = bounds[j]!;
      checkSortable(`${b.name} ${o.ascending ? "ASC" : "DESC"} NULLS ${o.nullsFirst ? "FIRST" : "LAST"}`, b.dataType);
      const cmp = comparatorFor(b.dataType);
      const dir = o.ascending ? 1 : -1;
      const nullOrder = o.nullsFirst ? -1 : 1;
      const e = b.eval;
      return { e, cmp: (x: unknown, y: unknown) => (x === null ? (y === null ? 0 : nullOrder) : y === null ? -nullOrder : dir * cmp(x, y)) };
    });
    return compiled(
      "Sort",
      [input],
      input.attrs.slice(0, width),
      (ctx) => {
        const rows = input.run(ctx);
        const decorated = rows.map((r, i) => ({ r, i, k: keys.map((k) => k.e(r)) }));
        decorated.sort((a, b) => {
          for (let j = 0; j < keys.length; j++) {
            const c = keys[j]!.cmp(a.k[j], b.k[j]);
            if (c !== 0) return c;
          }
          return a.i - b.i;
        });
        // the hidden keys of a USING join (trailing) were for the sort keys only
        return decorated.map((d) => (width < input.attrs.length ? d.r.slice(0, width) : d.r));
      },
      true,
    );
  },
  Limit: (p, env) => {
    const child = compilePlan(p.child, env);
    return compiled("Limit", [child], child.attrs, (ctx) => child.run(ctx).slice(0, p.n), child.sorted);
  },
  Deduplicate: (p, env) => {
    const child = compilePlan(p.child, env);
    const idx =
      p.keys === null
        ? child.attrs.map((_, i) => i)
        : p.keys.map((k) => {
            const i = child.attrs.findIndex((a) => a.name.toLowerCase() === k.toLowerCase());
            if (i < 0) {
              throw sparkError(AnalysisException, "UNRESOLVED_COLUMN.WITH_SUGGESTION", {
                objectName: `\`${k}\``,
                proposal: child.attrs.map((a) => `\`${a.name}\``).join(", "),
              });
            }
            return i;
          });
    if (env.stateful !== undefined && isStreamingPlan(p.child)) return env.stateful.deduplicate(p, child, idx);
    return compiled("Deduplicate", [child], child.attrs, (ctx) => {
      const seen = new Set<string>();
      return child.run(ctx).filter((r) => {
        const k = idx.map((i) => keyOf(r[i])).join("\u0001");
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
      });
    });
  },
  EventTimeWatermark: (p, env) => {
    const child = compilePlan(p.child, env);
    const a = child.attrs.find((x) => x.name.toLowerCase() === p.column.toLowerCase());
    if (a === undefined) throw analyzeError(`Cannot resolve column name "${p.column}" among (${child.attrs.map((x) => x.name).join(", ")})`);
    if (!(a.dataType instanceof TimestampType) && !(a.dataType instanceof TimestampNTZType)) {
      throw analyzeError(`Event time must be defined on a window or a timestamp, but ${p.column} is of type ${a.dataType.simpleString()}`);
    }
    dt.parseIntervalString(p.delay);
    if (env.stateful === undefined || !isStreamingPlan(p.child)) return child;
    return env.stateful.watermark(p, child, child.attrs.indexOf(a));
  },
  Union: (p, env) => {
    const kids = p.children.map((c) => compilePlan(c, env));
    const first = kids[0]!;
    const width = first.attrs.length;
    for (const k of kids) {
      if (k.attrs.length !== width) {
        throw new AnalysisException(
          `[NUM_COLUMNS_MISMATCH] UNION can only be performed on inputs with the same number of columns, but the first input has ${width} columns and another input has ${k.attrs.length} columns. SQLSTATE: 42826`,
          { errorClass: "NUM_COLUMNS_MISMATCH", sqlState: "42826" },
        );
      }
    }
    // byName: reorder children's columns to the first child's names
    const orders = kids.map((k) =>
      p.byName ? first.attrs.map((a) => k.attrs.findIndex((b) => b.name.toLowerCase() === a.name.toLowerCase())) : first.attrs.map((_, i) => i),
    );
    const types: DataType[] = first.attrs.map((a, i) => {
      let t: DataType | null = a.dataType;
      for (const [ki, k] of kids.entries()) t = t === null ? null : commonType(t, k.attrs[orders[ki]![i]!]!.dataType, env.ctx.ansi);
      if (t === null) {
        throw new AnalysisException(
          `[INCOMPATIBLE_COLUMN_TYPE] UNION can only be performed on inputs with compatible column types. SQLSTATE: 42825`,
          { errorClass: "INCOMPATIBLE_COLUMN_TYPE", sqlState: "42825" },
        );
      }
      return t;
    });
    const attrs = first.attrs.map((a, i) => ({ ...a, qualifier: null, dataType: types[i]!, nullable: kids.some((k, ki) => k.attrs[orders[ki]![i]!]!.nullable) }));
    const convs = kids.map((k, ki) =>
      types.map((t, i) => {
        const src = k.attrs[orders[ki]![i]!]!;
        const b = coerce({ dataType: src.dataType, nullable: true, name: src.name, eval: (r) => r[0], foldable: false }, t, env.ctx);
        return b.eval;
      }),
    );
    return compiled("Union", kids, attrs, (ctx) => {
      const out: Row[] = [];
      const seen = new Set<string>();
      kids.forEach((k, ki) => {
        const conv = convs[ki]!;
        const order = orders[ki]!;
        for (const r of k.run(ctx)) {
          const row = order.map((j, i) => conv[i]!([r[j]]));
          if (p.distinct) {
            const key = row.map(keyOf).join("\u0001");
            if (seen.has(key)) continue;
            seen.add(key);
          }
          out.push(row);
        }
      });
      return out;
    });
  },
  SubqueryAlias: (p, env) => {
    const child = compilePlan(p.child, env);
    const names = p.columnNames;
    if (names !== undefined && names.length !== child.attrs.length) {
      throw new AnalysisException(
        `[ASSIGNMENT_ARITY_MISMATCH] The number of columns or variables assigned or aliased: ${names.length} does not match the number of source tables or values: ${child.attrs.length}. SQLSTATE: 42802`,
        { errorClass: "ASSIGNMENT_ARITY_MISMATCH", sqlState: "42802" },
      );
    }
    const attrs = child.attrs.map((a, i) => ({ ...a, name: names?.[i] ?? a.name, qualifier: p.alias }));
    return { kind: "SubqueryAlias", children: [child], detail: p.alias, attrs, schema: schemaOf(attrs), sorted: child.sorted, run: child.run, produce: child.produce };
  },
  Expand: (p, env) => {
    const child = compilePlan(p.child, env);
    const gen = planExpandGenerator(p, scopeOf(child.attrs, env));
    const attrs = [...child.attrs, ...gen.attrs];
    const nulls = gen.attrs.map(() => null);
    return compiled("Generate", [child], attrs, (ctx) => {
      const out: Row[] = [];
      for (const r of child.run(ctx)) {
        const rows = gen.rows(r);
        if (rows.length === 0) {
          if (gen.outer || p.outer) out.push([...r, ...nulls]);
          continue;
        }
        for (const g of rows) out.push([...r, ...g]);
      }
      return out;
    });
  },
  Join: (p, env) => planJoin(p, joinEnv(env)),
  // broadcast(df): a hint the join reads from the logical plan; the operator itself passes rows on
  ResolvedHint: (p, env) => {
    const child = compilePlan(p.child, env);
    if (p.hint === "broadcast") return child;
    // cache/persist/repartition/coalesce: rows pass through; the step shows in explain's physical plan
    const [kind, ...rest] = p.hint.split(" ");
    return { ...child, kind: kind!, detail: rest.join(" "), children: [child] };
  },
  CollectMetrics: (p, env) => planCollectMetrics(p, compilePlan(p.child, env), env, (e) => isNondeterministic(e, env.functions)),
  FlatMapGroupsWithState: (p, env) => planGroupsWithState(p, compilePlan(p.child, env), env.stateful !== undefined && isStreamingPlan(p.child) ? env.stateful : undefined),
};

function joinEnv(env: PlanEnv): JoinPlanEnv {
  return {
    scope: (attrs) => scopeOf(attrs, env),
    compile: (c) => compilePlan(c, env),
    stateful: env.stateful,
    deterministic: (exprs) => !isNondeterministic(exprs, env.functions),
  };
}

/** A USING join planned with its hidden keys, for the Project, Filter or Sort right above it (using-hidden.ts). */
function compileWithHidden(p: Join, env: PlanEnv): CompiledPlan {
  return withPlanId(planJoin(p, { ...joinEnv(env), withHidden: true }), assignedPlanId(p));
}

/** What the Window operator's planner (plan/operators/window/) needs from this analyzer. */
function windowHost(env: PlanEnv): WindowPlanHost {
  return {
    compile: (c) => compilePlan(c, env),
    scope: (attrs) => scopeOf(attrs, env),
    functions: env.functions,
    isStreaming: (c) => env.stateful !== undefined && isStreamingPlan(c),
    project: (items, input) => {
      const project = projection(items);
      return pipelined("Project", [input], projectedAttrs(items, input.attrs), (ctx, emit) => input.produce(ctx, (r) => emit(project(r))));
    },
  };
}

/** What the session window planner (plan/operators/session/) needs from this analyzer. */
function sessionHost(env: PlanEnv): SessionPlanHost {
  return { ...windowHost(env), projectList, stateful: env.stateful };
}

function analyzeError(msg: string): AnalysisException {
  return new AnalysisException(msg);
}

/**
 * Plans compiled during the current top-level compilePlan call. Compiled plans are stateless closures, and
 * collapseProjects compiles a subtree it may then need again; without this, a chain of n projections would
 * compile its bottom ~2^n times.
 */
let compiling: Map<LogicalPlan, CompiledPlan> | null = null;

/** Stamps the plan id of a DataFrame some `df.col` referenced on its output columns. */
function withPlanId(c: CompiledPlan, planId: number | undefined): CompiledPlan {
  if (planId === undefined) return c;
  const attrs = c.attrs.map((a) => (a.planIds?.includes(planId) ? a : { ...a, planIds: [...(a.planIds ?? []), planId] }));
  // delegate to the node (a stateful one is numbered and reports through its own methods); only attrs differ
  return Object.assign(Object.create(c) as CompiledPlan, { attrs });
}

/**
 * The plans being compiled and their environments, innermost last: a subquery expression plans with the top
 * environment, and Spark's checks of where a subquery or an outer reference may be depend on the top plan.
 */
const envs: PlanEnv[] = [];
const hosts: LogicalPlan[] = [];

/** Resolves and compiles a plan. */
export function compilePlan(plan: LogicalPlan, env: PlanEnv): CompiledPlan {
  const outer = compiling === null;
  if (outer) {
    checkUniqueMetricNames(plan);
    compiling = new Map();
  }
  envs.push(env);
  hosts.push(plan);
  try {
    const done = compiling!.get(plan);
    if (done !== undefined) return done;
    const h = handlers[plan.kind] as Handler<LogicalPlan["kind"]>;
    const c = withPlanId(h(plan as never, env), assignedPlanId(plan));
    compiling!.set(plan, c);
    return outer ? startingRuns(c) : c;
  } finally {
    envs.pop();
    hosts.pop();
    if (outer) compiling = null;
  }
}

/** A top-level plan that tells subquery expressions each time a run of it starts (their answers last one run). */
function startingRuns(c: CompiledPlan): CompiledPlan {
  // delegate to the node (a stateful one is numbered and reports through its own methods); only run/produce differ
  return Object.assign(Object.create(c) as CompiledPlan, {
    run: (ctx: ExecContext) => {
      startQueryRun();
      return c.run(ctx);
    },
    produce: (ctx: ExecContext, emit: (row: Row) => void) => {
      startQueryRun();
      c.produce(ctx, emit);
    },
  });
}

/**
 * A subquery expression's plan (plan/subquery.ts), compiled as a batch query with the session of the query it
 * is in. Its own cache of compiled plans: a correlated subquery's plan reads the outer row of the one analysis
 * of the subquery expression it was compiled for, so it must not be shared with another analysis of it.
 */
function compileSubqueryPlan(plan: LogicalPlan): CompiledPlan {
  const env = envs[envs.length - 1];
  if (env === undefined) throw new AnalysisException("A subquery expression can only be used in a query (select, filter, ...)");
  const saved = compiling;
  compiling = new Map();
  try {
    return compilePlan(plan, { ctx: env.ctx, functions: env.functions, lookupRelation: env.lookupRelation });
  } finally {
    compiling = saved;
  }
}

const compilingHost = (): LogicalPlan | undefined => hosts[hosts.length - 1];

installSubqueryHooks({
  analyze: (e, scope) => analyzeSubquery(e, scope, { compile: compileSubqueryPlan, host: compilingHost }),
  resolveOuter: (ref, scope) => resolveOuterReference(ref, compilingHost(), scope),
});

/** An environment with no views, for callers that only need schemas (streaming analysis). */
export function standaloneEnv(ctx: QueryContext, functions: FunctionRegistry = builtinFunctions()): PlanEnv {
  return { ctx, functions, lookupRelation: () => undefined };
}

export { A };
