/**
 * Spark's FlatMapGroupsWithStateExec for one partition: per batch, the input rows are grouped by key (in the
 * order keys first appear), the user function is called once per key with that key's rows and its GroupState,
 * then once more for every key whose timeout has passed (processing time: the batch timestamp; event time: the
 * watermark), with no rows and hasTimedOut() true. That includes the batch with no new data the engine runs when
 * a timeout is due. What the function did to the state is written back after its rows are consumed.
 */
import { IllegalArgumentException, SparkException, SparkThrowable } from "../../errors";
import type { GroupsWithStateBinding } from "../../plan/operators/group-state/spec";
import type { BatchContext } from "../../plan/physical";
import type { RowImpl } from "../../api/row";
import type { Row } from "../../types/values";
import type { OutputMode } from "../sink";
import type { RowFeed, StateMetrics, StateOperator } from "../stateful";
import { GroupStateImpl, type GroupStateContext, NO_TIMESTAMP } from "./group-state-impl";
import { type GroupStateEntry, GroupStateStore } from "./group-state-store";
import { GroupBuffers, groupRowsByKey } from "./group-rows";

/** Spark wraps an error thrown by the function that is not a SparkThrowable: FLATMAPGROUPSWITHSTATE_USER_FUNCTION_ERROR. */
function userFunctionError(err: unknown): Error {
  if (err instanceof SparkThrowable) return err;
  const reason = err instanceof Error ? err.message : String(err);
  return new SparkException(
    `[FLATMAPGROUPSWITHSTATE_USER_FUNCTION_ERROR] An error occurred in the user provided function in flatMapGroupsWithState. Reason: ${reason} SQLSTATE: 39000`,
    { errorClass: "FLATMAPGROUPSWITHSTATE_USER_FUNCTION_ERROR", sqlState: "39000", messageParameters: { reason }, cause: err },
  );
}

/** A timed-out key's values: none. */
function noRows(): IterableIterator<RowImpl> {
  return [][Symbol.iterator]();
}

export class FlatMapGroupsWithStateOperator implements StateOperator {
  readonly store: GroupStateStore;
  private last: StateMetrics = { numRowsTotal: 0, numRowsUpdated: 0, numRowsRemoved: 0, numRowsDroppedByWatermark: 0, memoryUsedBytes: 0 };
  private earliestTimeoutMs = NO_TIMESTAMP;
  /** The last batch with rows: its row count is the next batch's first guess of its size. */
  private lastBatchRows = 0;
  /** The batch's row copies, kept for the next batch. */
  private readonly buffers = new GroupBuffers();

  constructor(private readonly b: GroupsWithStateBinding) {
    this.store = new GroupStateStore(b.spec.stateSchema);
  }

  process(input: RowFeed, watermarkMs: number, _mode: OutputMode, lateRowsWatermarkMs?: number, batch?: BatchContext): Row[] {
    const { spec, eventTimeIndex } = this.b;
    const watermarkPresent = eventTimeIndex >= 0;
    const ctx: GroupStateContext = {
      batchProcessingTimeMs: batch?.batchTimestampMs ?? Date.now(),
      eventTimeWatermarkMs: watermarkPresent ? watermarkMs : NO_TIMESTAMP,
      timeout: spec.timeout,
      watermarkPresent,
    };
    // Spark drops late rows only under an event-time timeout (the watermark then decides when keys time out).
    // (in a chain, late for this operator means at or below the previous batch's watermark, as for every operator)
    const lateMs = lateRowsWatermarkMs ?? watermarkMs;
    const dropLate = spec.timeout === "EventTimeTimeout" && watermarkPresent && lateMs > 0;
    const groups = groupRowsByKey(input, this.b, dropLate ? { index: eventTimeIndex, watermarkMs: lateMs } : null, this.lastBatchRows, this.buffers);
    if (groups.rows > 0) this.lastBatchRows = groups.rows; // (a batch without new data says nothing of the next one)
    const out: Row[] = [];
    const counts = { updated: 0, removed: 0 };
    for (let g = 0; g < groups.size; g++) {
      const kt = groups.keyText(g);
      this.call(kt, groups.key(g), this.store.entries.get(kt), groups.values(g), false, ctx, out, counts);
    }
    if (spec.timeout !== "NoTimeout") {
      const threshold = spec.timeout === "ProcessingTimeTimeout" ? ctx.batchProcessingTimeMs : watermarkMs;
      const due: [string, GroupStateEntry][] = [];
      for (const [kt, e] of this.store.entries) if (e.timeoutMs !== NO_TIMESTAMP && e.timeoutMs < threshold) due.push([kt, e]);
      for (const [kt, e] of due) this.call(kt, e.key, e, noRows(), true, ctx, out, counts);
    }
    this.earliestTimeoutMs = this.store.earliestTimeoutMs();
    this.last = {
      numRowsTotal: this.store.size,
      numRowsUpdated: counts.updated,
      numRowsRemoved: counts.removed,
      numRowsDroppedByWatermark: groups.dropped,
      memoryUsedBytes: this.store.memoryUsedBytes(),
    };
    return out;
  }

  /** One call of the user function for one key, then the state write-back Spark does when its output is consumed. */
  private call(
    kt: string,
    key: unknown,
    entry: GroupStateEntry | undefined,
    values: IterableIterator<RowImpl>,
    timedOut: boolean,
    ctx: GroupStateContext,
    out: Row[],
    counts: { updated: number; removed: number },
  ): void {
    const { spec, toOutput, checkState } = this.b;
    const state = new GroupStateImpl<unknown>(entry?.state, ctx, timedOut, checkState);
    try {
      const result = spec.func(key, values, state);
      if (spec.isMapGroupsWithState) {
        if (result === undefined) {
          throw new IllegalArgumentException(
            `The mapGroupsWithState function returned nothing for key ${String(key)}: return one row (a Row, an array or an object with the output schema's fields)`,
          );
        }
        out.push(toOutput(result, key));
      } else {
        if (result === null || result === undefined || typeof (result as Iterable<unknown>)[Symbol.iterator] !== "function" || typeof result === "string") {
          throw new IllegalArgumentException(
            `The flatMapGroupsWithState function must return an iterable of rows (an array or a generator); it returned ${result === undefined ? "undefined" : typeof result} for key ${String(key)}`,
          );
        }
        for (const v of result as Iterable<unknown>) out.push(toOutput(v, key));
      }
    } catch (err) {
      throw userFunctionError(err);
    }
    if (state.removed && state.timeoutTimestamp === NO_TIMESTAMP) {
      if (entry !== undefined) {
        this.store.entries.delete(kt);
        counts.removed++;
      }
      return;
    }
    const timeoutChanged = state.timeoutTimestamp !== (entry?.timeoutMs ?? NO_TIMESTAMP);
    if (state.updated || state.removed || timeoutChanged) {
      const value = state.exists() ? state.get() : undefined;
      if (entry === undefined) this.store.entries.set(kt, { key, state: value, timeoutMs: state.timeoutTimestamp });
      else {
        entry.state = value;
        entry.timeoutMs = state.timeoutTimestamp;
        entry.written = undefined;
      }
      counts.updated++;
    }
  }

  /**
   * Spark runs a batch without new data for every trigger under a processing-time timeout, and when the
   * watermark moves under an event-time timeout. tspark runs the processing-time one only when a key's timeout
   * is due at `nowMs` (the same rows come out; a batch in which nothing times out emits nothing).
   */
  needsNoDataBatch(nextWatermarkMs: number, currentWatermarkMs: number, _mode: OutputMode, nowMs?: number): boolean {
    const t = this.b.spec.timeout;
    if (t === "EventTimeTimeout") return this.b.eventTimeIndex >= 0 && nextWatermarkMs > currentWatermarkMs;
    if (t === "ProcessingTimeTimeout") return this.earliestTimeoutMs !== NO_TIMESTAMP && (nowMs === undefined || this.earliestTimeoutMs < nowMs);
    return false;
  }

  snapshot(): unknown {
    // (the state file's text, each unchanged key's row as written before; restore reads it back as snapshot() rows)
    return this.store.encodedSnapshot();
  }

  restore(snapshot: unknown): void {
    this.store.restore(snapshot);
    this.earliestTimeoutMs = this.store.earliestTimeoutMs();
  }

  metrics(): StateMetrics {
    return this.last;
  }
}
