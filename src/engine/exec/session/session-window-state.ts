/**
 * The state of a streaming session-window aggregation (Spark's SessionWindowStateStoreRestore / MergingSessions /
 * SessionWindowStateStoreSave, one operator here): per key, the open sessions with their aggregation buffers,
 * one snapshot per batch version through the state codec.
 *
 * Each batch, as Spark does:
 * - a row whose own session `[t, t + gap]` ends at or before the watermark is late and dropped (counted in
 *   `numRowsDroppedByWatermark`), whatever the output mode;
 * - the other rows merge with the stored sessions of their key (a row that bridges two sessions joins them);
 * - append mode emits and removes the sessions that end at or before the watermark; complete mode emits every
 *   session and removes none. Update mode is refused before the query starts (session-check.ts).
 */
import type { SessionAggregateSpec } from "../../plan/operators/session/plan-session";
import { type Session, SessionAggregator } from "../../plan/operators/session/session-aggregator";
import type { Row } from "../../types/values";
import type { OutputMode } from "../sink";
import { forEachRow, type RowFeed, type StateMetrics, type StateOperator } from "../stateful";
import { estimateMapBytes } from "../state-size";

export class SessionWindowState implements StateOperator {
  private readonly sessions: SessionAggregator;
  private last: StateMetrics = { numRowsTotal: 0, numRowsUpdated: 0, numRowsRemoved: 0, numRowsDroppedByWatermark: 0, memoryUsedBytes: 0 };

  constructor(private readonly spec: SessionAggregateSpec) {
    this.sessions = new SessionAggregator(spec.compiled, spec.sessionGroup);
  }

  /** A moved watermark may close sessions, so append mode asks for a batch without new data (as Spark). */
  needsNoDataBatch(nextWatermarkMs: number, currentWatermarkMs: number, mode: OutputMode): boolean {
    return this.spec.eventTime !== undefined && mode !== "complete" && nextWatermarkMs > currentWatermarkMs;
  }

  process(input: RowFeed, watermarkMs: number, mode: OutputMode): Row[] {
    const wm = BigInt(watermarkMs) * 1000n;
    const watermarked = this.spec.eventTime !== undefined;
    let dropped = 0;
    forEachRow(input, (r) => {
      if (watermarked) {
        const s = this.sessions.rowSession(r);
        if (s !== null && s[1] <= wm) {
          dropped++;
          return;
        }
      }
      this.sessions.add(r);
    });
    const { updated, removed } = this.sessions.flush();
    let out: Row[];
    let evicted = 0;
    if (mode === "append") {
      const closed: Session[] = this.sessions.evict((s) => s.end <= wm);
      evicted = closed.length;
      out = this.sessions.results(closed);
    } else {
      out = this.sessions.results(this.sessions.all());
    }
    this.last = {
      numRowsTotal: this.sessions.size,
      numRowsUpdated: updated.length,
      numRowsRemoved: removed + evicted,
      numRowsDroppedByWatermark: dropped,
      memoryUsedBytes: estimateMapBytes(this.sessions.state),
    };
    return out;
  }

  snapshot(): unknown {
    return this.sessions.snapshot();
  }

  restore(snapshot: unknown): void {
    this.sessions.restore(snapshot);
  }

  metrics(): StateMetrics {
    return this.last;
  }
}
