import type { StreamingQueryProgress } from "../exec/progress";

/** Spark's StreamingQueryListener events (field names as in PySpark's event classes). */
export interface QueryStartedEvent {
  id: string;
  runId: string;
  name: string | null;
  timestamp: string;
}

export interface QueryProgressEvent {
  progress: StreamingQueryProgress;
}

export interface QueryIdleEvent {
  id: string;
  runId: string;
  timestamp: string;
}

export interface QueryTerminatedEvent {
  id: string;
  runId: string;
  /** The failure's message, null when the query stopped normally. */
  exception: string | null;
}

/** Any subset of the callbacks; they may be async (errors are reported, never kill the query). */
export interface StreamingQueryListener {
  onQueryStarted?(event: QueryStartedEvent): void | Promise<void>;
  onQueryProgress?(event: QueryProgressEvent): void | Promise<void>;
  onQueryIdle?(event: QueryIdleEvent): void | Promise<void>;
  onQueryTerminated?(event: QueryTerminatedEvent): void | Promise<void>;
}
