/**
 * What the web UI knows about a session's streaming queries: a StreamingQueryListener (the public
 * `spark.streams.addListener`, as Spark's own UI listens) keeps every query started in the session, active or
 * ended, with the query object itself, so the progress served is exactly `recentProgress` / `lastProgress`.
 */
import { EventEmitter } from "node:events";

/** The parts of a StreamingQuery the UI reads (structural, like session-view.ts). */
export interface UiQuery {
  readonly id: string;
  readonly runId: string;
  readonly name: string | null;
  readonly isActive: boolean;
  readonly lastProgress: unknown;
  readonly recentProgress: readonly unknown[];
  readonly exception?: { message: string } | null;
  explain?(extended: boolean): string;
}

interface StreamsLike {
  active?: readonly UiQuery[];
  get?(id: string): UiQuery | null;
  addListener?(l: object): void;
  removeListener?(l: object): void;
}

export interface QueryEntry {
  query: UiQuery;
  startTimestamp: string;
  endTimestamp?: string;
  /** The failure's message when the query ended with one (QueryTerminatedEvent.exception). */
  error?: string | null;
  /** Last non-empty plan text (the plan is gone once a query's runtime is released). */
  plan?: string;
}

/** Ended queries kept for the list (Spark keeps spark.sql.streaming.ui.retainedQueries = 100). */
const RETAINED_ENDED = 100;

export class QueryStore extends EventEmitter {
  private readonly byRunId = new Map<string, QueryEntry>();
  private readonly listener = {
    onQueryStarted: (e: { id: string; runId: string; timestamp: string }) => {
      const q = this.streams?.get?.(e.id);
      if (q && q.runId === e.runId) this.add(q, e.timestamp);
    },
    onQueryProgress: (e: { progress: { runId: string } }) => {
      const entry = this.byRunId.get(e.progress.runId);
      // The plan is fixed once the first batch ran: taken once, not on every batch.
      if (entry && entry.plan === undefined) this.capturePlan(entry);
      this.emit("progress", e.progress);
    },
    onQueryTerminated: (e: { runId: string; exception: string | null }) => {
      const entry = this.byRunId.get(e.runId);
      if (!entry) return;
      entry.endTimestamp = new Date().toISOString();
      entry.error = e.exception;
      this.trimEnded();
      this.emit("terminated", e);
    },
  };
  private readonly streams: StreamsLike | undefined;

  constructor(session: unknown) {
    super();
    this.setMaxListeners(0); // one per open SSE stream
    this.streams = (session as { streams?: StreamsLike } | undefined)?.streams;
    this.streams?.addListener?.(this.listener);
    for (const q of this.streams?.active ?? []) this.add(q, new Date().toISOString());
  }

  close(): void {
    this.streams?.removeListener?.(this.listener);
    this.removeAllListeners();
  }

  /** Every known query, newest first. */
  entries(): QueryEntry[] {
    return [...this.byRunId.values()].reverse();
  }

  get(runId: string): QueryEntry | undefined {
    return this.byRunId.get(runId);
  }

  planOf(entry: QueryEntry): string {
    this.capturePlan(entry);
    return entry.plan ?? "";
  }

  private add(q: UiQuery, timestamp: string): void {
    if (this.byRunId.has(q.runId)) return;
    this.byRunId.set(q.runId, { query: q, startTimestamp: timestamp });
  }

  private capturePlan(entry: QueryEntry): void {
    if (!entry.query.isActive || typeof entry.query.explain !== "function") return;
    try {
      const text = entry.query.explain(true);
      if (typeof text === "string" && text.trim() !== "") entry.plan = text;
    } catch {
      // A plan that cannot be printed leaves the last one shown.
    }
  }

  private trimEnded(): void {
    const ended = [...this.byRunId.values()].filter((e) => e.endTimestamp !== undefined);
    for (const e of ended.slice(0, Math.max(0, ended.length - RETAINED_ENDED))) this.byRunId.delete(e.query.runId);
  }
}
