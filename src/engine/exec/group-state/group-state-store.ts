/**
 * The per-key state of a [flat]MapGroupsWithState operator (Spark's FlatMapGroupsWithStateExecHelper
 * StateManager): for each key its value as the user function sees it, its state (absent after remove() while a
 * timeout is still set, as in Spark) and its timeout timestamp. One snapshot per version goes through the
 * common state codec (checkpoint/state-store.ts); with a state schema the state is written in engine form, so
 * a checkpoint holds the same values Spark's UnsafeRow state would.
 */
import { RowImpl, toExternal } from "../../api/row";
import { fromUdfValue } from "../../expr/functions/udf-values";
import type { StructTypeImpl } from "../../types/struct-type";
import { EncodedState, stateJson } from "../../checkpoint/state-json";
import { estimateMapBytes } from "../state-size";
import { NO_TIMESTAMP } from "./group-state-impl";

export interface GroupStateEntry {
  /** The key in user form (what the key function returned). */
  readonly key: unknown;
  /** The state value, or undefined when removed (kept only for a pending timeout). */
  state: unknown;
  timeoutMs: number;
  /**
   * This entry's snapshot row as written last (undefined: not written since it changed). Whoever changes `state` or
   * `timeoutMs` clears it, so a key that did not change is not converted and encoded again every batch.
   */
  written?: EncodedState;
}

/** One snapshot row: [key, state (engine form with a state schema) or null, timeout timestamp]. */
type SnapshotRow = [unknown, unknown, number];

/** Text identity of a key: equal keys (by value, as Spark compares encoded keys) give equal text. */
export function keyText(k: unknown): string {
  switch (typeof k) {
    case "string":
      return `s${k}`;
    case "number":
      return `n${k}`;
    case "bigint":
      return `n${k}`;
    case "boolean":
      return k ? "t" : "f";
    case "undefined":
      return "z";
    default:
      if (k === null) return "z";
      if (k instanceof Date) return `d${k.getTime()}`;
      return `j${JSON.stringify(k, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v instanceof Map ? [...v] : v))}`;
  }
}

/** A struct value read back from engine form as a plain object (nested structs too), the form update() took. */
function plain(v: unknown): unknown {
  if (v instanceof RowImpl) return v.asDict(true);
  return v;
}

export class GroupStateStore {
  readonly entries = new Map<string, GroupStateEntry>();

  constructor(private readonly stateSchema: StructTypeImpl | null) {}

  get size(): number {
    return this.entries.size;
  }

  /** The earliest timeout set (NO_TIMESTAMP when none): whether a batch at some time would time a key out. */
  earliestTimeoutMs(): number {
    let min = NO_TIMESTAMP;
    for (const e of this.entries.values()) if (e.timeoutMs !== NO_TIMESTAMP && (min === NO_TIMESTAMP || e.timeoutMs < min)) min = e.timeoutMs;
    return min;
  }

  snapshot(): SnapshotRow[] {
    const out: SnapshotRow[] = [];
    for (const e of this.entries.values()) out.push(this.row(e));
    return out;
  }

  /** The snapshot as the state file writes it: each entry's row encoded once after it changed, then reused. */
  encodedSnapshot(): EncodedState[] {
    const out: EncodedState[] = [];
    for (const e of this.entries.values()) {
      let w = e.written;
      if (w === undefined) e.written = w = new EncodedState(stateJson(this.row(e)) ?? "null");
      out.push(w);
    }
    return out;
  }

  private row(e: GroupStateEntry): SnapshotRow {
    const schema = this.stateSchema;
    const s = e.state === undefined ? null : schema === null ? e.state : fromUdfValue(e.state, schema);
    return [e.key, s, e.timeoutMs];
  }

  restore(snapshot: unknown): void {
    this.entries.clear();
    const schema = this.stateSchema;
    for (const [key, s, timeoutMs] of (snapshot as SnapshotRow[] | null) ?? []) {
      const state = s === null ? undefined : schema === null ? s : plain(toExternal(s, schema));
      this.entries.set(keyText(key), { key, state, timeoutMs });
    }
  }

  /** Progress memoryUsedBytes: the estimated heap of the keys' entries, as every state operator reports it. */
  memoryUsedBytes(): number {
    return estimateMapBytes(this.entries);
  }
}
