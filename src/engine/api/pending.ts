/**
 * A value that is still being fetched, which answers the value's own methods meanwhile. Reading files needs I/O
 * (S3, Parquet decoding), so `spark.read.parquet(path)` cannot return a DataFrame synchronously as Spark does;
 * it returns a Pending<DataFrame>: `await` gives the DataFrame, and any property or method chained on it
 * (`spark.read.json(p).groupBy("c").count().show()`) waits for the read and then applies, giving another
 * Pending. The shell awaits what an input returns and what a `const` is bound to, so REPL code reads as in
 * pyspark. Same idea as api/starting-query.ts for `start()`.
 */
type Fn = (...args: never[]) => unknown;

export type Pending<T> = PromiseLike<T> &
  Promise<T> & {
    readonly [K in keyof T]: T[K] extends Fn ? (...args: Parameters<T[K]>) => Pending<Awaited<ReturnType<T[K]>>> : Pending<T[K]>;
  };

const PROMISE_KEYS = new Set<PropertyKey>(["then", "catch", "finally"]);

/** `owner` is the object a function value was read from, so methods keep their `this`. */
function chain<T>(promise: Promise<T>, owner: Promise<unknown> | null): Pending<T> {
  // Observed so an unawaited failure is not an unhandled rejection; whoever awaits still sees it.
  promise.catch(() => undefined);
  const target = function pending() {} as unknown as object;
  return new Proxy(target, {
    get(_t, prop) {
      if (PROMISE_KEYS.has(prop)) {
        const f = (promise as unknown as Record<PropertyKey, Fn>)[prop]!;
        return f.bind(promise);
      }
      if (prop === Symbol.toStringTag) return "Pending";
      return chain(
        promise.then((v) => (v as Record<PropertyKey, unknown>)[prop]),
        promise,
      );
    },
    apply(_t, _this, args: unknown[]) {
      const call = Promise.all([promise, owner]).then(([fn, self]) => {
        if (typeof fn !== "function") throw new TypeError("not a function");
        return (fn as (...a: unknown[]) => unknown).apply(self, args);
      });
      return chain(call, null);
    },
  }) as Pending<T>;
}

export function pending<T>(promise: Promise<T>): Pending<T> {
  return chain(promise, null);
}
