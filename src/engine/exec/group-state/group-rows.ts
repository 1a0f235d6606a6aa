/**
 * A batch's input rows grouped by the user's key, as both arbitrary-state operators (flatMapGroupsWithState,
 * transformWithState) need them: late rows dropped first when the operator's time mode says so, then one group per
 * distinct key in the order keys first appear, each group's rows in input order.
 *
 * Two passes, no object per row: the first numbers the keys (a Map from the key itself when it is a string, number
 * or boolean; from its text identity, keyText, otherwise), counts each key's rows and copies each row into flat
 * arrays (api/row-columns.ts); the second reorders those arrays key by key. The user-form rows are made from them as
 * the function reads them. So the function's rows are read from consecutive memory, not from all over the batch, and die young
 * (a batch of user rows kept until its keys are called costs far more in garbage collection).
 */
import type { ColumnLayout, RowColumns } from "../../api/row-columns";
import type { RowImpl } from "../../api/row";
import type { Row } from "../../types/values";
import { forEachRow, type RowFeed } from "../stateful";
import { keyText } from "./group-state-store";

/** Late-row filter: rows whose event time (column `index`, microseconds) is at or below `watermarkMs` are dropped. */
export interface LateRows {
  readonly index: number;
  readonly watermarkMs: number;
}

/** How a batch is grouped: the operator's binding (plan/operators/group-state/spec.ts). */
export interface GroupBy {
  readonly keyOf: (row: Row, toUser: (row: Row) => RowImpl) => unknown;
  readonly toUser: (row: Row) => RowImpl;
  readonly layout: ColumnLayout;
  /** The layout's put returning the row's key, when the key is a column the layout stores as it is. */
  readonly putKeyed?: (c: RowColumns, r: Row, j: number) => unknown;
}

/** A batch's groups, numbered 0..size-1 in the order their keys first appear. */
export class KeyGroups {
  constructor(
    private readonly keys: readonly unknown[],
    /** Group g's rows are positions start[g] .. start[g+1]-1 of `columns`. */
    private readonly start: Int32Array,
    private readonly columns: RowColumns,
    private readonly layout: ColumnLayout,
    /** Rows dropped as late. */
    readonly dropped: number,
    /** Rows grouped (not dropped). */
    readonly rows: number,
  ) {}

  get size(): number {
    return this.keys.length;
  }

  /** Group g's key in user form (as the first of its rows gave it). */
  key(g: number): unknown {
    return this.keys[g];
  }

  /** Group g's key identity in the state store. */
  keyText(g: number): string {
    return keyText(this.keys[g]);
  }

  /**
   * Group g's rows in user form, one at a time (Spark's value iterator), each made as it is read. The iterator
   * result object is reused (a consumer reads `value` and `done` at once, as for-of and spread do): one allocation
   * less per row.
   */
  values(g: number): IterableIterator<RowImpl> {
    const { columns, layout } = this;
    let j = this.start[g]!;
    const end = this.start[g + 1]!;
    const result = { value: undefined as unknown as RowImpl, done: false };
    const it: IterableIterator<RowImpl> = {
      next: () => {
        if (j < end) result.value = layout.make(columns, j++);
        else {
          result.value = undefined as unknown as RowImpl;
          result.done = true;
        }
        return result;
      },
      [Symbol.iterator]: () => it,
    };
    return it;
  }
}

/**
 * The two row copies of one operator's batches (in input order, then key by key), kept from batch to batch: a
 * batch of 100k rows needs a few MB of them, and allocating (and zeroing) them anew every batch cost more than
 * filling them. A batch's groups are read before the next batch is grouped, so one pair serves every batch.
 * (The copies keep the last batch's strings reachable until the next batch overwrites them.)
 */
export class GroupBuffers {
  staged: RowColumns | null = null;
  stagedRoom = 0;
  grouped: RowColumns | null = null;
  groupedRoom = 0;
}

/**
 * `sizeHint`: how many rows to make room for at first (the previous batch's count: a streamed batch's size is not
 * known before its rows come, and growing the arrays while they fill costs a copy each time). `buffers`: the
 * operator's copies to reuse (absent: new ones).
 */
export function groupRowsByKey(input: RowFeed, by: GroupBy, late: LateRows | null, sizeHint = 0, buffers = new GroupBuffers()): KeyGroups {
  const { keyOf, toUser, layout } = by;
  const putKeyed = by.putKeyed ?? null;
  const lateMicros = late === null ? 0n : BigInt(late.watermarkMs) * 1000n;
  const lateIndex = late === null ? -1 : late.index;
  let dropped = 0;
  // keys that are strings, numbers (and bigints a double holds exactly) or booleans are their own Map key: equal
  // there exactly when their keyText is equal; the rest (null, Dates, objects...) go by keyText
  const byValue = new Map<unknown, number>();
  const byText = new Map<string, number>();
  const keys: unknown[] = [];
  let counts = new Int32Array(64);
  // the rows in input order, copied while each row is at hand (a second read of the batch's rows misses the cache)
  const hint = Math.max(1024, Array.isArray(input) ? input.length : sizeHint);
  if (buffers.staged === null || buffers.stagedRoom < hint) {
    buffers.staged = layout.allocate(hint);
    buffers.stagedRoom = hint;
  }
  let staged = buffers.staged;
  let groupOfRow = new Int32Array(buffers.stagedRoom);
  staged.odd.clear();
  let n = 0;
  const newGroup = (key: unknown): number => {
    const g = keys.length;
    keys.push(key);
    if (g === counts.length) {
      const grown = new Int32Array(g * 2);
      grown.set(counts);
      counts = grown;
    }
    return g;
  };
  const slowGroup = (key: unknown): number => {
    if (typeof key === "bigint") {
      const n = Number(key);
      if (Number.isFinite(n) && BigInt(n) === key) {
        let g = byValue.get(n);
        if (g === undefined) byValue.set(n, (g = newGroup(key)));
        return g;
      }
    }
    const kt = keyText(key);
    let g = byText.get(kt);
    if (g === undefined) byText.set(kt, (g = newGroup(key)));
    return g;
  };
  const grow = (): void => {
    // (n is the staged copy's room here: groupOfRow has as many slots)
    staged = layout.grow(staged, n * 2);
    buffers.staged = staged;
    buffers.stagedRoom = n * 2;
    const grown = new Int32Array(n * 2);
    grown.set(groupOfRow);
    groupOfRow = grown;
  };
  forEachRow(input, (r) => {
    if (lateIndex >= 0) {
      const t = r[lateIndex];
      if (typeof t === "bigint" && t <= lateMicros) {
        dropped++;
        return;
      }
    }
    if (n === groupOfRow.length) grow();
    // (the key as the copy stores it, when it can: one conversion of it per row, not two)
    let key: unknown;
    if (putKeyed !== null) key = putKeyed(staged, r, n);
    else {
      key = keyOf(r, toUser);
      layout.put(staged, r, n);
    }
    let g: number | undefined;
    if (typeof key === "number" || typeof key === "string" || typeof key === "boolean") {
      g = byValue.get(key);
      if (g === undefined) byValue.set(key, (g = newGroup(key)));
    } else g = slowGroup(key);
    groupOfRow[n++] = g;
    counts[g]!++;
  });
  // second pass: each row to its group's next position
  const groups = keys.length;
  const start = new Int32Array(groups + 1);
  for (let g = 0; g < groups; g++) start[g + 1] = start[g]! + counts[g]!;
  const next = start.slice(0, groups);
  if (buffers.grouped === null || buffers.groupedRoom < n) {
    // (room for the staged copy's size: the next batches are about as large)
    buffers.grouped = layout.allocate(Math.max(n, buffers.stagedRoom));
    buffers.groupedRoom = Math.max(n, buffers.stagedRoom);
  }
  const columns = buffers.grouped;
  columns.odd.clear();
  for (let i = 0; i < n; i++) layout.move(staged, i, columns, next[groupOfRow[i]!]!++);
  return new KeyGroups(keys, start, columns, layout, dropped, n);
}
