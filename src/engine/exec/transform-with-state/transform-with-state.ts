/**
 * Spark's TransformWithStateExec for one partition. Per batch: the processor's init() declares its state
 * variables on a fresh handle; then handleInputRows is called once per key with new rows (keys in the order
 * they first appear), then handleExpiredTimer once per timer strictly below the batch timestamp (processing
 * time) or the watermark (event time), earliest first, each timer deleted as it fires; then close(), and the
 * values whose TTL passed are evicted. That includes the batch without new data the engine runs when a timer
 * is due. Each state variable is a state store of its own (`state/<op>/0/<name>/`, Spark's column families),
 * the timers another (`$timers`); the variables are found by running init() once on a driver-side handle when
 * the query is planned, as Spark does to learn its column families.
 */
import { IllegalStateException, SparkRuntimeException } from "../../errors";
import type { GroupsWithStateBinding } from "../../plan/operators/group-state/spec";
import type { ExpiredTimerInfo, QueryInfo, StatefulProcessor, TimerValues } from "../../plan/operators/group-state/transform-spec";
import type { BatchContext } from "../../plan/physical";
import type { Row } from "../../types/values";
import type { OutputMode } from "../sink";
import { estimateMapBytes } from "../state-size";
import type { RowFeed, StateMetrics, StateOperator } from "../stateful";
import { GroupBuffers, groupRowsByKey } from "../group-state/group-rows";
import { userFunctionError } from "./errors";
import { type HandleHost, ProcessorHandleImpl } from "./processor-handle";
import { TimerStore } from "./timers";
import { type VariableKind, VariableStore } from "./state-variables";

/** The timers' store name; `$` keeps it apart from every variable name (which are URI-encoded). */
const TIMERS = "$timers";
/** Spark's query id for a batch query (no streaming query runs it). */
const NO_QUERY_ID = "00000000-0000-0000-0000-000000000000";

type VariableSnapshot = { kind: VariableKind; rows: [unknown, unknown][] } | null;

export class TransformWithStateOperator implements StateOperator {
  private readonly processor: StatefulProcessor;
  private readonly vars = new Map<string, VariableStore>();
  private readonly timers = new TimerStore();
  /** The batch's row copies, kept for the next batch. */
  private readonly buffers = new GroupBuffers();
  /** The state variables init() declared on the driver pass (store order). */
  readonly stateStoreNames: readonly string[];
  private last: StateMetrics = { numRowsTotal: 0, numRowsUpdated: 0, numRowsRemoved: 0, numRowsDroppedByWatermark: 0, memoryUsedBytes: 0 };
  private current: { kt: string; key: unknown } | null = null;
  private nowMs = 0;
  private batchId = 0;
  /** The running query's ids, from the batch (Spark's QueryInfo); zero UUIDs on a batch DataFrame. */
  private queryId = NO_QUERY_ID;
  private runId = NO_QUERY_ID;
  private writes = 0;

  constructor(
    private readonly b: GroupsWithStateBinding,
    /** False on a batch DataFrame: nothing to checkpoint, so no driver pass. */
    private readonly streaming = true,
  ) {
    this.processor = b.spec.transform!.processor;
    this.stateStoreNames = streaming ? this.discover() : [];
  }

  private get timeMode() {
    return this.b.spec.transform!.timeMode;
  }

  /** Spark's DriverStatefulProcessorHandleImpl pass: init() on a handle that only records the variables. */
  private discover(): string[] {
    const names: string[] = [];
    const host = this.host((name, kind) => {
      names.push(name);
      return new VariableStore(name, kind);
    });
    const handle = new ProcessorHandleImpl(host, "PRE_INIT", "PRE_INIT");
    this.callUser("init", () => this.processor.init(handle, this.b.spec.outputMode === "update" ? "Update" : "Append", this.timeMode));
    return [TIMERS, ...names.map(encodeURIComponent)];
  }

  private host(variable: (name: string, kind: VariableKind) => VariableStore): HandleHost {
    const clock = this;
    const key = () => {
      if (this.current === null) throw new SparkRuntimeException("Implicit key not found in state store: timers and state values can only be used in handleInputRows and handleExpiredTimer", { errorClass: "STATE_STORE_KEY_NOT_FOUND" });
      return this.current;
    };
    const onWrite = () => {
      this.writes++;
    };
    return {
      timeMode: this.timeMode,
      variable: (name, kind, valueSchema, keySchema, ttlMs) => {
        const store = variable(name, kind);
        store.configure(valueSchema, keySchema, ttlMs);
        return store;
      },
      bind: (store) => {
        const clockView = { get nowMs() { return clock.nowMs; } };
        if (store.kind === "value") return store.valueState(key, clockView, onWrite);
        if (store.kind === "list") return store.listState(key, clockView, onWrite);
        return store.mapState(key, clockView, onWrite);
      },
      deleteVariable: (name) => {
        this.vars.delete(name);
      },
      registerTimer: (ms) => {
        const { kt, key: k } = key();
        if (this.timers.register(kt, k, ms)) onWrite();
      },
      deleteTimer: (ms) => {
        if (this.timers.delete(key().kt, ms)) onWrite();
      },
      listTimers: () => this.timers.list(key().kt),
      queryInfo: (): QueryInfo => {
        const { batchId, queryId, runId } = this;
        return {
          getQueryId: () => queryId,
          getRunId: () => runId,
          getBatchId: () => batchId,
          toString: () => `QueryInfo(queryId=${queryId}, runId=${runId}, batchId=${batchId})`,
        } as QueryInfo;
      },
    };
  }

  private callUser<T>(fn: string, body: () => T): T {
    try {
      return body();
    } catch (err) {
      throw userFunctionError(fn, err);
    }
  }

  private emit(fn: string, result: unknown, key: unknown, out: Row[]): void {
    if (result === undefined || result === null) return;
    if (typeof result === "string" || typeof (result as Iterable<unknown>)[Symbol.iterator] !== "function") {
      throw userFunctionError(fn, new Error(`${fn} must return an iterable of rows (an array or a generator); it returned ${typeof result} for key ${String(key)}`));
    }
    this.callUser(fn, () => {
      for (const v of result as Iterable<unknown>) out.push(this.b.toOutput(v, key));
    });
  }

  process(input: RowFeed, watermarkMs: number, _mode: OutputMode, lateRowsWatermarkMs?: number, batch?: BatchContext): Row[] {
    const { eventTimeIndex } = this.b;
    const p = this.processor;
    this.nowMs = batch?.batchTimestampMs ?? Date.now();
    this.batchId = batch?.batchId ?? 0;
    this.queryId = batch?.queryId ?? NO_QUERY_ID;
    this.runId = batch?.runId ?? NO_QUERY_ID;
    this.writes = 0;
    const watermarkPresent = eventTimeIndex >= 0;
    const wm = watermarkPresent ? watermarkMs : -1;
    const nowMs = this.nowMs;
    const timerValues: TimerValues = { getCurrentProcessingTimeInMs: () => nowMs, getCurrentWatermarkInMs: () => wm };

    const handle = new ProcessorHandleImpl(
      this.host((name, kind) => {
        if (this.streaming && !this.stateStoreNames.includes(encodeURIComponent(name))) {
          // its store was not set up when the query started, so it would not be checkpointed: say so
          throw new IllegalStateException(
            `State variable ${name} was not declared by init() when the query started: init() must declare the same state variables in every batch`,
          );
        }
        let store = this.vars.get(name);
        if (store === undefined || store.kind !== kind) {
          store = new VariableStore(name, kind);
          this.vars.set(name, store);
        }
        return store;
      }),
      "CREATED",
      "CREATED",
    );
    this.callUser("init", () => p.init(handle, this.b.spec.outputMode === "update" ? "Update" : "Append", this.timeMode));
    handle.phase = "INITIALIZED";

    // Spark drops late rows in event-time mode only (the watermark then drives the timers).
    const lateMs = lateRowsWatermarkMs ?? watermarkMs;
    const dropLate = this.timeMode === "EventTime" && watermarkPresent && lateMs > 0;
    const groups = groupRowsByKey(input, this.b, dropLate ? { index: eventTimeIndex, watermarkMs: lateMs } : null, 0, this.buffers);

    const out: Row[] = [];
    handle.phase = "DATA_PROCESSED";
    for (let g = 0; g < groups.size; g++) {
      const key = groups.key(g);
      this.current = { kt: groups.keyText(g), key };
      const result = this.callUser("handleInputRows", () => p.handleInputRows(key, groups.values(g), timerValues));
      this.emit("handleInputRows", result, key, out);
    }
    handle.phase = "TIMER_PROCESSED";
    if (this.timeMode !== "None") {
      const threshold = this.timeMode === "ProcessingTime" ? nowMs : wm;
      for (const t of this.timers.expired(threshold)) {
        this.current = { kt: t.kt, key: t.key };
        const info: ExpiredTimerInfo = { getExpiryTimeInMs: () => t.ms };
        if (p.handleExpiredTimer !== undefined) {
          const result = this.callUser("handleExpiredTimer", () => p.handleExpiredTimer!(t.key, timerValues, info));
          this.emit("handleExpiredTimer", result, t.key, out);
        }
        // Spark deletes the timer once its handler ran
        this.timers.delete(t.kt, t.ms);
      }
    }
    this.current = null;
    handle.phase = "CLOSED";
    if (p.close !== undefined) this.callUser("close", () => p.close!());

    let removed = 0;
    for (const v of this.vars.values()) removed += v.evictExpired({ nowMs });
    this.last = { ...this.measure(), numRowsUpdated: this.writes, numRowsRemoved: removed, numRowsDroppedByWatermark: groups.dropped };
    return out;
  }

  private measure(): Pick<StateMetrics, "numRowsTotal" | "memoryUsedBytes"> {
    let rows = this.timers.size;
    let bytes = estimateMapBytes(this.timers.byKey);
    for (const v of this.vars.values()) {
      rows += v.rowCount();
      bytes += estimateMapBytes(v.entries);
    }
    return { numRowsTotal: rows, memoryUsedBytes: bytes };
  }

  /**
   * Spark runs a batch without new data when the watermark moves (event time) and at every trigger (processing
   * time); tspark runs the processing-time one only when a timer is due at `nowMs` (the same rows come out).
   */
  needsNoDataBatch(nextWatermarkMs: number, currentWatermarkMs: number, _mode: OutputMode, nowMs?: number): boolean {
    if (this.timeMode === "EventTime") return this.b.eventTimeIndex >= 0 && nextWatermarkMs > currentWatermarkMs;
    if (this.timeMode === "ProcessingTime") {
      const t = this.timers.earliest();
      return t !== undefined && (nowMs === undefined || t < nowMs);
    }
    return false;
  }

  snapshot(): unknown {
    const parts: Record<string, unknown> = { [TIMERS]: this.timers.snapshot() };
    for (const v of this.vars.values()) parts[encodeURIComponent(v.name)] = { kind: v.kind, rows: v.snapshot() } satisfies VariableSnapshot;
    return parts;
  }

  restore(snapshot: unknown): void {
    this.vars.clear();
    const parts = (snapshot ?? {}) as Record<string, unknown>;
    this.timers.restore((parts[TIMERS] as [unknown, number[]][] | null | undefined) ?? null);
    for (const [storeName, s] of Object.entries(parts)) {
      if (storeName === TIMERS || s === null || s === undefined) continue;
      const { kind, rows } = s as NonNullable<VariableSnapshot>;
      const name = decodeURIComponent(storeName);
      const store = new VariableStore(name, kind);
      store.restore(rows);
      this.vars.set(name, store);
    }
    this.last = { ...this.last, ...this.measure() };
  }

  metrics(): StateMetrics {
    return this.last;
  }
}
