/**
 * The sessions of a session-window aggregation (Spark's MergingSessionsExec and, across micro-batches, the session
 * state of SessionWindowStateStoreSave): per key (the grouping keys other than the session), the sessions in
 * start order with their aggregation buffers. Each input row starts as the session `[t, t + gap]`; a session whose
 * start is at or before the end of the one before it merges into it (the end is the later end, the buffers
 * merge), so a late row that bridges two stored sessions joins them into one.
 *
 * The same object runs the batch operator (one `flush`) and the streaming state (one `flush` per batch, snapshot
 * and restore through the state codec).
 */
import { keyOf } from "../../../expr/compare";
import type { Row } from "../../../types/values";
import type { CompiledAggregate } from "../../aggregation";

export interface Session {
  start: bigint;
  end: bigint;
  /** Grouping values of the key; the session's own slot is filled in at output. */
  readonly groups: unknown[];
  bufs: unknown[];
}

/** A batch row waiting to be merged into its key's sessions. */
interface Pending {
  readonly start: bigint;
  readonly end: bigint;
  readonly row: Row;
}

export interface FlushResult {
  /** Sessions that took in a row of this flush (merged or new). */
  readonly updated: Session[];
  /** Stored sessions that were merged into another one (and so replaced). */
  readonly removed: number;
}

function byStart(a: { start: bigint }, b: { start: bigint }): number {
  return a.start < b.start ? -1 : a.start > b.start ? 1 : 0;
}

export class SessionAggregator {
  private readonly sessions = new Map<string, Session[]>();
  private readonly pending = new Map<string, Pending[]>();
  private readonly groupEvals: ((row: Row) => unknown)[];
  private readonly nG: number;

  /** `sessionGroup`: which grouping expression of `compiled` is the session window column. */
  constructor(
    private readonly compiled: CompiledAggregate,
    private readonly sessionGroup: number,
  ) {
    this.groupEvals = compiled.groups.map((g) => g.eval);
    this.nG = compiled.groups.length;
  }

  /** The session `[start, end]` a row starts (its session column), or null when it has none. */
  rowSession(row: Row): readonly [bigint, bigint] | null {
    const s = this.groupEvals[this.sessionGroup]!(row) as readonly [bigint, bigint] | null;
    return s === null || typeof s[0] !== "bigint" || typeof s[1] !== "bigint" ? null : s;
  }

  /** Queues a row for the next flush (rows without a session are ignored: the plan filtered them already). */
  add(row: Row): void {
    const s = this.rowSession(row);
    if (s === null) return;
    let key = "";
    for (let i = 0; i < this.nG; i++) if (i !== this.sessionGroup) key += `${keyOf(this.groupEvals[i]!(row))}\u0001`;
    let list = this.pending.get(key);
    if (list === undefined) {
      list = [];
      this.pending.set(key, list);
    }
    list.push({ start: s[0], end: s[1], row });
  }

  private fold(bufs: unknown[], row: Row): void {
    const slots = this.compiled.slots;
    for (let i = 0; i < slots.length; i++) {
      const s = slots[i]!;
      const ins = s.inputs;
      const v = ins.length === 1 ? ins[0]!(row) : ins.length === 0 ? 1 : ins.map((f) => f(row));
      bufs[i] = s.fn.update(bufs[i], v);
    }
  }

  private open(p: Pending): Session {
    const groups = this.groupEvals.map((g, i) => (i === this.sessionGroup ? null : g(p.row)));
    const bufs = this.compiled.slots.map((s) => s.fn.init());
    this.fold(bufs, p.row);
    return { start: p.start, end: p.end, groups, bufs };
  }

  private absorb(into: Session, other: Session): void {
    const slots = this.compiled.slots;
    for (let i = 0; i < slots.length; i++) into.bufs[i] = slots[i]!.fn.merge(into.bufs[i], other.bufs[i]);
    if (other.end > into.end) into.end = other.end;
  }

  /**
   * Merges the queued rows into their keys' sessions, walking stored sessions and new rows together in start
   * order (a stored session before a row with the same start), as MergingSessionsIterator does over its sorted input.
   */
  flush(): FlushResult {
    const updated: Session[] = [];
    let removed = 0;
    for (const [key, rows] of this.pending) {
      rows.sort(byStart);
      const old = this.sessions.get(key) ?? [];
      const out: Session[] = [];
      let cur: Session | null = null;
      let curTouched = false;
      const close = (): void => {
        if (cur === null) return;
        out.push(cur);
        if (curTouched) updated.push(cur);
      };
      let i = 0;
      let j = 0;
      while (i < old.length || j < rows.length) {
        const takeOld = j >= rows.length || (i < old.length && old[i]!.start <= rows[j]!.start);
        if (takeOld) {
          const s = old[i++]!;
          if (cur !== null && s.start <= cur.end) {
            this.absorb(cur, s);
            removed++;
            curTouched = true;
          } else {
            close();
            cur = s;
            curTouched = false;
          }
        } else {
          const p = rows[j++]!;
          if (cur !== null && p.start <= cur.end) {
            this.fold(cur.bufs, p.row);
            if (p.end > cur.end) cur.end = p.end;
          } else {
            close();
            cur = this.open(p);
          }
          curTouched = true;
        }
      }
      close();
      this.sessions.set(key, out);
    }
    this.pending.clear();
    return { updated, removed };
  }

  /** The output row of a session (grouping values with the session, aggregates, the select list), or null (HAVING). */
  result(s: Session): Row | null {
    const { slots, outputs, having } = this.compiled;
    const r = new Array<unknown>(this.nG + slots.length);
    for (let i = 0; i < this.nG; i++) r[i] = i === this.sessionGroup ? [s.start, s.end] : s.groups[i];
    for (let i = 0; i < slots.length; i++) r[this.nG + i] = slots[i]!.fn.evaluate(s.bufs[i]);
    if (having !== null && having.eval(r) !== true) return null;
    return outputs.map((o) => o.bound.eval(r));
  }

  results(sessions: Iterable<Session>): Row[] {
    const out: Row[] = [];
    for (const s of sessions) {
      const r = this.result(s);
      if (r !== null) out.push(r);
    }
    return out;
  }

  *all(): Generator<Session> {
    for (const list of this.sessions.values()) yield* list;
  }

  /** Removes and returns the sessions `pred` selects (the ones the watermark closed). */
  evict(pred: (s: Session) => boolean): Session[] {
    const gone: Session[] = [];
    for (const [key, list] of this.sessions) {
      const keep = list.filter((s) => {
        if (!pred(s)) return true;
        gone.push(s);
        return false;
      });
      if (keep.length === 0) this.sessions.delete(key);
      else if (keep.length !== list.length) this.sessions.set(key, keep);
    }
    return gone;
  }

  /** The stored sessions per key, read-only: what the state's memory estimate walks. */
  get state(): ReadonlyMap<string, readonly Session[]> {
    return this.sessions;
  }

  get size(): number {
    let n = 0;
    for (const list of this.sessions.values()) n += list.length;
    return n;
  }

  /** `[key, [start, end, groups, bufs][]][]`: plain values the state codec writes. */
  snapshot(): unknown {
    return [...this.sessions].map(([k, list]) => [k, list.map((s) => [s.start, s.end, s.groups, s.bufs])]);
  }

  restore(snap: unknown): void {
    this.sessions.clear();
    this.pending.clear();
    for (const [k, list] of (snap ?? []) as [string, [bigint, bigint, unknown[], unknown[]][]][]) {
      this.sessions.set(
        k,
        list.map(([start, end, groups, bufs]) => ({ start, end, groups, bufs })),
      );
    }
  }
}
