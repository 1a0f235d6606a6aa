/**
 * The in-memory form of a VARIANT value. Spark stores a variant as two byte strings (value + metadata);
 * tspark keeps the decoded tree instead, holding exactly what that encoding can tell apart, so every result
 * (to_json text, schema_of_variant, casts) matches Spark's:
 *
 * | variant type           | node                                                          |
 * |------------------------|---------------------------------------------------------------|
 * | null (JSON null)       | `VARIANT_NULL` (a SQL NULL variant is plain `null` instead)   |
 * | boolean                | `boolean`                                                     |
 * | int8/16/32/64          | `bigint` (Spark reports all four as BIGINT)                   |
 * | double                 | `number`                                                      |
 * | float                  | `VariantFloat`                                                |
 * | decimal4/8/16          | `Decimal`                                                     |
 * | string                 | `string`                                                      |
 * | binary                 | `Uint8Array`                                                  |
 * | date                   | `VariantDate` (days since epoch)                              |
 * | timestamp(_ntz)        | `VariantTimestamp` (microseconds; `ntz` set for TIMESTAMP_NTZ) |
 * | array                  | `VariantNode[]`                                               |
 * | object                 | `VariantObject` (fields sorted by key, as Spark's encoding)   |
 *
 * A column value of VariantType is a `VariantVal`, which is also what `collect()` hands to the user:
 * `toJson()` gives Spark's JSON text, `toJS()` a plain JavaScript value.
 */
import { Decimal } from "./decimal";

export const VARIANT_NULL: unique symbol = Symbol("variant null");
export type VariantNull = typeof VARIANT_NULL;

export class VariantFloat {
  constructor(readonly value: number) {
    Object.freeze(this);
  }
}
export class VariantDate {
  constructor(readonly days: number) {
    Object.freeze(this);
  }
}
export class VariantTimestamp {
  constructor(
    readonly micros: bigint,
    readonly ntz: boolean,
  ) {
    Object.freeze(this);
  }
}

/** An object's fields, sorted by key (Java String order, as Spark's VariantBuilder sorts them) with no duplicates. */
export class VariantObject {
  readonly keys: readonly string[];
  readonly values: readonly VariantNode[];
  private constructor(keys: readonly string[], values: readonly VariantNode[]) {
    this.keys = keys;
    this.values = values;
    Object.freeze(this);
  }
  /** Builds from entries with distinct keys, in any order. */
  static of(entries: readonly (readonly [string, VariantNode])[]): VariantObject {
    const sorted = [...entries].sort((a, b) => compareKeys(a[0], b[0]));
    return new VariantObject(
      sorted.map((e) => e[0]),
      sorted.map((e) => e[1]),
    );
  }
  get(key: string): VariantNode | undefined {
    let lo = 0;
    let hi = this.keys.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = compareKeys(this.keys[mid]!, key);
      if (c === 0) return this.values[mid];
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }
  get size(): number {
    return this.keys.length;
  }
}

/** Java's String.compareTo (UTF-16 code units), the order Spark's encoding keeps object keys in. */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export type VariantNode =
  | VariantNull
  | boolean
  | bigint
  | number
  | VariantFloat
  | Decimal
  | string
  | Uint8Array
  | VariantDate
  | VariantTimestamp
  | readonly VariantNode[]
  | VariantObject;

/** How a variant's text is produced; set by the engine (expr/variant/json-text.ts) to keep this module free of it. */
let formatter: ((node: VariantNode, timeZone: string) => string) | null = null;
export function setVariantFormatter(f: (node: VariantNode, timeZone: string) => string): void {
  formatter = f;
}

/** A non-null VARIANT value (the column value and what collect() returns). */
export class VariantVal {
  constructor(readonly node: VariantNode) {
    Object.freeze(this);
  }
  /** Spark's JSON text of the value (VariantVal.toJson); timestamps print in `timeZone` (default UTC). */
  toJson(timeZone = "UTC"): string {
    if (formatter === null) throw new Error("variant formatter not loaded");
    return formatter(this.node, timeZone);
  }
  /**
   * A plain JavaScript value: objects as plain objects (keys sorted), arrays as arrays, integers as number
   * (bigint beyond 2^53), doubles and floats as number, decimals as Decimal (exact), strings, booleans,
   * binary as Uint8Array, dates and timestamps as Date, a variant null as null.
   */
  toJS(): unknown {
    return toJS(this.node);
  }
  /** JSON.stringify(row) writes the plain value (decimals as their exact text). */
  toJSON(): unknown {
    return this.toJS();
  }
  toString(): string {
    return this.toJson();
  }
  /**
   * A variant from a plain JavaScript value (createDataFrame rows, UDF results): a VariantVal stays as it is;
   * objects (and Maps) become objects, arrays arrays, integral numbers and bigints integers, other numbers
   * doubles, Decimal decimals, Date timestamps, Uint8Array binary, null and undefined the variant null.
   */
  static fromJS(v: unknown): VariantVal {
    return v instanceof VariantVal ? v : new VariantVal(fromJS(v));
  }
}

function fromJS(v: unknown): VariantNode {
  if (v === null || v === undefined) return VARIANT_NULL;
  if (v instanceof VariantVal) return v.node;
  if (typeof v === "number") return Number.isSafeInteger(v) ? BigInt(v) : v;
  if (typeof v === "bigint" || typeof v === "string" || typeof v === "boolean") return v;
  if (v instanceof Decimal || v instanceof Uint8Array) return v;
  if (v instanceof Date) return new VariantTimestamp(BigInt(v.getTime()) * 1000n, false);
  if (Array.isArray(v)) return v.map(fromJS);
  const entries = v instanceof Map ? [...v] : Object.entries(v as object);
  return VariantObject.of(entries.map(([k, x]) => [String(k), fromJS(x)] as const));
}

function toJS(n: VariantNode): unknown {
  if (n === VARIANT_NULL) return null;
  if (typeof n === "bigint") return n >= -9007199254740991n && n <= 9007199254740991n ? Number(n) : n;
  if (n instanceof VariantFloat) return n.value;
  if (n instanceof VariantDate) return new Date(n.days * 86400000);
  if (n instanceof VariantTimestamp) return new Date(Number(n.micros / 1000n));
  if (Array.isArray(n)) return n.map(toJS);
  if (n instanceof VariantObject) return Object.fromEntries(n.keys.map((k, i) => [k, toJS(n.values[i]!)]));
  return n;
}

export function isVariantVal(v: unknown): v is VariantVal {
  return v instanceof VariantVal;
}

export { Decimal };
