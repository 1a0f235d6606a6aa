/**
 * Expression analysis + compilation: resolves an unresolved AST (ast.ts) against an input scope,
 * applies Spark's type coercion, computes Spark's auto-generated column name, and compiles the tree
 * to closures `(row) => value` ONCE per query. Rows are positional arrays (values.ts).
 *
 * Names follow Spark's toPrettySQL: literals unquoted (`CAST(abc AS INT)`), `(a + 1)`, `upper(a)`,
 * computed from the expression as written (implicit casts do not show), as the golden files print.
 */
import { windowOutsideSelect } from "./functions/window-spec";
import {
  AnalysisException,
  ArithmeticException,
  SparkArithmeticException,
  SparkArrayIndexOutOfBoundsException,
  sparkError,
} from "../errors";
import {
  ArrayType,
  BinaryType,
  BooleanType,
  type DataType,
  DateType,
  DayTimeIntervalType,
  YearMonthIntervalType,
  DecimalType,
  DoubleType,
  FloatType,
  IntegerType,
  LongType,
  MapType,
  NullType,
  StringType,
  TimestampNTZType,
  TimestampType,
} from "../types/data-types";
import { Decimal } from "../types/decimal";
import { StructFieldImpl, StructTypeImpl } from "../types/struct-type";
import type { Row } from "../types/values";
import type * as A from "./ast";
import { canCast, cannotCast, compileCast, type EvalContext, nullSafe, orderableComparison } from "./cast";
import { commonType, decimalResultType, isIntegralType, isNumericType, isStringType, widerNumeric } from "./coercion";
import type { Attr } from "./attr";
import { caseWhen } from "./case-when";
import { columnOfPlan } from "./column-of-plan";
import { comparatorFor, equalsFor, keyOf } from "./compare";
import * as dt from "./datetime";
import { javaDoubleToString, javaFloatToString } from "./json";
import { analyzeCast } from "./cast-expr";
import { datetimeArithmetic } from "./datetime-arithmetic";
import { nullOperandType } from "./null-coercion";
import { reduceDecimalLiteral } from "./decimal-literal-comparison";
import { analyzeSubqueryExpr, resolveOuterColumn } from "./subquery-hooks";
export { outputName } from "./naming";

export type Eval = (row: Row) => unknown;

/** A resolved, typed, compiled expression. */
export interface Bound {
  readonly dataType: DataType;
  readonly nullable: boolean;
  /** Spark's auto-generated name (toPrettySQL). */
  readonly name: string;
  readonly eval: Eval;
  readonly foldable: boolean;
  /** Set on a reference to a collapsed projection's column (see Attr.inline). */
  readonly inlinedFrom?: { uses: number };
  /** A CAST of a column: the column's name, which names the cast in a select list (naming.ts). */
  readonly castOfColumn?: string;
  /** Set for a direct reference to input column `ordinal`. */
  readonly ordinal?: number;
  /** Set when the expression is a literal (after folding typed literals). */
  readonly literal?: { readonly value: unknown };
  /** True when an aggregate function occurs inside. */
  readonly hasAggregate?: boolean;
  /** A generator-like struct result that a select list splits into these columns (json_tuple). */
  readonly expandAs?: readonly string[];
  /** window() with a slide shorter than its length: the plan expands each row into its windows. */
  readonly windowSpec?: WindowSpec;
  /** Set for field `index` of a `struct.*` expansion: the struct expression it reads (one object per expansion). */
  readonly starField?: { readonly struct: Bound; readonly index: number };
}

export interface WindowSpec {
  readonly w: bigint;
  readonly slide: bigint;
  readonly start: bigint;
  readonly eval: Eval;
}

export type { Attr, EventTimeTag } from "./attr";

export interface QueryContext extends EvalContext {
  /** Fixed "now" of the query (current_timestamp is constant within a query). */
  readonly nowMicros: bigint;
  readonly conf: (key: string) => string | undefined;
}

/** Hook the Aggregate operator installs to turn aggregate calls into slots of the group row. */
export interface AggregateHook {
  /** Returns a Bound reading the aggregate's result, or null when `call` is not an aggregate. */
  aggregate(call: A.Call, scope: Scope): Bound | null;
  /** Returns a Bound reading a grouping value when `e` is a grouping expression, else null. */
  grouping(e: A.Expr, scope: Scope): Bound | null;
  /** Called for a column reference outside any aggregate: must be grouped, else MISSING_AGGREGATION. */
  ungrouped(e: A.Expr, name: string): never;
}

export interface FunctionArgs {
  readonly args: readonly Bound[];
  readonly call: A.Call;
  readonly scope: Scope;
}

/** What a function resolver returns; the analyzer adds the name and defaults. */
export interface Resolved {
  readonly dataType: DataType;
  readonly eval: Eval;
  readonly nullable?: boolean;
  /** Replace the printed arguments (Spark shows defaults: split(s, ',', -1)). */
  readonly name?: string;
  readonly foldable?: boolean;
  readonly expandAs?: readonly string[];
  readonly windowSpec?: WindowSpec;
}

export interface FunctionDef {
  /** Display name (Spark's prettyName). */
  readonly name: string;
  readonly resolve: (f: FunctionArgs) => Resolved;
  /** Arguments analyzed specially (lambda functions). */
  readonly rawArgs?: boolean;
}

export interface FunctionLookup {
  get(name: string): FunctionDef | undefined;
  names(): Iterable<string>;
  isAggregate(name: string): boolean;
}

export interface Scope {
  readonly attrs: readonly Attr[];
  readonly ctx: QueryContext;
  readonly functions: FunctionLookup;
  readonly agg?: AggregateHook;
  /** Lambda variables in scope (name -> slot in the lambda frame). */
  readonly lambdas?: ReadonlyMap<string, { readonly slot: number; readonly dataType: DataType }>;
  /** Set while analyzing an aggregate's arguments (nested aggregates are an error). */
  readonly insideAggregate?: boolean;
}

// ---- literal display ----------------------------------------------------------------------------

/** How Spark prints a literal inside an auto-generated name. */
export function literalName(value: unknown, t: DataType, ctx: EvalContext): string {
  if (value === null) return "NULL";
  if (t instanceof StringType) return value as string;
  if (t instanceof DoubleType) return javaDoubleToString(value as number);
  if (t instanceof FloatType) return javaFloatToString(value as number);
  if (t instanceof DateType) return `DATE '${dt.dateToString(value as number)}'`;
  if (t instanceof TimestampType) return `TIMESTAMP '${dt.timestampToString(value as bigint, ctx.timeZone)}'`;
  if (t instanceof TimestampNTZType) return `TIMESTAMP_NTZ '${dt.timestampNtzToString(value as bigint)}'`;
  if (t instanceof BinaryType) return `X'${Buffer.from(value as Uint8Array).toString("hex").toUpperCase()}'`;
  if (t instanceof ArrayType) return `ARRAY(${(value as unknown[]).map((v) => literalName(v, t.elementType, ctx)).join(", ")})`;
  return String(value);
}

export function literal(value: unknown, t: DataType, name?: string, ctx?: EvalContext): Bound {
  const v = value;
  return {
    dataType: t,
    nullable: v === null,
    name: name ?? (ctx ? literalName(v, t, ctx) : String(v)),
    eval: () => v,
    foldable: true,
    literal: { value: v },
  };
}

// ---- errors ---------------------------------------------------------------------------------------

function levenshtein(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  const d = Array.from({ length: m + 1 }, (_, i) => [i, ...new Array<number>(n).fill(0)]);
  for (let j = 1; j <= n; j++) d[0]![j] = j;
  for (let i = 1; i <= m; i++)
    for (let j = 1; j <= n; j++)
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[m]![n]!;
}

/** The candidates closest to `name` (Spark's StringUtils.orderSuggestedIdentifiersBySimilarity). */
export function nearest(name: string, candidates: readonly string[], n = 5): string[] {
  const target = name.toLowerCase();
  return [...new Set(candidates)]
    .map((c) => ({ c, d: levenshtein(c.toLowerCase(), target) }))
    .sort((x, y) => x.d - y.d)
    .slice(0, n)
    .map((x) => x.c);
}

function quoteIdent(parts: readonly string[]): string {
  return parts.map((p) => `\`${p.replace(/`/g, "``")}\``).join(".");
}

export function unresolvedColumn(parts: readonly string[], attrs: readonly Attr[]): AnalysisException {
  const proposal = nearest(parts.join("."), attrs.map((a) => (a.qualifier ? `${a.qualifier}.${a.name}` : a.name)));
  if (proposal.length === 0) return sparkError(AnalysisException, "UNRESOLVED_COLUMN.WITHOUT_SUGGESTION", { objectName: quoteIdent(parts) });
  return sparkError(AnalysisException, "UNRESOLVED_COLUMN.WITH_SUGGESTION", {
    objectName: quoteIdent(parts),
    proposal: proposal.map((p) => quoteIdent(p.split("."))).join(", "),
  });
}

export function typeMismatch(sqlExpr: string, detail: string): AnalysisException {
  return new AnalysisException(
    `[DATATYPE_MISMATCH.${detail.split(":")[0]}] Cannot resolve "${sqlExpr}" due to data type mismatch: ${detail.split(":").slice(1).join(":").trim()}. SQLSTATE: 42K09`,
    { errorClass: `DATATYPE_MISMATCH.${detail.split(":")[0]}`, sqlState: "42K09" },
  );
}

export function unexpectedInputType(sqlExpr: string, paramIndex: number, required: string, input: Bound): AnalysisException {
  const ord = ["first", "second", "third", "fourth", "fifth", "sixth"][paramIndex] ?? `${paramIndex + 1}th`;
  return typeMismatch(
    sqlExpr,
    `UNEXPECTED_INPUT_TYPE: The ${ord} parameter requires the ${required} type, however "${input.name}" has the type "${input.dataType.sql()}"`,
  );
}

// ---- coercion helpers ------------------------------------------------------------------------------

/** Wraps `b` in an implicit cast to `t` (name unchanged, as Spark's pretty names hide implicit casts). */
export function coerce(b: Bound, t: DataType, ctx: EvalContext): Bound {
  if (b.dataType.equals(t)) return b;
  if (b.literal !== undefined && b.literal.value === null) return { ...b, dataType: t, eval: () => null };
  if (!canCast(b.dataType, t)) throw cannotCast(b.dataType, t, b.name);
  const conv = compileCast(b.dataType, t, ctx);
  const e = b.eval;
  const evalFn: Eval = (row) => {
    const v = e(row);
    return v === null ? null : conv(v);
  };
  if (b.foldable && b.literal !== undefined) {
    const v = b.literal.value === null ? null : conv(b.literal.value);
    return { ...b, dataType: t, eval: () => v, literal: { value: v }, nullable: v === null };
  }
  return { ...b, dataType: t, eval: evalFn, nullable: true, ordinal: undefined, literal: undefined };
}

// ---- analysis ---------------------------------------------------------------------------------------

export function analyzeExpr(e: A.Expr, scope: Scope): Bound {
  const g = scope.agg?.grouping(e, scope);
  if (g) return g;
  const b = analyzeNode(e, scope);
  return b;
}

function resolveColumn(parts: readonly string[], scope: Scope, planId?: number): Bound {
  const attrs = scope.attrs;
  const ofPlan = planId === undefined ? -1 : columnOfPlan(attrs, parts, planId);
  if (ofPlan >= 0) return fieldChain(attrRef(attrs, ofPlan), parts.slice(1), scope);
  // lambda variable?
  const lv = scope.lambdas?.get(parts[0]!.toLowerCase());
  if (lv !== undefined) {
    const slot = lv.slot;
    // Spark prints every lambda variable as namedlambdavariable() in a column name
    const b: Bound = { dataType: lv.dataType, nullable: true, name: "namedlambdavariable()", eval: () => lambdaFrame[slot] ?? null, foldable: false };
    return fieldChain(b, parts.slice(1), scope);
  }
  const lower = parts.map((p) => p.toLowerCase());
  // qualifier.column.fields
  if (parts.length > 1) {
    const q = attrs.findIndex((a) => a.qualifier !== null && a.qualifier.toLowerCase() === lower[0] && a.name.toLowerCase() === lower[1]);
    if (q >= 0) return groupedColumn(parts, 2, q, scope);
  }
  const matches: number[] = [];
  attrs.forEach((a, i) => {
    if (a.name.toLowerCase() === lower[0] && a.hidden !== true) matches.push(i);
  });
  if (matches.length > 1) {
    throw sparkError(AnalysisException, "AMBIGUOUS_REFERENCE", {
      name: quoteIdent([parts[0]!]),
      referenceNames: matches.map((i) => quoteIdent([attrs[i]!.qualifier ?? "", attrs[i]!.name].filter((x) => x !== ""))).join(", "),
    });
  }
  if (matches.length === 1) return groupedColumn(parts, 1, matches[0]!, scope);
  // CURRENT_DATE, CURRENT_TIMESTAMP ... are functions callable without parentheses
  if (parts.length === 1 && NILADIC.has(lower[0]!) && scope.functions.get(lower[0]!) !== undefined) {
    return analyzeCall({ kind: "Call", name: lower[0]!, args: [], distinct: false }, scope);
  }
  // inside a subquery: a column of the enclosing query (a correlated subquery)
  const outer = resolveOuterColumn({ kind: "ColumnRef", parts, ...(planId === undefined ? {} : { planId }) }, scope);
  if (outer !== null) return outer;
  throw unresolvedColumn(parts, attrs);
}

/** Input column `i`, named by `parts[0..n)`; beside aggregates its grouping key, or MISSING_AGGREGATION. */
function groupedColumn(parts: readonly string[], n: number, i: number, scope: Scope): Bound {
  if (scope.agg && !scope.insideAggregate) {
    const g = scope.agg.grouping({ kind: "ColumnRef", parts: parts.slice(0, n) }, scope);
    if (g) return fieldChain(g, parts.slice(n), scope);
    scope.agg.ungrouped({ kind: "ColumnRef", parts }, parts[n - 1]!);
  }
  return fieldChain(attrRef(scope.attrs, i), parts.slice(n), scope);
}

const NILADIC = new Set(["current_date", "current_timestamp", "current_user", "current_timezone", "localtimestamp", "user", "session_user"]);

/** Frame of the innermost running lambda (lambdas run synchronously, so one frame suffices). */
const lambdaFrame: unknown[] = [];

function attrRef(attrs: readonly Attr[], i: number): Bound {
  const a = attrs[i]!;
  if (a.inline !== undefined) {
    a.inline.uses++;
    // The reference keeps the column's name and, like any column, is neither foldable nor a literal.
    const { literal: _literal, ...inner } = a.inline.bound;
    return { ...inner, name: a.name, dataType: a.dataType, nullable: a.nullable, foldable: false, inlinedFrom: a.inline };
  }
  return { dataType: a.dataType, nullable: a.nullable, name: a.name, eval: (row) => row[i], foldable: false, ordinal: i };
}

function fieldChain(b: Bound, fields: readonly string[], scope: Scope): Bound {
  let cur = b;
  for (const f of fields) cur = extractField(cur, f, scope);
  return cur;
}

function extractField(b: Bound, field: string, _scope: Scope): Bound {
  const t = b.dataType;
  if (t instanceof StructTypeImpl) {
    let i = t.fields.findIndex((x) => x.name === field);
    if (i < 0) i = t.fields.findIndex((x) => x.name.toLowerCase() === field.toLowerCase());
    if (i < 0) {
      throw sparkError(AnalysisException, "UNRESOLVED_FIELD.WITH_SUGGESTION", {
        fieldName: quoteIdent([field]),
        columnPath: quoteIdent([b.name]),
        proposal: nearest(field, t.fieldNames()).map((n) => quoteIdent([n])).join(", "),
      });
    }
    const f = t.fields[i]!;
    const e = b.eval;
    return {
      dataType: f.dataType,
      nullable: b.nullable || f.nullable,
      name: `${b.name}.${f.name}`,
      eval: (row) => {
        const s = e(row) as unknown[] | null;
        return s === null ? null : (s[i] ?? null);
      },
      foldable: b.foldable,
    };
  }
  if (t instanceof MapType) return subscriptOf(b, literal(field, StringType(), field), _scope);
  if (t instanceof ArrayType && t.elementType instanceof StructTypeImpl) {
    const inner = extractField({ dataType: t.elementType, nullable: true, name: "", eval: (r) => r, foldable: false }, field, _scope);
    const e = b.eval;
    const ie = inner.eval;
    return {
      dataType: ArrayType(inner.dataType, true),
      nullable: b.nullable,
      name: `${b.name}.${field}`,
      eval: (row) => {
        const a = e(row) as unknown[] | null;
        return a === null ? null : a.map((x) => (x === null ? null : ie(x as Row)));
      },
      foldable: b.foldable,
    };
  }
  throw new AnalysisException(
    `[INVALID_EXTRACT_BASE_FIELD_TYPE] Can't extract a value from "${b.name}". Need a complex type [STRUCT, ARRAY, MAP] but got "${t.sql()}". SQLSTATE: 42000`,
    { errorClass: "INVALID_EXTRACT_BASE_FIELD_TYPE", sqlState: "42000" },
  );
}

function subscriptOf(b: Bound, idx: Bound, scope: Scope): Bound {
  const t = b.dataType;
  const e = b.eval;
  if (t instanceof ArrayType) {
    const i = coerce(idx, IntegerType(), scope.ctx);
    const ie = i.eval;
    const ansi = scope.ctx.ansi;
    return {
      dataType: t.elementType,
      nullable: true,
      name: `${b.name}[${idx.name}]`,
      eval: (row) => {
        const a = e(row) as unknown[] | null;
        const k = ie(row) as number | null;
        if (a === null || k === null) return null;
        if (k < 0 || k >= a.length) {
          if (ansi)
            throw sparkError(SparkArrayIndexOutOfBoundsException, "INVALID_ARRAY_INDEX", {
              indexValue: String(k),
              arraySize: String(a.length),
              ansiConfig: '"spark.sql.ansi.enabled"',
            });
          return null;
        }
        return a[k] ?? null;
      },
      foldable: b.foldable && idx.foldable,
    };
  }
  if (t instanceof MapType) {
    const k = coerce(idx, t.keyType, scope.ctx);
    const ke = k.eval;
    const eq = equalsFor(t.keyType);
    return {
      dataType: t.valueType,
      nullable: true,
      name: `${b.name}[${idx.name}]`,
      eval: (row) => {
        const m = e(row) as Map<unknown, unknown> | null;
        const key = ke(row);
        if (m === null || key === null) return null;
        if (m.has(key)) return m.get(key) ?? null;
        for (const [kk, vv] of m) if (eq(kk, key)) return vv;
        return null;
      },
      foldable: b.foldable && idx.foldable,
    };
  }
  if (t instanceof StructTypeImpl && idx.literal && typeof idx.literal.value === "string") return extractField(b, idx.literal.value, scope);
  throw typeMismatch(`${b.name}[${idx.name}]`, `UNEXPECTED_INPUT_TYPE: The first parameter requires the ("ARRAY" or "MAP") type, however "${b.name}" has the type "${t.sql()}"`);
}

function analyzeNode(e: A.Expr, scope: Scope): Bound {
  switch (e.kind) {
    case "Literal":
      return literal(e.value, e.dataType, e.display, scope.ctx);
    case "ColumnRef":
      // Column.outer(): the enclosing query's column, when there is one
      return (e.outer && resolveOuterColumn(e, scope)) || resolveColumn(e.parts, scope, e.planId);
    case "Subquery":
      return analyzeSubqueryExpr(e, scope);
    case "Star":
      throw new AnalysisException(`Invalid usage of '*' in expression: '*' can only be used in SELECT lists, count(*) or struct(*)`, {
        errorClass: "INVALID_USAGE_OF_STAR_OR_REGEX",
        sqlState: "42000",
      });
    case "Alias": {
      const c = analyzeExpr(e.child, scope);
      return { ...c, name: e.names[0]!, ordinal: c.ordinal };
    }
    case "Cast":
      return analyzeCast(e, scope);
    case "Unary":
      return analyzeUnary(e, scope);
    case "Binary":
      return analyzeBinary(e, scope);
    case "Call":
      return analyzeCall(e, scope);
    case "CaseWhen": {
      const operand = e.operand ? analyzeExpr(e.operand, scope) : null;
      const conds = e.branches.map(([c]) => (operand ? comparison("=", operand, analyzeExpr(c, scope), scope) : analyzeExpr(c, scope)));
      return caseWhen(conds, e.branches.map(([, v]) => analyzeExpr(v, scope)), e.elseValue ? analyzeExpr(e.elseValue, scope) : null, scope);
    }
    case "In":
      return analyzeIn(e, scope);
    case "Between": {
      const c = analyzeExpr(e.child, scope);
      const lo = analyzeExpr(e.lower, scope);
      const hi = analyzeExpr(e.upper, scope);
      const ge = comparison(">=", c, lo, scope);
      const le = comparison("<=", c, hi, scope);
      const a = ge.eval;
      const b = le.eval;
      const name = `between(${c.name}, ${lo.name}, ${hi.name})`;
      const evalFn: Eval = (row) => and3(a(row), b(row));
      const r: Bound = { dataType: BooleanType(), nullable: true, name, eval: evalFn, foldable: c.foldable && lo.foldable && hi.foldable };
      return e.negated ? notOf(r) : r;
    }
    case "Like": {
      const call: A.Call = {
        kind: "Call",
        name: e.op === "LIKE" ? (e.quantifier ? `like_${e.quantifier.toLowerCase()}` : "like") : e.op === "ILIKE" ? "ilike" : "rlike",
        args: e.quantifier ? [e.child, ...(e.patterns ?? [])] : [e.child, e.pattern],
        distinct: false,
        ...(e.escape !== null ? { syntax: e.escape } : {}),
      };
      const r = analyzeCall(call, scope);
      return e.negated ? notOf(r) : r;
    }
    case "IsNull": {
      const c = analyzeExpr(e.child, scope);
      const ce = c.eval;
      return {
        dataType: BooleanType(),
        nullable: false,
        name: `(${c.name} IS ${e.negated ? "NOT " : ""}NULL)`,
        eval: e.negated ? (row) => ce(row) !== null : (row) => ce(row) === null,
        foldable: c.foldable,
      };
    }
    case "Subscript":
      return subscriptOf(analyzeExpr(e.child, scope), analyzeExpr(e.index, scope), scope);
    case "FieldAccess":
      return extractField(analyzeExpr(e.child, scope), e.field, scope);
    case "SortOrder":
      return analyzeExpr(e.child, scope);
    case "WindowExpr":
      throw windowOutsideSelect(e);
    case "LambdaFn":
    case "LambdaVar":
      throw new AnalysisException("A lambda function can only be an argument of a higher-order function", {
        errorClass: "INVALID_LAMBDA_FUNCTION_CALL",
        sqlState: "42K0D",
      });
  }
}

/** Runs a lambda body with its parameters bound (used by higher-order functions). */
export function bindLambda(fn: A.LambdaFn, paramTypes: readonly DataType[], scope: Scope): { body: Bound; call: (args: unknown[], row: Row) => unknown } {
  const base = scope.lambdas?.size ?? 0;
  const lambdas = new Map(scope.lambdas ?? []);
  fn.params.forEach((p, i) => {
    lambdas.set(p.toLowerCase(), { slot: base + i, dataType: paramTypes[i] ?? NullType() });
  });
  const body = analyzeExpr(fn.body, { ...scope, lambdas });
  const be = body.eval;
  return {
    body,
    call: (args, row) => {
      const saved = args.map((_, i) => lambdaFrame[base + i]);
      args.forEach((a, i) => {
        lambdaFrame[base + i] = a;
      });
      try {
        return be(row);
      } finally {
        saved.forEach((s, i) => {
          lambdaFrame[base + i] = s;
        });
      }
    },
  };
}

function notOf(b: Bound): Bound {
  const be = b.eval;
  return {
    dataType: BooleanType(),
    nullable: b.nullable,
    name: `(NOT ${b.name})`,
    eval: (row) => {
      const v = be(row);
      return v === null ? null : !v;
    },
    foldable: b.foldable,
  };
}

function and3(a: unknown, b: unknown): boolean | null {
  if (a === false || b === false) return false;
  if (a === null || b === null) return null;
  return true;
}

function analyzeUnary(e: A.Unary, scope: Scope): Bound {
  const c = analyzeExpr(e.child, scope);
  if (e.op === "NOT") {
    const b = coerce(c, BooleanType(), scope.ctx);
    if (!(c.dataType instanceof BooleanType) && !(c.dataType instanceof NullType) && !isStringType(c.dataType)) {
      throw unexpectedInputType(`(NOT ${c.name})`, 0, '"BOOLEAN"', c);
    }
    return notOf({ ...b, name: c.name });
  }
  if (e.op === "+") {
    const b = isStringType(c.dataType) || c.dataType instanceof NullType ? coerce(c, DoubleType(), scope.ctx) : c;
    return { ...b, name: `(+ ${c.name})`, ordinal: undefined };
  }
  if (e.op === "~") {
    const ce = c.eval;
    return {
      dataType: c.dataType instanceof NullType ? nullOperandType("~") : c.dataType,
      nullable: c.nullable,
      name: `~${c.name}`,
      eval: (row) => {
        const v = ce(row);
        return v === null ? null : typeof v === "bigint" ? ~v : ~(v as number);
      },
      foldable: c.foldable,
    };
  }
  return negate(c, scope, `(- ${c.name})`);
}

export function negate(c: Bound, scope: Scope, name: string): Bound {
  const b = isStringType(c.dataType) || c.dataType instanceof NullType ? coerce(c, nullOperandType("-"), scope.ctx) : c;
  const t = b.dataType;
  const be = b.eval;
  const ansi = scope.ctx.ansi;
  let f: (v: unknown) => unknown;
  if (t instanceof DecimalType) f = (v) => (v as Decimal).neg();
  else if (t instanceof LongType)
    f = (v) => {
      const r = -(v as bigint);
      if (r > 9223372036854775807n) {
        if (ansi) throw overflowError("long overflow", "try_subtract");
        return BigInt.asIntN(64, r);
      }
      return r;
    };
  else if (isIntegralType(t)) {
    const bits = t.typeName() === "integer" ? 32 : t.typeName() === "short" ? 16 : 8;
    const min = -(2 ** (bits - 1));
    f = (v) => {
      if (v === min) {
        if (ansi) throw overflowError(`${t.typeName()} overflow`, "try_subtract");
        return min;
      }
      return -(v as number);
    };
  } else if (t instanceof DayTimeIntervalType) f = (v) => -(v as bigint);
  else if (t instanceof YearMonthIntervalType) f = (v) => -(v as number);
  else if (t instanceof NullType) f = () => null;
  else if (isNumericType(t)) f = (v) => -(v as number);
  else throw unexpectedInputType(name, 0, '("NUMERIC" or "INTERVAL DAY TO SECOND" or "INTERVAL YEAR TO MONTH" or "INTERVAL")', c);
  return {
    dataType: t,
    nullable: b.nullable,
    name,
    eval: (row) => {
      const v = be(row);
      return v === null ? null : f(v);
    },
    foldable: b.foldable,
  };
}

export function overflowError(message: string, alternative: string): SparkArithmeticException {
  return sparkError(SparkArithmeticException, "ARITHMETIC_OVERFLOW", {
    message,
    alternative: alternative ? ` Use '${alternative}' to tolerate overflow and return NULL instead.` : "",
    config: '"spark.sql.ansi.enabled"',
  });
}

export function divideByZero(): SparkArithmeticException {
  return sparkError(SparkArithmeticException, "DIVIDE_BY_ZERO", { config: '"spark.sql.ansi.enabled"' });
}

const OP_NAME: Readonly<Record<string, string>> = { "==": "=", "!=": "=", "<>": "=" };

function analyzeBinary(e: A.Binary, scope: Scope): Bound {
  const l = analyzeExpr(e.left, scope);
  const r = analyzeExpr(e.right, scope);
  switch (e.op) {
    case "AND":
    case "OR": {
      const name = `(${l.name} ${e.op} ${r.name})`;
      for (const [i, x] of [l, r].entries()) {
        if (!(x.dataType instanceof BooleanType) && !(x.dataType instanceof NullType)) {
          throw unexpectedInputType(name, i, '"BOOLEAN"', x);
        }
      }
      const le = l.eval;
      const re = r.eval;
      const evalFn: Eval =
        e.op === "AND"
          ? (row) => {
              const a = le(row);
              if (a === false) return false;
              const b = re(row);
              if (b === false) return false;
              return a === null || b === null ? null : true;
            }
          : (row) => {
              const a = le(row);
              if (a === true) return true;
              const b = re(row);
              if (b === true) return true;
              return a === null || b === null ? null : false;
            };
      return { dataType: BooleanType(), nullable: l.nullable || r.nullable, name, eval: evalFn, foldable: l.foldable && r.foldable };
    }
    case "||":
      return analyzeCall({ kind: "Call", name: "concat", args: [e.left, e.right], distinct: false }, scope);
    case "=":
    case "==":
    case "<=>":
    case "<":
    case "<=":
    case ">":
    case ">=":
      return comparison(e.op, l, r, scope);
    case "!=":
    case "<>":
      return notOf(comparison("=", l, r, scope));
    default:
      return arithmetic(e.op, l, r, scope);
  }
}

/** `l op r` on analyzed operands (arithmetic or comparison), for functions such as mod/pmod/try_add. */
export function binaryOnBound(op: string, l: Bound, r: Bound, scope: Scope): Bound {
  if (["=", "==", "<=>", "<", "<=", ">", ">="].includes(op)) return comparison(op, l, r, scope);
  return arithmetic(op as A.BinaryOp, l, r, scope);
}

/** Comparison with Spark's coercion and null semantics (<=> is null-safe). */
export function comparison(op: string, l0: Bound, r0: Bound, scope: Scope): Bound {
  const reduced = reduceDecimalLiteral(op, l0, r0);
  if (reduced !== null && "eval" in reduced) return reduced;
  const { l, r } = reduced ?? { l: l0, r: r0 };
  const name = orderableComparison(`(${l.name} ${OP_NAME[op] ?? op} ${r.name})`, op, l.dataType, r.dataType);
  const t = commonType(l.dataType, r.dataType, scope.ctx.ansi, true);
  if (t === null || t instanceof MapType) {
    throw typeMismatch(
      name,
      `BINARY_OP_DIFF_TYPES: the left and right operands of the binary operator have incompatible types ("${l.dataType.sql()}" and "${r.dataType.sql()}")`,
    );
  }
  const a = coerce(l, t, scope.ctx).eval;
  const b = coerce(r, t, scope.ctx).eval;
  const foldable = l.foldable && r.foldable;
  const res = (evalFn: Eval, nullable = true): Bound => ({ dataType: BooleanType(), nullable, name, eval: evalFn, foldable });
  if (op === "=" || op === "==" || op === "<=>") {
    const eq = equalsFor(t);
    if (op === "<=>")
      return res((row) => {
        const x = a(row);
        const y = b(row);
        return x === null || y === null ? x === y : eq(x, y);
      }, false);
    return res((row) => {
      const x = a(row);
      if (x === null) return null;
      const y = b(row);
      return y === null ? null : eq(x, y);
    });
  }
  const cmp = comparatorFor(t);
  const test = op === "<" ? (c: number) => c < 0 : op === "<=" ? (c: number) => c <= 0 : op === ">" ? (c: number) => c > 0 : (c: number) => c >= 0;
  return res((row) => {
    const x = a(row);
    if (x === null) return null;
    const y = b(row);
    return y === null ? null : test(cmp(x, y));
  });
}

const INT_BOUNDS: Readonly<Record<string, readonly [number, number]>> = {
  byte: [-128, 127],
  short: [-32768, 32767],
  integer: [-2147483648, 2147483647],
};

function arithmetic(op: A.BinaryOp, l0: Bound, r0: Bound, scope: Scope): Bound {
  const ctx = scope.ctx;
  const ansi = ctx.ansi;
  const name = `(${l0.name} ${op} ${r0.name})`;
  let l = l0;
  let r = r0;
  const lt = l.dataType;
  const rt = r.dataType;
  // datetime arithmetic
  if (op === "+" || op === "-") {
    const dtRes = datetimeArithmetic(op, l, r, scope, name);
    if (dtRes) return dtRes;
  }
  // strings in arithmetic become doubles (bigint under ANSI for integral partners)
  if (isStringType(lt)) l = coerce(l, ansi && isIntegralType(rt) ? LongType() : DoubleType(), ctx);
  if (isStringType(rt)) r = coerce(r, ansi && isIntegralType(lt) ? LongType() : DoubleType(), ctx);
  if (l.dataType instanceof NullType && r.dataType instanceof NullType) {
    l = coerce(l, nullOperandType(op), ctx);
    r = coerce(r, nullOperandType(op), ctx);
  }
  if (l.dataType instanceof NullType) l = coerce(l, r.dataType, ctx);
  if (r.dataType instanceof NullType) r = coerce(r, l.dataType, ctx);
  for (const [i, x] of [l, r].entries()) {
    if (!isNumericType(x.dataType)) {
      if (op === "&" || op === "|" || op === "^") throw unexpectedInputType(name, i, '"INTEGRAL"', x);
      throw typeMismatch(
        name,
        `BINARY_OP_WRONG_TYPE: the binary operator requires the input type ("NUMERIC" or "INTERVAL DAY TO SECOND" or "INTERVAL YEAR TO MONTH" or "INTERVAL"), not "${x.dataType.sql()}"`,
      );
    }
  }
  let t = widerNumeric(l.dataType, r.dataType);
  if (op === "/" && !(t instanceof DecimalType)) t = DoubleType();
  if (op === "div") {
    t = t instanceof DecimalType ? t : LongType();
    if (!(t instanceof DecimalType) && !isIntegralType(l.dataType)) t = LongType();
  }
  const foldable = l.foldable && r.foldable;
  if (t instanceof DecimalType) {
    // An integral literal counts with its own digits (Spark's DecimalType.fromLiteral), a column with its type's.
    const asDec = (b: Bound): DecimalType => {
      if (b.dataType instanceof DecimalType) return b.dataType;
      const v = b.literal?.value;
      if ((typeof v === "number" && Number.isInteger(v)) || typeof v === "bigint") {
        return DecimalType(Math.max(String(v).replace("-", "").length, 1), 0);
      }
      return widerNumeric(b.dataType, DecimalType(1, 0)) as DecimalType;
    };
    const dl = asDec(l);
    const dr = asDec(r);
    const a = coerce(l, dl, ctx).eval;
    const b = coerce(r, dr, ctx).eval;
    if (op === "div") {
      return mk(LongType(), name, foldable, (row) => {
        const x = a(row) as Decimal | null;
        const y = b(row) as Decimal | null;
        if (x === null || y === null) return null;
        if (y.isZero()) {
          if (ansi) throw divideByZero();
          return null;
        }
        const s = Math.max(x.scale, y.scale);
        return x.setScale(s).unscaled / y.setScale(s).unscaled;
      });
    }
    const rt2 = op === "&" || op === "|" || op === "^" ? t : decimalResultType(op, dl, dr);
    const { precision: p, scale: s } = rt2;
    const fitDec = (d: Decimal): Decimal | null => {
      const x = d.setScale(s);
      if (x.precision() > p && !x.isZero()) {
        if (ansi)
          throw new SparkArithmeticException(
            `[NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION] ${x.toString()} cannot be represented as Decimal(${p}, ${s}). If necessary set "spark.sql.ansi.enabled" to "false" to bypass this error, and return NULL instead. SQLSTATE: 22003`,
            { errorClass: "NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION", sqlState: "22003" },
          );
        return null;
      }
      return x;
    };
    const f =
      op === "+"
        ? (x: Decimal, y: Decimal) => fitDec(x.add(y))
        : op === "-"
          ? (x: Decimal, y: Decimal) => fitDec(x.sub(y))
          : op === "*"
            ? (x: Decimal, y: Decimal) => fitDec(x.mul(y))
            : op === "/"
              ? (x: Decimal, y: Decimal) => {
                  if (y.isZero()) {
                    if (ansi) throw divideByZero();
                    return null;
                  }
                  return fitDec(x.div(y, s));
                }
              : (x: Decimal, y: Decimal) => {
                  if (y.isZero()) {
                    if (ansi) throw divideByZero();
                    return null;
                  }
                  const sc = Math.max(x.scale, y.scale);
                  const xu = x.setScale(sc).unscaled;
                  const yu = y.setScale(sc).unscaled;
                  return fitDec(new Decimal(xu % yu, sc));
                };
    return mk(rt2, name, foldable, (row) => {
      const x = a(row) as Decimal | null;
      if (x === null) return null;
      const y = b(row) as Decimal | null;
      return y === null ? null : f(x, y);
    });
  }
  const opType = op === "div" ? (isIntegralType(widerNumeric(l.dataType, r.dataType)) ? LongType() : DoubleType()) : t;
  const a = coerce(l, opType, ctx).eval;
  const b = coerce(r, opType, ctx).eval;
  if (opType instanceof LongType) {
    const fn = longOp(op, ansi);
    return mk(t, name, foldable, (row) => {
      const x = a(row) as bigint | null;
      if (x === null) return null;
      const y = b(row) as bigint | null;
      return y === null ? null : fn(x, y);
    });
  }
  const bounds = INT_BOUNDS[opType.typeName()];
  if (bounds !== undefined) {
    const [lo, hi] = bounds;
    const bits = opType.typeName() === "integer" ? 32 : opType.typeName() === "short" ? 16 : 8;
    const wrapN = (v: number) => Number(BigInt.asIntN(bits, BigInt(v)));
    const checked = (v: number, what: string) => {
      if (v < lo || v > hi) {
        if (ansi) throw overflowError(`${opType.typeName()} overflow`, what);
        return wrapN(v);
      }
      return v;
    };
    let fn: (x: number, y: number) => number | null;
    switch (op) {
      case "+":
        fn = (x, y) => checked(x + y, "try_add");
        break;
      case "-":
        fn = (x, y) => checked(x - y, "try_subtract");
        break;
      case "*":
        fn = (x, y) => {
          const m = x * y;
          return Number.isSafeInteger(m) ? checked(m, "try_multiply") : checked(Number(BigInt(x) * BigInt(y)), "try_multiply");
        };
        break;
      case "%":
        fn = (x, y) => {
          if (y === 0) {
            if (ansi) throw divideByZero();
            return null;
          }
          const m = x % y;
          return m === 0 ? 0 : m;
        };
        break;
      case "&":
        fn = (x, y) => x & y;
        break;
      case "|":
        fn = (x, y) => x | y;
        break;
      case "^":
        fn = (x, y) => x ^ y;
        break;
      default:
        throw new AnalysisException(`Unsupported operator ${op}`);
    }
    return mk(t, name, foldable, (row) => {
      const x = a(row) as number | null;
      if (x === null) return null;
      const y = b(row) as number | null;
      return y === null ? null : fn(x, y);
    });
  }
  // float / double
  const fl = opType instanceof FloatType ? Math.fround : (x: number) => x;
  let fn: (x: number, y: number) => number | null;
  switch (op) {
    case "+":
      fn = (x, y) => fl(x + y);
      break;
    case "-":
      fn = (x, y) => fl(x - y);
      break;
    case "*":
      fn = (x, y) => fl(x * y);
      break;
    case "/":
      fn = (x, y) => {
        if (y === 0) {
          if (ansi) throw divideByZero();
          return null;
        }
        return fl(x / y);
      };
      break;
    case "%":
      fn = (x, y) => {
        if (y === 0) {
          if (ansi) throw divideByZero();
          return null;
        }
        return fl(x % y);
      };
      break;
    default:
      throw unexpectedInputType(name, 0, '"INTEGRAL"', l);
  }
  return mk(t, name, foldable, (row) => {
    const x = a(row) as number | null;
    if (x === null) return null;
    const y = b(row) as number | null;
    return y === null ? null : fn(x, y);
  });
}

function longOp(op: A.BinaryOp, ansi: boolean): (x: bigint, y: bigint) => bigint | null {
  const MAX = 9223372036854775807n;
  const MIN = -9223372036854775808n;
  const chk = (v: bigint, alt: string) => {
    if (v > MAX || v < MIN) {
      if (ansi) throw overflowError("long overflow", alt);
      return BigInt.asIntN(64, v);
    }
    return v;
  };
  switch (op) {
    case "+":
      return (x, y) => chk(x + y, "try_add");
    case "-":
      return (x, y) => chk(x - y, "try_subtract");
    case "*":
      return (x, y) => chk(x * y, "try_multiply");
    case "div":
    case "%":
      return (x, y) => {
        if (y === 0n) {
          if (ansi) throw divideByZero();
          return null;
        }
        return op === "div" ? chk(x / y, "try_divide") : x % y;
      };
    case "&":
      return (x, y) => x & y;
    case "|":
      return (x, y) => x | y;
    case "^":
      return (x, y) => x ^ y;
    default:
      return () => {
        throw new ArithmeticException(`Unsupported operator ${op}`);
      };
  }
}

function mk(dataType: DataType, name: string, foldable: boolean, evalFn: Eval): Bound {
  return { dataType, nullable: true, name, eval: evalFn, foldable };
}

function analyzeIn(e: A.In, scope: Scope): Bound {
  const c = analyzeExpr(e.child, scope);
  const list = e.list.map((x) => analyzeExpr(x, scope));
  const name = `(${c.name} IN (${list.map((b) => b.name).join(", ")}))`;
  let t: DataType | null = c.dataType;
  for (const b of list) {
    t = t === null ? null : commonType(t, b.dataType, scope.ctx.ansi, true);
  }
  if (t === null) {
    throw typeMismatch(
      name,
      `DATA_DIFF_TYPES: Input to \`in\` should all be the same type, but it's [${[c, ...list].map((b) => `"${b.dataType.sql()}"`).join(", ")}]`,
    );
  }
  const tt: DataType = t;
  const ce = coerce(c, tt, scope.ctx).eval;
  const le = list.map((b) => coerce(b, tt, scope.ctx).eval);
  const eq = equalsFor(tt);
  const allLiteral = list.every((b) => b.foldable);
  let evalFn: Eval;
  if (allLiteral && (tt instanceof StringType || tt instanceof IntegerType || tt instanceof LongType || tt instanceof DateType)) {
    const values = le.map((f) => f([]));
    const set = new Set(values.filter((v) => v !== null));
    const hasNull = values.includes(null);
    evalFn = (row) => {
      const v = ce(row);
      if (v === null) return null;
      if (set.has(v)) return true;
      return hasNull ? null : false;
    };
  } else {
    evalFn = (row) => {
      const v = ce(row);
      if (v === null) return null;
      let sawNull = false;
      for (const f of le) {
        const x = f(row);
        if (x === null) sawNull = true;
        else if (eq(v, x)) return true;
      }
      return sawNull ? null : false;
    };
  }
  const r: Bound = { dataType: BooleanType(), nullable: true, name, eval: evalFn, foldable: c.foldable && allLiteral };
  return e.negated ? notOf(r) : r;
}

function analyzeCall(e: A.Call, scope: Scope): Bound {
  const lname = e.name.toLowerCase();
  if (scope.agg && scope.functions.isAggregate(lname)) {
    if (scope.insideAggregate) {
      throw new AnalysisException(
        `[NESTED_AGGREGATE_FUNCTION] It is not allowed to use an aggregate function in the argument of another aggregate function. Please use the inner aggregate function in a sub-query. SQLSTATE: 42607`,
        { errorClass: "NESTED_AGGREGATE_FUNCTION", sqlState: "42607" },
      );
    }
    const r = scope.agg.aggregate(e, scope);
    if (r) return r;
  }
  const def = scope.functions.get(lname);
  if (def === undefined) {
    if (scope.functions.isAggregate(lname)) {
      throw sparkError(AnalysisException, "MISSING_GROUP_BY", {});
    }
    throw new AnalysisException(
      `[UNRESOLVED_ROUTINE] Cannot resolve routine \`${e.name}\` on search path [\`system\`.\`builtin\`, \`system\`.\`session\`, \`spark_catalog\`.\`default\`]. SQLSTATE: 42883`,
      {
        errorClass: "UNRESOLVED_ROUTINE",
        sqlState: "42883",
        messageParameters: {
          routineName: `\`${e.name}\``,
          suggestion: nearest(e.name, [...scope.functions.names()], 3).join(", "),
        },
      },
    );
  }
  if (scope.functions.isAggregate(lname)) {
    // an aggregate outside an Aggregate operator: the plan layer turns Project into Aggregate
    throw sparkError(AnalysisException, "MISSING_GROUP_BY", {});
  }
  const args = def.rawArgs ? [] : e.args.map((a) => analyzeExpr(a, scope));
  const res = def.resolve({ args, call: e, scope });
  const foldable = res.foldable ?? (args.length > 0 && args.every((a) => a.foldable));
  return {
    dataType: res.dataType,
    nullable: res.nullable ?? true,
    name: res.name ?? `${def.name}(${args.map((a) => a.name).join(", ")})`,
    eval: res.eval,
    foldable,
    ...(res.expandAs ? { expandAs: res.expandAs } : {}),
    ...(res.windowSpec ? { windowSpec: res.windowSpec } : {}),
  };
}

/** Calls a registered function on already-analyzed arguments (used for rewrites like date + 1). */
export function analyzeCallBound(name: string, args: readonly Bound[], scope: Scope): Bound {
  const def = scope.functions.get(name)!;
  const res = def.resolve({ args, call: { kind: "Call", name, args: [], distinct: false }, scope });
  return {
    dataType: res.dataType,
    nullable: res.nullable ?? true,
    name: res.name ?? `${def.name}(${args.map((a) => a.name).join(", ")})`,
    eval: res.eval,
    foldable: args.every((a) => a.foldable),
  };
}

/** Expands `*` / `t.*` / `struct.*` into one Bound per column or field. */
export function expandStar(s: A.Star, scope: Scope): { name: string; bound: Bound }[] {
  const attrs = scope.attrs;
  if (s.target === null) return attrs.flatMap((a, i) => (a.hidden ? [] : [{ name: a.name, bound: attrRef(attrs, i) }]));
  const q = s.target.join(".").toLowerCase();
  const byQualifier = attrs.map((a, i) => [a, i] as const).filter(([a]) => a.qualifier?.toLowerCase() === q);
  if (byQualifier.length > 0) return byQualifier.map(([a, i]) => ({ name: a.name, bound: attrRef(attrs, i) }));
  const b = resolveColumn(s.target, scope);
  if (!(b.dataType instanceof StructTypeImpl)) {
    throw new AnalysisException(
      `[CANNOT_RESOLVE_STAR_EXPAND] Cannot resolve ${quoteIdent(s.target)}.* given input columns ${attrs.map((a) => quoteIdent([a.name])).join(", ")}. Please check that the specified table or struct exists and is accessible in the input columns. SQLSTATE: 42704`,
      { errorClass: "CANNOT_RESOLVE_STAR_EXPAND", sqlState: "42704" },
    );
  }
  const st = b.dataType;
  const be = b.eval;
  // every field evaluates the struct: an inlined struct expression would run once per field
  if (b.inlinedFrom !== undefined) b.inlinedFrom.uses += st.fields.length - 1;
  return st.fields.map((f, i) => ({
    name: f.name,
    bound: {
      dataType: f.dataType,
      nullable: true,
      name: f.name,
      eval: (row: Row) => {
        const v = be(row) as unknown[] | null;
        return v === null ? null : (v[i] ?? null);
      },
      foldable: false,
      starField: { struct: b, index: i },
    },
  }));
}

/** Struct type for named fields (used by struct(), named_struct, window). */
export function structOf(names: readonly string[], types: readonly DataType[], nullable = true): StructTypeImpl {
  return new StructTypeImpl(names.map((n, i) => new StructFieldImpl(n, types[i]!, nullable)));
}

export { keyOf, nullSafe };
