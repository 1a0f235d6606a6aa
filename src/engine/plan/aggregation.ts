/**
 * Hash aggregation with mergeable buffers, usable across micro-batches.
 *
 * `createAggregator(node, inputSchema, ctx?)` -> { update(rows) -> keys touched, results(keys?),
 * evict(pred), size, snapshot(), restore(), outputSchema }. The same object runs batch GROUP BY.
 * Snapshots hold the values as they are; checkpoint/state-codec.ts (the one state codec) makes them JSON.
 * (dropDuplicates keeps its seen keys in exec/deduplicate-state.ts.)
 */
import { AnalysisException, sparkError } from "../errors";
import * as A from "../expr/ast";
import {
  type AggregateHook,
  type Attr,
  analyzeExpr,
  type Bound,
  type Eval,
  expandStar,
  outputName,
  type QueryContext,
  type Scope,
  type WindowSpec,
} from "../expr/analyze";
import { keyOf } from "../expr/compare";
import type { AggFn } from "../expr/functions/aggregate";
import { builtinFunctions, type FunctionRegistry } from "../expr/functions/registry";
import { BooleanType, type DataType, StringType } from "../types/data-types";

/** Map key of a NULL string group (cannot collide: real keys of string groups are the strings). */
const NULL_KEY = "\u0000NULL";
import { Decimal } from "../types/decimal";
import { checkGroupable } from "../expr/variant/orderable";
import { StructFieldImpl, StructTypeImpl } from "../types/struct-type";
import type { Row } from "../types/values";
import type { Aggregate } from "./nodes";

export interface Aggregator {
  update(rows: readonly Row[]): Set<string>;
  /** Folds one row (adds its key to `touched`). */
  add(row: Row, touched: Set<string>): void;
  results(keys?: Iterable<string>): Row[];
  evict(pred: (groupValues: unknown[]) => boolean): number;
  readonly size: number;
  /** The groups held, by key, read-only: for the state's size estimate (exec/state-size.ts). */
  readonly state: ReadonlyMap<string, unknown>;
  snapshot(): unknown;
  restore(snapshot: unknown): void;
  readonly outputSchema: StructType;
  /** Names of the grouping outputs (for watermark eviction by the engine). */
  readonly groupingNames: readonly string[];
}
type StructType = StructTypeImpl;

interface Slot {
  readonly fn: AggFn;
  readonly inputs: readonly Eval[];
}

interface Entry {
  readonly groups: unknown[];
  readonly bufs: unknown[];
  /** The touched-set epoch that last recorded this group (see `touch`); set at creation so every entry has one shape. */
  mark: number;
}

/** Default context when the engine does not pass one: session defaults. */
export function defaultQueryContext(partial: Partial<QueryContext> = {}): QueryContext {
  return {
    ansi: partial.ansi ?? true,
    timeZone: partial.timeZone ?? (Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC"),
    nowMicros: partial.nowMicros ?? BigInt(Date.now()) * 1000n,
    conf: partial.conf ?? (() => undefined),
  };
}

function astKey(e: A.Expr): string {
  return JSON.stringify(e, (_k, v) => {
    if (typeof v === "bigint") return `${v}n`;
    if (v instanceof Decimal) return `${v.toString()}BD`;
    if (v !== null && typeof v === "object" && typeof (v as { simpleString?: unknown }).simpleString === "function") {
      return (v as { simpleString(): string }).simpleString();
    }
    if (typeof v === "string") return v.toLowerCase();
    return v;
  });
}

function stripAlias(e: A.Expr): A.Expr {
  return e.kind === "Alias" ? stripAlias(e.child) : e;
}

/** Compiles grouping + aggregate expressions; shared by batch execution and streaming state. */
export function compileAggregate(
  node: Aggregate,
  attrs: readonly Attr[],
  ctx: QueryContext,
  functions: FunctionRegistry = builtinFunctions(),
): {
  groups: Bound[];
  slots: Slot[];
  outputs: { name: string; bound: Bound }[];
  having: Bound | null;
  windowSpec: WindowSpec | null;
} {
  const base: Scope = { attrs, ctx, functions };
  // GROUP BY ALL: every non-aggregate select item
  let grouping = node.grouping;
  if (grouping.length === 1 && grouping[0]!.kind === "Call" && grouping[0]!.name === "__group_by_all") {
    grouping = node.aggregates.filter((e) => !containsAgg(e, functions)).map(stripAlias);
  }
  // GROUP BY 1 / GROUP BY alias
  grouping = grouping.map((g) => {
    if (g.kind === "Literal" && typeof g.value === "number" && Number.isInteger(g.value)) {
      const item = node.aggregates[g.value - 1];
      if (item !== undefined) return stripAlias(item);
    }
    if (g.kind === "ColumnRef" && g.parts.length === 1 && !attrs.some((a) => a.name.toLowerCase() === g.parts[0]!.toLowerCase())) {
      const item = node.aggregates.find((e) => e.kind === "Alias" && e.names[0]!.toLowerCase() === g.parts[0]!.toLowerCase());
      if (item) return stripAlias(item);
    }
    return g;
  });
  const groups = grouping.map((g) => analyzeExpr(g, base));
  for (const g of groups) checkGroupable(g.name, g.dataType);
  // a grouping expression may carry its output name (`groupBy(expr("v % 3 AS k"))`): it matches by its expression
  const groupKeys = grouping.map((g) => astKey(stripAlias(g)));
  const slots: Slot[] = [];
  const nGroups = groups.length;
  const windowSpec = groups.find((g) => g.windowSpec !== undefined)?.windowSpec ?? null;

  const hook: AggregateHook = {
    aggregate(call, scope) {
      const def = functions.getAggregate(call.name);
      if (def === undefined) return null;
      const inner: Scope = { ...base, lambdas: scope.lambdas, insideAggregate: true };
      const args = call.star ? [] : call.args.map((a) => analyzeExpr(a, inner));
      const r = def.resolve(args, inner, call.distinct, def.name);
      const slot = slots.length;
      const ins = r.inputs.map((b) => b.eval);
      slots.push({ fn: r.fn, inputs: ins });
      const idx = nGroups + slot;
      return {
        dataType: r.fn.dataType,
        nullable: r.fn.nullable,
        name: r.name ?? `${def.name}(${args.map((a) => a.name).join(", ")})`,
        eval: (row) => row[idx],
        foldable: false,
        hasAggregate: true,
      };
    },
    grouping(e, scope) {
      if (scope.insideAggregate) return null;
      const k = astKey(stripAlias(e));
      let i = groupKeys.indexOf(k);
      if (i < 0 && e.kind === "ColumnRef") {
        // a column matches a grouping column when both resolve to the same input column: `t.k` is `GROUP BY k`,
        // `b.k` is not `GROUP BY a.k` (a join's other side), nor is an outer query's `t.k` in a correlated subquery
        const ord = inputOrdinal(e, base);
        if (ord !== undefined) i = groups.findIndex((g, gi) => g.ordinal === ord && grouping[gi]!.kind === "ColumnRef");
      }
      if (i < 0 && e.kind === "ColumnRef" && e.parts.length === 1 && e.parts[0]!.toLowerCase() === "window" && !attrs.some((a) => a.name.toLowerCase() === "window")) {
        // `SELECT window ... GROUP BY window(ts, ...)`: Spark's TimeWindowing names the window column `window`
        i = grouping.findIndex((g) => g.kind === "Call" && g.name.toLowerCase() === "window");
      }
      if (i < 0) return null;
      const g = groups[i]!;
      const idx = i;
      return { dataType: g.dataType, nullable: g.nullable, name: g.name, eval: (row) => row[idx], foldable: false, ordinal: undefined };
    },
    ungrouped(e, name) {
      void e;
      // Spark's CheckAnalysis: a plain column beside aggregates with no GROUP BY at all is MISSING_GROUP_BY
      if (grouping.length === 0) throw sparkError(AnalysisException, "MISSING_GROUP_BY", {});
      throw new AnalysisException(
        `[MISSING_AGGREGATION] The non-aggregating expression "${name}" is based on columns which are not participating in the GROUP BY clause. Add the columns or the expression to the GROUP BY, aggregate the expression, or use "any_value(${name})" if you do not care which of the values within a group is returned. SQLSTATE: 42803`,
        { errorClass: "MISSING_AGGREGATION", sqlState: "42803" },
      );
    },
  };
  const aggScope: Scope = { ...base, agg: hook };
  const outputs: { name: string; bound: Bound }[] = [];
  for (const e of node.aggregates) {
    if (e.kind === "Star") {
      for (const x of expandStar(e, aggScope)) outputs.push(x);
      continue;
    }
    const b = analyzeExpr(e, aggScope);
    outputs.push({ name: outputName(e, b), bound: b });
  }
  let having: Bound | null = null;
  if (node.having) {
    // HAVING may name select-list aliases
    const aliasScope: Scope = aggScope;
    const h = substituteAliases(node.having, node.aggregates);
    having = analyzeExpr(h, aliasScope);
    if (!(having.dataType instanceof BooleanType)) having = { ...having };
  }
  return { groups, slots, outputs, having, windowSpec };
}

export type CompiledAggregate = ReturnType<typeof compileAggregate>;

function substituteAliases(e: A.Expr, items: readonly A.Expr[]): A.Expr {
  if (e.kind === "ColumnRef" && e.parts.length === 1) {
    const hit = items.find((x) => x.kind === "Alias" && x.names[0]!.toLowerCase() === e.parts[0]!.toLowerCase());
    if (hit && hit.kind === "Alias") return hit.child;
    return e;
  }
  switch (e.kind) {
    case "Binary":
      return A.binary(e.op, substituteAliases(e.left, items), substituteAliases(e.right, items));
    case "Unary":
      return A.unary(e.op, substituteAliases(e.child, items));
    default:
      return e;
  }
}

function containsAgg(e: A.Expr, functions: FunctionRegistry): boolean {
  if (e.kind === "Call" && functions.isAggregate(e.name)) return true;
  const kids: A.Expr[] = [];
  for (const v of Object.values(e)) {
    if (v && typeof v === "object" && "kind" in (v as object)) kids.push(v as A.Expr);
    if (Array.isArray(v)) for (const x of v) if (x && typeof x === "object" && "kind" in x) kids.push(x as A.Expr);
  }
  return kids.some((k) => containsAgg(k, functions));
}
export { containsAgg };

/** Creates a stateful aggregator for `node` over input rows of `inputSchema`. */
export function createAggregator(
  node: Aggregate,
  inputSchema: StructType,
  ctx: Partial<QueryContext> = {},
  functions: FunctionRegistry = builtinFunctions(),
): Aggregator {
  const attrs: Attr[] = inputSchema.fields.map((f) => ({ name: f.name, qualifier: null, dataType: f.dataType, nullable: f.nullable }));
  return aggregatorFor(compileAggregate(node, attrs, defaultQueryContext(ctx), functions), node.grouping.length === 0 && node.grouping.length === 0);
}

export function aggregatorFor(c: ReturnType<typeof compileAggregate>, global: boolean): Aggregator {
  const { groups, slots, outputs, having, windowSpec } = c;
  const state = new Map<string, Entry>();
  const gEvals = groups.map((g) => g.eval);
  const nG = gEvals.length;
  const nS = slots.length;
  const outEvals = outputs.map((o) => o.bound.eval);
  const havingEval = having?.eval ?? null;
  const outputSchema = new StructTypeImpl(outputs.map((o) => new StructFieldImpl(o.name, o.bound.dataType, o.bound.nullable)));
  const single = nG === 1 ? gEvals[0]! : null;
  const singleString = nG === 1 && groups[0]!.dataType instanceof StringType;

  const fold = (row: Row, touched: Set<string>) => {
    let key: string;
    let gv: unknown[] | null = null;
    if (single !== null) {
      const v = single(row);
      // A string group key is its own map key (no allocation); other types use keyOf.
      key = singleString ? (v === null ? NULL_KEY : (v as string)) : keyOf(v);
      gv = null;
      let e = state.get(key);
      if (e === undefined) {
        e = { groups: [v], bufs: slots.map((s) => s.fn.init()), mark: 0 };
        state.set(key, e);
      }
      applySlots(e, row);
      touch(e, key, touched);
      return;
    }
    gv = gEvals.map((g) => g(row));
    key = nG === 0 ? "" : gv.map(keyOf).join("\u0001");
    let e = state.get(key);
    if (e === undefined) {
      e = { groups: gv, bufs: slots.map((s) => s.fn.init()), mark: 0 };
      state.set(key, e);
    }
    applySlots(e, row);
    touch(e, key, touched);
  };
  // A group is added to the caller's touched set once per set, not once per row: entries remember the
  // epoch of the set that last recorded them, so the common case is a number compare, not a hash insert.
  let currentTouched: Set<string> | null = null;
  let epoch = 0;
  const touch = (e: Entry, key: string, touched: Set<string>) => {
    if (touched !== currentTouched || touched.size === 0) {
      // a new set, or one the caller cleared for reuse
      currentTouched = touched;
      epoch++;
    }
    if (e.mark === epoch) return;
    e.mark = epoch;
    touched.add(key);
  };
  const applySlots = (e: Entry, row: Row) => {
    const bufs = e.bufs;
    for (let i = 0; i < nS; i++) {
      const s = slots[i]!;
      const ins = s.inputs;
      const v = ins.length === 1 ? ins[0]!(row) : ins.length === 0 ? 1 : ins.map((f) => f(row));
      bufs[i] = s.fn.update(bufs[i], v);
    }
  };

  const resultOf = (e: Entry): Row | null => {
    const r = new Array<unknown>(nG + nS);
    for (let i = 0; i < nG; i++) r[i] = e.groups[i];
    for (let i = 0; i < nS; i++) r[nG + i] = slots[i]!.fn.evaluate(e.bufs[i]);
    if (havingEval !== null && havingEval(r) !== true) return null;
    return outEvals.map((f) => f(r));
  };

  if (windowSpec !== null) {
    // the planner puts an Expand step below (plan/time-window.ts) and rewrites window() into its column
    throw new Error("A sliding window() reached the aggregator: it must be planned as an Expand step (plan/time-window.ts)");
  }
  const addOne = fold;
  return {
    add: addOne,
    update(rows) {
      const touched = new Set<string>();
      for (const row of rows) addOne(row, touched);
      return touched;
    },
    results(keys) {
      const out: Row[] = [];
      if (keys === undefined && global && state.size === 0) {
        const r = resultOf({ groups: [], bufs: slots.map((s) => s.fn.init()), mark: 0 });
        return r === null ? [] : [r];
      }
      const it = keys === undefined ? state.values() : [...keys].map((k) => state.get(k)).filter((e): e is Entry => e !== undefined);
      for (const e of it) {
        const r = resultOf(e);
        if (r !== null) out.push(r);
      }
      return out;
    },
    evict(pred) {
      let n = 0;
      for (const [k, e] of state) {
        if (pred(e.groups)) {
          state.delete(k);
          n++;
        }
      }
      return n;
    },
    get size() {
      return state.size;
    },
    state,
    snapshot() {
      return [...state].map(([k, e]) => [k, e.groups, e.bufs]);
    },
    restore(snap) {
      state.clear();
      for (const [k, g, b] of snap as [string, unknown, unknown][]) {
        state.set(k, { groups: decodeLegacyTags(g) as unknown[], bufs: decodeLegacyTags(b) as unknown[], mark: 0 });
      }
    },
    outputSchema,
    groupingNames: groups.map((g) => g.name),
  };
}

/**
 * Checkpoints written before the state codec was the only one tagged aggregation values themselves
 * (`{"$b": "42"}` for a bigint...); they still restore. Values the codec already decoded pass through unchanged.
 */
function decodeLegacyTags(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(decodeLegacyTags);
  if (v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
    const o = v as Record<string, unknown>;
    if ("$b" in o) return BigInt(o.$b as string);
    if ("$d" in o) return new Decimal(BigInt(o.$d as string), o.s as number);
    if ("$m" in o) return new Map((o.$m as [unknown, unknown][]).map(([a, b]) => [decodeLegacyTags(a), decodeLegacyTags(b)]));
    if ("$x" in o) return new Uint8Array(Buffer.from(o.$x as string, "base64"));
    if ("$n" in o) return Number(o.$n);
  }
  return v;
}

export type { DataType };

/** The input column `e` names (its ordinal), or undefined when it names none of them (an outer column, a field). */
function inputOrdinal(e: A.ColumnRef, scope: Scope): number | undefined {
  try {
    const b = analyzeExpr(e, scope);
    // (a look, not a use: a collapsed projection's column counts its uses to decide whether to stay collapsed)
    if (b.inlinedFrom !== undefined) b.inlinedFrom.uses--;
    return b.ordinal;
  } catch {
    return undefined;
  }
}
