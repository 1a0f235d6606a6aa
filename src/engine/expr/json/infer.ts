/**
 * schema_of_json: Spark's JsonInferSchema for one document. Objects become structs with fields
 * sorted by name, integers BIGINT (DECIMAL(38,0) beyond a long), other numbers DOUBLE (or DECIMAL
 * with prefersDecimal), empty arrays and nulls STRING, and conflicting types widen like
 * JsonInferSchema.compatibleType.
 */
import { jsonError } from "./errors";
import { type JacksonFeatures, isRawObject, parseLenient, type RawJson, RawNumber } from "./lenient-parser";
import { type JsonType, typeToSql } from "./schema-view";

export interface SchemaInferenceOptions extends JacksonFeatures {
  /** Infer DECIMAL instead of DOUBLE for fractional numbers. */
  readonly prefersDecimal?: boolean;
}

const STRING: JsonType = { kind: "string" };
const LONG_MAX = 2n ** 63n - 1n;
const LONG_MIN = -(2n ** 63n);

function inferNumber(n: RawNumber, o: SchemaInferenceOptions): JsonType {
  if (n.isInt) {
    const b = BigInt(n.text);
    if (b >= LONG_MIN && b <= LONG_MAX) return { kind: "long" };
    return { kind: "decimal", precision: Math.min(38, n.text.replace("-", "").length), scale: 0 };
  }
  if (o.prefersDecimal && Number.isFinite(Number(n.text))) {
    const m = /^-?(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(n.text);
    if (m !== null) {
      const intDigits = m[1].replace(/^0+/, "");
      const frac = m[2] ?? "";
      const exp = m[3] === undefined ? 0 : Number(m[3]);
      let scale = frac.length - exp;
      let digits = (intDigits + frac).replace(/^0+/, "") || "0";
      if (scale < 0) {
        digits += "0".repeat(-scale);
        scale = 0;
      }
      const precision = Math.max(digits.length, scale);
      if (precision <= 38) return { kind: "decimal", precision, scale };
    }
  }
  return { kind: "double" };
}

function infer(v: RawJson, o: SchemaInferenceOptions): JsonType {
  if (v === null) return { kind: "null" };
  if (typeof v === "string") return STRING;
  if (typeof v === "boolean") return { kind: "boolean" };
  if (v instanceof RawNumber) return inferNumber(v, o);
  if (Array.isArray(v)) {
    let el: JsonType = { kind: "null" };
    for (const x of v) el = compatible(el, infer(x, o));
    return { kind: "array", element: el, containsNull: true };
  }
  if (isRawObject(v)) {
    const names = Object.keys(v).sort();
    return { kind: "struct", fields: names.map((name) => ({ name, type: infer(v[name], o), nullable: true })) };
  }
  return STRING;
}

function isIntegral(t: JsonType): boolean {
  return t.kind === "long" || t.kind === "int" || t.kind === "short" || t.kind === "byte";
}

/** JsonInferSchema.compatibleType. */
export function compatible(a: JsonType, b: JsonType): JsonType {
  if (a.kind === "null") return b;
  if (b.kind === "null") return a;
  if (a.kind === b.kind && a.kind !== "struct" && a.kind !== "array" && a.kind !== "decimal") return a;
  if ((a.kind === "double" && (isIntegral(b) || b.kind === "decimal")) || (b.kind === "double" && (isIntegral(a) || a.kind === "decimal"))) {
    return { kind: "double" };
  }
  if (a.kind === "decimal" || b.kind === "decimal") {
    const da = a.kind === "decimal" ? a : isIntegral(a) ? { precision: 20, scale: 0 } : null;
    const db = b.kind === "decimal" ? b : isIntegral(b) ? { precision: 20, scale: 0 } : null;
    if (da !== null && db !== null) {
      const scale = Math.max(da.scale, db.scale);
      const range = Math.max(da.precision - da.scale, db.precision - db.scale);
      if (range + scale > 38) return { kind: "double" };
      return { kind: "decimal", precision: range + scale, scale };
    }
  }
  if (isIntegral(a) && isIntegral(b)) return { kind: "long" };
  if (a.kind === "struct" && b.kind === "struct") {
    const byName = new Map<string, JsonType>();
    for (const f of a.fields) byName.set(f.name, f.type);
    for (const f of b.fields) byName.set(f.name, byName.has(f.name) ? compatible(byName.get(f.name)!, f.type) : f.type);
    const names = [...byName.keys()].sort();
    return { kind: "struct", fields: names.map((name) => ({ name, type: byName.get(name)!, nullable: true })) };
  }
  if (a.kind === "array" && b.kind === "array") {
    return { kind: "array", element: compatible(a.element, b.element), containsNull: true };
  }
  return STRING;
}

/** Replaces NullType (and arrays of it) by STRING, as Spark does before returning a schema. */
function canonical(t: JsonType): JsonType {
  switch (t.kind) {
    case "null":
      return STRING;
    case "array":
      return { kind: "array", element: canonical(t.element), containsNull: true };
    case "struct":
      return { kind: "struct", fields: t.fields.map((f) => ({ ...f, type: canonical(f.type) })) };
    default:
      return t;
  }
}

/** Infers the JsonType of one JSON document. */
export function inferJsonType(json: string, options: SchemaInferenceOptions = {}): JsonType {
  let root: RawJson | undefined;
  try {
    root = parseLenient(json, options);
  } catch (e) {
    throw jsonError(
      null,
      null,
      "SparkRuntimeException",
      `Cannot infer a schema from malformed JSON ${JSON.stringify(json)}: ${(e as Error).message}`,
    );
  }
  if (root === undefined) return { kind: "struct", fields: [] };
  return canonical(infer(root, options));
}

/** schema_of_json(json[, options]): Spark 4's DDL, e.g. `STRUCT<a: BIGINT, b: ARRAY<STRING>>`. */
export function schemaOfJson(json: string, options: SchemaInferenceOptions = {}): string {
  return typeToSql(inferJsonType(json, options));
}
