/**
 * Building blocks for function definitions: arity checks with Spark's WRONG_NUM_ARGS error,
 * implicit argument casts, null propagation, and constant-argument access.
 */
import { AnalysisException } from "../../errors";
import { type DataType, DoubleType, IntegerType, LongType, NullType, StringType } from "../../types/data-types";
import { type Bound, coerce, type Eval, type FunctionArgs, type FunctionDef, literal, type Resolved, unexpectedInputType } from "../analyze";
import { canImplicitCast, isNumericType } from "../coercion";

export type ArgSpec = DataType | "any" | "numeric" | "string" | "integral" | "double";

export function wrongArgs(name: string, expected: string, actual: number): AnalysisException {
  return new AnalysisException(
    `[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The \`${name}\` requires ${expected} parameters but the actual number is ${actual}. Please, refer to 'https://spark.apache.org/docs/latest/sql-ref-functions.html' for a fix. SQLSTATE: 42605`,
    { errorClass: "WRONG_NUM_ARGS.WITHOUT_SUGGESTION", sqlState: "42605" },
  );
}

export function checkArity(name: string, args: readonly unknown[], min: number, max = min): void {
  if (args.length < min || args.length > max) {
    const expected = min === max ? `${min}` : max === Number.POSITIVE_INFINITY ? `> ${min - 1}` : `[${Array.from({ length: max - min + 1 }, (_, i) => min + i).join(", ")}]`;
    throw wrongArgs(name, expected, args.length);
  }
}

/** Coerces an argument to a spec; throws Spark's UNEXPECTED_INPUT_TYPE when not allowed. */
export function coerceArg(f: FunctionArgs, i: number, spec: ArgSpec, sqlName: string): Bound {
  const b = f.args[i]!;
  const ctx = f.scope.ctx;
  if (spec === "any") return b;
  if (spec === "numeric") {
    if (isNumericType(b.dataType)) return b;
    if (b.dataType instanceof NullType || b.dataType instanceof StringType) return coerce(b, DoubleType(), ctx);
    throw unexpectedInputType(sqlName, i, '"NUMERIC"', b);
  }
  if (spec === "double") return coerce(b, DoubleType(), ctx);
  if (spec === "integral") {
    if (b.dataType.typeName() === "integer" || b.dataType instanceof LongType) return b;
    return coerce(b, LongType(), ctx);
  }
  const target = spec === "string" ? StringType() : spec;
  if (!canImplicitCast(b.dataType, target)) throw unexpectedInputType(sqlName, i, `"${target.sql()}"`, b);
  return coerce(b, target, ctx);
}

export interface SimpleOptions {
  readonly min?: number;
  readonly max?: number;
  /** Default argument values appended when omitted (shown in the column name, as Spark does). */
  readonly defaults?: readonly Bound[];
  /** Set when the implementation handles nulls itself (otherwise any null argument gives null). */
  readonly nullTolerant?: boolean;
  /** Per-call setup with constant arguments (e.g. a compiled regex). */
  readonly name?: string;
}

type Impl = (...values: never[]) => unknown;

/**
 * A function of fixed argument types. `impl` receives the argument values (non-null unless
 * nullTolerant) and the FunctionArgs (for session context).
 */
export function simple(
  name: string,
  specs: readonly ArgSpec[],
  ret: DataType | ((args: readonly Bound[]) => DataType),
  impl: (f: FunctionArgs, args: readonly Bound[]) => Impl,
  opts: SimpleOptions = {},
): FunctionDef {
  const min = opts.min ?? specs.length;
  const max = opts.max ?? specs.length;
  return {
    name: opts.name ?? name,
    resolve: (f) => {
      checkArity(name, f.args, min, max);
      let raw = f.args;
      if (opts.defaults && raw.length < specs.length) raw = [...raw, ...opts.defaults.slice(raw.length - (specs.length - opts.defaults.length))];
      // Spark prints a function under the name it was called by (ucase, position, substr ...)
      const called = f.call.name !== "" && !f.call.name.startsWith("__") ? f.call.name.toLowerCase() : (opts.name ?? name);
      const display = opts.name ?? name;
      const sqlName = `${display !== display.toLowerCase() ? display : called}(${raw.map((a) => a.name).join(", ")})`;
      const fa: FunctionArgs = { ...f, args: raw };
      const args = raw.map((_, i) => coerceArg(fa, i, specs[Math.min(i, specs.length - 1)]!, sqlName));
      const fn = impl(fa, args) as (...v: unknown[]) => unknown;
      const evals = args.map((a) => a.eval);
      const dataType = typeof ret === "function" ? ret(args) : ret;
      return { dataType, eval: nullPropagating(evals, fn, opts.nullTolerant ?? false), name: sqlName };
    },
  };
}

export function nullPropagating(evals: readonly Eval[], fn: (...v: unknown[]) => unknown, nullTolerant: boolean): Eval {
  const n = evals.length;
  if (nullTolerant) return (row) => fn(...evals.map((e) => e(row)));
  if (n === 1) {
    const a = evals[0]!;
    return (row) => {
      const x = a(row);
      return x === null ? null : fn(x);
    };
  }
  if (n === 2) {
    const [a, b] = evals as [Eval, Eval];
    return (row) => {
      const x = a(row);
      if (x === null) return null;
      const y = b(row);
      return y === null ? null : fn(x, y);
    };
  }
  if (n === 3) {
    const [a, b, c] = evals as [Eval, Eval, Eval];
    return (row) => {
      const x = a(row);
      if (x === null) return null;
      const y = b(row);
      if (y === null) return null;
      const z = c(row);
      return z === null ? null : fn(x, y, z);
    };
  }
  return (row) => {
    const vs = new Array<unknown>(n);
    for (let i = 0; i < n; i++) {
      const v = evals[i]!(row);
      if (v === null) return null;
      vs[i] = v;
    }
    return fn(...vs);
  };
}

/** The value of a constant argument, or undefined when it is not foldable. */
export function constant(b: Bound | undefined): unknown {
  if (b === undefined || !b.foldable) return undefined;
  return b.eval([]);
}

export const def = (name: string, resolve: (f: FunctionArgs) => Resolved, extra: Partial<FunctionDef> = {}): FunctionDef => ({
  name,
  resolve,
  ...extra,
});

export const intLit = (n: number): Bound => literal(n, IntegerType(), String(n));
export const strLit = (s: string): Bound => literal(s, StringType(), s);
