import type { StreamingQueryException } from "../errors";
import type { StreamingQueryProgress, StreamingQueryStatus } from "../exec/progress";
import type { StreamingQuery } from "./streaming-query";

/**
 * What `writeStream...start()` returns: a Promise of the StreamingQuery that ALSO answers the query's methods.
 * Starting needs I/O (checkpoint id, lock, sources), so it cannot finish synchronously as Spark's does; but code
 * written for Spark chains on it (`.start().awaitTermination()`, `q = ...start(); q.stop()`), so the methods
 * wait for the start and then delegate. `await ...start()` still gives the StreamingQuery itself. Properties
 * read before the start finished answer null (id, runId, lastProgress) or "still starting" (isActive true).
 */
export type StartingQuery = Promise<StreamingQuery> & {
  awaitTermination(): Promise<undefined>;
  awaitTermination(timeoutMs: number): Promise<boolean>;
  processAllAvailable(): Promise<void>;
  stop(): Promise<void>;
  explain(extended?: boolean): Promise<string>;
  readonly id: string | null;
  readonly runId: string | null;
  readonly name: string | null;
  readonly isActive: boolean;
  readonly status: StreamingQueryStatus;
  readonly lastProgress: StreamingQueryProgress | null;
  readonly recentProgress: StreamingQueryProgress[];
  readonly exception: StreamingQueryException | null;
};

export function startingQuery(started: Promise<StreamingQuery>): StartingQuery {
  let query: StreamingQuery | undefined;
  let failed = false;
  // Observed here so an unawaited failed start is not an unhandled rejection; callers still see it when they
  // await or call a method.
  started.then(
    (q) => {
      query = q;
    },
    () => {
      failed = true;
    },
  );
  const out = started as StartingQuery;
  const methods = {
    awaitTermination: (timeoutMs?: number) => started.then((q) => (timeoutMs === undefined ? q.awaitTermination() : q.awaitTermination(timeoutMs))),
    processAllAvailable: () => started.then((q) => q.processAllAvailable()),
    stop: () => started.then((q) => q.stop()),
    explain: (extended = false) => started.then((q) => q.explain(extended)),
  };
  for (const [name, fn] of Object.entries(methods)) Object.defineProperty(out, name, { value: fn });
  const getters: Record<string, () => unknown> = {
    id: () => query?.id ?? null,
    runId: () => query?.runId ?? null,
    name: () => query?.name ?? null,
    isActive: () => (query ? query.isActive : !failed),
    status: () => query?.status ?? { message: "Initializing sources", isDataAvailable: false, isTriggerActive: false },
    lastProgress: () => query?.lastProgress ?? null,
    recentProgress: () => query?.recentProgress ?? [],
    exception: () => query?.exception ?? null,
  };
  for (const [name, get] of Object.entries(getters)) Object.defineProperty(out, name, { get });
  return out;
}
