/**
 * Array functions beyond collection.ts: append/prepend/insert/remove/compact, the set operations
 * (array_except/intersect/union, arrays_overlap), array_max/min/position/size, array_repeat, slice,
 * arrays_zip, flatten, sequence, get and try_element_at. Set operations keep the first occurrence's order
 * and treat null as one value, as Spark does.
 */
import { AnalysisException, SparkArrayIndexOutOfBoundsException, SparkRuntimeException } from "../../errors";
import {
  ArrayType,
  BooleanType,
  type DataType,
  DateType,
  IntegerType,
  LongType,
  NullType,
} from "../../types/data-types";
import type { CalendarInterval } from "../../types/values";
import { type Bound, coerce, type FunctionArgs, type FunctionDef, structOf } from "../analyze";
import { commonTypeOf } from "../coercion";
import { comparatorFor, equalsFor, keyOf } from "../compare";
import { checkArity, coerceArg, def, nullPropagating } from "./helpers";

function mismatch(name: string, f: FunctionArgs, msg: string): AnalysisException {
  return new AnalysisException(
    `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "${name}(${f.args.map((a) => a.name).join(", ")})" due to data type mismatch: ${msg}. SQLSTATE: 42K09`,
    { errorClass: "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE", sqlState: "42K09" },
  );
}

function arrayArg(name: string, f: FunctionArgs, i = 0): { b: Bound; et: DataType } {
  const b = f.args[i]!;
  if (b.dataType instanceof NullType) return { b, et: NullType() };
  if (!(b.dataType instanceof ArrayType)) throw mismatch(name, f, `Parameter ${i + 1} requires the "ARRAY" type, however "${b.name}" has the type "${b.dataType.sql()}"`);
  return { b, et: b.dataType.elementType };
}

/** The array and the element coerced to their common element type. */
function withElement(name: string, f: FunctionArgs, ai: number, ei: number): { arr: Bound; el: Bound; et: DataType } {
  const { b, et } = arrayArg(name, f, ai);
  const e = f.args[ei]!;
  const t = commonTypeOf([et, e.dataType], f.scope.ctx.ansi) ?? et;
  return { arr: coerce(b, ArrayType(t, true), f.scope.ctx), el: coerce(e, t, f.scope.ctx), et: t };
}

function twoArrays(name: string, f: FunctionArgs): { a: Bound; b: Bound; et: DataType } {
  checkArity(name, f.args, 2);
  const x = arrayArg(name, f, 0);
  const y = arrayArg(name, f, 1);
  const t = commonTypeOf([x.et, y.et], f.scope.ctx.ansi);
  if (t === null) throw mismatch(name, f, `Input to function \`${name}\` should have been two "ARRAY" with same element type`);
  return { a: coerce(x.b, ArrayType(t, true), f.scope.ctx), b: coerce(y.b, ArrayType(t, true), f.scope.ctx), et: t };
}

function distinctPush(out: unknown[], seen: Set<string>, v: unknown): void {
  const k = keyOf(v);
  if (!seen.has(k)) {
    seen.add(k);
    out.push(v);
  }
}

function indexError(cls: string, message: string): SparkArrayIndexOutOfBoundsException {
  return new SparkArrayIndexOutOfBoundsException(`[${cls}] ${message}`, { errorClass: cls, sqlState: "22003" });
}

const MICROS_PER_DAY = 86_400_000_000n;

function addMonthsToDays(days: number, months: number): number {
  const d = new Date(days * 86_400_000);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Math.round(Date.UTC(y, m, Math.min(d.getUTCDate(), last)) / 86_400_000);
}

export function arrayFunctions(): Record<string, FunctionDef> {
  const appendLike = (name: string, front: boolean) =>
    def(name, (f) => {
      checkArity(name, f.args, 2);
      const { arr, el, et } = withElement(name, f, 0, 1);
      const ae = arr.eval;
      const ee = el.eval;
      return {
        dataType: ArrayType(et, true),
        eval: (row) => {
          const a = ae(row) as unknown[] | null;
          if (a === null) return null;
          const v = ee(row);
          return front ? [v, ...a] : [...a, v];
        },
      };
    });
  const minMax = (name: string, sign: number) =>
    def(name, (f) => {
      checkArity(name, f.args, 1);
      const { b, et } = arrayArg(name, f);
      const cmp = comparatorFor(et);
      return {
        dataType: et,
        eval: nullPropagating([b.eval], (a) => {
          let best: unknown = null;
          for (const v of a as unknown[]) if (v !== null && (best === null || sign * cmp(v, best) > 0)) best = v;
          return best;
        }, false),
      };
    });
  const getAt = (name: string, zeroBased: boolean) =>
    def(name, (f) => {
      checkArity(name, f.args, 2);
      const c = f.args[0]!;
      if (!zeroBased && !(c.dataType instanceof ArrayType)) {
        // try_element_at on a map: the value or null
        const mt = c.dataType as unknown as { keyType: DataType; valueType: DataType };
        const k = coerce(f.args[1]!, mt.keyType, f.scope.ctx);
        const eq = equalsFor(mt.keyType);
        return {
          dataType: mt.valueType,
          eval: nullPropagating([c.eval, k.eval], (m, key) => {
            for (const [kk, vv] of m as Map<unknown, unknown>) if (eq(kk, key)) return vv;
            return null;
          }, false),
        };
      }
      const { b, et } = arrayArg(name, f);
      const i = coerceArg(f, 1, IntegerType(), name);
      return {
        dataType: et,
        eval: nullPropagating([b.eval, i.eval], (a, idx) => {
          const arr = a as unknown[];
          const n = idx as number;
          if (!zeroBased && n === 0) throw indexError("INVALID_INDEX_OF_ZERO", "The index 0 is invalid. An index shall be either < 0 or > 0 (the first element has index 1). SQLSTATE: 22003");
          const k = zeroBased ? n : n > 0 ? n - 1 : arr.length + n;
          return k < 0 || k >= arr.length ? null : (arr[k] ?? null);
        }, false),
      };
    });
  return {
    array_append: appendLike("array_append", false),
    array_prepend: appendLike("array_prepend", true),
    array_compact: def("array_compact", (f) => {
      checkArity("array_compact", f.args, 1);
      const { b, et } = arrayArg("array_compact", f);
      return { dataType: ArrayType(et, true), eval: nullPropagating([b.eval], (a) => (a as unknown[]).filter((v) => v !== null), false) };
    }),
    array_remove: def("array_remove", (f) => {
      checkArity("array_remove", f.args, 2);
      const { arr, el, et } = withElement("array_remove", f, 0, 1);
      const eq = equalsFor(et);
      return { dataType: arr.dataType, eval: nullPropagating([arr.eval, el.eval], (a, x) => (a as unknown[]).filter((v) => v === null || !eq(v, x)), false) };
    }),
    array_insert: def("array_insert", (f) => {
      checkArity("array_insert", f.args, 3);
      const { arr, el, et } = withElement("array_insert", f, 0, 2);
      const p = coerceArg(f, 1, IntegerType(), "array_insert");
      const ae = arr.eval;
      const pe = p.eval;
      const ee = el.eval;
      return {
        dataType: ArrayType(et, true),
        eval: (row) => {
          const a = ae(row) as unknown[] | null;
          const pos = pe(row) as number | null;
          if (a === null || pos === null) return null;
          const v = ee(row);
          if (pos === 0) throw indexError("INVALID_INDEX_OF_ZERO", "The index 0 is invalid. An index shall be either < 0 or > 0 (the first element has index 1). SQLSTATE: 22003");
          if (pos > 0) {
            if (pos - 1 <= a.length) return [...a.slice(0, pos - 1), v, ...a.slice(pos - 1)];
            return [...a, ...new Array<unknown>(pos - 1 - a.length).fill(null), v];
          }
          const at = a.length + pos + 1;
          if (at >= 0) return [...a.slice(0, at), v, ...a.slice(at)];
          return [v, ...new Array<unknown>(-pos - a.length - 1).fill(null), ...a];
        },
      };
    }),
    array_except: def("array_except", (f) => {
      const { a, b, et } = twoArrays("array_except", f);
      return {
        dataType: ArrayType(et, true),
        eval: nullPropagating([a.eval, b.eval], (x, y) => {
          const seen = new Set((y as unknown[]).map(keyOf));
          const out: unknown[] = [];
          for (const v of x as unknown[]) distinctPush(out, seen, v);
          return out;
        }, false),
      };
    }),
    array_intersect: def("array_intersect", (f) => {
      const { a, b, et } = twoArrays("array_intersect", f);
      return {
        dataType: ArrayType(et, true),
        eval: nullPropagating([a.eval, b.eval], (x, y) => {
          const other = new Set((y as unknown[]).map(keyOf));
          const seen = new Set<string>();
          const out: unknown[] = [];
          for (const v of x as unknown[]) if (other.has(keyOf(v))) distinctPush(out, seen, v);
          return out;
        }, false),
      };
    }),
    array_union: def("array_union", (f) => {
      const { a, b, et } = twoArrays("array_union", f);
      return {
        dataType: ArrayType(et, true),
        eval: nullPropagating([a.eval, b.eval], (x, y) => {
          const seen = new Set<string>();
          const out: unknown[] = [];
          for (const v of [...(x as unknown[]), ...(y as unknown[])]) distinctPush(out, seen, v);
          return out;
        }, false),
      };
    }),
    arrays_overlap: def("arrays_overlap", (f) => {
      const { a, b } = twoArrays("arrays_overlap", f);
      return {
        dataType: BooleanType(),
        eval: nullPropagating([a.eval, b.eval], (x, y) => {
          const xs = x as unknown[];
          const ys = y as unknown[];
          const keys = new Set(xs.filter((v) => v !== null).map(keyOf));
          if (ys.some((v) => v !== null && keys.has(keyOf(v)))) return true;
          return xs.length > 0 && ys.length > 0 && (xs.includes(null) || ys.includes(null)) ? null : false;
        }, false),
      };
    }),
    array_max: minMax("array_max", 1),
    array_min: minMax("array_min", -1),
    array_position: def("array_position", (f) => {
      checkArity("array_position", f.args, 2);
      const { arr, el, et } = withElement("array_position", f, 0, 1);
      const eq = equalsFor(et);
      return {
        dataType: LongType(),
        eval: nullPropagating([arr.eval, el.eval], (a, x) => BigInt((a as unknown[]).findIndex((v) => v !== null && eq(v, x)) + 1), false),
      };
    }),
    array_size: def("array_size", (f) => {
      checkArity("array_size", f.args, 1);
      const { b } = arrayArg("array_size", f);
      return { dataType: IntegerType(), eval: nullPropagating([b.eval], (a) => (a as unknown[]).length, false) };
    }),
    array_repeat: def("array_repeat", (f) => {
      checkArity("array_repeat", f.args, 2);
      const e = f.args[0]!;
      const n = coerceArg(f, 1, IntegerType(), "array_repeat");
      const ee = e.eval;
      const ne = n.eval;
      return {
        dataType: ArrayType(e.dataType, true),
        eval: (row) => {
          const k = ne(row) as number | null;
          if (k === null) return null;
          return new Array<unknown>(Math.max(k, 0)).fill(ee(row));
        },
      };
    }),
    slice: def("slice", (f) => {
      checkArity("slice", f.args, 3);
      const { b } = arrayArg("slice", f);
      const s = coerceArg(f, 1, IntegerType(), "slice");
      const l = coerceArg(f, 2, IntegerType(), "slice");
      return {
        dataType: b.dataType,
        eval: nullPropagating([b.eval, s.eval, l.eval], (a, st, ln) => {
          const arr = a as unknown[];
          const start = st as number;
          const len = ln as number;
          if (start === 0) throw new SparkRuntimeException("[INVALID_PARAMETER_VALUE.START] The value of parameter(s) `start` in `slice` is invalid: Expects a positive or a negative value for `start`, but got 0. SQLSTATE: 22023", { errorClass: "INVALID_PARAMETER_VALUE.START", sqlState: "22023" });
          if (len < 0) throw new SparkRuntimeException(`[INVALID_PARAMETER_VALUE.LENGTH] The value of parameter(s) \`length\` in \`slice\` is invalid: Expects \`length\` greater than or equal to 0, but got ${len}. SQLSTATE: 22023`, { errorClass: "INVALID_PARAMETER_VALUE.LENGTH", sqlState: "22023" });
          const from = start > 0 ? start - 1 : arr.length + start;
          if (from < 0 || from >= arr.length) return [];
          return arr.slice(from, from + len);
        }, false),
      };
    }),
    arrays_zip: def("arrays_zip", (f) => {
      const parts = f.args.map((_, i) => arrayArg("arrays_zip", f, i));
      const names = f.call.args.map((a, i) => (a.kind === "ColumnRef" ? a.parts[a.parts.length - 1]! : a.kind === "Alias" ? a.names[0]! : String(i)));
      const evals = parts.map((p) => p.b.eval);
      return {
        dataType: ArrayType(structOf(names, parts.map((p) => p.et)), false),
        eval: (row) => {
          const arrs = evals.map((e) => e(row) as unknown[] | null);
          if (arrs.some((a) => a === null)) return null;
          const n = Math.max(0, ...arrs.map((a) => a!.length));
          return Array.from({ length: n }, (_, i) => arrs.map((a) => a![i] ?? null));
        },
      };
    }),
    flatten: def("flatten", (f) => {
      checkArity("flatten", f.args, 1);
      const { b, et } = arrayArg("flatten", f);
      if (!(et instanceof ArrayType)) throw mismatch("flatten", f, `Parameter 1 requires the "ARRAY<ARRAY>" type, however "${b.name}" has the type "${b.dataType.sql()}"`);
      return {
        dataType: et,
        eval: nullPropagating([b.eval], (a) => {
          const arr = a as (unknown[] | null)[];
          if (arr.some((x) => x === null)) return null;
          return arr.flat();
        }, false),
      };
    }),
    sequence: def("sequence", (f) => {
      checkArity("sequence", f.args, 2, 3);
      const t = commonTypeOf([f.args[0]!.dataType, f.args[1]!.dataType], f.scope.ctx.ansi) ?? IntegerType();
      const a = coerce(f.args[0]!, t, f.scope.ctx);
      const b = coerce(f.args[1]!, t, f.scope.ctx);
      const st = f.args[2];
      const name = t.typeName();
      if (name === "date" || name.startsWith("timestamp")) {
        const stepE = st?.eval ?? (() => ({ months: 0, days: 1, micros: 0n }) as CalendarInterval);
        return {
          dataType: ArrayType(t, false),
          eval: (row) => {
            const x = a.eval(row);
            const y = b.eval(row);
            const s = stepE(row);
            if (x === null || y === null || s === null) return null;
            const iv: CalendarInterval = typeof s === "bigint" ? { months: 0, days: 0, micros: s } : typeof s === "number" ? { months: s, days: 0, micros: 0n } : (s as CalendarInterval);
            const out: unknown[] = [];
            const up = (x as number) <= (y as number);
            for (let i = 0; out.length < 1_000_000; i++) {
              let v: unknown;
              if (t instanceof DateType) {
                const days = addMonthsToDays(x as number, iv.months * i) + iv.days * i + Number(iv.micros / MICROS_PER_DAY) * i;
                v = days;
              } else {
                const base = x as bigint;
                const days = Math.floor(Number(base / MICROS_PER_DAY));
                const rest = base - BigInt(days) * MICROS_PER_DAY;
                v = BigInt(addMonthsToDays(days, iv.months * i) + iv.days * i) * MICROS_PER_DAY + rest + iv.micros * BigInt(i);
              }
              if (up ? (v as number) > (y as number) : (v as number) < (y as number)) break;
              out.push(v);
              if (iv.months === 0 && iv.days === 0 && iv.micros === 0n) break;
            }
            return out;
          },
        };
      }
      const s = st === undefined ? null : coerce(st, t, f.scope.ctx);
      const long = t instanceof LongType;
      return {
        dataType: ArrayType(t, false),
        eval: (row) => {
          const x = a.eval(row);
          const y = b.eval(row);
          if (x === null || y === null) return null;
          const lo = BigInt(x as number | bigint);
          const hi = BigInt(y as number | bigint);
          const sv = s === null ? (lo <= hi ? 1n : -1n) : s.eval(row);
          if (sv === null) return null;
          const step = BigInt(sv as number | bigint);
          if (step === 0n || (step > 0n && lo > hi) || (step < 0n && lo < hi)) {
            if (lo === hi) return [long ? lo : Number(lo)];
            throw new SparkRuntimeException(`[INVALID_SEQUENCE_STEP] Illegal sequence boundaries: ${lo} to ${hi} by ${step}. SQLSTATE: 22023`, { errorClass: "INVALID_SEQUENCE_STEP", sqlState: "22023" });
          }
          const out: unknown[] = [];
          for (let v = lo; step > 0n ? v <= hi : v >= hi; v += step) out.push(long ? v : Number(v));
          return out;
        },
      };
    }),
    get: getAt("get", true),
    try_element_at: getAt("try_element_at", false),
  };
}
