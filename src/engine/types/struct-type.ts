/**
 * StructType / StructField: a DataFrame's schema and Spark's struct type.
 *
 * pyspark-shaped and immutable: `StructType().add("id", LongType()).add("date", "timestamp")`
 * returns a new StructType at each step (pyspark mutates; returning a copy keeps frozen plans safe
 * and chains identically). `treeString()` is printSchema's text, `toDDL()` / `StructType.fromDDL`
 * round-trip DDL strings ("id BIGINT, data STRING"), `json()` is Spark's schema JSON.
 */
import { DataType } from "./data-types";
import { parseDataType, parseDDLSchema, quoteIfNeeded, typeFromJson } from "./ddl";

export type Metadata = Readonly<Record<string, unknown>>;

export class StructFieldImpl {
  constructor(
    readonly name: string,
    readonly dataType: DataType,
    readonly nullable: boolean = true,
    readonly metadata: Metadata = {},
  ) {
    Object.freeze(this);
  }
  /** The COMMENT of the field, if any (stored in metadata.comment as Spark does). */
  getComment(): string | null {
    const c = this.metadata.comment;
    return typeof c === "string" ? c : null;
  }
  jsonValue(): unknown {
    return { name: this.name, type: this.dataType.jsonValue(), nullable: this.nullable, metadata: this.metadata };
  }
  json(): string {
    return JSON.stringify(this.jsonValue());
  }
  simpleString(): string {
    return `${this.name}:${this.dataType.simpleString()}`;
  }
  toDDL(): string {
    const comment = this.getComment();
    const c = comment === null ? "" : ` COMMENT '${comment.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
    return `${quoteIfNeeded(this.name)} ${this.dataType.sql()}${this.nullable ? "" : " NOT NULL"}${c}`;
  }
  equals(o: unknown): boolean {
    return o instanceof StructFieldImpl && o.json() === this.json();
  }
  toString(): string {
    return `StructField('${this.name}', ${this.dataType.toString()}, ${this.nullable})`;
  }
}

type FieldFactory = {
  (name: string, dataType: DataType | string, nullable?: boolean, metadata?: Metadata): StructFieldImpl;
  new (name: string, dataType: DataType | string, nullable?: boolean, metadata?: Metadata): StructFieldImpl;
};

function toType(t: DataType | string): DataType {
  return typeof t === "string" ? parseDataType(t) : t;
}

// biome-ignore lint/complexity/useArrowFunction: must stay constructible with `new` (pyspark style)
export const StructField = function (name: string, dataType: DataType | string, nullable?: boolean, metadata?: Metadata) {
  return new StructFieldImpl(name, toType(dataType), nullable ?? true, metadata ?? {});
} as unknown as FieldFactory;
StructField.prototype = StructFieldImpl.prototype;
export type StructField = StructFieldImpl;

function escapeMeta(s: string): string {
  return s
    .replace(/\n/g, "\\n")
    .replace(/\r/g, "\\r")
    .replace(/\t/g, "\\t")
    .replace(/\f/g, "\\f")
    .replace(/\x08/g, "\\b")
    .replace(/\x0b/g, "\\v")
    .replace(/\x07/g, "\\a");
}

export class StructTypeImpl extends DataType {
  readonly fields: readonly StructFieldImpl[];
  private readonly index: ReadonlyMap<string, number>;

  constructor(fields: readonly StructFieldImpl[] = []) {
    super();
    this.fields = Object.freeze([...fields]);
    const idx = new Map<string, number>();
    this.fields.forEach((f, i) => {
      if (!idx.has(f.name)) idx.set(f.name, i);
    });
    this.index = idx;
    Object.freeze(this);
  }

  typeName(): string {
    return "struct";
  }
  /** Returns a new StructType with the field appended (pyspark's add, without mutation). */
  add(field: StructFieldImpl | string, dataType?: DataType | string, nullable = true, metadata: Metadata = {}): StructTypeImpl {
    if (field instanceof StructFieldImpl) return new StructTypeImpl([...this.fields, field]);
    if (dataType === undefined) throw new TypeError(`StructType.add("${field}") needs a data type, e.g. .add("${field}", "string")`);
    return new StructTypeImpl([...this.fields, new StructFieldImpl(field, toType(dataType), nullable, metadata)]);
  }
  fieldNames(): string[] {
    return this.fields.map((f) => f.name);
  }
  get names(): string[] {
    return this.fieldNames();
  }
  get length(): number {
    return this.fields.length;
  }
  /** Index of a field by exact name, or -1. */
  indexOf(name: string): number {
    return this.index.get(name) ?? -1;
  }
  /** Field index; throws IllegalArgumentException-style error when absent (Spark's fieldIndex). */
  fieldIndex(name: string): number {
    const i = this.indexOf(name);
    if (i < 0) throw new RangeError(`${name} does not exist. Available: ${this.fieldNames().join(", ")}`);
    return i;
  }
  /** Field by position or name (pyspark's `schema["name"]` / `schema[0]`). */
  get(key: number | string): StructFieldImpl {
    const i = typeof key === "number" ? key : this.fieldIndex(key);
    const f = this.fields[i];
    if (f === undefined) throw new RangeError(`StructType index ${key} out of range`);
    return f;
  }
  [Symbol.iterator](): Iterator<StructFieldImpl> {
    return this.fields[Symbol.iterator]();
  }
  override simpleString(): string {
    return `struct<${this.fields.map((f) => `${f.name}:${f.dataType.simpleString()}`).join(",")}>`;
  }
  override catalogString(): string {
    return `struct<${this.fields.map((f) => `${f.name}:${f.dataType.catalogString()}`).join(",")}>`;
  }
  override sql(): string {
    return `STRUCT<${this.fields.map((f) => `${quoteIfNeeded(f.name)}: ${f.dataType.sql()}${f.nullable ? "" : " NOT NULL"}`).join(", ")}>`;
  }
  override jsonValue(): unknown {
    return { type: "struct", fields: this.fields.map((f) => f.jsonValue()) };
  }
  toDDL(): string {
    return this.fields.map((f) => f.toDDL()).join(",");
  }
  /** printSchema's text: "root\n |-- id: long (nullable = true)\n ..." (ends with a newline). */
  treeString(maxDepth = Number.POSITIVE_INFINITY): string {
    const out: string[] = ["root\n"];
    for (const f of this.fields) buildField(f, " |", out, maxDepth, 1);
    return out.join("");
  }
  override toString(): string {
    return `StructType([${this.fields.map((f) => f.toString()).join(", ")}])`;
  }

  static fromDDL(ddl: string): StructTypeImpl {
    return parseDDLSchema(ddl);
  }
  static fromJson(json: unknown): StructTypeImpl {
    const t = typeFromJson(typeof json === "string" ? JSON.parse(json) : json);
    if (!(t instanceof StructTypeImpl)) throw new TypeError("schema JSON is not a struct");
    return t;
  }
}

function buildType(t: DataType, prefix: string, out: string[], maxDepth: number, depth: number): void {
  if (depth > maxDepth) return;
  if (t instanceof StructTypeImpl) {
    for (const f of t.fields) buildField(f, prefix, out, maxDepth, depth);
    return;
  }
  const a = t as { elementType?: DataType; containsNull?: boolean; keyType?: DataType; valueType?: DataType; valueContainsNull?: boolean };
  if (a.elementType !== undefined) {
    out.push(`${prefix}-- element: ${a.elementType.typeName()} (containsNull = ${a.containsNull})\n`);
    buildType(a.elementType, `${prefix}    |`, out, maxDepth, depth + 1);
  } else if (a.keyType !== undefined && a.valueType !== undefined) {
    out.push(`${prefix}-- key: ${a.keyType.typeName()}\n`);
    buildType(a.keyType, `${prefix}    |`, out, maxDepth, depth + 1);
    out.push(`${prefix}-- value: ${a.valueType.typeName()} (valueContainsNull = ${a.valueContainsNull})\n`);
    buildType(a.valueType, `${prefix}    |`, out, maxDepth, depth + 1);
  }
}

function buildField(f: StructFieldImpl, prefix: string, out: string[], maxDepth: number, depth: number): void {
  if (depth > maxDepth) return;
  out.push(`${prefix}-- ${escapeMeta(f.name)}: ${f.dataType.typeName()} (nullable = ${f.nullable})\n`);
  buildType(f.dataType, `${prefix}    |`, out, maxDepth, depth + 1);
}

type StructFactory = {
  (fields?: readonly StructFieldImpl[]): StructTypeImpl;
  new (fields?: readonly StructFieldImpl[]): StructTypeImpl;
  fromDDL(ddl: string): StructTypeImpl;
  fromJson(json: unknown): StructTypeImpl;
};

// biome-ignore lint/complexity/useArrowFunction: must stay constructible with `new` (pyspark style)
export const StructType = function (fields?: readonly StructFieldImpl[]) {
  return new StructTypeImpl(fields ?? []);
} as unknown as StructFactory;
StructType.prototype = StructTypeImpl.prototype;
StructType.fromDDL = (ddl: string) => StructTypeImpl.fromDDL(ddl);
StructType.fromJson = (json: unknown) => StructTypeImpl.fromJson(json);
export type StructType = StructTypeImpl;
