/**
 * User-defined functions (Spark's UDFs): a JavaScript function and its declared return type, called once per
 * row with the argument values in user form (udf-values.ts). Used three ways: `udf(fn, type)(col(...))` in the
 * DataFrame API (the column names an anonymous entry of this module, `__udf_<n>`, which every registry
 * resolves), `spark.udf.register(name, fn, type)` (an entry in that session's registry, so `selectExpr` and
 * `spark.sql` call it by name), and inside streaming queries like any other expression.
 * A UDF is never folded to a constant; `asNondeterministic()` also keeps the planner from evaluating it
 * more or fewer times than written (no projection collapsing over it). An exception inside it fails the
 * query with Spark's FAILED_EXECUTE_UDF, naming the function, its input values and the cause.
 */
import { SparkRuntimeException } from "../../errors";
import type { DataType } from "../../types/data-types";
import type { FunctionDef } from "../analyze";
import { fromUdfValue, toUdfValue } from "./udf-values";

export interface UdfDef extends FunctionDef {
  readonly udf: true;
  readonly deterministic: boolean;
  readonly returnType: DataType;
}

export function isUdfDef(d: FunctionDef | undefined): d is UdfDef {
  return (d as Partial<UdfDef> | undefined)?.udf === true;
}

function showValue(v: unknown): string {
  if (v === null) return "NULL";
  if (typeof v === "string") return `'${v}'`;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === "object") {
    try {
      return JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? x.toString() : x instanceof Map ? Object.fromEntries(x) : x));
    } catch {
      return String(v);
    }
  }
  return String(v);
}

/** A FunctionDef calling `fn`; `name` is what Spark shows (the function's name, `<lambda>` when it has none). */
export function udfDef(name: string, fn: (...args: unknown[]) => unknown, returnType: DataType, deterministic: boolean): UdfDef {
  return {
    name,
    udf: true,
    deterministic,
    returnType,
    resolve(f) {
      const evals = f.args.map((a) => a.eval);
      const types = f.args.map((a) => a.dataType);
      const signature = `(${types.map((t) => t.simpleString()).join(", ")}) => ${returnType.simpleString()}`;
      return {
        dataType: returnType,
        nullable: true,
        foldable: false,
        eval: (row) => {
          const input = evals.map((e, i) => toUdfValue(e(row), types[i]!));
          let out: unknown;
          try {
            out = fn(...input);
          } catch (err) {
            const cause = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
            throw new SparkRuntimeException(
              `[FAILED_EXECUTE_UDF] User defined function (\`${name}\`: ${signature}) failed due to: ${cause}. ` +
                `Input: (${input.map(showValue).join(", ")}). SQLSTATE: 39000`,
              { errorClass: "FAILED_EXECUTE_UDF", sqlState: "39000", cause: err, messageParameters: { functionName: `\`${name}\``, signature, reason: cause } },
            );
          }
          if (out instanceof Promise || (typeof out === "object" && out !== null && typeof (out as { then?: unknown }).then === "function")) {
            throw new SparkRuntimeException(
              `[FAILED_EXECUTE_UDF] User defined function (\`${name}\`: ${signature}) returned a Promise: UDFs run once per row and must be synchronous; ` +
                "do asynchronous work in foreachBatch instead. SQLSTATE: 39000",
              { errorClass: "FAILED_EXECUTE_UDF", sqlState: "39000" },
            );
          }
          return fromUdfValue(out, returnType);
        },
      };
    },
  };
}

/** Anonymous UDFs of the DataFrame API by their call name; every registry resolves these names. */
const anonymous = new Map<string, UdfDef>();
let counter = 0;
export const ANONYMOUS_UDF_PREFIX = "__udf_";

/** Registers `def` under a new call name, or replaces the one under `key` (asNondeterministic). */
export function registerAnonymousUdf(def: UdfDef, key = `${ANONYMOUS_UDF_PREFIX}${++counter}`): string {
  anonymous.set(key, def);
  return key;
}

export function anonymousUdf(name: string): UdfDef | undefined {
  return anonymous.get(name);
}
