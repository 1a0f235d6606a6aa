/**
 * One side's state of a stream-stream join (Spark's SymmetricHashJoinStateManager, STYLE example 14): every row
 * the side has seen, by join key, so the other side's later rows can find it. A row whose key can never match
 * (a null in a `=` key) is not kept.
 */
import type { Row } from "../../types/values";

export type KeyOf = (row: Row) => string | symbol;

export class JoinSideState {
  private readonly byKey = new Map<string, Row[]>();
  private count = 0;

  constructor(private readonly keyOf: KeyOf) {}

  get size(): number {
    return this.count;
  }

  /** Rows of this side with `key`. */
  matches(key: string): readonly Row[] {
    return this.byKey.get(key) ?? [];
  }

  /** Keeps `row`; false when its key can never match. */
  add(row: Row): boolean {
    const k = this.keyOf(row);
    if (typeof k !== "string") return false;
    const bucket = this.byKey.get(k);
    if (bucket === undefined) this.byKey.set(k, [row]);
    else bucket.push(row);
    this.count++;
    return true;
  }

  /** Drops every row `expired` says can never match again; returns how many. */
  evict(expired: (row: Row) => boolean): number {
    let removed = 0;
    for (const [k, bucket] of this.byKey) {
      const keep = bucket.filter((r) => !expired(r));
      removed += bucket.length - keep.length;
      if (keep.length === 0) this.byKey.delete(k);
      else if (keep.length !== bucket.length) this.byKey.set(k, keep);
    }
    this.count -= removed;
    return removed;
  }

  rows(): Row[] {
    return [...this.byKey.values()].flat();
  }

  restore(rows: readonly Row[] | null | undefined): void {
    this.byKey.clear();
    this.count = 0;
    for (const r of rows ?? []) this.add(r);
  }
}
