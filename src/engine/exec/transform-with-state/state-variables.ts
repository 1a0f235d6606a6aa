/**
 * The state variables of a StatefulProcessor (Spark's ValueStateImpl, ListStateImpl, MapStateImpl and their TTL
 * variants). Each variable is one store of its own (Spark: one column family per variable), holding per grouping
 * key its value(s) with their TTL expiry. Values are kept in user form, normalized through the variable's schema
 * on every write (so what get() gives back is the same before and after a restart). A value whose TTL expiry is
 * at or before the batch timestamp is invisible to reads, and removed at the end of the batch (Spark's TTL
 * eviction).
 */
import { toExternal, RowImpl } from "../../api/row";
import { IllegalArgumentException } from "../../errors";
import { fromUdfValue } from "../../expr/functions/udf-values";
import type { DataType } from "../../types/data-types";
import { parseDataType, parseDDLSchema } from "../../types/ddl";
import { StructTypeImpl } from "../../types/struct-type";
import type { ListState, MapState, StateSchemaArg, ValueState } from "../../plan/operators/group-state/transform-spec";
import { keyText } from "../group-state/group-state-store";

/** No TTL on a value. */
export const NO_EXPIRY = -1;

export type VariableKind = "value" | "list" | "map";

/** One value and the processing time at which it expires (NO_EXPIRY: never). */
export type Stamped = [value: unknown, expiresMs: number];
/** A map state's entry: its user key, value and expiry. */
export type MapEntry = [key: unknown, value: unknown, expiresMs: number];

type Payload = Stamped | Stamped[] | Map<string, MapEntry>;

/** The per-key contents of one variable: the grouping key and its value, list or map. */
export interface KeyedPayload {
  readonly key: unknown;
  payload: Payload;
}

/** A StructType, DDL ("count LONG") or a plain type ("STRING") as a state schema. */
export function stateSchema(arg: StateSchemaArg, what: string): DataType {
  if (arg instanceof StructTypeImpl) return arg;
  if (typeof arg === "string") {
    try {
      return parseDDLSchema(arg);
    } catch {
      try {
        return parseDataType(arg);
      } catch (err) {
        throw new IllegalArgumentException(`${what}: '${arg}' is not a schema (a StructType or DDL such as "count LONG"): ${(err as Error).message}`);
      }
    }
  }
  throw new IllegalArgumentException(`${what} needs a schema: a StructType or a DDL string such as "count LONG"`);
}

function show(v: unknown): string {
  try {
    return JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? String(x) : x)) ?? String(v);
  } catch {
    return String(v);
  }
}

/** `v` through `schema` and back: checks it fits and gives the plain form reads return. */
function normalizer(schema: DataType, what: string): (v: unknown) => unknown {
  return (v) => {
    const engine = v === null || v === undefined ? null : fromUdfValue(v, schema);
    if (engine === null) {
      throw new IllegalArgumentException(`${what}: ${show(v)} is not a value of the state schema ${schema.simpleString()}; null is not a valid state value`);
    }
    const ext = toExternal(engine, schema);
    return ext instanceof RowImpl ? ext.asDict(true) : ext;
  };
}

/** The clock a variable's reads and writes see in the current call. */
export interface VariableClock {
  /** The batch timestamp: a value expired at or before it is gone. */
  readonly nowMs: number;
}

/** One state variable's store across all keys. */
export class VariableStore {
  readonly entries = new Map<string, KeyedPayload>();
  private normalizeValue: (v: unknown) => unknown = (v) => v;
  private normalizeKey: (v: unknown) => unknown = (v) => v;
  /** TTL in ms, 0 for none. */
  ttlMs = 0;

  constructor(
    readonly name: string,
    readonly kind: VariableKind,
  ) {}

  /** Declares (or re-declares, every batch's init) the schemas and TTL. */
  configure(valueSchema: DataType, keySchema: DataType | null, ttlMs: number): void {
    this.normalizeValue = normalizer(valueSchema, `state ${this.name}`);
    if (keySchema !== null) this.normalizeKey = normalizer(keySchema, `state ${this.name}'s user key`);
    this.ttlMs = ttlMs;
  }

  private expiry(clock: VariableClock): number {
    return this.ttlMs > 0 ? clock.nowMs + this.ttlMs : NO_EXPIRY;
  }

  private static live(expiresMs: number, clock: VariableClock): boolean {
    return expiresMs === NO_EXPIRY || expiresMs > clock.nowMs;
  }

  /** Rows for progress numRowsTotal: one per value, list element and map entry, as Spark's column families count them. */
  rowCount(): number {
    let n = 0;
    for (const e of this.entries.values()) n += this.kind === "value" ? 1 : this.kind === "list" ? (e.payload as Stamped[]).length : (e.payload as Map<string, MapEntry>).size;
    return n;
  }

  /** Drops what expired at `clock` (end of batch): the number of values removed. */
  evictExpired(clock: VariableClock): number {
    if (this.ttlMs <= 0) return 0;
    let removed = 0;
    for (const [kt, e] of this.entries) {
      if (this.kind === "value") {
        if (!VariableStore.live((e.payload as Stamped)[1], clock)) {
          this.entries.delete(kt);
          removed++;
        }
      } else if (this.kind === "list") {
        const list = e.payload as Stamped[];
        const kept = list.filter((s) => VariableStore.live(s[1], clock));
        removed += list.length - kept.length;
        if (kept.length === 0) this.entries.delete(kt);
        else e.payload = kept;
      } else {
        const map = e.payload as Map<string, MapEntry>;
        for (const [mk, m] of map) {
          if (!VariableStore.live(m[2], clock)) {
            map.delete(mk);
            removed++;
          }
        }
        if (map.size === 0) this.entries.delete(kt);
      }
    }
    return removed;
  }

  snapshot(): [unknown, unknown][] {
    const out: [unknown, unknown][] = [];
    for (const e of this.entries.values()) out.push([e.key, this.kind === "map" ? [...(e.payload as Map<string, MapEntry>).values()] : e.payload]);
    return out;
  }

  restore(rows: readonly [unknown, unknown][]): void {
    this.entries.clear();
    for (const [key, p] of rows) {
      const payload = this.kind === "map" ? new Map((p as MapEntry[]).map((m) => [keyText(m[0]), m] as const)) : (p as Payload);
      this.entries.set(keyText(key), { key, payload });
    }
  }

  /** ValueState for the current grouping key. */
  valueState(current: () => { kt: string; key: unknown }, clock: VariableClock, onWrite: () => void): ValueState {
    const read = (): Stamped | undefined => {
      const e = this.entries.get(current().kt)?.payload as Stamped | undefined;
      return e !== undefined && VariableStore.live(e[1], clock) ? e : undefined;
    };
    return {
      exists: () => read() !== undefined,
      get: () => read()?.[0],
      update: (value) => {
        const v = this.normalizeValue(value);
        const { kt, key } = current();
        this.entries.set(kt, { key, payload: [v, this.expiry(clock)] });
        onWrite();
      },
      clear: () => {
        if (this.entries.delete(current().kt)) onWrite();
      },
    };
  }

  listState(current: () => { kt: string; key: unknown }, clock: VariableClock, onWrite: () => void): ListState {
    const read = (): Stamped[] => ((this.entries.get(current().kt)?.payload as Stamped[] | undefined) ?? []).filter((s) => VariableStore.live(s[1], clock));
    const write = (list: Stamped[]) => {
      const { kt, key } = current();
      if (list.length === 0) this.entries.delete(kt);
      else this.entries.set(kt, { key, payload: list });
      onWrite();
    };
    const check = (values: readonly unknown[], op: string): unknown[] => {
      if (!Array.isArray(values)) throw new IllegalArgumentException(`${op} of list state ${this.name} needs an array of values`);
      return values.map((v) => this.normalizeValue(v));
    };
    return {
      exists: () => read().length > 0,
      get: () => read().map((s) => s[0])[Symbol.iterator](),
      put: (values) => write(check(values, "put").map((v) => [v, this.expiry(clock)])),
      appendValue: (value) => write([...read(), [this.normalizeValue(value), this.expiry(clock)]]),
      appendList: (values) => write([...read(), ...check(values, "appendList").map((v): Stamped => [v, this.expiry(clock)])]),
      clear: () => write([]),
    };
  }

  mapState(current: () => { kt: string; key: unknown }, clock: VariableClock, onWrite: () => void): MapState {
    const map = (create: boolean): Map<string, MapEntry> | undefined => {
      const { kt, key } = current();
      let e = this.entries.get(kt);
      if (e === undefined && create) {
        e = { key, payload: new Map() };
        this.entries.set(kt, e);
      }
      return e?.payload as Map<string, MapEntry> | undefined;
    };
    const live = (): MapEntry[] => [...(map(false)?.values() ?? [])].filter((m) => VariableStore.live(m[2], clock));
    const find = (k: unknown): MapEntry | undefined => {
      const m = map(false)?.get(keyText(this.normalizeKey(k)));
      return m !== undefined && VariableStore.live(m[2], clock) ? m : undefined;
    };
    const dropIfEmpty = () => {
      const m = map(false);
      if (m !== undefined && m.size === 0) this.entries.delete(current().kt);
    };
    return {
      exists: () => live().length > 0,
      getValue: (k) => find(k)?.[1],
      containsKey: (k) => find(k) !== undefined,
      updateValue: (k, value) => {
        const uk = this.normalizeKey(k);
        const v = this.normalizeValue(value);
        map(true)!.set(keyText(uk), [uk, v, this.expiry(clock)]);
        onWrite();
      },
      iterator: () => live().map((m): [unknown, unknown] => [m[0], m[1]])[Symbol.iterator](),
      keys: () => live().map((m) => m[0])[Symbol.iterator](),
      values: () => live().map((m) => m[1])[Symbol.iterator](),
      removeKey: (k) => {
        if (map(false)?.delete(keyText(this.normalizeKey(k)))) onWrite();
        dropIfEmpty();
      },
      clear: () => {
        if (this.entries.delete(current().kt)) onWrite();
      },
    };
  }
}
