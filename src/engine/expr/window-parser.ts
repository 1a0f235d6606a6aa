/**
 * SQL window syntax, kept out of parser.ts (Spark's `windowSpec` / `windowClause` / `windowFrame`):
 *   fn(...) OVER ( [PARTITION BY e, ...] [ORDER BY s, ...] [ROWS | RANGE frame] )  |  fn(...) OVER name
 *   frame: BETWEEN bound AND bound | bound            (a single bound ends at CURRENT ROW)
 *   bound: UNBOUNDED PRECEDING | UNBOUNDED FOLLOWING | CURRENT ROW | n PRECEDING | n FOLLOWING
 *   ... HAVING ... WINDOW name AS ( spec ) [, name AS ( spec )]   named windows, resolved when the SELECT ends
 */
import { AnalysisException, sparkError } from "../errors";
import { BooleanType, IntegerType, NullType } from "../types/data-types";
import * as A from "./ast";
import { CURRENT_ROW, UNBOUNDED_FOLLOWING, UNBOUNDED_PRECEDING } from "./functions/window-spec";

/** What the window grammar needs from the SQL parser. */
export interface WindowParserHost {
  isKw(w: string, k?: number): boolean;
  acceptKw(...ws: string[]): boolean;
  expectKw(w: string): void;
  acceptOp(o: string): boolean;
  expectOp(o: string): void;
  identifier(): string;
  expression(): A.Expr;
  sortItem(): A.SortOrder;
  fail(t?: never, hint?: string): never;
}

/** A spec that names a WINDOW-clause entry (`OVER w`): replaced by that entry when the SELECT is complete. */
const NAMED = "__named_window__";

const UNIT_MICROS: Readonly<Record<string, number>> = { day: 86_400_000_000, hour: 3_600_000_000, minute: 60_000_000, second: 1_000_000, millisecond: 1_000, microsecond: 1 };

/** The text of `INTERVAL '1' HOUR` / `INTERVAL 2 HOURS 30 MINUTES` in microseconds; NaN for months or years. */
function intervalMicros(text: string): number {
  let total = 0;
  let any = false;
  for (const m of text.matchAll(/(-?\d+(?:\.\d+)?)\s*'?\s*(day|hour|minute|second|millisecond|microsecond|month|year|week)s?/gi)) {
    const unit = m[2]!.toLowerCase();
    const per = unit === "week" ? 7 * UNIT_MICROS.day! : UNIT_MICROS[unit];
    if (per === undefined) return Number.NaN;
    total += Number.parseFloat(m[1]!) * per;
    any = true;
  }
  return any ? total : Number.NaN;
}

function bound(p: WindowParserHost): number {
  if (p.acceptKw("unbounded", "preceding")) return UNBOUNDED_PRECEDING;
  if (p.acceptKw("unbounded", "following")) return UNBOUNDED_FOLLOWING;
  if (p.acceptKw("current", "row")) return CURRENT_ROW;
  const e = p.expression();
  const v = e.kind === "Literal" ? e.value : e.kind === "Unary" && e.op === "-" && e.child.kind === "Literal" ? -Number(e.child.value) : undefined;
  // RANGE BETWEEN INTERVAL 1 HOUR PRECEDING ...: over a timestamp key, the bound in microseconds
  const iv = v !== null && typeof v === "object" && "micros" in (v as object) ? (v as { months: number; days: number; micros: bigint }) : null;
  if (iv !== null && iv.months !== 0) p.fail(undefined, ": a RANGE frame over timestamps takes a day-time interval (no months or years)");
  const typed = e.kind === "Call" && e.syntax === "INTERVAL" && e.args[0]?.kind === "Literal" ? intervalMicros(String(e.args[0].value)) : null;
  const n = typed !== null ? typed : iv !== null ? iv.days * 86_400_000_000 + Number(iv.micros) : typeof v === "bigint" ? Number(v) : typeof v === "number" ? v : Number.NaN;
  if (!Number.isFinite(n)) p.fail(undefined, ": a window frame bound must be UNBOUNDED, CURRENT ROW or a number");
  if (p.acceptKw("preceding")) return -n;
  p.expectKw("following");
  return n;
}

function frame(p: WindowParserHost): A.WindowFrame | null {
  const type = p.acceptKw("rows") ? "rows" : p.acceptKw("range") ? "range" : null;
  if (type === null) return null;
  if (p.acceptKw("between")) {
    const lower = bound(p);
    p.expectKw("and");
    return { type, lower, upper: bound(p) };
  }
  return { type, lower: bound(p), upper: CURRENT_ROW };
}

/** The parenthesised specification, the cursor on `(`. */
export function windowSpec(p: WindowParserHost): A.WindowSpecDef {
  p.expectOp("(");
  return windowSpecBody(p);
}

/** The specification after its `(`, through the closing `)`. */
function windowSpecBody(p: WindowParserHost): A.WindowSpecDef {
  const partitionBy: A.Expr[] = [];
  // `OVER (w ORDER BY ...)`: a named window extended (resolved with the WINDOW clause)
  if (p.acceptOp(")")) return { partitionBy, orderBy: [], frame: null };
  // `OVER (w)`: a named window in parentheses; Spark's grammar allows nothing after the name
  if (!["partition", "distribute", "order", "sort", "rows", "range"].some((k) => p.isKw(k))) {
    partitionBy.push(A.colRef([NAMED, p.identifier()]));
    p.expectOp(")");
    return { partitionBy, orderBy: [], frame: null };
  }
  if (p.acceptKw("partition", "by") || p.acceptKw("distribute", "by")) {
    partitionBy.push(p.expression());
    while (p.acceptOp(",")) partitionBy.push(p.expression());
  }
  const orderBy: A.SortOrder[] = [];
  if (p.acceptKw("order", "by") || p.acceptKw("sort", "by")) {
    orderBy.push(p.sortItem());
    while (p.acceptOp(",")) orderBy.push(p.sortItem());
  }
  const f = frame(p);
  p.expectOp(")");
  return { partitionBy, orderBy, frame: f };
}

/** Where `IGNORE NULLS` goes in each function's arguments (Spark's ignoreNulls parameter). */
const IGNORE_NULLS_ARG: Readonly<Record<string, number>> = { first: 1, last: 1, first_value: 1, last_value: 1, any_value: 1, nth_value: 2, lag: 3, lead: 3 };

const SHORT_NAME: Readonly<Record<string, string>> = { first_value: "first", last_value: "last" };

/** `fn(x) IGNORE NULLS` / `RESPECT NULLS`: the flag as the function's ignoreNulls argument. */
function nullTreatment(p: WindowParserHost, call: A.Expr): A.Expr {
  const ignore = p.acceptKw("ignore", "nulls");
  if (!ignore && !p.acceptKw("respect", "nulls")) return call;
  const at = call.kind === "Call" ? IGNORE_NULLS_ARG[call.name.toLowerCase()] : undefined;
  if (call.kind !== "Call" || at === undefined) p.fail(undefined, ": IGNORE NULLS / RESPECT NULLS apply to first, last, first_value, last_value, any_value, nth_value, lag and lead");
  const args = [...call.args];
  // the arguments before the flag take their defaults (lag(x) IGNORE NULLS = lag(x, 1, NULL, true))
  const defaults: A.Expr[] = [A.lit(1, IntegerType()), A.lit(null, NullType())];
  while (args.length < at) args.push(call.name.toLowerCase() === "nth_value" ? A.lit(1, IntegerType()) : defaults[args.length - 1]!);
  args[at] = A.lit(ignore, BooleanType());
  // Spark builds First/Last for first_value/last_value written with a null treatment, so they are named first(v) / last(v)
  const name = SHORT_NAME[call.name.toLowerCase()] ?? call.name;
  return A.call(name, args, call.distinct);
}

/** After a function call: `OVER (...)` or `OVER name`; returns the call unchanged when no OVER follows. */
export function overClause(p: WindowParserHost, call0: A.Expr): A.Expr {
  const call = nullTreatment(p, call0);
  if (!p.acceptKw("over")) return call;
  if (p.acceptOp("(")) return A.windowExpr(call, windowSpecBody(p));
  const name = p.identifier();
  return A.windowExpr(call, { partitionBy: [A.colRef([NAMED, name])], orderBy: [], frame: null });
}

/** `WINDOW w AS (...), v AS (...)` after HAVING; null when the SELECT has no WINDOW clause. */
export function windowClause(p: WindowParserHost): Map<string, A.WindowSpecDef> | null {
  if (!p.acceptKw("window")) return null;
  const named = new Map<string, A.WindowSpecDef>();
  do {
    const name = p.identifier().toLowerCase();
    p.expectKw("as");
    named.set(name, windowSpec(p));
  } while (p.acceptOp(","));
  return named;
}

function namedRef(spec: A.WindowSpecDef): string | null {
  const e = spec.partitionBy[0];
  return e?.kind === "ColumnRef" && e.parts[0] === NAMED ? e.parts[1]! : null;
}

/** Replaces each `OVER name` in a select list by the WINDOW clause's specification of that name. */
export function resolveNamedWindows(items: readonly A.Expr[], named: ReadonlyMap<string, A.WindowSpecDef> | null): A.Expr[] {
  const visit = (e: A.Expr): A.Expr => {
    if (e.kind === "WindowExpr") {
      const name = namedRef(e.spec);
      if (name === null) return e;
      const base = named?.get(name.toLowerCase());
      if (base === undefined) throw sparkError(AnalysisException, "MISSING_WINDOW_SPECIFICATION", { windowName: name, docroot: "https://spark.apache.org/docs/latest" });
      return A.windowExpr(e.fn, base);
    }
    if (e.kind === "Literal") return e;
    const out: Record<string, unknown> = {};
    let changed = false;
    const map = (v: unknown): unknown => {
      if (v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype && "kind" in v) {
        const r = visit(v as A.Expr);
        if (r !== v) changed = true;
        return r;
      }
      return Array.isArray(v) ? v.map(map) : v;
    };
    for (const [k, v] of Object.entries(e)) out[k] = map(v);
    return changed ? (Object.freeze(out) as unknown as A.Expr) : e;
  };
  return items.map(visit);
}
