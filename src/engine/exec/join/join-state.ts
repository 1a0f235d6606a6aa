/**
 * One side's state of a stream-stream join (Spark's SymmetricHashJoinStateManager, STYLE example 14): every row
 * the side has seen, by join key, so the other side's later rows can find it, each with Spark's `matched` flag
 * (state format v2) so an outer join knows, when the row leaves the state, whether it ever met a row. A row whose
 * key can never match (a null in a `=` key) is kept only on an outer join's preserved side, to be emitted padded
 * when it leaves the state.
 */
import { IllegalStateException } from "../../errors";
import type { Row } from "../../types/values";
import { estimateMapBytes } from "../state-size";

export type KeyOf = (row: Row) => string | symbol;

export interface JoinEntry {
  readonly row: Row;
  matched: boolean;
}

/** The bucket of rows that can never match: no real key string starts with NUL NUL. */
const UNMATCHABLE = "\u0000\u0000unmatchable";

export class JoinSideState {
  private readonly byKey = new Map<string, JoinEntry[]>();
  private count = 0;

  /** `keepUnmatchable`: keep null-key rows too (an outer join's preserved side). */
  constructor(
    private readonly keyOf: KeyOf,
    private readonly keepUnmatchable = false,
  ) {}

  get size(): number {
    return this.count;
  }

  /** Rows of this side with `key`. */
  matches(key: string): readonly JoinEntry[] {
    return this.byKey.get(key) ?? [];
  }

  /** Keeps `row`; false when its key can never match and such rows are not kept. */
  add(row: Row, matched = false): boolean {
    const k = this.keyOf(row);
    if (typeof k !== "string" && !this.keepUnmatchable) return false;
    const key = typeof k === "string" ? k : UNMATCHABLE;
    const bucket = this.byKey.get(key);
    const entry = { row, matched };
    if (bucket === undefined) this.byKey.set(key, [entry]);
    else bucket.push(entry);
    this.count++;
    return true;
  }

  /** Removes every row `expired` says can never match again and returns them. */
  evict(expired: (row: Row) => boolean): JoinEntry[] {
    const removed: JoinEntry[] = [];
    for (const [k, bucket] of this.byKey) {
      const keep: JoinEntry[] = [];
      for (const e of bucket) (expired(e.row) ? removed : keep).push(e);
      if (keep.length === 0) this.byKey.delete(k);
      else if (keep.length !== bucket.length) this.byKey.set(k, keep);
    }
    this.count -= removed.length;
    return removed;
  }

  /** Estimated heap bytes of this side's rows and their index (progress memoryUsedBytes). */
  memoryUsedBytes(): number {
    return estimateMapBytes(this.byKey);
  }

  /**
   * Spark's two stores of a side (SymmetricHashJoinStateManager): `keyToNumValues` (key -> how many rows) and
   * `keyWithIndexToValue` ((key, index) -> row and its matched flag). Keys are tspark's join-key strings.
   */
  storeSnapshots(): { keyToNumValues: [string, number][]; keyWithIndexToValue: [string, number, Row, boolean][] } {
    const keyToNumValues: [string, number][] = [];
    const keyWithIndexToValue: [string, number, Row, boolean][] = [];
    for (const [k, bucket] of this.byKey) {
      keyToNumValues.push([k, bucket.length]);
      for (const [i, e] of bucket.entries()) keyWithIndexToValue.push([k, i, e.row, e.matched]);
    }
    return { keyToNumValues, keyWithIndexToValue };
  }

  /** Restores from the two stores; their counts must agree (a torn or edited checkpoint otherwise). */
  restoreStores(keyToNumValues: readonly [string, number][] | null, keyWithIndexToValue: readonly [string, number, Row, boolean][] | null, where: string): void {
    const values = keyWithIndexToValue ?? [];
    const expected = (keyToNumValues ?? []).reduce((n, [, c]) => n + c, 0);
    if (expected !== values.length) {
      throw new IllegalStateException(
        `${where}: keyToNumValues counts ${expected} rows but keyWithIndexToValue holds ${values.length}; the join state is inconsistent. Restore the checkpoint from a backup or use a new checkpointLocation.`,
      );
    }
    this.byKey.clear();
    this.count = 0;
    for (const [, , row, matched] of values) this.add(row, matched);
  }

  rows(): Row[] {
    return [...this.byKey.values()].flatMap((b) => b.map((e) => e.row));
  }

  /** The `matched` flags, in the order of rows(). */
  matchedFlags(): boolean[] {
    return [...this.byKey.values()].flatMap((b) => b.map((e) => e.matched));
  }

  /** `matched` may be absent (a snapshot written before outer joins existed): every row unmatched. */
  restore(rows: readonly Row[] | null | undefined, matched?: readonly boolean[]): void {
    this.byKey.clear();
    this.count = 0;
    const all = rows ?? [];
    for (let i = 0; i < all.length; i++) this.add(all[i]!, matched?.[i] === true);
  }
}
