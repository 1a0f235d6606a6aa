/**
 * Statistical aggregates beyond aggregate.ts: corr, covar_pop/covar_samp, the regr_* family (over the rows
 * where both arguments are non-null, Spark's Welford updates), exact percentile/median, percentile_approx
 * (a value of the input at the requested rank, which is what Spark's sketch gives on inputs smaller than its
 * accuracy), mode, bit_and/bit_or/bit_xor, try_avg/try_sum. Buffers are plain arrays so streaming state can
 * snapshot them.
 */
import { AnalysisException } from "../../errors";
import { ArrayType, type DataType, DoubleType, LongType, StringType } from "../../types/data-types";
import { Decimal } from "../../types/decimal";
import { type Bound, coerce, type Scope } from "../analyze";
import { isIntegralType } from "../coercion";
import { comparatorFor, keyOf } from "../compare";
import type { AggFn, AggregateDef } from "./aggregate";
import { checkArity } from "./helpers";

const D = DoubleType();

/** [n, xAvg, yAvg, ck, xMk, yMk] as Spark's PearsonCorrelation buffer. */
type Co = [number, number, number, number, number, number];

function coUpdate(b: unknown, v: unknown): unknown {
  const [y, x] = v as [number | null, number | null];
  if (x === null || y === null) return b;
  const [n0, xAvg0, yAvg0, ck, xMk, yMk] = b as Co;
  const n = n0 + 1;
  const dx = x - xAvg0;
  const dy = y - yAvg0;
  const xAvg = xAvg0 + dx / n;
  const yAvg = yAvg0 + dy / n;
  return [n, xAvg, yAvg, ck + dx * (y - yAvg), xMk + dx * (x - xAvg), yMk + dy * (y - yAvg)];
}
function coMerge(a: unknown, b: unknown): unknown {
  const [n1, xa1, ya1, ck1, xm1, ym1] = a as Co;
  const [n2, xa2, ya2, ck2, xm2, ym2] = b as Co;
  const n = n1 + n2;
  if (n === 0) return a;
  const dx = xa2 - xa1;
  const dy = ya2 - ya1;
  return [n, xa1 + (dx * n2) / n, ya1 + (dy * n2) / n, ck1 + ck2 + (dx * dy * n1 * n2) / n, xm1 + xm2 + (dx * dx * n1 * n2) / n, ym1 + ym2 + (dy * dy * n1 * n2) / n];
}

/** A two-argument aggregate over (first, second) as doubles, evaluated from the co-moment buffer. */
function coAgg(name: string, evaluate: (b: Co) => number | null, dataType: DataType = D): AggregateDef {
  return {
    name,
    resolve: (args, scope) => {
      checkArity(name, args, 2);
      const inputs = args.map((a) => coerce(a, D, scope.ctx));
      const fn: AggFn = {
        dataType,
        nullable: true,
        init: () => [0, 0, 0, 0, 0, 0],
        update: coUpdate,
        merge: coMerge,
        evaluate: (b) => evaluate(b as Co),
      };
      return { fn, inputs };
    },
  };
}

const corrOf = (b: Co): number | null => (b[0] === 0 || b[0] === 1 ? null : b[3] / Math.sqrt(b[4] * b[5]));

/** Spark's Percentile: position p * (n - 1) in the sorted values, linear between its neighbours. */
function percentileOf(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const pos = p * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  return lo === hi ? a : (hi - pos) * a + (pos - lo) * b;
}

function toDouble(v: unknown): number {
  return v instanceof Decimal ? v.toNumber() : Number(v);
}

function percentages(b: Bound, name: string): { list: number[]; array: boolean } {
  const v = b.eval([]);
  const array = Array.isArray(v);
  const list = (array ? (v as unknown[]) : [v]).map(toDouble);
  if (list.some((p) => !(p >= 0 && p <= 1))) {
    throw new AnalysisException(`[DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE] Cannot resolve "${name}" due to data type mismatch: The percentage must be between [0.0, 1.0]. SQLSTATE: 42K09`, {
      errorClass: "DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE",
      sqlState: "42K09",
    });
  }
  return { list, array };
}

/** Collects the (value, frequency) pairs; `finish` turns the sorted values into the result. */
function collecting(dataType: DataType, finish: (values: number[]) => unknown): AggFn {
  return {
    dataType,
    nullable: true,
    init: () => [],
    update: (b, v) => {
      const [x, freq] = Array.isArray(v) ? (v as [unknown, unknown]) : [v, 1];
      if (x === null || freq === null) return b;
      const out = b as number[];
      for (let i = 0; i < Number(freq); i++) out.push(toDouble(x));
      return out;
    },
    merge: (a, b) => [...(a as number[]), ...(b as number[])],
    evaluate: (b) => {
      const values = [...(b as number[])].sort((x, y) => x - y);
      return values.length === 0 ? null : finish(values);
    },
  };
}

function percentile(name: string, median: boolean): AggregateDef {
  return {
    name,
    resolve: (args, scope) => {
      checkArity(name, args, median ? 1 : 2, median ? 1 : 3);
      const x = coerce(args[0]!, D, scope.ctx);
      if (median) return { fn: collecting(D, (v) => percentileOf(v, 0.5)), inputs: [x], name: `median(${args[0]!.name})` };
      const { list, array } = percentages(args[1]!, name);
      const freq = args[2] ?? null;
      const fn = collecting(array ? ArrayType(D, false) : D, (v) => (array ? list.map((p) => percentileOf(v, p)) : percentileOf(v, list[0]!)));
      return { fn, inputs: freq === null ? [x] : [x, freq], name: `percentile(${args[0]!.name}, ${args[1]!.name}, ${freq?.name ?? "1"})` };
    },
  };
}

function percentileApprox(name: string): AggregateDef {
  return {
    name,
    resolve: (args, scope) => {
      checkArity(name, args, 2, 3);
      const x = args[0]!;
      const { list, array } = percentages(args[1]!, name);
      const cmp = comparatorFor(x.dataType);
      const pick = (sorted: unknown[], p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? null;
      const fn: AggFn = {
        dataType: array ? ArrayType(x.dataType, false) : x.dataType,
        nullable: true,
        init: () => [],
        update: (b, v) => (v === null ? b : [...(b as unknown[]), v]),
        merge: (a, b) => [...(a as unknown[]), ...(b as unknown[])],
        evaluate: (b) => {
          const s = [...(b as unknown[])].sort(cmp);
          if (s.length === 0) return null;
          return array ? list.map((p) => pick(s, p)) : pick(s, list[0]!);
        },
      };
      void scope;
      return { fn, inputs: [x], name: `${name}(${x.name}, ${args[1]!.name}, ${args[2]?.name ?? "10000"})` };
    },
  };
}

function bitAgg(name: string, op: (a: bigint, b: bigint) => bigint): AggregateDef {
  return {
    name,
    resolve: (args, scope: Scope) => {
      checkArity(name, args, 1);
      const x = args[0]!;
      if (!isIntegralType(x.dataType)) {
        throw new AnalysisException(
          `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "${name}(${x.name})" due to data type mismatch: Parameter 1 requires the "INTEGRAL" type, however "${x.name}" has the type "${x.dataType.sql()}". SQLSTATE: 42K09`,
          { errorClass: "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE", sqlState: "42K09" },
        );
      }
      const long = x.dataType instanceof LongType;
      const fold = (a: unknown, b: unknown): unknown => (a === null ? b : b === null ? a : op(BigInt(a as number | bigint), BigInt(b as number | bigint)));
      void scope;
      const fn: AggFn = {
        dataType: x.dataType,
        nullable: true,
        init: () => null,
        update: fold,
        merge: fold,
        evaluate: (b) => (b === null ? null : long ? BigInt.asIntN(64, BigInt(b as bigint)) : Number(BigInt.asIntN(32, BigInt(b as bigint)))),
      };
      return { fn, inputs: [x] };
    },
  };
}

/** listagg/string_agg: the non-null values joined by the delimiter ('' by default), in input order. */
function listagg(name: string): AggregateDef {
  return {
    name,
    resolve: (args, scope, distinct) => {
      checkArity(name, args, 1, 2);
      const x = coerce(args[0]!, StringType(), scope.ctx);
      const delim = args[1] === undefined ? "" : String(args[1].eval([]) ?? "");
      const fn: AggFn = {
        dataType: StringType(),
        nullable: true,
        init: () => [],
        update: (b, v) => (v === null ? b : [...(b as string[]), v as string]),
        merge: (a, b) => [...(a as string[]), ...(b as string[])],
        evaluate: (b) => {
          const vs = distinct ? [...new Set(b as string[])] : (b as string[]);
          return vs.length === 0 ? null : vs.join(delim);
        },
      };
      return { fn, inputs: [x], name: `${name}(${distinct ? "DISTINCT " : ""}${args[0]!.name}, ${args[1]?.name ?? "NULL"})` };
    },
  };
}

/** product: the product of the non-null values as a double (PySpark's functions.product). */
const product: AggregateDef = {
  name: "product",
  resolve: (args, scope) => {
    checkArity("product", args, 1);
    const x = coerce(args[0]!, D, scope.ctx);
    const mul = (a: unknown, b: unknown): unknown => (a === null ? b : b === null ? a : (a as number) * (b as number));
    const fn: AggFn = { dataType: D, nullable: true, init: () => null, update: mul, merge: mul, evaluate: (b) => b };
    return { fn, inputs: [x] };
  },
};

export function statisticalAggregates(base: Readonly<Record<string, AggregateDef>>): Record<string, AggregateDef> {
  const renamed = (def: AggregateDef, name: string): AggregateDef => ({ name, resolve: (args, scope, distinct) => def.resolve(args, scope, distinct, name) });
  return {
    corr: coAgg("corr", corrOf),
    covar_pop: coAgg("covar_pop", (b) => (b[0] === 0 ? null : b[3] / b[0])),
    covar_samp: coAgg("covar_samp", (b) => (b[0] <= 1 ? null : b[3] / (b[0] - 1))),
    regr_count: coAgg("regr_count", (b) => b[0], LongType()),
    regr_avgx: coAgg("regr_avgx", (b) => (b[0] === 0 ? null : b[1])),
    regr_avgy: coAgg("regr_avgy", (b) => (b[0] === 0 ? null : b[2])),
    regr_sxx: coAgg("regr_sxx", (b) => (b[0] === 0 ? null : b[4])),
    regr_syy: coAgg("regr_syy", (b) => (b[0] === 0 ? null : b[5])),
    regr_sxy: coAgg("regr_sxy", (b) => (b[0] === 0 ? null : b[3])),
    regr_slope: coAgg("regr_slope", (b) => (b[0] === 0 || b[4] === 0 ? null : b[3] / b[0] / (b[4] / b[0]))),
    regr_intercept: coAgg("regr_intercept", (b) => (b[0] === 0 || b[4] === 0 ? null : b[2] - (b[3] / b[0] / (b[4] / b[0])) * b[1])),
    regr_r2: coAgg("regr_r2", (b) => {
      if (b[0] === 0 || b[4] === 0) return null;
      if (b[5] === 0) return 1;
      const c = corrOf(b);
      return c === null ? null : c * c;
    }),
    percentile: percentile("percentile", false),
    median: percentile("median", true),
    percentile_approx: percentileApprox("percentile_approx"),
    approx_percentile: percentileApprox("approx_percentile"),
    mode: {
      name: "mode",
      resolve: (args) => {
        checkArity("mode", args, 1, 2);
        const x = args[0]!;
        const fn: AggFn = {
          dataType: x.dataType,
          nullable: true,
          init: () => [],
          update: (b, v) => (v === null ? b : [...(b as unknown[]), v]),
          merge: (a, b) => [...(a as unknown[]), ...(b as unknown[])],
          evaluate: (b) => {
            const counts = new Map<string, { v: unknown; n: number }>();
            for (const v of b as unknown[]) {
              const k = keyOf(v);
              const c = counts.get(k);
              if (c) c.n++;
              else counts.set(k, { v, n: 1 });
            }
            let best: { v: unknown; n: number } | null = null;
            for (const c of counts.values()) if (best === null || c.n > best.n) best = c;
            return best?.v ?? null;
          },
        };
        return { fn, inputs: [x], name: `mode(${x.name})` };
      },
    },
    bit_and: bitAgg("bit_and", (a, b) => a & b),
    bit_or: bitAgg("bit_or", (a, b) => a | b),
    bit_xor: bitAgg("bit_xor", (a, b) => a ^ b),
    listagg: listagg("listagg"),
    string_agg: listagg("string_agg"),
    product,
    try_avg: renamed(base.avg!, "try_avg"),
    try_sum: renamed(base.sum!, "try_sum"),
  };
}
