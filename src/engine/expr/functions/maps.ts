/**
 * Map functions beyond collection.ts: map_entries, map_contains_key, map_concat, map_from_arrays,
 * map_from_entries, str_to_map. A duplicate key fails with Spark's DUPLICATED_MAP_KEY (its default
 * mapKeyDedupPolicy EXCEPTION); a null key with NULL_MAP_KEY.
 */
import { AnalysisException, SparkRuntimeException } from "../../errors";
import { ArrayType, BooleanType, MapType, StringType } from "../../types/data-types";
import { StructTypeImpl } from "../../types/struct-type";
import { coerce, type FunctionDef, structOf } from "../analyze";
import { commonTypeOf } from "../coercion";
import { equalsFor, keyOf } from "../compare";
import { checkArity, coerceArg, def, nullPropagating } from "./helpers";

const nullKey = () => new SparkRuntimeException("[NULL_MAP_KEY] Cannot use null as map key. SQLSTATE: 2200E", { errorClass: "NULL_MAP_KEY", sqlState: "2200E" });
const dupKey = (k: unknown) =>
  new SparkRuntimeException(
    `[DUPLICATED_MAP_KEY] Duplicate map key ${String(k)} was found, please check the input data. If you want to remove the duplicated keys, you can set "spark.sql.mapKeyDedupPolicy" to "LAST_WIN" so that the key inserted at last takes precedence. SQLSTATE: 23505`,
    { errorClass: "DUPLICATED_MAP_KEY", sqlState: "23505" },
  );

/** Builds a map from key/value pairs with Spark's key rules (policy EXCEPTION unless LAST_WIN). */
function buildMap(pairs: Iterable<readonly [unknown, unknown]>, lastWins: boolean): Map<unknown, unknown> {
  const out = new Map<unknown, unknown>();
  const seen = new Map<string, unknown>();
  for (const [k, v] of pairs) {
    if (k === null) throw nullKey();
    const key = keyOf(k);
    const prev = seen.get(key);
    if (prev !== undefined) {
      if (!lastWins) throw dupKey(k);
      out.set(prev, v);
      continue;
    }
    seen.set(key, k);
    out.set(k, v);
  }
  return out;
}

function mapArg(name: string, t: unknown, argName: string): MapType {
  if (t instanceof MapType) return t;
  throw new AnalysisException(`[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "${name}(${argName})" due to data type mismatch: Parameter 1 requires the "MAP" type. SQLSTATE: 42K09`, {
    errorClass: "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE",
    sqlState: "42K09",
  });
}

export function mapFunctions(): Record<string, FunctionDef> {
  return {
    map_entries: def("map_entries", (f) => {
      checkArity("map_entries", f.args, 1);
      const mt = mapArg("map_entries", f.args[0]!.dataType, f.args[0]!.name);
      return {
        dataType: ArrayType(structOf(["key", "value"], [mt.keyType, mt.valueType]), false),
        eval: nullPropagating([f.args[0]!.eval], (m) => [...(m as Map<unknown, unknown>)].map(([k, v]) => [k, v]), false),
      };
    }),
    map_contains_key: def("map_contains_key", (f) => {
      checkArity("map_contains_key", f.args, 2);
      const mt = mapArg("map_contains_key", f.args[0]!.dataType, f.args[0]!.name);
      const k = coerce(f.args[1]!, mt.keyType, f.scope.ctx);
      const eq = equalsFor(mt.keyType);
      return {
        dataType: BooleanType(),
        eval: nullPropagating([f.args[0]!.eval, k.eval], (m, key) => [...(m as Map<unknown, unknown>).keys()].some((x) => eq(x, key)), false),
      };
    }),
    map_concat: def("map_concat", (f) => {
      const types = f.args.map((a) => mapArg("map_concat", a.dataType, a.name));
      const kt = commonTypeOf(types.map((t) => t.keyType), f.scope.ctx.ansi) ?? StringType();
      const vt = commonTypeOf(types.map((t) => t.valueType), f.scope.ctx.ansi) ?? StringType();
      const mt = MapType(kt, vt, true);
      const evals = f.args.map((a) => coerce(a, mt, f.scope.ctx).eval);
      const lastWins = f.scope.ctx.conf("spark.sql.mapKeyDedupPolicy")?.toUpperCase() === "LAST_WIN";
      return {
        dataType: mt,
        eval: (row) => {
          const ms = evals.map((e) => e(row) as Map<unknown, unknown> | null);
          if (ms.some((m) => m === null)) return null;
          return buildMap(ms.flatMap((m) => [...m!]), lastWins);
        },
      };
    }),
    map_from_arrays: def("map_from_arrays", (f) => {
      checkArity("map_from_arrays", f.args, 2);
      const [k, v] = f.args as [typeof f.args[0] & object, typeof f.args[0] & object];
      const kt = (k.dataType as ArrayType).elementType;
      const vt = (v.dataType as ArrayType).elementType;
      const lastWins = f.scope.ctx.conf("spark.sql.mapKeyDedupPolicy")?.toUpperCase() === "LAST_WIN";
      return {
        dataType: MapType(kt, vt, true),
        eval: nullPropagating([k.eval, v.eval], (ks, vs) => {
          const a = ks as unknown[];
          const b = vs as unknown[];
          if (a.length !== b.length) {
            throw new SparkRuntimeException("[MAP_FROM_ARRAYS_LENGTH_MISMATCH] The key array and value array of MapFromArrays should have the same length. SQLSTATE: 22023", { errorClass: "MAP_FROM_ARRAYS_LENGTH_MISMATCH", sqlState: "22023" });
          }
          return buildMap(a.map((x, i) => [x, b[i]] as const), lastWins);
        }, false),
      };
    }),
    map_from_entries: def("map_from_entries", (f) => {
      checkArity("map_from_entries", f.args, 1);
      const et = (f.args[0]!.dataType as ArrayType).elementType as StructTypeImpl;
      if (!(et instanceof StructTypeImpl) || et.fields.length !== 2) mapArg("map_from_entries", null, f.args[0]!.name);
      const lastWins = f.scope.ctx.conf("spark.sql.mapKeyDedupPolicy")?.toUpperCase() === "LAST_WIN";
      return {
        dataType: MapType(et.fields[0]!.dataType, et.fields[1]!.dataType, true),
        eval: nullPropagating([f.args[0]!.eval], (arr) => {
          const entries = arr as (unknown[] | null)[];
          if (entries.some((e) => e === null)) return null;
          return buildMap(entries.map((e) => [e![0], e![1]] as const), lastWins);
        }, false),
      };
    }),
    str_to_map: def("str_to_map", (f) => {
      checkArity("str_to_map", f.args, 1, 3);
      const text = coerceArg(f, 0, StringType(), "str_to_map");
      const pd = f.args.length > 1 ? coerceArg(f, 1, StringType(), "str_to_map") : null;
      const kd = f.args.length > 2 ? coerceArg(f, 2, StringType(), "str_to_map") : null;
      const lastWins = f.scope.ctx.conf("spark.sql.mapKeyDedupPolicy")?.toUpperCase() === "LAST_WIN";
      const te = text.eval;
      return {
        dataType: MapType(StringType(), StringType(), true),
        name: `str_to_map(${text.name}, ${pd?.name ?? ","}, ${kd?.name ?? ":"})`,
        eval: (row) => {
          const s = te(row) as string | null;
          if (s === null) return null;
          // both delimiters are regular expressions, as in Spark (split with a limit of 2 for the key)
          const p = new RegExp((pd?.eval(row) as string | null) ?? ",", "u");
          const k = new RegExp((kd?.eval(row) as string | null) ?? ":", "u");
          return buildMap(
            s.split(p).map((pair) => {
              const m = k.exec(pair);
              return m === null ? ([pair, null] as const) : ([pair.slice(0, m.index), pair.slice(m.index + m[0].length)] as const);
            }),
            lastWins,
          );
        },
      };
    }),
  };
}
