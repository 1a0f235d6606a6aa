/**
 * Row: what `collect()` returns. Values are positional (values.ts) and also reachable by name:
 * `row.id`, `row["id"]`, `row.get(0)`, `row.asDict()`. Nested structs come back as Rows too.
 */
import { ArrayType, type DataType, MapType } from "../types/data-types";
import { StructTypeImpl } from "../types/struct-type";

export class RowImpl {
  [name: string]: unknown;
  declare readonly __values: readonly unknown[];
  declare readonly __fields: readonly string[];

  constructor(values: readonly unknown[], fields: readonly string[]) {
    Object.defineProperty(this, "__values", { value: values, enumerable: false });
    Object.defineProperty(this, "__fields", { value: fields, enumerable: false });
    fields.forEach((f, i) => {
      if (!(f in RowImpl.prototype)) Object.defineProperty(this, f, { value: values[i], enumerable: true });
    });
    Object.freeze(this);
  }
  get(i: number | string): unknown {
    return typeof i === "number" ? this.__values[i] : this.__values[this.__fields.indexOf(i)];
  }
  get length(): number {
    return this.__values.length;
  }
  /** Field values as a plain object (nested Rows converted when `recursive`). */
  asDict(recursive = false): Record<string, unknown> {
    const conv = (v: unknown): unknown =>
      v instanceof RowImpl ? v.asDict(true) : Array.isArray(v) ? v.map(conv) : v instanceof Map ? new Map([...v].map(([a, b]) => [a, conv(b)])) : v;
    return Object.fromEntries(this.__fields.map((f, i) => [f, recursive ? conv(this.__values[i]) : this.__values[i]]));
  }
  toArray(): unknown[] {
    return [...this.__values];
  }
  [Symbol.iterator](): Iterator<unknown> {
    return this.__values[Symbol.iterator]();
  }
  toString(): string {
    return `Row(${this.__fields.map((f, i) => `${f}=${fmt(this.__values[i])}`).join(", ")})`;
  }
  toJSON(): Record<string, unknown> {
    return this.asDict(true);
  }
}

function fmt(v: unknown): string {
  if (typeof v === "string") return `'${v}'`;
  if (v === null) return "None";
  if (typeof v === "bigint") return String(v);
  return String(v);
}

/** Wraps positional values as Rows, recursively for structs. */
export function toRow(values: readonly unknown[], schema: StructTypeImpl): RowImpl {
  return new RowImpl(
    values.map((v, i) => toExternal(v, schema.fields[i]!.dataType)),
    schema.fieldNames(),
  );
}

function toExternal(v: unknown, t: DataType): unknown {
  if (v === null) return null;
  if (t instanceof StructTypeImpl) return toRow(v as unknown[], t);
  if (t instanceof ArrayType) return (v as unknown[]).map((x) => toExternal(x, t.elementType));
  if (t instanceof MapType) return new Map([...(v as Map<unknown, unknown>)].map(([a, b]) => [toExternal(a, t.keyType), toExternal(b, t.valueType)]));
  return v;
}

type RowFactory = {
  (fields: Record<string, unknown>): RowImpl;
  new (fields: Record<string, unknown>): RowImpl;
};
/** pyspark's Row(id=1, data="a") as `Row({ id: 1, data: "a" })`. */
// biome-ignore lint/complexity/useArrowFunction: must stay constructible with `new`
export const Row = function (fields: Record<string, unknown>) {
  return new RowImpl(Object.values(fields), Object.keys(fields));
} as unknown as RowFactory;
Row.prototype = RowImpl.prototype;
export type Row = RowImpl;
