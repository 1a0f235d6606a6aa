/**
 * Aggregate functions as mergeable buffers (init / update / merge / evaluate), so the same code
 * serves batch GROUP BY and streaming state kept across micro-batches. Buffers hold only plain
 * values (numbers, bigint, Decimal, arrays, Maps), which aggregation.ts snapshots to JSON.
 */
import { AnalysisException } from "../../errors";
import {
  ArrayType,
  BooleanType,
  type DataType,
  DecimalType,
  DoubleType,
  LongType,
  NullType,
  StringType,
} from "../../types/data-types";
import { Decimal } from "../../types/decimal";
import { type Bound, coerce, overflowError, type Scope, unexpectedInputType } from "../analyze";
import { isIntegralType, isNumericType } from "../coercion";
import { comparatorFor, keyOf } from "../compare";
import { checkArity } from "./helpers";

// (constants: a negative bigint literal in an expression allocates a new bigint each time it is evaluated)
const LONG_MAX = 9223372036854775807n;
const LONG_MIN = -9223372036854775808n;

export interface AggFn {
  readonly dataType: DataType;
  readonly nullable: boolean;
  init(): unknown;
  /** Folds one input (the argument values; a single value for one-argument functions). */
  update(buf: unknown, v: unknown): unknown;
  merge(a: unknown, b: unknown): unknown;
  evaluate(buf: unknown): unknown;
}

export interface AggregateDef {
  readonly name: string;
  /** `args` are analyzed against the input; returns the function and its argument evaluators. */
  resolve(args: readonly Bound[], scope: Scope, distinct: boolean, displayName: string): { fn: AggFn; inputs: readonly Bound[]; name?: string };
}

const sumType = (t: DataType): DataType =>
  t instanceof DecimalType ? DecimalType(Math.min(t.precision + 10, 38), t.scale) : isIntegralType(t) ? LongType() : DoubleType();

function sumFn(t: DataType, ansi: boolean): AggFn {
  const rt = sumType(t);
  if (rt instanceof DecimalType) {
    return {
      dataType: rt,
      nullable: true,
      init: () => null,
      update: (b, v) => (v === null ? b : b === null ? (v as Decimal) : (b as Decimal).add(v as Decimal)),
      merge: (a, b) => (a === null ? b : b === null ? a : (a as Decimal).add(b as Decimal)),
      evaluate: (b) => {
        if (b === null) return null;
        const d = (b as Decimal).setScale(rt.scale);
        if (d.precision() > rt.precision) {
          if (ansi) throw overflowError(`Decimal overflow`, "try_sum");
          return null;
        }
        return d;
      },
    };
  }
  if (rt instanceof LongType) {
    const chk = (x: bigint) => {
      if (x > LONG_MAX || x < LONG_MIN) {
        if (ansi) throw overflowError("long overflow", "try_sum");
        return BigInt.asIntN(64, x);
      }
      return x;
    };
    return {
      dataType: rt,
      nullable: true,
      init: () => null,
      update: (b, v) => (v === null ? b : b === null ? BigInt(v as number) : chk((b as bigint) + BigInt(v as number | bigint))),
      merge: (a, b) => (a === null ? b : b === null ? a : chk((a as bigint) + (b as bigint))),
      evaluate: (b) => b,
    };
  }
  return {
    dataType: rt,
    nullable: true,
    init: () => null,
    update: (b, v) => (v === null ? b : b === null ? Number(v) : (b as number) + Number(v)),
    merge: (a, b) => (a === null ? b : b === null ? a : (a as number) + (b as number)),
    evaluate: (b) => b,
  };
}

function avgFn(t: DataType): AggFn {
  if (t instanceof DecimalType) {
    const rt = DecimalType(Math.min(t.precision + 4, 38), Math.min(t.scale + 4, 38));
    return {
      dataType: rt,
      nullable: true,
      init: () => [new Decimal(0n, t.scale), 0],
      update: (b, v) => {
        if (v === null) return b;
        const x = b as [Decimal, number];
        return [x[0].add(v as Decimal), x[1] + 1];
      },
      merge: (a, b) => {
        const x = a as [Decimal, number];
        const y = b as [Decimal, number];
        return [x[0].add(y[0]), x[1] + y[1]];
      },
      evaluate: (b) => {
        const x = b as [Decimal, number];
        return x[1] === 0 ? null : x[0].div(new Decimal(BigInt(x[1]), 0), rt.scale);
      },
    };
  }
  return {
    dataType: DoubleType(),
    nullable: true,
    init: () => [0, 0],
    update: (b, v) => {
      if (v === null) return b;
      const x = b as [number, number];
      x[0] += Number(v);
      x[1]++;
      return x;
    },
    merge: (a, b) => {
      const x = a as [number, number];
      const y = b as [number, number];
      return [x[0] + y[0], x[1] + y[1]];
    },
    evaluate: (b) => {
      const x = b as [number, number];
      return x[1] === 0 ? null : x[0] / x[1];
    },
  };
}

function extremeFn(t: DataType, sign: 1 | -1): AggFn {
  const cmp = comparatorFor(t);
  const pick = (a: unknown, b: unknown) => (a === null ? b : b === null ? a : sign * cmp(b, a) > 0 ? b : a);
  return { dataType: t, nullable: true, init: () => null, update: pick, merge: pick, evaluate: (b) => b };
}

function countFn(): AggFn {
  return {
    dataType: LongType(),
    nullable: false,
    init: () => 0,
    update: (b, v) => (v === null ? b : (b as number) + 1),
    merge: (a, b) => (a as number) + (b as number),
    evaluate: (b) => BigInt(b as number),
  };
}

function firstLast(t: DataType, last: boolean, ignoreNulls: boolean): AggFn {
  // buffer: [value, seen]
  return {
    dataType: t,
    nullable: true,
    init: () => [null, false],
    update: (b, v) => {
      const x = b as [unknown, boolean];
      if (ignoreNulls && v === null) return x;
      if (last || !x[1]) return [v, true];
      return x;
    },
    merge: (a, b) => {
      const x = a as [unknown, boolean];
      const y = b as [unknown, boolean];
      if (last) return y[1] ? y : x;
      return x[1] ? x : y;
    },
    evaluate: (b) => (b as [unknown, boolean])[0],
  };
}

function collectFn(t: DataType, set: boolean): AggFn {
  return {
    dataType: ArrayType(t, false),
    nullable: false,
    init: () => [],
    update: (b, v) => {
      if (v === null) return b;
      const arr = b as unknown[];
      if (set && arr.some((x) => keyOf(x) === keyOf(v))) return arr;
      arr.push(v);
      return arr;
    },
    merge: (a, b) => {
      const out = [...(a as unknown[])];
      for (const v of b as unknown[]) if (!set || !out.some((x) => keyOf(x) === keyOf(v))) out.push(v);
      return out;
    },
    evaluate: (b) => [...(b as unknown[])],
  };
}

function boolFn(and: boolean): AggFn {
  const f = (a: unknown, b: unknown) => (a === null ? b : b === null ? a : and ? a && b : a || b);
  return { dataType: BooleanType(), nullable: true, init: () => null, update: f, merge: f, evaluate: (b) => b };
}

/** Wraps a function so each distinct input is folded once (count(DISTINCT x), sum(DISTINCT x)). */
function distinctFn(inner: AggFn): AggFn {
  return {
    dataType: inner.dataType,
    nullable: inner.nullable,
    init: () => new Map<string, unknown>(),
    update: (b, v) => {
      if (v === null || (Array.isArray(v) && v.includes(null))) return b;
      (b as Map<string, unknown>).set(keyOf(v), v);
      return b;
    },
    merge: (a, b) => new Map([...(a as Map<string, unknown>), ...(b as Map<string, unknown>)]),
    evaluate: (b) => {
      let buf = inner.init();
      for (const v of (b as Map<string, unknown>).values()) buf = inner.update(buf, v);
      return inner.evaluate(buf);
    },
  };
}

function numericArg(name: string, a: Bound, scope: Scope): Bound {
  if (isNumericType(a.dataType)) return a;
  if (a.dataType instanceof StringType || a.dataType instanceof NullType) return coerce(a, DoubleType(), scope.ctx);
  throw unexpectedInputType(`${name}(${a.name})`, 0, '"NUMERIC" or "ANSI INTERVAL"', a);
}

function one(name: string, make: (a: Bound, scope: Scope) => { fn: AggFn; input: Bound }): AggregateDef {
  return {
    name,
    resolve: (args, scope, distinct, displayName) => {
      checkArity(name, args, 1);
      const { fn, input } = make(args[0]!, scope);
      return { fn: distinct ? distinctFn(fn) : fn, inputs: [input], name: `${displayName}(${distinct ? "DISTINCT " : ""}${args[0]!.name})` };
    },
  };
}

export function aggregateFunctions(): Record<string, AggregateDef> {
  const count: AggregateDef = {
    name: "count",
    resolve: (args, _scope, distinct) => {
      if (args.length === 0) return { fn: countFn(), inputs: [], name: "count(1)" };
      const name = `count(${distinct ? "DISTINCT " : ""}${args.map((a) => a.name).join(", ")})`;
      if (args.length === 1) return { fn: distinct ? distinctFn(countFn()) : countFn(), inputs: args, name };
      // several arguments: a row counts when all are non-null; fed as one array value
      const base = countFn();
      const multi: AggFn = { ...base, update: (b, v) => ((v as unknown[]).includes(null) ? b : (b as number) + 1) };
      return { fn: distinct ? distinctFn(multi) : multi, inputs: args, name };
    },
  };
  const sum = one("sum", (a, scope) => {
    const x = numericArg("sum", a, scope);
    return { fn: sumFn(x.dataType, scope.ctx.ansi), input: x };
  });
  const avg = one("avg", (a, scope) => {
    const x = numericArg("avg", a, scope);
    return { fn: avgFn(x.dataType), input: x };
  });
  const min = one("min", (a) => ({ fn: extremeFn(a.dataType, -1), input: a }));
  const max = one("max", (a) => ({ fn: extremeFn(a.dataType, 1), input: a }));
  const fl = (name: string, last: boolean): AggregateDef => ({
    name,
    resolve: (args, _scope, _d, displayName) => {
      checkArity(name, args, 1, 2);
      const ignore = args[1]?.eval([]) === true;
      return { fn: firstLast(args[0]!.dataType, last, ignore), inputs: [args[0]!], name: `${displayName}(${args[0]!.name})` }; // Spark's name omits the flag: first(v, true) is `first(v)`
    },
  });
  const collect = (name: string, set: boolean): AggregateDef =>
    one(name, (a) => ({ fn: collectFn(a.dataType, set), input: a }));
  const bool = (name: string, and: boolean): AggregateDef =>
    one(name, (a) => {
      if (!(a.dataType instanceof BooleanType) && !(a.dataType instanceof NullType)) throw unexpectedInputType(`${name}(${a.name})`, 0, '"BOOLEAN"', a);
      return { fn: boolFn(and), input: a };
    });
  const countIf = one("count_if", (a) => {
    const base = countFn();
    return { fn: { ...base, update: (b: unknown, v: unknown) => (v === true ? (b as number) + 1 : b) }, input: a };
  });
  const byFn = (name: string, sign: 1 | -1): AggregateDef => ({
    name,
    resolve: (args) => {
      checkArity(name, args, 2);
      const cmp = comparatorFor(args[1]!.dataType);
      const pick = (a: unknown, b: unknown) => {
        const x = a as [unknown, unknown] | null;
        const y = b as [unknown, unknown] | null;
        if (y === null || y[1] === null) return x;
        if (x === null || x[1] === null) return y;
        return sign * cmp(y[1], x[1]) > 0 ? y : x;
      };
      const fn: AggFn = {
        dataType: args[0]!.dataType,
        nullable: true,
        init: () => null,
        update: (b, v) => pick(b, v),
        merge: pick,
        evaluate: (b) => (b === null ? null : (b as [unknown, unknown])[0]),
      };
      return { fn, inputs: args };
    },
  });
  const variance = (name: string, sample: boolean, sqrt: boolean): AggregateDef =>
    one(name, (a, scope) => {
      const x = coerce(numericArg(name, a, scope), DoubleType(), scope.ctx);
      const fn: AggFn = {
        dataType: DoubleType(),
        nullable: true,
        init: () => [0, 0, 0],
        update: (b, v) => {
          if (v === null) return b;
          const s = b as [number, number, number];
          const n = s[0] + 1;
          const d = (v as number) - s[1];
          const mean = s[1] + d / n;
          return [n, mean, s[2] + d * ((v as number) - mean)];
        },
        merge: (a2, b2) => {
          const p = a2 as [number, number, number];
          const q = b2 as [number, number, number];
          const n = p[0] + q[0];
          if (n === 0) return p;
          const d = q[1] - p[1];
          return [n, p[1] + (d * q[0]) / n, p[2] + q[2] + (d * d * p[0] * q[0]) / n];
        },
        evaluate: (b) => {
          const s = b as [number, number, number];
          if (s[0] === 0) return null;
          if (sample && s[0] === 1) return scope.ctx.ansi ? null : Number.NaN;
          const v = s[2] / (sample ? s[0] - 1 : s[0]);
          return sqrt ? Math.sqrt(v) : v;
        },
      };
      return { fn, input: x };
    });
  // Spark's CentralMomentAgg: buffer [n, avg, m2, m3, m4], same update order and formulas.
  const moments = (name: string, evaluate: (n: number, m2: number, m3: number, m4: number) => number | null): AggregateDef =>
    one(name, (a, scope) => {
      const x = coerce(numericArg(name, a, scope), DoubleType(), scope.ctx);
      const fn: AggFn = {
        dataType: DoubleType(),
        nullable: true,
        init: () => [0, 0, 0, 0, 0],
        update: (b, v) => {
          if (v === null) return b;
          const [n0, avg, m2, m3, m4] = b as number[];
          const n = n0! + 1;
          const delta = (v as number) - avg!;
          const deltaN = delta / n;
          const newM2 = m2! + delta * (delta - deltaN);
          const delta2 = delta * delta;
          const deltaN2 = deltaN * deltaN;
          const newM3 = m3! - 3 * deltaN * newM2 + delta * (delta2 - deltaN2);
          const newM4 = m4! - 4 * deltaN * newM3 - 6 * deltaN2 * newM2 + delta * (delta * delta2 - deltaN * deltaN2);
          return [n, avg! + deltaN, newM2, newM3, newM4];
        },
        merge: (a2, b2) => {
          const [n1, avg1, m21, m31, m41] = a2 as number[];
          const [n2, avg2, m22, m32, m42] = b2 as number[];
          const n = n1! + n2!;
          if (n === 0) return a2;
          const delta = avg2! - avg1!;
          const deltaN = delta / n;
          const m2 = m21! + m22! + delta * deltaN * n1! * n2!;
          const m3 = m31! + m32! + deltaN * deltaN * delta * n1! * n2! * (n1! - n2!) + 3 * deltaN * (n1! * m22! - n2! * m21!);
          const m4 =
            m41! + m42! + deltaN ** 3 * delta * n1! * n2! * (n1! * n1! - n1! * n2! + n2! * n2!) + 6 * deltaN * deltaN * (n1! * n1! * m22! + n2! * n2! * m21!) + 4 * deltaN * (n1! * m32! - n2! * m31!);
          return [n, avg1! + deltaN * n2!, m2, m3, m4];
        },
        evaluate: (b) => {
          const [n, , m2, m3, m4] = b as number[];
          if (n === 0) return null;
          if (m2 === 0) return null;
          return evaluate(n!, m2!, m3!, m4!);
        },
      };
      return { fn, input: x };
    });
  return {
    skewness: moments("skewness", (n, m2, m3) => (Math.sqrt(n) * m3) / Math.sqrt(m2 * m2 * m2)),
    kurtosis: moments("kurtosis", (n, m2, _m3, m4) => (n * m4) / (m2 * m2) - 3),
    count,
    sum,
    avg,
    mean: { ...avg, name: "mean" },
    min,
    max,
    first: fl("first", false),
    first_value: fl("first_value", false),
    last: fl("last", true),
    last_value: fl("last_value", true),
    any_value: fl("any_value", false),
    collect_list: collect("collect_list", false),
    array_agg: { ...collect("collect_list", false), name: "collect_list" },
    collect_set: collect("collect_set", true),
    bool_and: bool("bool_and", true),
    every: bool("every", true),
    bool_or: bool("bool_or", false),
    some: bool("some", false),
    any: bool("any", false),
    count_if: countIf,
    max_by: byFn("max_by", 1),
    min_by: byFn("min_by", -1),
    stddev: variance("stddev", true, true),
    stddev_samp: variance("stddev_samp", true, true),
    std: variance("std", true, true),
    stddev_pop: variance("stddev_pop", false, true),
    variance: variance("variance", true, false),
    var_samp: variance("var_samp", true, false),
    var_pop: variance("var_pop", false, false),
    approx_count_distinct: {
      name: "approx_count_distinct",
      resolve: (args) => ({ fn: distinctFn(countFn()), inputs: [args[0]!], name: `approx_count_distinct(${args[0]!.name})` }),
    },
  };
}

export function notAggregate(name: string): AnalysisException {
  return new AnalysisException(`${name} is not an aggregate function`);
}
