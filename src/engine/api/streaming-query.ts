import { StreamingQueryException } from "../errors";
import type { MicroBatchExecution } from "../exec/micro-batch-execution";
import { prettyJson, type StreamingQueryProgress, type StreamingQueryStatus } from "../exec/progress";
import { type PySparkExport, type PySparkExportOptions, queryToPySpark } from "../plan/to-pyspark";

/** What a StreamingQuery needs from the code that runs it (set up by DataStreamWriter.start). */
export interface QueryRuntime {
  readonly execution: MicroBatchExecution;
  /** Runs until the end; rejects with the failure. */
  readonly done: Promise<void>;
  /** Plan text for explain. */
  explain(extended: boolean): string;
  /** Stops sources/sink and releases the checkpoint lock; called once after `done` settles (`failed`: it rejected). */
  cleanup(failed: boolean): Promise<void>;
}

/** Recent progress kept per query (spark.sql.streaming.numRecentProgressUpdates default). */
const RECENT_PROGRESS = 100;

/**
 * A running (or finished) streaming query: Spark's StreamingQuery. `id` comes from the checkpoint's
 * `metadata` file (stable across restarts); `runId` is new per start.
 */
export class StreamingQuery {
  private progress: StreamingQueryProgress[] = [];
  private currentStatus: StreamingQueryStatus = {
    message: "Initializing sources",
    isDataAvailable: false,
    isTriggerActive: false,
  };
  private active = true;
  private failure: StreamingQueryException | null = null;
  private runtime: QueryRuntime | null = null;
  private readonly terminated: Promise<void>;
  private resolveTerminated!: () => void;

  constructor(
    readonly id: string,
    readonly runId: string,
    readonly name: string | null,
    private readonly onTerminated: (q: StreamingQuery) => void,
  ) {
    this.terminated = new Promise((resolve) => {
      this.resolveTerminated = resolve;
    });
  }

  /** Called by the writer once the execution is wired. */
  attach(runtime: QueryRuntime): void {
    this.runtime = runtime;
    runtime.done.then(
      () => this.finish(null),
      (err: unknown) => this.finish(err),
    );
  }

  private async finish(err: unknown): Promise<void> {
    if (err !== null) {
      const cause = err instanceof Error ? err : new Error(String(err));
      this.failure =
        cause instanceof StreamingQueryException
          ? cause
          : new StreamingQueryException(
              // Spark's STREAM_FAILED text: the id and run id, no name (the shell names the query itself).
              `Query [id = ${this.id}, runId = ${this.runId}] terminated with exception: ${cause.message}`,
              { cause },
            );
    }
    try {
      await this.runtime?.cleanup(err !== null);
    } catch (cleanupErr) {
      if (this.failure === null) {
        const cause = cleanupErr instanceof Error ? cleanupErr : new Error(String(cleanupErr));
        this.failure = new StreamingQueryException(`Query [id = ${this.id}] failed while stopping: ${cause.message}`, { cause });
      }
    }
    this.active = false;
    this.currentStatus = { message: "Stopped", isDataAvailable: false, isTriggerActive: false };
    this.resolveTerminated();
    this.onTerminated(this);
  }

  get isActive(): boolean {
    return this.active;
  }

  get status(): StreamingQueryStatus {
    return { ...this.currentStatus };
  }

  /** Latest progress, or null before the first batch. */
  get lastProgress(): StreamingQueryProgress | null {
    return this.progress.length === 0 ? null : this.progress[this.progress.length - 1]!;
  }

  get recentProgress(): StreamingQueryProgress[] {
    return [...this.progress];
  }

  /** The failure that ended the query, or null. */
  get exception(): StreamingQueryException | null {
    return this.failure;
  }

  /** Internal: the execution reports here. */
  recordProgress(p: StreamingQueryProgress): void {
    this.progress.push(p);
    if (this.progress.length > RECENT_PROGRESS) this.progress.shift();
  }

  /** Internal. */
  recordStatus(s: StreamingQueryStatus): void {
    this.currentStatus = s;
  }

  /**
   * Waits for the query to end. Without a timeout resolves when it ends; with one, resolves true if it ended in
   * time, false otherwise. Rejects with the StreamingQueryException when the query failed.
   */
  awaitTermination(): Promise<undefined>;
  awaitTermination(timeoutMs: number): Promise<boolean>;
  async awaitTermination(timeoutMs?: number): Promise<boolean | undefined> {
    if (timeoutMs !== undefined && (!Number.isFinite(timeoutMs) || timeoutMs < 0)) {
      throw new StreamingQueryException(`Timeout must be a non-negative number of milliseconds, got ${timeoutMs}`);
    }
    let ended = true;
    if (timeoutMs === undefined) await this.terminated;
    else ended = await waitFor(this.terminated, timeoutMs);
    if (ended && this.failure) throw this.failure;
    return timeoutMs === undefined ? undefined : ended;
  }

  /** Blocks until every row available in the sources now has been processed (for tests and the shell). */
  async processAllAvailable(): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.active || !this.runtime) return;
    await Promise.race([this.runtime.execution.awaitNoNewData(), this.terminated]);
    if (this.failure) throw this.failure;
  }

  /** Stops the query and waits until it has ended (sources and sink closed, checkpoint lock released). */
  async stop(): Promise<void> {
    this.runtime?.execution.stop();
    await this.terminated;
  }

  /** The plan of the query (Spark prints it; here it is returned so the shell decides where it goes). */
  explain(extended = false): string {
    return this.runtime?.explain(extended) ?? "";
  }

  /** This query as a PySpark program for the real Kinesis connector, with its spark-submit line (docs/export-and-demo.md). */
  toPySpark(opts: PySparkExportOptions = {}): PySparkExport {
    return queryToPySpark(this, { appName: this.name ?? undefined, ...opts });
  }

  toString(): string {
    return `<StreamingQuery id=${this.id} runId=${this.runId} name=${this.name ?? "null"} active=${this.active}>`;
  }

  /** Spark's `lastProgress.prettyJson`. */
  static prettyJson(p: StreamingQueryProgress | null): string {
    return p === null ? "null" : prettyJson(p);
  }
}

function waitFor(p: Promise<void>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(false), ms);
    p.then(() => {
      clearTimeout(t);
      resolve(true);
    });
  });
}
