/**
 * Math beyond math.ts: hyperbolic and reciprocal trigonometry, hypot, expm1/log1p, rint, width_bucket,
 * factorial, and the integer bit functions (shifts, bit_count, bit_get/getbit, bin, conv). Formulas follow
 * Spark's (acosh/asinh/atanh through logarithms), so results agree to the last bit.
 */
import { SparkIllegalArgumentException } from "../../errors";
import { ByteType, DoubleType, IntegerType, LongType, StringType } from "../../types/data-types";
import type { FunctionDef } from "../analyze";
import { checkArity, coerceArg, constant, def, nullPropagating, simple } from "./helpers";

const D = DoubleType();
const dbl = (name: string, fn: (x: number) => number | null): FunctionDef => simple(name, ["double"], D, () => (x: number) => fn(x));

const isLong = (t: { typeName(): string }) => t.typeName() === "long";

/** shiftleft/shiftright/shiftrightunsigned: an int stays int (shift count mod 32), anything else is a long. */
function shift(name: string, op: "<<" | ">>" | ">>>"): FunctionDef {
  return def(name, (f) => {
    checkArity(name, f.args, 2);
    const a = f.args[0]!;
    const long = isLong(a.dataType) || !["integer", "short", "byte"].includes(a.dataType.typeName());
    const x = coerceArg(f, 0, long ? LongType() : IntegerType(), name);
    const n = coerceArg(f, 1, IntegerType(), name);
    const fn = long
      ? (v: unknown, s: unknown) => {
          const k = BigInt((s as number) & 63);
          const b = v as bigint;
          if (op === "<<") return BigInt.asIntN(64, b << k);
          if (op === ">>") return b >> k;
          return BigInt.asIntN(64, BigInt.asUintN(64, b) >> k);
        }
      : (v: unknown, s: unknown) => (op === "<<" ? (v as number) << (s as number) : op === ">>" ? (v as number) >> (s as number) : ((v as number) >>> (s as number)) | 0);
    return { dataType: long ? LongType() : IntegerType(), eval: nullPropagating([x.eval, n.eval], fn, false) };
  });
}

function popcount(v: bigint): number {
  let n = 0;
  for (let u = BigInt.asUintN(64, v); u > 0n; u >>= 1n) n += Number(u & 1n);
  return n;
}

function bitGet(name: string): FunctionDef {
  return def(name, (f) => {
    checkArity(name, f.args, 2);
    const width = isLong(f.args[0]!.dataType) ? 64 : f.args[0]!.dataType.typeName() === "short" ? 16 : f.args[0]!.dataType.typeName() === "byte" ? 8 : 32;
    const x = coerceArg(f, 0, LongType(), name);
    const p = coerceArg(f, 1, IntegerType(), name);
    return {
      dataType: ByteType(),
      eval: nullPropagating([x.eval, p.eval], (v, pos) => {
        const k = pos as number;
        if (k < 0 || k >= width) {
          throw new SparkIllegalArgumentException(
            `[INVALID_PARAMETER_VALUE.BIT_POSITION_RANGE] The value of parameter(s) \`pos\` in \`${name}\` is invalid: expects an integer value in [0, ${width}), but got ${k}. SQLSTATE: 22023`,
            { errorClass: "INVALID_PARAMETER_VALUE.BIT_POSITION_RANGE", sqlState: "22023" },
          );
        }
        return Number(((v as bigint) >> BigInt(k)) & 1n);
      }, false),
    };
  });
}

const DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/**
 * conv(num, fromBase, toBase), as Spark's NumberConverter: the digits are read as an unsigned 64-bit number
 * (a leading '-' negates it in two's complement; reading stops at the first invalid digit); a negative
 * toBase prints the value signed.
 */
function conv(text: string, from: number, to: number): string | null {
  const fb = Math.abs(from);
  const tb = Math.abs(to);
  if (fb < 2 || fb > 36 || tb < 2 || tb > 36) return null;
  let s = text.trim();
  const neg = s.startsWith("-");
  if (neg) s = s.slice(1);
  let v = 0n;
  const max = (1n << 64n) - 1n;
  let any = false;
  for (const ch of s.toUpperCase()) {
    const d = DIGITS.indexOf(ch);
    if (d < 0 || d >= fb) break;
    any = true;
    v = v * BigInt(fb) + BigInt(d);
    if (v > max) {
      v = max;
      break;
    }
  }
  if (!any && s.length > 0 && DIGITS.indexOf(s[0]!.toUpperCase()) < 0) return "0";
  if (neg) v = BigInt.asUintN(64, -v);
  let signed = false;
  if (to < 0 && BigInt.asIntN(64, v) < 0n) {
    v = -BigInt.asIntN(64, v);
    signed = true;
  }
  const out = v.toString(tb).toUpperCase();
  return signed ? `-${out}` : out;
}

export function moreMathFunctions(): Record<string, FunctionDef> {
  return {
    sinh: dbl("SINH", Math.sinh),
    cosh: dbl("COSH", Math.cosh),
    tanh: dbl("TANH", Math.tanh),
    asinh: dbl("ASINH", Math.asinh),
    acosh: dbl("ACOSH", (x) => Math.log(x + Math.sqrt(x * x - 1))),
    atanh: dbl("ATANH", (x) => 0.5 * (Math.log1p(x) - Math.log1p(-x))),
    cot: dbl("COT", (x) => 1 / Math.tan(x)),
    csc: dbl("CSC", (x) => 1 / Math.sin(x)),
    sec: dbl("SEC", (x) => 1 / Math.cos(x)),
    expm1: dbl("EXPM1", Math.expm1),
    log1p: dbl("LOG1P", (x) => (x <= -1 ? null : Math.log1p(x))),
    rint: dbl("rint", (x) => {
      // Java's Math.rint: to the nearest integer, ties to even
      const r = Math.round(x);
      return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
    }),
    hypot: simple("HYPOT", ["double", "double"], D, () => (a: number, b: number) => {
      // Java's Math.hypot rounds as sqrt(a² + b²) does for ordinary magnitudes (JavaScript's may differ by an ulp)
      const r = Math.sqrt(a * a + b * b);
      return Number.isFinite(r) || !Number.isFinite(a) || !Number.isFinite(b) ? r : Math.hypot(a, b);
    }),
    width_bucket: simple("width_bucket", ["double", "double", "double", "integral"], LongType(), () => (v: number, lo: number, hi: number, n: number | bigint) => {
      const k = Number(n);
      if (k <= 0 || lo === hi || !Number.isFinite(v) || !Number.isFinite(lo) || !Number.isFinite(hi)) return null;
      if (lo < hi) {
        if (v < lo) return 0n;
        if (v >= hi) return BigInt(k + 1);
        return BigInt(Math.floor((k * (v - lo)) / (hi - lo)) + 1);
      }
      if (v > lo) return 0n;
      if (v <= hi) return BigInt(k + 1);
      return BigInt(Math.floor((k * (lo - v)) / (lo - hi)) + 1);
    }),
    factorial: simple("factorial", [IntegerType()], LongType(), () => (n: number) => {
      if (n < 0 || n > 20) return null;
      let r = 1n;
      for (let i = 2n; i <= BigInt(n); i++) r *= i;
      return r;
    }),
    shiftleft: shift("shiftleft", "<<"),
    shiftright: shift("shiftright", ">>"),
    shiftrightunsigned: shift("shiftrightunsigned", ">>>"),
    bit_count: def("bit_count", (f) => {
      checkArity("bit_count", f.args, 1);
      const a = f.args[0]!;
      if (a.dataType.typeName() === "boolean") return { dataType: IntegerType(), eval: nullPropagating([a.eval], (v) => (v ? 1 : 0), false) };
      const x = coerceArg(f, 0, LongType(), "bit_count");
      return { dataType: IntegerType(), eval: nullPropagating([x.eval], (v) => popcount(v as bigint), false) };
    }),
    bit_get: bitGet("bit_get"),
    getbit: bitGet("getbit"),
    bin: simple("bin", [LongType()], StringType(), () => (v: bigint) => BigInt.asUintN(64, v).toString(2)),
    conv: def("conv", (f) => {
      checkArity("conv", f.args, 3);
      const s = coerceArg(f, 0, StringType(), "conv");
      const a = coerceArg(f, 1, IntegerType(), "conv");
      const b = coerceArg(f, 2, IntegerType(), "conv");
      void constant;
      return { dataType: StringType(), eval: nullPropagating([s.eval, a.eval, b.eval], (t, x, y) => conv(t as string, x as number, y as number), false) };
    }),
  };
}
