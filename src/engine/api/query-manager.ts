import { IllegalArgumentException, StreamingQueryException } from "../errors";
import { isoTimestamp, type StreamingQueryProgress } from "../exec/progress";
import type { StreamingQuery } from "./streaming-query";
import type { StreamingQueryListener } from "./streaming-query-listener";

/**
 * `spark.streams` (Spark's StreamingQueryManager): the session's active queries, listeners, and
 * awaitAnyTermination. One instance per session: the session getter must return the same manager each time.
 */
export class StreamingQueryManager {
  private readonly activeQueries = new Map<string, StreamingQuery>();
  private readonly listeners: StreamingQueryListener[] = [];
  private lastTerminated: StreamingQuery | null = null;
  private terminationWaiters: (() => void)[] = [];

  constructor(readonly session: unknown) {}

  private readonly starting = new Set<Promise<unknown>>();
  private startFailures: unknown[] = [];

  /** A start() under way (see exec/query-starter.ts); a failed one is kept for startsSettled(). */
  trackStart(started: Promise<unknown>): void {
    this.starting.add(started);
    started.then(
      () => this.starting.delete(started),
      (e: unknown) => {
        this.starting.delete(started);
        this.startFailures.push(e);
      },
    );
  }

  /**
   * Settles when no start() is under way; gives (once) the errors of starts that failed since the last call.
   * The script runner asks this before it decides that a script's queries have all ended.
   */
  async startsSettled(): Promise<unknown[]> {
    while (this.starting.size > 0) await Promise.allSettled([...this.starting]);
    await Promise.resolve();
    const failures = this.startFailures;
    this.startFailures = [];
    return failures;
  }

  get active(): StreamingQuery[] {
    return [...this.activeQueries.values()];
  }

  /** The active query with this id (Spark returns null when none). */
  get(id: string): StreamingQuery | null {
    return this.activeQueries.get(id) ?? null;
  }

  addListener(listener: StreamingQueryListener): void {
    this.listeners.push(listener);
  }

  removeListener(listener: StreamingQueryListener): void {
    const i = this.listeners.indexOf(listener);
    if (i >= 0) this.listeners.splice(i, 1);
  }

  /** Forget past terminations so awaitAnyTermination waits for a new one. */
  resetTerminated(): void {
    this.lastTerminated = null;
  }

  /** Waits until any query ends since the last resetTerminated; rethrows its failure. */
  awaitAnyTermination(): Promise<undefined>;
  awaitAnyTermination(timeoutMs: number): Promise<boolean>;
  async awaitAnyTermination(timeoutMs?: number): Promise<boolean | undefined> {
    if (timeoutMs !== undefined && (!Number.isFinite(timeoutMs) || timeoutMs < 0)) {
      throw new IllegalArgumentException(`Timeout must be a non-negative number of milliseconds, got ${timeoutMs}`);
    }
    if (this.lastTerminated === null) {
      const ended = new Promise<void>((resolve) => this.terminationWaiters.push(resolve));
      if (timeoutMs === undefined) await ended;
      else {
        const ok = await Promise.race([ended.then(() => true), delay(timeoutMs).then(() => false)]);
        if (!ok) return false;
      }
    }
    const failure = this.lastTerminated?.exception;
    if (failure) throw failure;
    return timeoutMs === undefined ? undefined : true;
  }

  /** Internal: refuse a second active query with the same id in this session (Spark's message). */
  checkNotActive(id: string): void {
    if (this.activeQueries.has(id)) {
      throw new StreamingQueryException(
        `Cannot start query with id ${id} as another query with same id is already active. ` +
          "Perhaps you are attempting to restart a query from checkpoint that is already active.",
      );
    }
  }

  /** Internal: also refuse a second active query with the same name (Spark's rule). */
  checkNameFree(name: string | null): void {
    if (name === null) return;
    for (const q of this.activeQueries.values()) {
      if (q.name === name) {
        throw new IllegalArgumentException(`Cannot start query with name ${name} as a query with that name is already active in this SparkSession`);
      }
    }
  }

  /** Internal: a query started. */
  notifyStarted(q: StreamingQuery): void {
    this.activeQueries.set(q.id, q);
    this.post("onQueryStarted", { id: q.id, runId: q.runId, name: q.name, timestamp: isoTimestamp(Date.now()) });
  }

  notifyProgress(progress: StreamingQueryProgress): void {
    this.post("onQueryProgress", { progress });
  }

  notifyIdle(q: StreamingQuery): void {
    this.post("onQueryIdle", { id: q.id, runId: q.runId, timestamp: isoTimestamp(Date.now()) });
  }

  notifyTerminated(q: StreamingQuery): void {
    if (this.activeQueries.get(q.id) === q) this.activeQueries.delete(q.id);
    this.lastTerminated = q;
    this.post("onQueryTerminated", { id: q.id, runId: q.runId, exception: q.exception?.message ?? null });
    const waiters = this.terminationWaiters;
    this.terminationWaiters = [];
    for (const w of waiters) w();
  }

  private post<K extends keyof StreamingQueryListener>(
    method: K,
    event: Parameters<NonNullable<StreamingQueryListener[K]>>[0],
  ): void {
    for (const l of [...this.listeners]) {
      const fn = l[method] as ((e: typeof event) => void | Promise<void>) | undefined;
      if (!fn) continue;
      try {
        const r = fn.call(l, event);
        if (r instanceof Promise) r.catch((err: unknown) => reportListenerError(method, err));
      } catch (err) {
        reportListenerError(method, err);
      }
    }
  }
}

function reportListenerError(method: string, err: unknown): void {
  // Spark logs listener failures and keeps the query running; so do we.
  process.emitWarning(`StreamingQueryListener.${method} threw: ${err instanceof Error ? err.message : String(err)}`);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
