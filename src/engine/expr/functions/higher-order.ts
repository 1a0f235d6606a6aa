/**
 * Higher-order functions over arrays and maps with SQL lambdas (`x -> x + 1`, `(acc, x) -> acc + x`):
 * transform, filter, exists, forall, aggregate/reduce, zip_with, array_sort (with or without a comparator),
 * map_filter, transform_keys, transform_values, map_zip_with. Column names print lambdas as Spark does:
 * `lambdafunction(body, namedlambdavariable(), ...)`.
 */
import { AnalysisException, SparkRuntimeException } from "../../errors";
import { ArrayType, BooleanType, type DataType, IntegerType, MapType, NullType } from "../../types/data-types";
import type * as A from "../ast";
import { analyzeExpr, type Bound, bindLambda, coerce, type FunctionArgs, type FunctionDef, type Resolved } from "../analyze";
import { comparatorFor, keyOf } from "../compare";
import { checkArity } from "./helpers";

type Lambda = ReturnType<typeof bindLambda>;

function lambdaOf(name: string, e: A.Expr | undefined, types: readonly DataType[], f: FunctionArgs): { fn: Lambda; display: string } {
  if (e === undefined || e.kind !== "LambdaFn") {
    throw new AnalysisException(`[INVALID_LAMBDA_FUNCTION_CALL.NON_HIGHER_ORDER_FUNCTION] Invalid lambda function call. A lambda function should only be used in a higher order function. However, its class is \`${name}\`. SQLSTATE: 42K0D`, {
      errorClass: "INVALID_LAMBDA_FUNCTION_CALL.NON_HIGHER_ORDER_FUNCTION",
      sqlState: "42K0D",
    });
  }
  if (e.params.length > types.length) {
    throw new AnalysisException(
      `[INVALID_LAMBDA_FUNCTION_CALL.NUM_ARGS_MISMATCH] Invalid lambda function call. A higher order function expects ${types.length} arguments, but got ${e.params.length}. SQLSTATE: 42K0D`,
      { errorClass: "INVALID_LAMBDA_FUNCTION_CALL.NUM_ARGS_MISMATCH", sqlState: "42K0D" },
    );
  }
  const fn = bindLambda(e, types, f.scope);
  return { fn, display: lambdaDisplay(fn.body.name, e.params.length) };
}

const lambdaDisplay = (body: string, n: number): string => `lambdafunction(${[body, ...new Array<string>(n).fill("namedlambdavariable()")].join(", ")})`;

function arrayIn(name: string, _f: FunctionArgs, b: Bound): DataType {
  if (b.dataType instanceof ArrayType) return b.dataType.elementType;
  if (b.dataType instanceof NullType) return NullType();
  throw new AnalysisException(
    `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "${name}(${b.name})" due to data type mismatch: Parameter 1 requires the "ARRAY" type, however "${b.name}" has the type "${b.dataType.sql()}". SQLSTATE: 42K09`,
    { errorClass: "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE", sqlState: "42K09" },
  );
}
function mapIn(name: string, b: Bound): MapType {
  if (b.dataType instanceof MapType) return b.dataType;
  throw new AnalysisException(
    `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "${name}(${b.name})" due to data type mismatch: Parameter 1 requires the "MAP" type, however "${b.name}" has the type "${b.dataType.sql()}". SQLSTATE: 42K09`,
    { errorClass: "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE", sqlState: "42K09" },
  );
}

/** A higher-order function: the non-lambda arguments analyzed, the lambdas left to `body`. */
function hof(name: string, min: number, max: number, body: (f: FunctionArgs, values: readonly Bound[], raw: readonly A.Expr[]) => Resolved): FunctionDef {
  return {
    name,
    rawArgs: true,
    resolve: (f) => {
      checkArity(name, f.call.args, min, max);
      const values = f.call.args.map((a) => (a.kind === "LambdaFn" ? null : analyzeExpr(a, f.scope))).filter((b): b is Bound => b !== null);
      return body({ ...f, args: values }, values, f.call.args);
    },
  };
}

const three = (v: unknown): boolean | null => (v === null ? null : (v as boolean));
const nullMapKey = () => new SparkRuntimeException("[NULL_MAP_KEY] Cannot use null as map key. SQLSTATE: 2200E", { errorClass: "NULL_MAP_KEY", sqlState: "2200E" });

/** Spark's text for array_sort's default comparator (ascending, nulls last), shown in the column name. */
const DEFAULT_SORT =
  "lambdafunction((IF(((namedlambdavariable() IS NULL) AND (namedlambdavariable() IS NULL)), 0, (IF((namedlambdavariable() IS NULL), 1, (IF((namedlambdavariable() IS NULL), -1, (IF((namedlambdavariable() < namedlambdavariable()), -1, (IF((namedlambdavariable() > namedlambdavariable()), 1, 0)))))))))), namedlambdavariable(), namedlambdavariable())";

export function higherOrderFunctions(): Record<string, FunctionDef> {
  const transform = hof("transform", 2, 2, (f, [arr], raw) => {
    const et = arrayIn("transform", f, arr!);
    const { fn, display } = lambdaOf("transform", raw[1], [et, IntegerType()], f);
    const ae = arr!.eval;
    return {
      dataType: ArrayType(fn.body.dataType, true),
      name: `transform(${arr!.name}, ${display})`,
      eval: (row) => {
        const a = ae(row) as unknown[] | null;
        return a === null ? null : a.map((x, i) => fn.call([x, i], row));
      },
    };
  });
  const filter = hof("filter", 2, 2, (f, [arr], raw) => {
    const et = arrayIn("filter", f, arr!);
    const { fn, display } = lambdaOf("filter", raw[1], [et, IntegerType()], f);
    const ae = arr!.eval;
    return {
      dataType: arr!.dataType,
      name: `filter(${arr!.name}, ${display})`,
      eval: (row) => {
        const a = ae(row) as unknown[] | null;
        return a === null ? null : a.filter((x, i) => fn.call([x, i], row) === true);
      },
    };
  });
  const quantifier = (name: "exists" | "forall") =>
    hof(name, 2, 2, (f, [arr], raw) => {
      const et = arrayIn(name, f, arr!);
      const { fn, display } = lambdaOf(name, raw[1], [et], f);
      const ae = arr!.eval;
      const stop = name === "exists";
      return {
        dataType: BooleanType(),
        name: `${name}(${arr!.name}, ${display})`,
        eval: (row) => {
          const a = ae(row) as unknown[] | null;
          if (a === null) return null;
          let sawNull = false;
          for (const x of a) {
            const v = three(fn.call([x], row));
            if (v === null) sawNull = true;
            else if (v === stop) return stop;
          }
          return sawNull ? null : !stop;
        },
      };
    });
  const aggregate = (name: string) =>
    hof(name, 3, 4, (f, [arr, zero], raw) => {
      const et = arrayIn(name, f, arr!);
      const merge = lambdaOf(name, raw[2], [zero!.dataType, et], f);
      const accType = zero!.dataType instanceof NullType ? merge.fn.body.dataType : zero!.dataType;
      const z = coerce(zero!, accType, f.scope.ctx);
      const finish = raw[3] === undefined ? null : lambdaOf(name, raw[3], [accType], f);
      const ae = arr!.eval;
      const ze = z.eval;
      const mergeCast = coerce({ ...merge.fn.body, eval: (r) => r[0] ?? null }, accType, f.scope.ctx).eval;
      return {
        dataType: finish === null ? accType : finish.fn.body.dataType,
        name: `${name}(${arr!.name}, ${zero!.name}, ${merge.display}, ${finish === null ? lambdaDisplay("namedlambdavariable()", 1) : finish.display})`,
        eval: (row) => {
          const a = ae(row) as unknown[] | null;
          if (a === null) return null;
          let acc = ze(row);
          for (const x of a) acc = mergeCast([merge.fn.call([acc, x], row)]);
          return finish === null ? acc : finish.fn.call([acc], row);
        },
      };
    });
  const zipWith = hof("zip_with", 3, 3, (f, [a, b], raw) => {
    const ta = arrayIn("zip_with", f, a!);
    const tb = arrayIn("zip_with", f, b!);
    const { fn, display } = lambdaOf("zip_with", raw[2], [ta, tb], f);
    return {
      dataType: ArrayType(fn.body.dataType, true),
      name: `zip_with(${a!.name}, ${b!.name}, ${display})`,
      eval: (row) => {
        const x = a!.eval(row) as unknown[] | null;
        const y = b!.eval(row) as unknown[] | null;
        if (x === null || y === null) return null;
        return Array.from({ length: Math.max(x.length, y.length) }, (_, i) => fn.call([x[i] ?? null, y[i] ?? null], row));
      },
    };
  });
  const arraySort = hof("array_sort", 1, 2, (f, [arr], raw) => {
    const et = arrayIn("array_sort", f, arr!);
    const ae = arr!.eval;
    if (raw[1] === undefined) {
      const cmp = comparatorFor(et);
      return {
        dataType: arr!.dataType,
        name: `array_sort(${arr!.name}, ${DEFAULT_SORT})`,
        eval: (row) => {
          const a = ae(row) as unknown[] | null;
          return a === null ? null : [...a].sort((x, y) => (x === null ? (y === null ? 0 : 1) : y === null ? -1 : cmp(x, y)));
        },
      };
    }
    const { fn, display } = lambdaOf("array_sort", raw[1], [et, et], f);
    return {
      dataType: arr!.dataType,
      name: `array_sort(${arr!.name}, ${display})`,
      eval: (row) => {
        const a = ae(row) as unknown[] | null;
        if (a === null) return null;
        return [...a].sort((x, y) => {
          const c = fn.call([x, y], row);
          if (c === null) throw new SparkRuntimeException("[COMPARATOR_RETURNS_NULL] The comparator has returned a NULL for a comparison between elements. SQLSTATE: 22004", { errorClass: "COMPARATOR_RETURNS_NULL", sqlState: "22004" });
          return Number(c);
        });
      },
    };
  });
  const mapFilter = hof("map_filter", 2, 2, (f, [m], raw) => {
    const mt = mapIn("map_filter", m!);
    const { fn, display } = lambdaOf("map_filter", raw[1], [mt.keyType, mt.valueType], f);
    return {
      dataType: mt,
      name: `map_filter(${m!.name}, ${display})`,
      eval: (row) => {
        const v = m!.eval(row) as Map<unknown, unknown> | null;
        if (v === null) return null;
        return new Map([...v].filter(([k, x]) => fn.call([k, x], row) === true));
      },
    };
  });
  const transformMap = (name: "transform_keys" | "transform_values") =>
    hof(name, 2, 2, (f, [m], raw) => {
      const mt = mapIn(name, m!);
      const { fn, display } = lambdaOf(name, raw[1], [mt.keyType, mt.valueType], f);
      const keys = name === "transform_keys";
      return {
        dataType: keys ? MapType(fn.body.dataType, mt.valueType, mt.valueContainsNull) : MapType(mt.keyType, fn.body.dataType, true),
        name: `${name}(${m!.name}, ${display})`,
        eval: (row) => {
          const v = m!.eval(row) as Map<unknown, unknown> | null;
          if (v === null) return null;
          const out = new Map<unknown, unknown>();
          for (const [k, x] of v) {
            const r = fn.call([k, x], row);
            if (keys) {
              if (r === null) throw nullMapKey();
              out.set(r, x);
            } else out.set(k, r);
          }
          return out;
        },
      };
    });
  const mapZipWith = hof("map_zip_with", 3, 3, (f, [a, b], raw) => {
    const ta = mapIn("map_zip_with", a!);
    const tb = mapIn("map_zip_with", b!);
    const { fn, display } = lambdaOf("map_zip_with", raw[2], [ta.keyType, ta.valueType, tb.valueType], f);
    return {
      dataType: MapType(ta.keyType, fn.body.dataType, true),
      name: `map_zip_with(${a!.name}, ${b!.name}, ${display})`,
      eval: (row) => {
        const x = a!.eval(row) as Map<unknown, unknown> | null;
        const y = b!.eval(row) as Map<unknown, unknown> | null;
        if (x === null || y === null) return null;
        const ys = new Map([...y].map(([k, v]) => [keyOf(k), v]));
        const out = new Map<unknown, unknown>();
        const seen = new Set<string>();
        for (const [k, v] of x) {
          seen.add(keyOf(k));
          out.set(k, fn.call([k, v, ys.get(keyOf(k)) ?? null], row));
        }
        for (const [k, v] of y) if (!seen.has(keyOf(k))) out.set(k, fn.call([k, null, v], row));
        return out;
      },
    };
  });
  return {
    transform,
    filter,
    exists: quantifier("exists"),
    forall: quantifier("forall"),
    aggregate: aggregate("aggregate"),
    reduce: aggregate("reduce"),
    zip_with: zipWith,
    array_sort: arraySort,
    map_filter: mapFilter,
    transform_keys: transformMap("transform_keys"),
    transform_values: transformMap("transform_values"),
    map_zip_with: mapZipWith,
  };
}
