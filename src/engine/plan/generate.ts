/**
 * Generators (Spark's Generate): explode, posexplode, inline, stack and variant_explode, each with its `_outer` form where
 * Spark has one. One input row becomes zero or more; an outer generator keeps a row whose input is null or
 * empty, with nulls. Output columns are named as in Spark (col / pos, col / key, value / the struct's fields /
 * col0..colN-1) unless the query aliases them (`AS (a, b)`).
 */
import { AnalysisException, sparkError } from "../errors";
import * as A from "../expr/ast";
import { analyzeExpr, type Attr, type Bound, coerce, type Scope } from "../expr/analyze";
import { commonTypeOf } from "../expr/coercion";
import { ArrayType, type DataType, IntegerType, MapType, NullType } from "../types/data-types";
import { StructTypeImpl } from "../types/struct-type";
import type { Row } from "../types/values";
import type { Expand } from "./nodes";
import { VARIANT_EXPLODE_COLUMNS, variantExplodeRows } from "../expr/variant/explode";

export const GENERATOR_NAMES = new Set(["explode", "explode_outer", "posexplode", "posexplode_outer", "inline", "inline_outer", "stack", "variant_explode", "variant_explode_outer"]);

export interface Generator {
  /** The generated columns (appended after the input's). */
  readonly attrs: readonly Attr[];
  /** The rows one input row generates (each only the generated values). */
  readonly rows: (row: Row) => readonly Row[];
  /** Emit one all-null row when rows() is empty (the _outer forms). */
  readonly outer: boolean;
}

const attr = (name: string, dataType: DataType): Attr => ({ name, qualifier: null, dataType, nullable: true });

function wrongType(fn: string, b: Bound, want: string): AnalysisException {
  return new AnalysisException(
    `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "${fn}(${b.name})" due to data type mismatch: Parameter 1 requires the ${want} type, however "${b.name}" has the type "${b.dataType.sql()}". SQLSTATE: 42K09`,
    { errorClass: "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE", sqlState: "42K09" },
  );
}

/** Plans generator `fn` over `args` in `scope`; `names` are the query's aliases (empty: Spark's defaults). */
export function planGenerator(fn: string, args: readonly A.Expr[], names: readonly string[], scope: Scope): Generator {
  const lower = fn.toLowerCase();
  const outer = lower.endsWith("_outer");
  const base = outer ? lower.slice(0, -"_outer".length) : lower;
  const named = (defaults: readonly string[]): string[] => {
    if (names.length > 0 && names.length !== defaults.length) {
      throw new AnalysisException(
        `[UDTF_ALIAS_NUMBER_MISMATCH] The number of aliases supplied in the AS clause does not match the number of columns output by the UDTF. Expected ${defaults.length} aliases, but got ${names.join(", ")}. SQLSTATE: 42802`,
        { errorClass: "UDTF_ALIAS_NUMBER_MISMATCH", sqlState: "42802" },
      );
    }
    return names.length > 0 ? [...names] : [...defaults];
  };
  if (base === "stack") {
    const bs = args.map((a) => analyzeExpr(a, scope));
    const n = Number(bs[0]!.eval([]));
    const values = bs.slice(1);
    const width = Math.ceil(values.length / n);
    const types = Array.from({ length: width }, (_, c) => commonTypeOf(values.filter((_, i) => i % width === c).map((v) => v.dataType), scope.ctx.ansi) ?? NullType());
    const evals = values.map((v, i) => coerce(v, types[i % width]!, scope.ctx).eval);
    const cols = named(types.map((_, i) => `col${i}`));
    return {
      attrs: types.map((t, i) => attr(cols[i]!, t)),
      outer: false,
      rows: (row) => Array.from({ length: n }, (_, r) => Array.from({ length: width }, (_, c) => evals[r * width + c]?.(row) ?? null)),
    };
  }
  const g = analyzeExpr(args[0]!, scope);
  const ge = g.eval;
  if (base === "variant_explode") {
    const cols = named(VARIANT_EXPLODE_COLUMNS.map(([n]) => n));
    return { attrs: VARIANT_EXPLODE_COLUMNS.map(([, t], i) => attr(cols[i]!, t)), outer, rows: variantExplodeRows(g, lower) };
  }
  if (base === "inline") {
    const et = g.dataType instanceof ArrayType ? g.dataType.elementType : null;
    if (!(et instanceof StructTypeImpl)) throw wrongType(lower, g, '"ARRAY<STRUCT>"');
    const cols = named(et.fields.map((f) => f.name));
    return {
      attrs: et.fields.map((f, i) => attr(cols[i]!, f.dataType)),
      outer,
      rows: (row) => ((ge(row) as (unknown[] | null)[] | null) ?? []).map((s) => (s === null ? et.fields.map(() => null) : [...s])),
    };
  }
  const pos = base === "posexplode";
  if (g.dataType instanceof MapType) {
    const cols = named(pos ? ["pos", "key", "value"] : ["key", "value"]);
    const types: DataType[] = pos ? [IntegerType(), g.dataType.keyType, g.dataType.valueType] : [g.dataType.keyType, g.dataType.valueType];
    return {
      attrs: types.map((t, i) => attr(cols[i]!, t)),
      outer,
      rows: (row) => {
        const m = ge(row) as Map<unknown, unknown> | null;
        if (m === null) return [];
        return [...m].map(([k, v], i) => (pos ? [i, k, v] : [k, v]));
      },
    };
  }
  if (!(g.dataType instanceof ArrayType) && !(g.dataType instanceof NullType)) throw wrongType(lower, g, '("ARRAY" or "MAP")');
  const et = g.dataType instanceof ArrayType ? g.dataType.elementType : NullType();
  const cols = named(pos ? ["pos", "col"] : ["col"]);
  return {
    attrs: pos ? [attr(cols[0]!, IntegerType()), attr(cols[1]!, et)] : [attr(cols[0]!, et)],
    outer,
    rows: (row) => {
      const a = ge(row) as unknown[] | null;
      if (a === null) return [];
      return pos ? a.map((v, i) => [i, v]) : a.map((v) => [v]);
    },
  };
}

/** Functions that yield one row of several columns: usable in a LATERAL VIEW, though not generators of their own. */
const ONE_ROW_GENERATORS = new Set(["json_tuple"]);

/**
 * The generator of an Expand node. A LATERAL VIEW's (`lateral`) must name a generator (Spark:
 * UNSUPPORTED_GENERATOR.NOT_GENERATOR), may be json_tuple, takes OUTER as a flag, and its columns carry the
 * view's table name as their qualifier.
 */
export function planExpandGenerator(p: Expand, scope: Scope): Generator {
  const fn = (p.fn ?? (p.outer ? "explode_outer" : "explode")).toLowerCase();
  const args = p.args ?? [p.generator];
  let gen: Generator;
  if (p.lateral === true && ONE_ROW_GENERATORS.has(fn)) gen = oneRowGenerator(fn, args, p.names, scope);
  else {
    if (p.lateral === true && !GENERATOR_NAMES.has(fn)) {
      throw sparkError(AnalysisException, "UNSUPPORTED_GENERATOR.NOT_GENERATOR", {
        functionName: `\`${fn}\``,
        classCanonicalName: `a function (${fn})`,
      });
    }
    gen = planGenerator(fn, args, p.names, scope);
  }
  if (p.qualifier === undefined) return gen;
  const qualifier = p.qualifier;
  return { ...gen, attrs: gen.attrs.map((a) => ({ ...a, qualifier })) };
}

/** json_tuple(js, 'a', 'b') in a LATERAL VIEW: the one row its columns make. */
function oneRowGenerator(fn: string, args: readonly A.Expr[], names: readonly string[], scope: Scope): Generator {
  const b = analyzeExpr(A.call(fn, args), scope);
  const cols = b.expandAs ?? [];
  if (names.length > 0 && names.length !== cols.length) {
    throw new AnalysisException(
      `[UDTF_ALIAS_NUMBER_MISMATCH] The number of aliases supplied in the AS clause does not match the number of columns output by the UDTF. Expected ${cols.length} aliases, but got ${names.join(", ")}. SQLSTATE: 42802`,
      { errorClass: "UDTF_ALIAS_NUMBER_MISMATCH", sqlState: "42802" },
    );
  }
  const st = b.dataType as StructTypeImpl;
  const be = b.eval;
  return {
    attrs: cols.map((c, i) => attr(names[i] ?? c, st.fields[i]!.dataType)),
    outer: false,
    rows: (row) => {
      const v = be(row) as unknown[] | null;
      return [cols.map((_, i) => v?.[i] ?? null)];
    },
  };
}
