/**
 * A PySpark name tspark lacks says so. The user-facing objects (DataFrame, Column, GroupedData, SparkSession,
 * the functions object) are wrapped in a Proxy whose `get` answers only for names that are absent from the
 * object and are in PySpark's list (pyspark-surface.ts): a method becomes a function that throws
 * UNSUPPORTED_FEATURE naming it, a property throws when read. Everything else passes through untouched:
 * names the object has, Symbol keys (util.inspect, iteration), and names PySpark does not have — so `then`
 * stays undefined (a DataFrame is never mistaken for a Promise) and key listing (the REPL's completion) sees
 * only what tspark implements.
 */
import { SparkUnsupportedOperationException } from "../errors";
import { PYSPARK_SURFACE } from "./pyspark-surface";

/** `reason`: a sentence on why and what to use instead, added to the message. */
export function notInTspark(className: string, name: string, reason?: string): SparkUnsupportedOperationException {
  const feature = `${className}.${name}`;
  return new SparkUnsupportedOperationException(
    `[UNSUPPORTED_FEATURE.TSPARK_NOT_YET] The feature is not supported: \`${feature}\` is a PySpark API that is not in tspark yet.${reason === undefined ? "" : ` ${reason}`} SQLSTATE: 0A000`,
    { errorClass: "UNSUPPORTED_FEATURE.TSPARK_NOT_YET", sqlState: "0A000", messageParameters: { feature } },
  );
}

/** Why a missing name is missing and what to use instead, where there is more to say than "not yet". */
const TABLES_NEED_A_METASTORE =
  "tspark's catalog holds temporary views, not tables that own files: read the files with spark.read.format(...).load(path) and register the result with createOrReplaceTempView(name).";
const REASONS: Readonly<Record<string, string>> = {
  "Catalog.createTable": TABLES_NEED_A_METASTORE,
  "Catalog.createExternalTable": TABLES_NEED_A_METASTORE,
  "DataFrame.withMetadata": "Column metadata does not flow through tspark's plans yet.",
};

const handlers = new Map<string, ProxyHandler<object>>();

function handlerFor(className: string): ProxyHandler<object> {
  let h = handlers.get(className);
  if (h !== undefined) return h;
  const surface = PYSPARK_SURFACE[className]!;
  h = {
    get(target, prop, receiver) {
      if (typeof prop === "symbol" || prop in target) return Reflect.get(target, prop, receiver);
      const reason = REASONS[`${className}.${prop}`];
      if (surface.properties.has(prop)) throw notInTspark(className, prop, reason);
      if (surface.methods.has(prop)) {
        const stub = (): never => {
          throw notInTspark(className, prop, reason);
        };
        Object.defineProperty(stub, "name", { value: prop });
        return stub;
      }
      return undefined;
    },
  };
  handlers.set(className, h);
  return h;
}

/** `obj` answering PySpark's names of `className` it lacks with UNSUPPORTED_FEATURE. */
export function withPySparkSurface<T extends object>(obj: T, className: keyof typeof PYSPARK_SURFACE & string): T {
  return new Proxy(obj, handlerFor(className)) as T;
}
