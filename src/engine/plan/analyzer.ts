/**
 * Plan analysis + compilation: resolves every node against its child's output (names, types,
 * views) and returns the output schema plus a `run(ctx)` closure. Analysis needs no rows, so a
 * streaming plan's schema is known before any data arrives. Dispatch is a Record over node kinds,
 * so a new kind fails to compile until it is handled here.
 */
import { AnalysisException, sparkError } from "../errors";
import * as A from "../expr/ast";
import { type Attr, analyzeExpr, type Bound, coerce, expandStar, outputName, type QueryContext, type Scope } from "../expr/analyze";
import { commonType } from "../expr/coercion";
import { comparatorFor, keyOf } from "../expr/compare";
import * as dt from "../expr/datetime";
import { builtinFunctions, type FunctionRegistry } from "../expr/functions/registry";
import { windowOverride } from "../expr/functions/window-override";
import { BooleanType, type DataType, NullType, TimestampNTZType, TimestampType } from "../types/data-types";
import { StructFieldImpl, StructTypeImpl } from "../types/struct-type";
import type { Row } from "../types/values";
import { aggregatorFor, compileAggregate, containsAgg } from "./aggregation";
import type { LogicalPlan, StreamingRelation } from "./nodes";
import { node } from "./nodes";

export interface ExecContext {
  /** Rows of a streaming leaf for the current batch (the engine supplies them). */
  relationRows(node: StreamingRelation): Row[];
}

export interface PlanEnv {
  readonly ctx: QueryContext;
  readonly functions: FunctionRegistry;
  /** Temp views and registered tables by lower-case name. */
  lookupRelation(name: string): LogicalPlan | undefined;
}

export interface CompiledPlan {
  readonly attrs: readonly Attr[];
  readonly schema: StructTypeImpl;
  /** Whether the output order is defined (ORDER BY on top). */
  readonly sorted: boolean;
  run(ctx: ExecContext): Row[];
  /** Streams rows to `emit` without materializing them (Project/Filter pipelines fuse this way). */
  produce(ctx: ExecContext, emit: (row: Row) => void): void;
}

export function schemaOf(attrs: readonly Attr[]): StructTypeImpl {
  return new StructTypeImpl(attrs.map((a) => new StructFieldImpl(a.name, a.dataType, a.nullable)));
}

function attrsOf(schema: StructTypeImpl, qualifier: string | null = null): Attr[] {
  return schema.fields.map((f) => ({ name: f.name, qualifier, dataType: f.dataType, nullable: f.nullable }));
}

function compiled(attrs: readonly Attr[], run: (ctx: ExecContext) => Row[], sorted = false): CompiledPlan {
  return {
    attrs,
    schema: schemaOf(attrs),
    sorted,
    run,
    produce: (ctx, emit) => {
      for (const r of run(ctx)) emit(r);
    },
  };
}

const GENERATORS = new Set(["explode", "explode_outer"]);

/** Batch aggregation does not need the touched-key set the streaming engine uses. */
const IGNORED_KEYS = { add: () => IGNORED_KEYS } as unknown as Set<string>;

/** A pipelined operator: rows flow through `produce`; `run` collects them. */
function pipelined(attrs: readonly Attr[], produce: CompiledPlan["produce"], sorted = false): CompiledPlan {
  return {
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

const handlers: Handlers = {
  LocalRelation: (p) => {
    const rows = p.rows as Row[];
    return { ...compiled(attrsOf(p.schema), () => rows), produce: (_ctx, emit) => {
        for (const r of rows) emit(r);
      },
    };
  },
  StreamingRelation: (p) => compiled(attrsOf(p.schema), (ctx) => ctx.relationRows(p)),
  UnresolvedRelation: (p, env) => {
    const target = env.lookupRelation(p.name);
    if (target === undefined) {
      throw sparkError(AnalysisException, "TABLE_OR_VIEW_NOT_FOUND", { relationName: `\`${p.name}\`` });
    }
    return compilePlan(target, env);
  },
  OneRowRelation: () => compiled([], () => [[]]),
  Project: (p, env) => {
    // SELECT explode(arr) [AS x]: a generator row-expansion (Expand) below a plain projection
    const gi = p.exprs.findIndex((e) => {
      const c = e.kind === "Alias" ? e.child : e;
      return c.kind === "Call" && GENERATORS.has(c.name.toLowerCase());
    });
    if (gi >= 0) {
      const item = p.exprs[gi]!;
      const call = (item.kind === "Alias" ? item.child : item) as A.Call;
      const name = item.kind === "Alias" ? item.names[0]! : "col";
      const expand = node({ kind: "Expand", child: p.child, generator: call.args[0]!, outer: call.name.toLowerCase() === "explode_outer", names: [name] });
      const exprs = p.exprs.map((e, i) => (i === gi ? A.colRef([name]) : e));
      return compilePlan(node({ kind: "Project", child: expand, exprs }), env);
    }
    if (p.exprs.some((e) => containsAgg(e, env.functions))) {
      return compilePlan(node({ kind: "Aggregate", child: p.child, grouping: [], aggregates: p.exprs }), env);
    }
    const child = compilePlan(p.child, env);
    const items = projectList(p.exprs, scopeOf(child.attrs, env));
    const attrs = items.map((o) => ({ name: o.name, qualifier: null, dataType: o.bound.dataType, nullable: o.bound.nullable }));
    const evals = items.map((o) => o.bound.eval);
    const n = evals.length;
    const window = items.find((o) => o.bound.windowSpec !== undefined)?.bound.windowSpec;
    // Pure column re-ordering needs no per-value closure calls.
    const ordinals = items.map((o) => o.bound.ordinal);
    const direct = ordinals.every((o) => o !== undefined) ? (ordinals as number[]) : null;
    if (window === undefined) {
      const project =
        direct !== null
          ? (r: Row): Row => {
              const o = new Array<unknown>(n);
              for (let j = 0; j < n; j++) o[j] = r[direct[j]!];
              return o;
            }
          : (r: Row): Row => {
              const o = new Array<unknown>(n);
              for (let j = 0; j < n; j++) o[j] = evals[j]!(r);
              return o;
            };
      return pipelined(attrs, (ctx, emit) => child.produce(ctx, (r) => emit(project(r))), child.sorted);
    }
    const run = (ctx: ExecContext): Row[] => {
      const rows = child.run(ctx);
      if (window !== undefined) {
        const out: Row[] = [];
        for (const r of rows) {
          const ts = window.eval(r) as bigint | null;
          if (ts === null) continue;
          for (const s of dt.windowStarts(ts, window.w, window.slide, window.start)) {
            windowOverride.value = [s, s + window.w];
            try {
              out.push(evals.map((f) => f(r)));
            } finally {
              windowOverride.value = null;
            }
          }
        }
        return out;
      }
      const out = new Array<Row>(rows.length);
      if (direct !== null) {
        for (let i = 0; i < rows.length; i++) {
          const r = rows[i]!;
          const o = new Array<unknown>(n);
          for (let j = 0; j < n; j++) o[j] = r[direct[j]!];
          out[i] = o;
        }
        return out;
      }
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i]!;
        const o = new Array<unknown>(n);
        for (let j = 0; j < n; j++) o[j] = evals[j]!(r);
        out[i] = o;
      }
      return out;
    };
    return compiled(attrs, run, child.sorted);
  },
  Filter: (p, env) => {
    const child = compilePlan(p.child, env);
    const cond = analyzeExpr(p.condition, scopeOf(child.attrs, env));
    if (!(cond.dataType instanceof BooleanType) && !(cond.dataType instanceof NullType)) {
      throw new AnalysisException(
        `[DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN] Cannot resolve "${cond.name}" due to data type mismatch: Filter expression "${cond.name}" of type "${cond.dataType.sql()}" is not a boolean. SQLSTATE: 42K09`,
        { errorClass: "DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN", sqlState: "42K09" },
      );
    }
    const f = cond.eval;
    return pipelined(
      child.attrs,
      (ctx, emit) =>
        child.produce(ctx, (r) => {
          if (f(r) === true) emit(r);
        }),
      child.sorted,
    );
  },
  Aggregate: (p, env) => {
    const child = compilePlan(p.child, env);
    const c = compileAggregate(p, child.attrs, env.ctx, env.functions);
    const attrs = c.outputs.map((o) => ({ name: o.name, qualifier: null, dataType: o.bound.dataType, nullable: o.bound.nullable }));
    return compiled(attrs, (ctx) => {
      const agg = aggregatorFor(c, p.grouping.length === 0);
      child.produce(ctx, (r) => agg.add(r, IGNORED_KEYS));
      return agg.results();
    });
  },
  Sort: (p, env) => {
    const child = compilePlan(p.child, env);
    const scope = scopeOf(child.attrs, env);
    const keys = p.orders.map((o) => {
      const b = analyzeExpr(o.child, scope);
      const cmp = comparatorFor(b.dataType);
      const dir = o.ascending ? 1 : -1;
      const nullOrder = o.nullsFirst ? -1 : 1;
      const e = b.eval;
      return { e, cmp: (x: unknown, y: unknown) => (x === null ? (y === null ? 0 : nullOrder) : y === null ? -nullOrder : dir * cmp(x, y)) };
    });
    return compiled(
      child.attrs,
      (ctx) => {
        const rows = child.run(ctx);
        const decorated = rows.map((r, i) => ({ r, i, k: keys.map((k) => k.e(r)) }));
        decorated.sort((a, b) => {
          for (let j = 0; j < keys.length; j++) {
            const c = keys[j]!.cmp(a.k[j], b.k[j]);
            if (c !== 0) return c;
          }
          return a.i - b.i;
        });
        return decorated.map((d) => d.r);
      },
      true,
    );
  },
  Limit: (p, env) => {
    const child = compilePlan(p.child, env);
    return compiled(child.attrs, (ctx) => child.run(ctx).slice(0, p.n), child.sorted);
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
    return compiled(child.attrs, (ctx) => {
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
    return child;
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
    return compiled(attrs, (ctx) => {
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
    return { attrs, schema: schemaOf(attrs), sorted: child.sorted, run: child.run, produce: child.produce };
  },
  Expand: (p, env) => {
    const child = compilePlan(p.child, env);
    const g = analyzeExpr(p.generator, scopeOf(child.attrs, env));
    const et = (g.dataType as { elementType?: DataType }).elementType ?? NullType();
    const attrs = [...child.attrs, { name: p.names[0] ?? "col", qualifier: null, dataType: et, nullable: true }];
    const ge = g.eval;
    return compiled(attrs, (ctx) => {
      const out: Row[] = [];
      for (const r of child.run(ctx)) {
        const arr = ge(r) as unknown[] | null;
        if (arr === null || arr.length === 0) {
          if (p.outer) out.push([...r, null]);
          continue;
        }
        for (const v of arr) out.push([...r, v]);
      }
      return out;
    });
  },
};

function analyzeError(msg: string): AnalysisException {
  return new AnalysisException(msg);
}

/** Resolves and compiles a plan. */
export function compilePlan(plan: LogicalPlan, env: PlanEnv): CompiledPlan {
  const h = handlers[plan.kind] as Handler<LogicalPlan["kind"]>;
  return h(plan as never, env);
}

/** An environment with no views, for callers that only need schemas (streaming analysis). */
export function standaloneEnv(ctx: QueryContext, functions: FunctionRegistry = builtinFunctions()): PlanEnv {
  return { ctx, functions, lookupRelation: () => undefined };
}

export { A };
