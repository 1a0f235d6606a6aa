/**
 * Constructors and accessors for arrays, maps and structs: array, map, struct, named_struct,
 * size, element_at, array_contains, sort_array, array_distinct, map_keys, map_values, array_join.
 */
import { AnalysisException, SparkArrayIndexOutOfBoundsException } from "../../errors";
import { ArrayType, BooleanType, type DataType, IntegerType, MapType, NullType, StringType } from "../../types/data-types";
import { analyzeExpr, type Bound, coerce, type FunctionDef, structOf } from "../analyze";
import { castToString } from "../cast";
import { commonTypeOf } from "../coercion";
import { comparatorFor, equalsFor, keyOf } from "../compare";
import { checkArity, coerceArg, constant, def, nullPropagating } from "./helpers";

function elementType(name: string, args: readonly Bound[], ansi: boolean): DataType {
  const t = commonTypeOf(
    args.map((a) => a.dataType),
    ansi,
    true,
  );
  if (t === null) {
    throw new AnalysisException(
      `[DATATYPE_MISMATCH.DATA_DIFF_TYPES] Cannot resolve "${name}(${args.map((a) => a.name).join(", ")})" due to data type mismatch: Input to \`${name}\` should all be the same type, but it's (${args.map((a) => `"${a.dataType.sql()}"`).join(" or ")}). SQLSTATE: 42K09`,
      { errorClass: "DATATYPE_MISMATCH.DATA_DIFF_TYPES", sqlState: "42K09" },
    );
  }
  return t;
}

export function collectionFunctions(): Record<string, FunctionDef> {
  const struct = def("struct", (f) => {
    const names = f.call.args.map((a, i) => (a.kind === "ColumnRef" ? a.parts[a.parts.length - 1]! : a.kind === "Alias" ? a.names[0]! : `col${i + 1}`));
    const ev = f.args.map((a) => a.eval);
    // Spark prints an aliased argument as `expr AS alias`
    const shown = f.call.args.map((a, i) => (a.kind === "Alias" ? `${analyzeExpr(a.child, f.scope).name} AS ${a.names[0]}` : f.args[i]!.name));
    return {
      dataType: structOf(names, f.args.map((a) => a.dataType)),
      ...(f.call.args.some((a) => a.kind === "Alias") ? { name: `struct(${shown.join(", ")})` } : {}),
      nullable: false,
      eval: (row) => ev.map((e) => e(row)),
    };
  });
  const namedStruct = def("named_struct", (f) => {
    if (f.args.length % 2 !== 0) {
      throw new AnalysisException(
        `[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The \`named_struct\` requires 2n (n > 0) parameters but the actual number is ${f.args.length}. SQLSTATE: 42605`,
        { errorClass: "WRONG_NUM_ARGS.WITHOUT_SUGGESTION", sqlState: "42605" },
      );
    }
    const names: string[] = [];
    const vals: Bound[] = [];
    for (let i = 0; i < f.args.length; i += 2) {
      names.push(String(constant(f.args[i])));
      vals.push(f.args[i + 1]!);
    }
    const ev = vals.map((a) => a.eval);
    return { dataType: structOf(names, vals.map((a) => a.dataType)), nullable: false, eval: (row) => ev.map((e) => e(row)) };
  });
  return {
    array: def("array", (f) => {
      const t = f.args.length === 0 ? NullType() : elementType("array", f.args, f.scope.ctx.ansi);
      const et = t instanceof NullType && f.args.length === 0 ? StringType() : t;
      const ev = f.args.map((a) => coerce(a, et, f.scope.ctx).eval);
      return { dataType: ArrayType(f.args.length === 0 ? NullType() : et, true), nullable: false, eval: (row) => ev.map((e) => e(row)) };
    }),
    map: def("map", (f) => {
      const keys = f.args.filter((_, i) => i % 2 === 0);
      const vals = f.args.filter((_, i) => i % 2 === 1);
      const kt = keys.length === 0 ? NullType() : elementType("map", keys, f.scope.ctx.ansi);
      const vt = vals.length === 0 ? NullType() : elementType("map", vals, f.scope.ctx.ansi);
      const ke = keys.map((a) => coerce(a, kt, f.scope.ctx).eval);
      const ve = vals.map((a) => coerce(a, vt, f.scope.ctx).eval);
      return {
        dataType: MapType(kt, vt, true),
        nullable: false,
        eval: (row) => {
          const m = new Map<unknown, unknown>();
          ke.forEach((k, i) => {
            const key = k(row);
            if (key === null) throw new AnalysisException("[NULL_MAP_KEY] Cannot use null as map key. SQLSTATE: 2200E", { errorClass: "NULL_MAP_KEY", sqlState: "2200E" });
            m.set(key, ve[i]!(row));
          });
          return m;
        },
      };
    }),
    struct,
    named_struct: namedStruct,
    named_struct_tuple: { ...struct, name: "named_struct" },
    size: def("size", (f) => {
      checkArity("size", f.args, 1);
      const e = f.args[0]!.eval;
      const legacy = !f.scope.ctx.ansi;
      return {
        dataType: IntegerType(),
        eval: (row) => {
          const v = e(row);
          if (v === null) return legacy ? -1 : null;
          return v instanceof Map ? v.size : (v as unknown[]).length;
        },
      };
    }),
    cardinality: def("cardinality", (f) => {
      const e = f.args[0]!.eval;
      return { dataType: IntegerType(), eval: nullPropagating([e], (v) => (v instanceof Map ? v.size : (v as unknown[]).length), false) };
    }),
    element_at: def("element_at", (f) => {
      checkArity("element_at", f.args, 2);
      const c = f.args[0]!;
      const ansi = f.scope.ctx.ansi;
      if (c.dataType instanceof MapType) {
        const k = coerce(f.args[1]!, c.dataType.keyType, f.scope.ctx);
        const eq = equalsFor(c.dataType.keyType);
        return {
          dataType: c.dataType.valueType,
          eval: nullPropagating([c.eval, k.eval], (m, key) => {
            for (const [kk, vv] of m as Map<unknown, unknown>) if (eq(kk, key)) return vv;
            // Spark 4 answers NULL for a missing map key even with ANSI on (only arrays raise)
            return null;
          }, false),
        };
      }
      const et = c.dataType instanceof ArrayType ? c.dataType.elementType : NullType();
      const i = coerceArg(f, 1, IntegerType(), "element_at");
      return {
        dataType: et,
        eval: nullPropagating([c.eval, i.eval], (a, idx) => {
          const arr = a as unknown[];
          const n = idx as number;
          if (n === 0) throw new SparkArrayIndexOutOfBoundsException("[INVALID_INDEX_OF_ZERO] The index 0 is invalid. An index shall be either < 0 or > 0 (the first element has index 1). SQLSTATE: 22003", { errorClass: "INVALID_INDEX_OF_ZERO", sqlState: "22003" });
          const k = n > 0 ? n - 1 : arr.length + n;
          if (k < 0 || k >= arr.length) {
            if (ansi)
              throw new SparkArrayIndexOutOfBoundsException(
                `[INVALID_ARRAY_INDEX_IN_ELEMENT_AT] The index ${n} is out of bounds. The array has ${arr.length} elements. Use \`try_element_at\` to tolerate accessing element at invalid index and return NULL instead. If necessary set "spark.sql.ansi.enabled" to "false" to bypass this error. SQLSTATE: 22003`,
                { errorClass: "INVALID_ARRAY_INDEX_IN_ELEMENT_AT", sqlState: "22003" },
              );
            return null;
          }
          return arr[k] ?? null;
        }, false),
      };
    }),
    array_contains: def("array_contains", (f) => {
      checkArity("array_contains", f.args, 2);
      const a = f.args[0]!;
      const et = a.dataType instanceof ArrayType ? a.dataType.elementType : NullType();
      const v = coerce(f.args[1]!, et, f.scope.ctx);
      const eq = equalsFor(et);
      return {
        dataType: BooleanType(),
        eval: nullPropagating([a.eval, v.eval], (arr, x) => {
          let sawNull = false;
          for (const e of arr as unknown[]) {
            if (e === null) sawNull = true;
            else if (eq(e, x)) return true;
          }
          return sawNull ? null : false;
        }, false),
      };
    }),
    sort_array: def("sort_array", (f) => {
      const a = f.args[0]!;
      const asc = f.args.length > 1 ? constant(f.args[1]) !== false : true;
      const et = (a.dataType as ArrayType).elementType;
      const cmp = comparatorFor(et);
      return {
        dataType: a.dataType,
        // Spark's one-argument sort_array is sort_array(a, true), and its name prints the default
        name: `sort_array(${a.name}, ${f.args[1]?.name ?? "true"})`,
        eval: nullPropagating([a.eval], (arr) =>
          [...(arr as unknown[])].sort((x, y) => {
            const c = x === null ? (y === null ? 0 : -1) : y === null ? 1 : cmp(x, y);
            return asc ? c : -c;
          }),
        false),
      };
    }),
    array_distinct: def("array_distinct", (f) => {
      const a = f.args[0]!;
      return {
        dataType: a.dataType,
        eval: nullPropagating([a.eval], (arr) => {
          const seen = new Set<string>();
          return (arr as unknown[]).filter((x) => {
            const k = keyOf(x);
            if (seen.has(k)) return false;
            seen.add(k);
            return true;
          });
        }, false),
      };
    }),
    map_keys: def("map_keys", (f) => {
      const m = f.args[0]!;
      const t = m.dataType as MapType;
      return { dataType: ArrayType(t.keyType, false), eval: nullPropagating([m.eval], (v) => [...(v as Map<unknown, unknown>).keys()], false) };
    }),
    map_values: def("map_values", (f) => {
      const m = f.args[0]!;
      const t = m.dataType as MapType;
      return { dataType: ArrayType(t.valueType, true), eval: nullPropagating([m.eval], (v) => [...(v as Map<unknown, unknown>).values()], false) };
    }),
    array_join: def("array_join", (f) => {
      checkArity("array_join", f.args, 2, 3);
      const a = f.args[0]!;
      const conv = castToString((a.dataType as ArrayType).elementType, f.scope.ctx);
      const d = coerceArg(f, 1, StringType(), "array_join").eval;
      const r = f.args.length > 2 ? coerceArg(f, 2, StringType(), "array_join").eval : () => null;
      const ae = a.eval;
      return {
        dataType: StringType(),
        eval: (row) => {
          const arr = ae(row) as unknown[] | null;
          const delim = d(row) as string | null;
          if (arr === null || delim === null) return null;
          const rep = r(row) as string | null;
          return arr
            .filter((x) => x !== null || rep !== null)
            .map((x) => (x === null ? rep : (conv(x) as string)))
            .join(delim);
        },
      };
    }),
  };
}
