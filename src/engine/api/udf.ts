/**
 * The user side of UDFs: `udf(fn, returnType)` (pyspark.sql.functions.udf, also as `udf(returnType)(fn)` for
 * decorator-style code) and `spark.udf.register(name, fn, returnType)` (pyspark's UDFRegistration). The
 * function runs in expr/functions/udf.ts; this file makes Columns that call it.
 */
import { IllegalArgumentException } from "../errors";
import * as A from "../expr/ast";
import type { FunctionRegistry } from "../expr/functions/registry";
import { registerAnonymousUdf, udfDef } from "../expr/functions/udf";
import { type DataType, StringType } from "../types/data-types";
import { parseDataType } from "../types/ddl";
import { Column, type ColumnOrName, toExpr } from "./column";

// biome-ignore lint/suspicious/noExplicitAny: a UDF takes whatever values its columns hold
export type UdfFunction = (...args: any[]) => unknown;

/** What `udf(...)` returns: call it with columns (or names) to get a Column, as in PySpark. */
export interface UserDefinedFunction {
  (...cols: (ColumnOrName | ColumnOrName[])[]): Column;
  readonly func: UdfFunction;
  readonly returnType: DataType;
  readonly deterministic: boolean;
  /** PySpark's `__name__`: the name Spark shows in column names and errors. */
  readonly udfName: string;
  /** Marks the UDF nondeterministic (the planner then never duplicates or drops its calls); returns it. */
  asNondeterministic(): UserDefinedFunction;
}

function toDataType(t: DataType | string | undefined): DataType {
  if (t === undefined) return StringType(); // PySpark's default returnType
  return typeof t === "string" ? parseDataType(t) : t;
}

function makeUdf(fn: UdfFunction, returnType: DataType, name: string, deterministic: boolean): UserDefinedFunction {
  const key = registerAnonymousUdf(udfDef(name, fn, returnType, deterministic));
  const call = (...cols: (ColumnOrName | ColumnOrName[])[]): Column => new Column(A.call(key, cols.flat().map(toExpr)));
  const wrapper: UserDefinedFunction = Object.assign(call, {
    func: fn,
    deterministic,
    returnType,
    udfName: name,
    asNondeterministic(): UserDefinedFunction {
      registerAnonymousUdf(udfDef(name, fn, returnType, false), key);
      (wrapper as { deterministic: boolean }).deterministic = false;
      return wrapper;
    },
  });
  return wrapper;
}

function isUserDefinedFunction(f: unknown): f is UserDefinedFunction {
  return typeof f === "function" && "returnType" in f && "asNondeterministic" in f;
}

/**
 * `udf(fn, returnType = "string")`: a Column-making function. `returnType` is a DataType or a DDL string
 * ("int", "array<string>"). `udf(returnType)` (no function) returns a wrapper that takes the function.
 */
export function udf(fn: UdfFunction, returnType?: DataType | string): UserDefinedFunction;
export function udf(returnType?: DataType | string): (fn: UdfFunction) => UserDefinedFunction;
export function udf(
  fnOrType?: UdfFunction | DataType | string,
  returnType?: DataType | string,
): UserDefinedFunction | ((fn: UdfFunction) => UserDefinedFunction) {
  if (typeof fnOrType !== "function" || isDataTypeFactory(fnOrType)) {
    const t = isDataTypeFactory(fnOrType) ? (fnOrType as () => DataType)() : toDataType(fnOrType as DataType | string | undefined);
    return (fn: UdfFunction) => udf(fn, t);
  }
  return makeUdf(fnOrType, toDataType(returnType), fnOrType.name || "<lambda>", true);
}

/** `udf(IntegerType)` written without the call parentheses: a type factory, whose prototype is a DataType's. */
function isDataTypeFactory(f: unknown): boolean {
  const proto = (f as { prototype?: { typeName?: unknown } }).prototype;
  return typeof f === "function" && typeof proto?.typeName === "function";
}

/** `spark.udf` (PySpark's UDFRegistration): functions callable by name from selectExpr and spark.sql. */
export class UDFRegistration {
  constructor(private readonly functions: FunctionRegistry) {}

  /**
   * Registers `f` (a function, or a `udf(...)`) under `name` in this session; returns a UserDefinedFunction
   * for the DataFrame API. As in PySpark, a `udf(...)` keeps its own return type (giving another is an error).
   */
  register(name: string, f: UdfFunction | UserDefinedFunction, returnType?: DataType | string): UserDefinedFunction {
    if (typeof name !== "string" || name === "") throw new IllegalArgumentException("spark.udf.register needs a function name");
    if (typeof f !== "function") {
      throw new IllegalArgumentException(
        `[NOT_CALLABLE] Argument \`f\` should be a function or a udf(...), got ${f === null ? "null" : typeof f}.`,
        { errorClass: "NOT_CALLABLE" },
      );
    }
    let u: UserDefinedFunction;
    if (isUserDefinedFunction(f)) {
      if (returnType !== undefined) {
        throw new IllegalArgumentException(
          "[CANNOT_SPECIFY_RETURN_TYPE_FOR_UDF] returnType can not be specified when `f` is a user-defined function, but got " +
            `${String(typeof returnType === "string" ? returnType : returnType.simpleString())}.`,
          { errorClass: "CANNOT_SPECIFY_RETURN_TYPE_FOR_UDF" },
        );
      }
      u = makeUdf(f.func, f.returnType, name, f.deterministic);
    } else u = makeUdf(f, toDataType(returnType), name, true);
    this.functions.register(name, udfDef(name, u.func, u.returnType, u.deterministic));
    return u;
  }

  /** PySpark's registerJavaFunction has no meaning here. */
  registerJavaFunction(name: string): never {
    throw new IllegalArgumentException(`registerJavaFunction('${name}'): tspark runs JavaScript UDFs only; use spark.udf.register(name, fn, returnType).`);
  }
}
