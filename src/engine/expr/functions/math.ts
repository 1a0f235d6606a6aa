/**
 * Math functions: abs, ceil/floor, round/bround, sqrt, pow, exp, ln/log, sign, mod/pmod,
 * positive/negative, try_* arithmetic.
 */
import { SparkThrowable } from "../../errors";
import { BooleanType, type DataType, DecimalType, DoubleType, IntegerType, LongType } from "../../types/data-types";
import { Decimal } from "../../types/decimal";
import { binaryOnBound, coerce, divideByZero, type FunctionArgs, type FunctionDef, negate, type Resolved } from "../analyze";
import { decimalForType } from "../cast";
import { isIntegralType, isNumericType } from "../coercion";
import { checkArity, coerceArg, constant, def, intLit, nullPropagating, simple } from "./helpers";

const D = DoubleType();

function dbl(name: string, fn: (x: number) => number | null): FunctionDef {
  return simple(name, ["double"], D, () => (x: number) => fn(x));
}

function roundDef(name: string, mode: "HALF_UP" | "HALF_EVEN"): FunctionDef {
  return def(name, (f) => {
    checkArity(name, f.args, 1, 2);
    const args = f.args.length === 1 ? [...f.args, intLit(0)] : f.args;
    const fa = { ...f, args };
    const x = coerceArg(fa, 0, "numeric", name);
    const sc = constant(args[1]) as number;
    const t = x.dataType;
    const nm = `${name}(${args.map((a) => a.name).join(", ")})`;
    if (t instanceof DecimalType) {
      const intDigits = t.precision - t.scale + 1;
      const newScale = sc < 0 ? 0 : Math.min(t.scale, sc);
      const rt = DecimalType(Math.min(intDigits + newScale, 38), newScale);
      return {
        dataType: rt,
        name: nm,
        eval: nullPropagating([x.eval], (v) => (v as Decimal).setScale(sc, mode).setScale(newScale), false),
      };
    }
    if (isIntegralType(t)) {
      return {
        dataType: t,
        name: nm,
        eval: nullPropagating([x.eval], (v) => {
          if (sc >= 0) return v;
          const d = new Decimal(BigInt(v as number | bigint), 0).setScale(sc, mode).setScale(0);
          return typeof v === "bigint" ? d.unscaled : Number(d.unscaled);
        }, false),
      };
    }
    return {
      dataType: t,
      name: nm,
      eval: nullPropagating([x.eval], (v) => {
        const n = v as number;
        if (!Number.isFinite(n)) return n;
        return Decimal.fromNumber(n)!.setScale(sc, mode).toNumber();
      }, false),
    };
  });
}

/**
 * ceil/floor (and ceiling). One argument: Spark's Ceil/Floor, whose pretty name is upper case (`CEIL(x)`) when
 * called as ceil/floor; the `ceiling` alias prints as called. With a scale: Spark's RoundCeil/RoundFloor, which
 * round a decimal (the operand cast to one) to that scale and print lower case, `ceil(x, 1)`.
 */
function ceilFloor(name: string, up: boolean): FunctionDef {
  return def(name, (f) => {
    checkArity(name, f.args, 1, 2);
    if (f.args.length === 2) return roundToScale(f, name, up ? "CEILING" : "FLOOR");
    const x = coerceArg(f, 0, "numeric", name);
    const t = x.dataType;
    const nm = name === "ceiling" ? undefined : `${name.toUpperCase()}(${x.name})`;
    const named = nm === undefined ? {} : { name: nm };
    if (t instanceof DecimalType) {
      const rt = DecimalType(Math.min(t.precision - t.scale + 1, 38), 0);
      return { ...named, dataType: rt, eval: nullPropagating([x.eval], (v) => (v as Decimal).setScale(0, up ? "CEILING" : "FLOOR"), false) };
    }
    if (isIntegralType(t)) {
      const l = coerce(x, LongType(), f.scope.ctx);
      return { ...named, dataType: LongType(), eval: l.eval };
    }
    return {
      ...named,
      dataType: LongType(),
      eval: nullPropagating([x.eval], (v) => {
        const n = (up ? Math.ceil : Math.floor)(v as number);
        if (Number.isNaN(n)) return 0n;
        if (n >= 9.223372036854776e18) return 9223372036854775807n;
        if (n <= -9.223372036854776e18) return -9223372036854775808n;
        return BigInt(n);
      }, false),
    };
  });
}

/** ceil(x, scale) / floor(x, scale): x as a decimal, rounded to `scale` digits (Spark's RoundBase typing). */
function roundToScale(f: FunctionArgs, name: string, mode: "CEILING" | "FLOOR"): Resolved {
  const x0 = coerceArg(f, 0, "numeric", name);
  const dec = x0.dataType instanceof DecimalType ? x0.dataType : decimalForType(x0.dataType);
  if (dec === null) throw new Error(`${name}: no decimal type for ${x0.dataType.sql()}`);
  const x = coerce(x0, dec, f.scope.ctx);
  const sc = Number(constant(coerce(f.args[1]!, IntegerType(), f.scope.ctx)));
  const intDigits = dec.precision - dec.scale + 1;
  const rt = sc < 0 ? DecimalType(Math.min(Math.max(intDigits, -sc + 1), 38), 0) : DecimalType(Math.min(intDigits + Math.min(dec.scale, sc), 38), Math.min(dec.scale, sc));
  return {
    dataType: rt,
    name: `${name}(${x0.name}, ${f.args[1]!.name})`,
    eval: nullPropagating([x.eval], (v) => (v as Decimal).setScale(sc, mode).setScale(rt.scale), false),
  };
}

function tryArith(name: string, op: string): FunctionDef {
  return def(name, (f) => {
    checkArity(name, f.args, 2);
    const ctx = { ...f.scope.ctx, ansi: true };
    const inner = binaryOf(op, f.args[0]!, f.args[1]!, { ...f.scope, ctx });
    const e = inner.eval;
    return {
      dataType: inner.dataType,
      eval: (row) => {
        try {
          return e(row);
        } catch (err) {
          if (err instanceof SparkThrowable) return null;
          throw err;
        }
      },
    };
  });
}

const binaryOf = binaryOnBound;

export function mathFunctions(): Record<string, FunctionDef> {
  return {
    abs: def("abs", (f) => {
      checkArity("abs", f.args, 1);
      const x = coerceArg(f, 0, "numeric", "abs");
      const t: DataType = x.dataType;
      return {
        dataType: t,
        eval: nullPropagating([x.eval], (v) => {
          if (v instanceof Decimal) return v.unscaled < 0n ? v.neg() : v;
          if (typeof v === "bigint") return v < 0n ? -v : v;
          return Math.abs(v as number);
        }, false),
      };
    }),
    isnan: simple("isnan", ["double"], BooleanType(), () => (x: number | null) => x !== null && Number.isNaN(x), { nullTolerant: true }),
    ceil: ceilFloor("ceil", true),
    ceiling: ceilFloor("ceiling", true),
    floor: ceilFloor("floor", false),
    round: roundDef("round", "HALF_UP"),
    bround: roundDef("bround", "HALF_EVEN"),
    sqrt: dbl("SQRT", Math.sqrt),
    cbrt: dbl("CBRT", Math.cbrt),
    exp: dbl("EXP", Math.exp),
    ln: dbl("ln", (x) => (x <= 0 ? null : Math.log(x))),
    log10: dbl("LOG10", (x) => (x <= 0 ? null : Math.log10(x))),
    log2: dbl("LOG2", (x) => (x <= 0 ? null : Math.log2(x))),
    log: def("LOG", (f) => {
      checkArity("log", f.args, 1, 2);
      if (f.args.length === 1) {
        const x = coerceArg(f, 0, "double", "log");
        return { dataType: D, name: `ln(${f.args[0]!.name})`, eval: nullPropagating([x.eval], (v) => ((v as number) <= 0 ? null : Math.log(v as number)), false) };
      }
      const b = coerceArg(f, 0, "double", "log");
      const x = coerceArg(f, 1, "double", "log");
      return {
        dataType: D,
        eval: nullPropagating([b.eval, x.eval], (bb, xx) => ((xx as number) <= 0 || (bb as number) <= 0 ? null : Math.log(xx as number) / Math.log(bb as number)), false),
      };
    }),
    pow: simple("pow", ["double", "double"], D, () => (a: number, b: number) => a ** b),
    power: simple("POWER", ["double", "double"], D, () => (a: number, b: number) => a ** b),
    sign: dbl("sign", Math.sign),
    signum: dbl("SIGNUM", Math.sign),
    sin: dbl("SIN", Math.sin),
    cos: dbl("COS", Math.cos),
    tan: dbl("TAN", Math.tan),
    asin: dbl("ASIN", Math.asin),
    acos: dbl("ACOS", Math.acos),
    atan: dbl("ATAN", Math.atan),
    atan2: simple("ATAN2", ["double", "double"], D, () => (a: number, b: number) => Math.atan2(a, b)),
    degrees: dbl("DEGREES", (x) => x * 57.29577951308232),
    radians: dbl("RADIANS", (x) => x * 0.017453292519943295),
    pi: def("PI", () => ({ dataType: D, eval: () => Math.PI, foldable: true })),
    e: def("E", () => ({ dataType: D, eval: () => Math.E, foldable: true })),
    mod: def("mod", (f) => {
      checkArity("mod", f.args, 2);
      const r = binaryOf("%", f.args[0]!, f.args[1]!, f.scope);
      return { dataType: r.dataType, eval: r.eval, name: `mod(${f.args[0]!.name}, ${f.args[1]!.name})` };
    }),
    pmod: def("pmod", (f) => {
      checkArity("pmod", f.args, 2);
      const r = binaryOf("%", f.args[0]!, f.args[1]!, f.scope);
      const b = binaryOf("+", r, f.args[1]!, f.scope);
      const m = binaryOf("%", b, f.args[1]!, f.scope);
      const re = r.eval;
      const me = m.eval;
      return {
        dataType: r.dataType,
        eval: (row) => {
          const v = re(row);
          if (v === null) return null;
          const neg = v instanceof Decimal ? v.unscaled < 0n : (v as number | bigint) < 0;
          return neg ? me(row) : v;
        },
      };
    }),
    negative: def("negative", (f) => {
      checkArity("negative", f.args, 1);
      return negate(f.args[0]!, f.scope, `negative(${f.args[0]!.name})`);
    }),
    positive: def("positive", (f) => {
      checkArity("positive", f.args, 1);
      const x = isNumericType(f.args[0]!.dataType) ? f.args[0]! : coerce(f.args[0]!, D, f.scope.ctx);
      return { dataType: x.dataType, eval: x.eval, name: `(+ ${f.args[0]!.name})` };
    }),
    try_add: tryArith("try_add", "+"),
    try_subtract: tryArith("try_subtract", "-"),
    try_multiply: tryArith("try_multiply", "*"),
    try_divide: tryArith("try_divide", "/"),
    try_mod: tryArith("try_mod", "%"),
    div0: def("div0", () => {
      throw divideByZero();
    }),
  };
}
