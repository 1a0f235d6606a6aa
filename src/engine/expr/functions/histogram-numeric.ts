/**
 * histogram_numeric(x, nb): an approximate histogram of at most nb bins, by the same streaming algorithm as
 * Spark (Ben-Haim and Tom-Tov, taken over from Hive): each value adds a bin or counts in an equal one; past nb
 * bins the two closest neighbours merge into their weighted mean; equal gaps are chosen between as Spark does,
 * with java.util.Random seeded 31183 per buffer (reproduced below), so the same input order gives Spark's bins. With at most nb distinct values it is exact;
 * past that the bins depend on the order of the values, as in Spark (whose partitions merge in task order).
 * The result is array<struct<x, y: double>>, x in the input's type (Spark's default since 3.3), null when no
 * value was seen.
 */
import { AnalysisException } from "../../errors";
import { ArrayType, DoubleType, NullType, StringType } from "../../types/data-types";
import { type Bound, coerce, type Scope, structOf, unexpectedInputType } from "../analyze";
import { compileCast } from "../cast";
import { isNumericType } from "../coercion";
import type { AggFn, AggregateDef } from "./aggregate";
import { checkArity } from "./helpers";

interface Bin {
  x: number;
  y: number;
}
interface Histogram {
  readonly nb: number;
  bins: Bin[];
  /** java.util.Random's 48-bit state: Spark breaks ties between equal gaps with it. */
  seed: bigint;
}

const MULT = 0x5deece66dn;
const MASK = (1n << 48n) - 1n;
const newHistogram = (nb: number, bins: Bin[] = []): Histogram => ({ nb, bins, seed: (31183n ^ MULT) & MASK });

/** java.util.Random.next(bits) */
function nextBits(h: Histogram, bits: number): bigint {
  h.seed = (h.seed * MULT + 0xbn) & MASK;
  return h.seed >> BigInt(48 - bits);
}
/** java.util.Random.nextDouble() */
function nextDouble(h: Histogram): number {
  return Number((nextBits(h, 26) << 27n) + nextBits(h, 27)) * 2 ** -53;
}

/** Adds one value: counts it in its bin, or inserts a bin and trims. */
function add(h: Histogram, v: number): void {
  const bins = h.bins;
  let l = 0;
  let r = bins.length;
  while (l < r) {
    const m = (l + r) >> 1;
    if (bins[m]!.x > v) r = m;
    else if (bins[m]!.x < v) l = m + 1;
    else {
      bins[m]!.y += 1;
      return;
    }
  }
  bins.splice(l, 0, { x: v, y: 1 });
  trim(h);
}

/** Merges the closest neighbours (a tie decided by the buffer's random numbers, as in Spark) until nb bins are left. */
function trim(h: Histogram): void {
  const bins = h.bins;
  while (bins.length > h.nb) {
    let at = 0;
    let smallest = bins[1]!.x - bins[0]!.x;
    let ties = 1;
    for (let i = 1; i < bins.length - 1; i++) {
      const d = bins[i + 1]!.x - bins[i]!.x;
      if (d < smallest) {
        smallest = d;
        at = i;
        ties = 1;
      } else if (d === smallest && nextDouble(h) <= 1 / ++ties) {
        at = i;
      }
    }
    const a = bins[at]!;
    const b = bins[at + 1]!;
    a.x = (a.x * a.y + b.x * b.y) / (a.y + b.y);
    a.y += b.y;
    bins.splice(at + 1, 1);
  }
}

function nbOf(args: readonly Bound[], shown: string): number {
  const nb = args[1]!;
  if (!nb.foldable) {
    throw new AnalysisException(
      `[DATATYPE_MISMATCH.NON_FOLDABLE_INPUT] Cannot resolve "${shown}" due to data type mismatch: the input \`nb\` should be a foldable "INT" expression; however, got "${nb.name}". SQLSTATE: 42K09`,
      { errorClass: "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT", sqlState: "42K09" },
    );
  }
  const v = nb.eval([]);
  const n = v === null ? Number.NaN : Number(v);
  if (!(n >= 2 && n <= 2147483647)) {
    throw new AnalysisException(
      `[DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE] Cannot resolve "${shown}" due to data type mismatch: The nb must be between [2, 2147483647] (current value = ${String(v)}). SQLSTATE: 42K09`,
      { errorClass: "DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE", sqlState: "42K09" },
    );
  }
  return Math.trunc(n);
}

export const histogramNumeric: AggregateDef = {
  name: "histogram_numeric",
  resolve: (args: readonly Bound[], scope: Scope) => {
    checkArity("histogram_numeric", args, 2);
    const shown = `histogram_numeric(${args[0]!.name}, ${args[1]!.name})`;
    const nb = nbOf(args, shown);
    // numbers as they are; a string or NULL as a double (Spark's implicit cast, so 'a' fails with CAST_INVALID_INPUT)
    const a = args[0]!;
    if (!isNumericType(a.dataType) && !(a.dataType instanceof StringType) && !(a.dataType instanceof NullType)) throw unexpectedInputType("histogram_numeric", 0, '"NUMERIC"', a);
    const x = isNumericType(a.dataType) ? a : coerce(a, DoubleType(), scope.ctx);
    const t = x.dataType;
    const toDouble = compileCast(t, DoubleType(), scope.ctx);
    const fromDouble = compileCast(DoubleType(), t, scope.ctx);
    const fn: AggFn = {
      dataType: ArrayType(structOf(["x", "y"], [t, DoubleType()]), true),
      nullable: true,
      init: (): Histogram => newHistogram(nb),
      update: (buf, v) => {
        if (v !== null) add(buf as Histogram, toDouble(v) as number);
        return buf;
      },
      merge: (a, b) => {
        const ha = a as Histogram;
        const hb = b as Histogram;
        if (ha.bins.length === 0) return newHistogram(nb, hb.bins.map((c) => ({ ...c })));
        ha.bins = [...ha.bins, ...hb.bins.map((c) => ({ ...c }))].sort((p, q) => p.x - q.x);
        trim(ha);
        return ha;
      },
      evaluate: (buf) => {
        const h = buf as Histogram;
        return h.bins.length === 0 ? null : h.bins.map((c) => [fromDouble(c.x), c.y]);
      },
    };
    return { fn, inputs: [x], name: shown };
  },
};
