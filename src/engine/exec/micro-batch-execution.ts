import type { Trigger } from "../api/trigger";
import type { CheckpointStore } from "../checkpoint/checkpoint-store";
import { CommitLog } from "../checkpoint/commit-log";
import { crashPoint } from "../checkpoint/crash-point";
import { IllegalStateException } from "../errors";
import { type OffsetSeq, OffsetSeqLog } from "../checkpoint/offset-seq-log";
import type { Row } from "../types/values";
import type { BatchOutput, BatchRunner } from "./batch-runner";
import type { Clock } from "./clock";
import {
  isoTimestamp,
  offsetJson,
  PhaseTimer,
  rowsPerSecond,
  type SourceProgress,
  type StreamingQueryProgress,
  type StreamingQueryStatus,
  withJsonAccessors,
} from "./progress";
import type { StreamSink } from "./sink";
import type { SourceOffset, StreamSource } from "./source";
import { parseWatermarkPolicy, WatermarkTracker } from "./watermark-tracker";

/** A source of the query with the StreamingRelation id its rows feed. */
export interface BoundSource {
  readonly relationId: string;
  readonly source: StreamSource;
}

export interface ExecutionEvents {
  onProgress(progress: StreamingQueryProgress): void;
  onIdle(): void;
  onStatus(status: StreamingQueryStatus): void;
}

export interface ExecutionConfig {
  readonly queryId: string;
  readonly runId: string;
  readonly name: string | null;
  readonly store: CheckpointStore;
  readonly sources: readonly BoundSource[];
  readonly sink: StreamSink;
  readonly runner: BatchRunner;
  readonly trigger: Trigger;
  readonly clock: Clock;
  /** SQL conf recorded in offsets/N (Spark records the confs a restart must keep). */
  readonly conf: Record<string, string>;
  readonly minBatchesToRetain: number;
  /** How many progress records `recentProgress` keeps (spark.sql.streaming.numRecentProgressUpdates). */
  readonly events: ExecutionEvents;
}

const POLL_MIN_MS = 10;
const POLL_MAX_MS = 100;
const IDLE_EVENT_INTERVAL_MS = 10_000;

/**
 * Spark's MicroBatchExecution: recover from the checkpoint, then per trigger construct the next batch (write
 * `offsets/N` before reading anything), run it (read, transform, sink.addBatch(N)), commit (`commits/N`,
 * state version N+1, source.commit), purge old entries and report progress.
 */
export class MicroBatchExecution {
  private readonly offsetLog: OffsetSeqLog;
  private readonly commitLog: CommitLog;
  private currentBatchId = 0;
  /** End offsets of the last committed batch, per source. */
  private committed: (SourceOffset | null)[];
  /** End offsets of the batch being (re-)run, when one is pending from recovery. */
  private pendingRerun: OffsetSeq | null = null;
  /** One watermark per withWatermark node, the global one chosen by spark.sql.streaming.multipleWatermarkPolicy. */
  private watermarks: WatermarkTracker;
  /**
   * The watermark recorded for the previous batch (offsets/N-1), which stateful operators use for late rows
   * (Spark 3.4+); null before the first batch of a new checkpoint.
   */
  private prevBatchWatermarkMs: number | null = null;
  private lastTriggerStartMs: number | null = null;
  private stopRequested = false;
  private wakeController = new AbortController();
  /** Set by processAllAvailable: skip the next wait so the check happens at once. */
  private wakePending = false;
  /** Triggers started so far; a processAllAvailable waiter only trusts triggers that started after its call. */
  private triggersStarted = 0;
  /** Set by dataArrived, cleared when a trigger starts asking the sources. */
  private dataPending = false;
  private noNewDataWaiters: { after: number; wake: () => void }[] = [];
  private availableNowTargets: (SourceOffset | null)[] | null = null;
  /** When the query last went idle (null while data flows), and when it last said so. */
  private idleSinceMs: number | null = null;
  private lastIdleEventMs = 0;
  /** Latest offsets seen per source (progress `latestOffset`). */
  private latestSeen: (SourceOffset | null)[];

  constructor(private readonly cfg: ExecutionConfig) {
    this.offsetLog = new OffsetSeqLog(cfg.store);
    this.commitLog = new CommitLog(cfg.store);
    this.committed = cfg.sources.map(() => null);
    this.latestSeen = cfg.sources.map(() => null);
    this.watermarks = this.newWatermarkTracker(cfg.conf);
  }

  private newWatermarkTracker(conf: Record<string, string>): WatermarkTracker {
    const runner = this.cfg.runner;
    const delays = runner.watermarkDelaysMs ?? (runner.watermarkDelayMs === undefined ? [] : [runner.watermarkDelayMs]);
    return new WatermarkTracker(delays, parseWatermarkPolicy(conf["spark.sql.streaming.multipleWatermarkPolicy"]));
  }

  private get watermarkMs(): number {
    return this.watermarks.currentMs;
  }

  get batchId(): number {
    return this.currentBatchId;
  }

  /** Committed end offset per source (for test diagnostics). */
  get committedOffsets(): readonly (SourceOffset | null)[] {
    return this.committed;
  }

  stop(): void {
    this.stopRequested = true;
    this.wakeController.abort();
    this.releaseNoNewDataWaiters();
  }

  /**
   * A source says data has arrived: on the default trigger the next trigger starts at once (no poll
   * pause), even when the word comes while a batch is running. Fixed-interval triggers keep their
   * schedule, as in Spark.
   */
  dataArrived(): void {
    if (this.cfg.trigger.kind !== "ProcessingTime" || this.cfg.trigger.intervalMs > 0) return;
    this.dataPending = true;
    this.wakeController.abort();
  }

  /** Resolves once a trigger found no new data after this call (Spark's processAllAvailable). */
  awaitNoNewData(): Promise<void> {
    const after = this.triggersStarted;
    const p = new Promise<void>((wake) => this.noNewDataWaiters.push({ after, wake }));
    this.wakePending = true;
    this.wakeController.abort();
    return p;
  }

  /** Wake waiters whose call came before trigger number `triggerNo` started (all when stopping). */
  private releaseNoNewDataWaiters(triggerNo = Number.POSITIVE_INFINITY): void {
    const due = this.noNewDataWaiters.filter((w) => w.after < triggerNo);
    this.noNewDataWaiters = this.noNewDataWaiters.filter((w) => w.after >= triggerNo);
    for (const w of due) w.wake();
  }

  private status(message: string, isDataAvailable: boolean, isTriggerActive: boolean): void {
    this.cfg.events.onStatus({ message, isDataAvailable, isTriggerActive });
  }

  private prepared: Promise<void> | null = null;

  /**
   * Recover from the checkpoint and, for AvailableNow, fix the end offsets. Called by start() before it
   * returns, so "available now" means available when start() was called.
   */
  prepare(): Promise<void> {
    if (this.prepared === null) {
      this.prepared = (async () => {
        this.status("Initializing sources", false, false);
        await this.recover();
        if (this.cfg.trigger.kind === "AvailableNow") await this.prepareAvailableNow();
      })();
    }
    return this.prepared;
  }

  /** Runs until stopped, a terminating trigger ends, or an error is thrown. */
  async run(): Promise<void> {
    await this.prepare();
    let pollMs = POLL_MIN_MS;
    while (!this.stopRequested) {
      const triggerStart = this.cfg.clock.now();
      const ran = await this.runOneTrigger(triggerStart);
      if (this.stopRequested) break;
      const kind = this.cfg.trigger.kind;
      if (kind === "Once") break;
      if (kind === "AvailableNow" && !ran) break;
      if (kind === "AvailableNow") {
        await turnOfEventLoop();
        continue;
      }
      const interval = this.cfg.trigger.kind === "ProcessingTime" ? this.cfg.trigger.intervalMs : 0;
      if (!ran) this.status("Waiting for data to arrive", false, false);
      else this.status("Waiting for next trigger", true, false);
      this.wakeController = new AbortController();
      if (this.wakePending) {
        this.wakePending = false;
        await turnOfEventLoop();
      } else if (interval > 0) {
        // Spark's ProcessingTimeExecutor: batches start on interval boundaries; a late batch starts at once.
        const next = Math.floor(triggerStart / interval) * interval + interval;
        await this.cfg.clock.waitUntil(next, this.wakeController.signal);
      } else if (!ran && !this.dataPending) {
        // Default trigger: poll with a short, growing pause (Spark's pollingDelay is 10 ms).
        await sleep(pollMs, this.wakeController.signal);
        pollMs = Math.min(POLL_MAX_MS, pollMs * 2);
      } else await turnOfEventLoop();
      if (ran) pollMs = POLL_MIN_MS;
    }
    this.status("Stopped", false, false);
  }

  /** Recovery protocol: last offsets entry N; if commits/N exists start at N+1, else re-run N with its offsets. */
  private async recover(): Promise<void> {
    const latest = await this.offsetLog.getLatest();
    if (latest === null) {
      this.currentBatchId = 0;
      await this.cfg.runner.restoreState(0);
      return;
    }
    const n = latest.batchId;
    this.checkSourceCount(latest.value, n);
    this.checkRecordedOffsets(latest.value, n);
    // As in Spark, the policy recorded in the checkpoint wins over the session's: a restart keeps its watermark.
    if (latest.value.metadata.conf?.["spark.sql.streaming.multipleWatermarkPolicy"] !== undefined) {
      this.watermarks = this.newWatermarkTracker({ ...this.cfg.conf, ...latest.value.metadata.conf });
    }
    const lastCommit = await this.commitLog.getLatest();
    if (lastCommit !== null && lastCommit.batchId >= n) {
      this.currentBatchId = n + 1;
      this.committed = [...latest.value.offsets];
      this.watermarks.restore(lastCommit.value.nextBatchWatermarkMs);
      this.prevBatchWatermarkMs = latest.value.metadata.batchWatermarkMs;
    } else {
      this.currentBatchId = n;
      this.pendingRerun = latest.value;
      this.watermarks.restore(latest.value.metadata.batchWatermarkMs);
      if (n > 0) {
        const prev = await this.offsetLog.get(n - 1);
        if (prev === null) {
          throw new Error(
            `Checkpoint ${this.cfg.store.location} has offsets/${n} without offsets/${n - 1}: cannot tell where batch ${n} starts.`,
          );
        }
        this.checkRecordedOffsets(prev, n - 1);
        this.committed = [...prev.offsets];
        this.prevBatchWatermarkMs = prev.metadata.batchWatermarkMs;
      }
    }
    this.latestSeen = [...(this.pendingRerun?.offsets ?? this.committed)];
    await this.cfg.runner.restoreState(this.currentBatchId);
  }

  private checkSourceCount(seq: OffsetSeq, batchId: number): void {
    if (seq.offsets.length !== this.cfg.sources.length) {
      throw new Error(
        `The query has ${this.cfg.sources.length} source(s) but offsets/${batchId} in ${this.cfg.store.location} ` +
          `records ${seq.offsets.length}. A checkpoint cannot be reused after sources are added or removed; use a new checkpointLocation.`,
      );
    }
  }

  /** Each source reads back its offsets of `offsets/<batchId>`; a failure names the file, not just the text. */
  private checkRecordedOffsets(seq: OffsetSeq, batchId: number): void {
    for (const [i, { source }] of this.cfg.sources.entries()) {
      const offset = seq.offsets[i];
      if (offset === null || offset === undefined || !source.deserializeOffset) continue;
      try {
        source.deserializeOffset(offset);
      } catch (err) {
        const where = `${this.cfg.store.location.replace(/\/$/, "")}/${this.offsetLog.pathOf(batchId)}`;
        throw new IllegalStateException(
          `Log file was malformed: ${where}: source ${i} (${source.description}) cannot read its offset: ` +
            `${err instanceof Error ? err.message : String(err)}. ${this.offsetLog.recoveryAdvice(String(batchId))}`,
          { cause: err },
        );
      }
    }
  }

  private async prepareAvailableNow(): Promise<void> {
    const targets: (SourceOffset | null)[] = [];
    for (const [i, { source }] of this.cfg.sources.entries()) {
      if (source.prepareForAvailableNow) {
        await source.prepareForAvailableNow();
        targets.push(null);
      } else {
        // Like Spark's AvailableNowDataStreamWrapper: fix the end at what is there now, read it in one batch.
        targets.push(await source.latestOffset(this.pendingRerun?.offsets[i] ?? this.committed[i] ?? null, {}));
      }
    }
    this.availableNowTargets = targets;
  }

  /** One trigger: returns true when a batch ran. */
  private async runOneTrigger(triggerStart: number): Promise<boolean> {
    const triggerNo = ++this.triggersStarted;
    this.dataPending = false;
    const timer = new PhaseTimer(() => this.cfg.clock.now());
    let seq: OffsetSeq;
    if (this.pendingRerun !== null) {
      seq = this.pendingRerun;
      this.pendingRerun = null;
    } else {
      this.status("Getting offsets from sources", false, true);
      const latest = await timer.time("latestOffset", () => this.latestOffsets());
      this.latestSeen = latest;
      const hasNewData = latest.some((o, i) => o !== null && o !== this.committed[i]);
      const nextWatermark = this.watermarks.next();
      const runner = this.cfg.runner;
      const needsNoDataBatch = runner.needsNoDataBatch
        ? runner.needsNoDataBatch(nextWatermark, this.watermarkMs, this.cfg.clock.now())
        : runner.isStateful && this.watermarks.hasWatermark && nextWatermark > this.watermarkMs;
      if (!hasNewData && !needsNoDataBatch) {
        this.releaseNoNewDataWaiters(triggerNo);
        this.reportIdle();
        return false;
      }
      this.idleSinceMs = null;
      this.watermarks.advance();
      seq = {
        metadata: { batchWatermarkMs: this.watermarkMs, batchTimestampMs: this.cfg.clock.now(), conf: this.cfg.conf },
        offsets: latest.map((o, i) => o ?? this.committed[i] ?? null),
      };
      crashPoint("beforeOffsetLog", this.currentBatchId);
      const written = await timer.time("walCommit", () => this.offsetLog.add(this.currentBatchId, seq));
      if (!written) {
        throw new Error(
          `Concurrent update to the log. Multiple streaming jobs detected for ${this.currentBatchId} ` +
            `(offsets/${this.currentBatchId} in ${this.cfg.store.location} already exists).`,
        );
      }
    }
    crashPoint("afterOffsetLog", this.currentBatchId);
    await this.runBatch(seq, timer, triggerStart);
    return true;
  }

  /**
   * onQueryIdle once when the query becomes idle, then every 10 s while it stays idle
   * (Spark's spark.sql.streaming.noDataProgressEventInterval), not on every poll.
   */
  private reportIdle(): void {
    const now = this.cfg.clock.now();
    if (this.idleSinceMs === null || now - this.lastIdleEventMs >= IDLE_EVENT_INTERVAL_MS) {
      this.idleSinceMs ??= now;
      this.lastIdleEventMs = now;
      this.cfg.events.onIdle();
    }
  }

  private async latestOffsets(): Promise<(SourceOffset | null)[]> {
    const out: (SourceOffset | null)[] = [];
    for (const [i, { source }] of this.cfg.sources.entries()) {
      const target = this.availableNowTargets?.[i];
      if (target !== undefined && target !== null) out.push(target);
      else out.push(await source.latestOffset(this.committed[i] ?? null, {}));
    }
    return out;
  }

  private async runBatch(seq: OffsetSeq, timer: PhaseTimer, triggerStart: number): Promise<void> {
    const batchId = this.currentBatchId;
    this.status(`Processing new data`, true, true);
    const { sources, runner, sink } = this.cfg;
    const inputs = new Map<string, Row[]>();
    const perSource: number[] = [];
    await timer.time("getBatch", async () => {
      for (const [i, { relationId, source }] of sources.entries()) {
        const start = this.committed[i] ?? null;
        const end = seq.offsets[i] ?? null;
        const rows = end === null || end === start ? [] : await source.getBatch(start, end);
        perSource.push(rows.length);
        const prior = inputs.get(relationId);
        inputs.set(relationId, prior ? prior.concat(rows) : rows);
      }
    });
    // Plans are analyzed and compiled once at start; what is left per batch is binding this batch's inputs.
    const batch = await timer.time("queryPlanning", async () => ({
      batchId,
      queryId: this.cfg.queryId,
      runId: this.cfg.runId,
      inputs,
      watermarkMs: seq.metadata.batchWatermarkMs,
      lateRowsWatermarkMs: this.prevBatchWatermarkMs ?? seq.metadata.batchWatermarkMs,
      batchTimestampMs: seq.metadata.batchTimestampMs,
    }));
    // As in Spark, addBatch covers running the plan (execution is driven by the sink write) and the write itself.
    const output = await timer.time("addBatch", async () => {
      const out = await runner.runBatch(batch);
      await sink.addBatch(batchId, out.rows, runner.outputSchema);
      return out;
    });
    this.watermarks.observe(output.watermarkEventTimesMs ?? [output.eventTime ? output.eventTime.maxMs : null]);
    crashPoint("afterAddBatch", batchId);
    await timer.time("commitOffsets", async () => {
      await runner.commitState(batchId + 1);
      crashPoint("afterStateCommit", batchId);
      const nextWatermark = this.watermarks.next();
      await this.commitLog.add(batchId, { nextBatchWatermarkMs: nextWatermark });
      crashPoint("afterCommitLog", batchId);
      for (const [i, { source }] of sources.entries()) {
        const end = seq.offsets[i];
        if (end !== null && end !== undefined) await source.commit(end);
      }
    });
    crashPoint("afterSourceCommit", batchId);
    const starts = this.committed;
    this.committed = [...seq.offsets];
    this.prevBatchWatermarkMs = seq.metadata.batchWatermarkMs;
    await this.purge(batchId);
    const total = this.cfg.clock.now() - triggerStart;
    timer.durationMs.triggerExecution = total;
    this.report(batchId, seq, starts, perSource, output, timer, triggerStart);
    this.currentBatchId = batchId + 1;
  }

  private async purge(batchId: number): Promise<void> {
    const keep = this.cfg.minBatchesToRetain;
    const threshold = batchId - keep + 1;
    if (threshold <= 0) return;
    await this.offsetLog.purge(threshold);
    await this.commitLog.purge(threshold);
    await this.cfg.runner.purgeState(threshold + 1);
  }

  private report(
    batchId: number,
    seq: OffsetSeq,
    starts: readonly (SourceOffset | null)[],
    perSource: number[],
    output: BatchOutput,
    timer: PhaseTimer,
    triggerStart: number,
  ): void {
    const { eventTime, stateOperators } = output;
    const numOutputRows = output.rows.length;
    // Spark's first trigger has no previous one: the input time is infinite, so inputRowsPerSecond is 0.0.
    const sinceLast = this.lastTriggerStartMs === null ? Number.POSITIVE_INFINITY : triggerStart - this.lastTriggerStartMs;
    this.lastTriggerStartMs = triggerStart;
    const processingMs = timer.durationMs.triggerExecution ?? 0;
    const numInputRows = perSource.reduce((a, b) => a + b, 0);
    const sourcesProgress: SourceProgress[] = this.cfg.sources.map(({ source }, i) => ({
      description: source.description,
      startOffset: offsetJson(starts[i]),
      endOffset: offsetJson(seq.offsets[i]),
      latestOffset: offsetJson(this.latestSeen[i] ?? seq.offsets[i]),
      numInputRows: perSource[i] ?? 0,
      inputRowsPerSecond: rowsPerSecond(perSource[i] ?? 0, sinceLast),
      processedRowsPerSecond: rowsPerSecond(perSource[i] ?? 0, processingMs),
      metrics: source.metrics?.() ?? {},
    }));
    const eventTimeJson: Record<string, string> = {};
    if (eventTime && eventTime.count > 0) {
      eventTimeJson.avg = isoTimestamp(eventTime.avgMs);
      eventTimeJson.max = isoTimestamp(eventTime.maxMs);
      eventTimeJson.min = isoTimestamp(eventTime.minMs);
    }
    if (this.watermarks.hasWatermark) eventTimeJson.watermark = isoTimestamp(seq.metadata.batchWatermarkMs);
    const record: StreamingQueryProgress = {
      id: this.cfg.queryId,
      runId: this.cfg.runId,
      name: this.cfg.name,
      timestamp: isoTimestamp(triggerStart),
      batchId,
      batchDuration: processingMs,
      numInputRows,
      inputRowsPerSecond: rowsPerSecond(numInputRows, sinceLast),
      processedRowsPerSecond: rowsPerSecond(numInputRows, processingMs),
      durationMs: { ...timer.durationMs },
      eventTime: eventTimeJson,
      stateOperators,
      sources: sourcesProgress,
      sink: { description: this.cfg.sink.description, numOutputRows, metrics: {} },
      observedMetrics: output.observedMetrics ?? {},
    };
    this.cfg.events.onProgress(withJsonAccessors(record));
  }
}

/**
 * One turn of the event loop, taken between triggers that do not wait: a batch whose source and checkpoint answer at
 * once (memory, rate-micro-batch, the local store's synchronous writes) would otherwise chain the next one in
 * microtasks and starve timers, I/O and the prompt (a script's setTimeout, the shell's keystrokes, stop()).
 */
function turnOfEventLoop(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done);
  });
}
