/**
 * Conditional and null functions (coalesce, nvl, nvl2, ifnull, nullif, if, isnull, nanvl,
 * greatest/least) and the IS TRUE / IS FALSE forms.
 */
import { AnalysisException } from "../../errors";
import { BinaryType, BooleanType, type DataType, DoubleType, IntegerType, LongType, StringType } from "../../types/data-types";
import { type Bound, coerce, comparison, type FunctionArgs, type FunctionDef, unexpectedInputType } from "../analyze";
import { commonTypeOf } from "../coercion";
import { comparatorFor, equalsFor } from "../compare";
import { checkArity, def } from "./helpers";

/** The argument types as Spark's message lists them: `("A" or "B")` for coalesce (as for array), `["A", "B"]` for the rest. */
function listTypes(name: string, args: readonly Bound[]): string {
  const types = args.map((a) => `"${a.dataType.sql()}"`);
  return name === "coalesce" ? `(${types.join(" or ")})` : `[${types.join(", ")}]`;
}

function common(name: string, f: FunctionArgs, args: readonly Bound[]): DataType {
  const t = commonTypeOf(
    args.map((a) => a.dataType),
    f.scope.ctx.ansi,
    true,
  );
  if (t === null) {
    throw new AnalysisException(
      `[DATATYPE_MISMATCH.DATA_DIFF_TYPES] Cannot resolve "${name}(${f.args.map((a) => a.name).join(", ")})" due to data type mismatch: Input to \`${name}\` should all be the same type, but it's ${listTypes(name, args)}. SQLSTATE: 42K09`,
      { errorClass: "DATATYPE_MISMATCH.DATA_DIFF_TYPES", sqlState: "42K09" },
    );
  }
  return t;
}

function coalesceDef(name: string, min: number, max = Number.POSITIVE_INFINITY): FunctionDef {
  return def(name, (f) => {
    checkArity(name, f.args, min, max);
    const t = common(name, f, f.args);
    const ev = f.args.map((a) => coerce(a, t, f.scope.ctx).eval);
    return {
      dataType: t,
      nullable: f.args.every((a) => a.nullable),
      eval: (row) => {
        for (const e of ev) {
          const v = e(row);
          if (v !== null) return v;
        }
        return null;
      },
    };
  });
}

function boolTest(name: string, expect: boolean, negated: boolean, shown: string): FunctionDef {
  return def(name, (f) => {
    const a = f.args[0]!;
    const e = a.eval;
    return {
      dataType: BooleanType(),
      nullable: false,
      name: `(${a.name} IS ${shown})`,
      eval: (row) => {
        const v = e(row);
        const r = v === expect;
        return negated ? !r : r;
      },
    };
  });
}

function extreme(name: string, sign: 1 | -1): FunctionDef {
  return def(name, (f) => {
    checkArity(name, f.args, 2, Number.POSITIVE_INFINITY);
    const t = common(name, f, f.args);
    const ev = f.args.map((a) => coerce(a, t, f.scope.ctx).eval);
    const cmp = comparatorFor(t);
    return {
      dataType: t,
      eval: (row) => {
        let best: unknown = null;
        for (const e of ev) {
          const v = e(row);
          if (v !== null && (best === null || sign * cmp(v, best) > 0)) best = v;
        }
        return best;
      },
    };
  });
}

export function conditionalFunctions(): Record<string, FunctionDef> {
  return {
    coalesce: coalesceDef("coalesce", 1),
    nvl: coalesceDef("nvl", 2, 2),
    ifnull: coalesceDef("ifnull", 2, 2),
    nvl2: def("nvl2", (f) => {
      checkArity("nvl2", f.args, 3);
      const t = common("nvl2", f, f.args.slice(1));
      const [a, b, c] = [f.args[0]!.eval, coerce(f.args[1]!, t, f.scope.ctx).eval, coerce(f.args[2]!, t, f.scope.ctx).eval];
      return { dataType: t, eval: (row) => (a(row) !== null ? b(row) : c(row)) };
    }),
    nullif: def("nullif", (f) => {
      checkArity("nullif", f.args, 2);
      const eq = comparison("=", f.args[0]!, f.args[1]!, f.scope).eval;
      const a = f.args[0]!.eval;
      return { dataType: f.args[0]!.dataType, eval: (row) => (eq(row) === true ? null : a(row)) };
    }),
    if: def("if", (f) => {
      checkArity("if", f.args, 3);
      const c = f.args[0]!;
      if (!(c.dataType instanceof BooleanType) && c.dataType.typeName() !== "void") {
        throw unexpectedInputType(`(IF(${f.args.map((a) => a.name).join(", ")}))`, 0, '"BOOLEAN"', c);
      }
      const t = common("if", f, f.args.slice(1));
      const ce = c.eval;
      const b = coerce(f.args[1]!, t, f.scope.ctx).eval;
      const e = coerce(f.args[2]!, t, f.scope.ctx).eval;
      return {
        dataType: t,
        name: `(IF(${f.args.map((a) => a.name).join(", ")}))`,
        eval: (row) => (ce(row) === true ? b(row) : e(row)),
      };
    }),
    isnull: def("isnull", (f) => {
      checkArity("isnull", f.args, 1);
      const e = f.args[0]!.eval;
      return { dataType: BooleanType(), nullable: false, name: `(${f.args[0]!.name} IS NULL)`, eval: (row) => e(row) === null };
    }),
    isnotnull: def("isnotnull", (f) => {
      checkArity("isnotnull", f.args, 1);
      const e = f.args[0]!.eval;
      return { dataType: BooleanType(), nullable: false, name: `(${f.args[0]!.name} IS NOT NULL)`, eval: (row) => e(row) !== null };
    }),
    nanvl: def("nanvl", (f) => {
      checkArity("nanvl", f.args, 2);
      const a = coerce(f.args[0]!, DoubleType(), f.scope.ctx).eval;
      const b = coerce(f.args[1]!, DoubleType(), f.scope.ctx).eval;
      return {
        dataType: DoubleType(),
        eval: (row) => {
          const v = a(row);
          return typeof v === "number" && Number.isNaN(v) ? b(row) : v;
        },
      };
    }),
    zeroifnull: def("zeroifnull", (f) => {
      checkArity("zeroifnull", f.args, 1);
      const a = f.args[0]!;
      const t = commonTypeOf([a.dataType, IntegerType()], true) ?? IntegerType();
      const nt = t instanceof StringType ? (f.scope.ctx.ansi ? LongType() : DoubleType()) : t;
      const e = coerce(a, nt, f.scope.ctx).eval;
      const zero = coerce({ dataType: IntegerType(), nullable: false, name: "0", eval: () => 0, foldable: true, literal: { value: 0 } }, nt, f.scope.ctx).eval([]);
      return { dataType: nt, eval: (row) => e(row) ?? zero };
    }),
    nullifzero: def("nullifzero", (f) => {
      checkArity("nullifzero", f.args, 1);
      const a = f.args[0]!;
      const e = a.eval;
      const zero = comparison("=", a, { dataType: IntegerType(), nullable: false, name: "0", eval: () => 0, foldable: true, literal: { value: 0 } }, f.scope).eval;
      return { dataType: a.dataType, eval: (row) => (zero(row) === true ? null : e(row)) };
    }),
    decode: def("decode", (f) => {
      if (f.args.length === 2) {
        const b = f.args[0]!;
        const e = b.eval;
        const dec = new TextDecoder("utf-8");
        return { dataType: StringType(), eval: (row) => {
          const v = e(row);
          return v === null ? null : typeof v === "string" ? v : dec.decode(v as Uint8Array);
        } };
      }
      checkArity("decode", f.args, 3, Number.POSITIVE_INFINITY);
      const [x, ...rest] = f.args;
      const pairs: [Bound, Bound][] = [];
      for (let i = 0; i + 1 < rest.length; i += 2) pairs.push([rest[i]!, rest[i + 1]!]);
      const dflt = rest.length % 2 === 1 ? rest[rest.length - 1]! : null;
      const t = common("decode", f, [...pairs.map((p) => p[1]), ...(dflt ? [dflt] : [])]);
      const tests = pairs.map(([s]) => comparison("<=>", x!, s, f.scope).eval);
      const vals = pairs.map(([, v]) => coerce(v, t, f.scope.ctx).eval);
      const de = dflt ? coerce(dflt, t, f.scope.ctx).eval : () => null;
      return {
        dataType: t,
        eval: (row) => {
          for (let i = 0; i < tests.length; i++) if (tests[i]!(row) === true) return vals[i]!(row);
          return de(row);
        },
      };
    }),
    encode: def("encode", (f) => {
      checkArity("encode", f.args, 2);
      const e = coerce(f.args[0]!, StringType(), f.scope.ctx).eval;
      const enc = new TextEncoder();
      return { dataType: BinaryType(), eval: (row) => {
        const v = e(row);
        return v === null ? null : enc.encode(v as string);
      } };
    }),
    greatest: extreme("greatest", 1),
    least: extreme("least", -1),
    equal_null: def("equal_null", (f) => {
      const r = comparison("<=>", f.args[0]!, f.args[1]!, f.scope);
      return { dataType: BooleanType(), nullable: false, eval: r.eval };
    }),
    __is_true: boolTest("__is_true", true, false, "true"),
    __is_not_true: boolTest("__is_not_true", true, true, "NOT true"),
    __is_false: boolTest("__is_false", false, false, "false"),
    __is_not_false: boolTest("__is_not_false", false, true, "NOT false"),
  };
}

export { equalsFor };
