/**
 * The JSON library's own view of a Spark data type. `toJsonType` adapts the engine's DataType
 * objects (src/engine/types: classes with `typeName()`, pyspark-style `fields` / `elementType` /
 * `keyType` / `valueType` / `precision` / `scale`) without importing them, so this library stays
 * independent of how the type classes are built; a JsonType passes through unchanged.
 */
import { parseDataType, parseDDLSchema } from "../../types/ddl";

/** A type ("array<int>") or a field list ("a INT, b STRING"), as from_json's schema argument. */
function parseSchemaText(text: string): unknown {
  try {
    return parseDataType(text);
  } catch (typeError) {
    try {
      return parseDDLSchema(text);
    } catch {
      throw typeError;
    }
  }
}
export type JsonType =
  | { readonly kind: "struct"; readonly fields: readonly JsonField[] }
  | { readonly kind: "array"; readonly element: JsonType; readonly containsNull: boolean }
  | { readonly kind: "map"; readonly key: JsonType; readonly value: JsonType }
  | { readonly kind: "decimal"; readonly precision: number; readonly scale: number }
  | {
      readonly kind:
        | "string"
        | "boolean"
        | "byte"
        | "short"
        | "int"
        | "long"
        | "float"
        | "double"
        | "date"
        | "timestamp"
        | "timestamp_ntz"
        | "binary"
        | "variant"
        | "null";
    };

export interface JsonField {
  readonly name: string;
  readonly type: JsonType;
  readonly nullable: boolean;
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null;
}

const NAME_TO_KIND: Readonly<Record<string, JsonType["kind"]>> = {
  struct: "struct",
  array: "array",
  map: "map",
  decimal: "decimal",
  string: "string",
  varchar: "string",
  char: "string",
  boolean: "boolean",
  byte: "byte",
  tinyint: "byte",
  short: "short",
  smallint: "short",
  integer: "int",
  int: "int",
  long: "long",
  bigint: "long",
  float: "float",
  real: "float",
  double: "double",
  date: "date",
  timestamp: "timestamp",
  timestamp_ltz: "timestamp",
  timestamp_ntz: "timestamp_ntz",
  binary: "binary",
  null: "null",
  void: "null",
  variant: "variant",
};

function kindOf(dt: Obj): JsonType["kind"] | undefined {
  if (typeof dt.kind === "string" && dt.kind in KIND_SET) return dt.kind as JsonType["kind"];
  const candidates: string[] = [];
  for (const method of ["typeName", "simpleString"]) {
    const fn = dt[method];
    if (typeof fn === "function") {
      const r = (fn as () => unknown).call(dt);
      if (typeof r === "string") candidates.push(r);
    }
  }
  const ctor = (dt as { constructor?: { name?: string } }).constructor?.name;
  if (typeof ctor === "string") candidates.push(ctor.replace(/Type$/, ""));
  for (const c of candidates) {
    const base = c.toLowerCase().replace(/[<(].*$/, "");
    const kind = NAME_TO_KIND[base];
    if (kind !== undefined) return kind;
  }
  return undefined;
}

const KIND_SET: Readonly<Record<string, true>> = Object.fromEntries(
  Object.values(NAME_TO_KIND).map((k) => [k, true as const]),
);

const adapted = new WeakMap<object, JsonType>();

/**
 * Adapts an engine DataType, a DDL string (`"id BIGINT, data STRING"`, `"array<int>"`) or a
 * JsonType to a JsonType; throws TypeError if unrecognised.
 */
export function toJsonType(dataType: unknown): JsonType {
  if (typeof dataType === "string") return toJsonType(parseSchemaText(dataType));
  if (!isObj(dataType)) throw new TypeError(`Not a data type: ${String(dataType)}`);
  const hit = adapted.get(dataType);
  if (hit !== undefined) return hit;
  const kind = kindOf(dataType);
  let result: JsonType;
  switch (kind) {
    case undefined:
      throw new TypeError(`Unsupported data type for JSON: ${String(dataType)}`);
    case "struct": {
      const raw = dataType.fields;
      if (!Array.isArray(raw)) throw new TypeError("StructType without fields");
      result = {
        kind,
        fields: raw.map((f: unknown) => {
          if (!isObj(f) || typeof f.name !== "string") throw new TypeError("Bad StructField");
          return { name: f.name, type: toJsonType(f.dataType ?? f.type), nullable: f.nullable !== false };
        }),
      };
      break;
    }
    case "array":
      result = {
        kind,
        element: toJsonType(dataType.elementType ?? dataType.element),
        containsNull: dataType.containsNull !== false,
      };
      break;
    case "map":
      result = { kind, key: toJsonType(dataType.keyType ?? dataType.key), value: toJsonType(dataType.valueType ?? dataType.value) };
      break;
    case "decimal":
      result = {
        kind,
        precision: typeof dataType.precision === "number" ? dataType.precision : 10,
        scale: typeof dataType.scale === "number" ? dataType.scale : 0,
      };
      break;
    default:
      result = { kind };
  }
  adapted.set(dataType, result);
  return result;
}

/** Spark's SQL/DDL spelling of a type (`STRUCT<a: BIGINT, b: ARRAY<STRING>>`), as schema_of_json prints. */
export function typeToSql(t: JsonType): string {
  switch (t.kind) {
    case "struct":
      return `STRUCT<${t.fields.map((f) => `${quoteIfNeeded(f.name)}: ${typeToSql(f.type)}${f.nullable ? "" : " NOT NULL"}`).join(", ")}>`;
    case "array":
      return `ARRAY<${typeToSql(t.element)}>`;
    case "map":
      return `MAP<${typeToSql(t.key)}, ${typeToSql(t.value)}>`;
    case "decimal":
      return `DECIMAL(${t.precision},${t.scale})`;
    case "byte":
      return "TINYINT";
    case "short":
      return "SMALLINT";
    case "int":
      return "INT";
    case "long":
      return "BIGINT";
    case "null":
      return "VOID";
    default:
      return t.kind.toUpperCase();
  }
}

/** Backticks only where Spark 4 needs them (QuotingUtils.quoteIfNeeded). */
export function quoteIfNeeded(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `\`${name.replace(/`/g, "``")}\``;
}
