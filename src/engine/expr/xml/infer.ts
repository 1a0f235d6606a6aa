/**
 * schema_of_xml: Spark's XML schema inference for one record, as measured on Spark 4.3.
 *
 * A leaf's text is BIGINT when it is a long, DECIMAL with prefersDecimal, DOUBLE when Java parses it as a double
 * (no NaN/Infinity, no d/f suffix), BOOLEAN, DATE (strict yyyy-MM-dd), TIMESTAMP when Spark's string-to-timestamp
 * cast reads it, else STRING; empty text is unknown until the end, then STRING. An element with attributes or
 * child elements is a struct: attributes as prefix+name, its text as the valueTag field, a repeated child an
 * array. Fields are sorted by name and merged case-insensitively. Two types that meet widen: BIGINT with DOUBLE to
 * DOUBLE, DATE with TIMESTAMP to TIMESTAMP, struct with struct by merging, anything else to STRING.
 */
import {
  ArrayType,
  BooleanType,
  type DataType,
  DateType,
  DecimalType,
  DoubleType,
  LongType,
  NullType,
  StringType,
  TimestampType,
} from "../../types/data-types";
import { StructFieldImpl, StructTypeImpl } from "../../types/struct-type";
import { castStringToTimestamp } from "../datetime/cast";
import { hasChildElements, MalformedXml, ownText, parseXmlRecord, type XmlElement } from "./dom";
import type { XmlOptions } from "./options";

const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

function isLong(s: string): boolean {
  if (!/^[+-]?\d+$/.test(s)) return false;
  const n = BigInt(s);
  return n >= LONG_MIN && n <= LONG_MAX;
}

/** Java's Double.parseDouble on text that starts with a digit or a point, without a d/f type suffix. */
function isDouble(s: string): boolean {
  const unsigned = s.replace(/^[+-]/, "");
  return /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(unsigned);
}

function decimalOf(s: string): DataType | null {
  const m = /^[+-]?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s);
  if (m === null || (m[1] === "" && (m[2] ?? "") === "")) return null;
  const intDigits = m[1]!.replace(/^0+/, "");
  const frac = m[2] ?? "";
  let scale = frac.length - (m[3] === undefined ? 0 : Number(m[3]));
  let digits = (intDigits + frac).replace(/^0+/, "") || "0";
  if (scale < 0) {
    digits += "0".repeat(-scale);
    scale = 0;
  }
  const precision = Math.max(digits.length, scale);
  return precision <= 38 ? DecimalType(precision, scale) : null;
}

/** The type of one text value (NullType when it is empty: decided by the other values, else STRING). */
export function inferText(raw: string, o: XmlOptions): DataType {
  const s = o.ignoreSurroundingSpaces ? raw.trim() : raw;
  if (s === "" || (o.nullValue !== null && s === o.nullValue)) return NullType();
  if (isLong(s)) return LongType();
  if (o.prefersDecimal && isDouble(s)) {
    const d = decimalOf(s);
    if (d !== null) return d;
  }
  if (isDouble(s) && !/[dDfF]$/.test(s)) return DoubleType();
  if (/^(true|false)$/i.test(s)) return BooleanType();
  if (/^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`))) return DateType();
  if (castStringToTimestamp(s, { timeZone: "UTC", ansi: false }) !== null) return TimestampType();
  return StringType();
}

function structOfFields(fields: Map<string, { name: string; type: DataType }>): StructTypeImpl {
  const sorted = [...fields.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return new StructTypeImpl(sorted.map((f) => new StructFieldImpl(f.name, f.type, true)));
}

function addField(fields: Map<string, { name: string; type: DataType }>, name: string, type: DataType, repeated: boolean): void {
  const key = name.toLowerCase();
  const prev = fields.get(key);
  if (prev === undefined) fields.set(key, { name, type });
  else {
    // a second element of the same name makes the field an array
    const merged = repeated && !(prev.type instanceof ArrayType) ? ArrayType(compatible(prev.type, type), true) : compatible(prev.type, type);
    fields.set(key, { name: prev.name, type: merged });
  }
}

function inferElement(el: XmlElement, o: XmlOptions): DataType {
  const attrs = o.excludeAttribute ? [] : el.attributes;
  if (attrs.length === 0 && !hasChildElements(el)) return inferText(ownText(el), o);
  return inferStruct(el, o);
}

function inferStruct(el: XmlElement, o: XmlOptions): StructTypeImpl {
  const fields = new Map<string, { name: string; type: DataType }>();
  if (!o.excludeAttribute) for (const [k, v] of el.attributes) addField(fields, o.attributePrefix + k, inferText(v, o), false);
  const seen = new Set<string>();
  let text: DataType | null = null;
  for (const c of el.children) {
    if (typeof c === "string") {
      if (c.trim() !== "") text = text === null ? inferText(c, o) : compatible(text, inferText(c, o));
      continue;
    }
    const key = c.name.toLowerCase();
    addField(fields, c.name, inferElement(c, o), seen.has(key));
    seen.add(key);
  }
  if (text !== null) addField(fields, o.valueTag, text, false);
  return structOfFields(fields);
}

/** The wider of two inferred types (XmlInferSchema.compatibleType, as observed). */
export function compatible(a: DataType, b: DataType): DataType {
  if (a.equals(b)) return a;
  if (a instanceof NullType) return b;
  if (b instanceof NullType) return a;
  if (a instanceof ArrayType && b instanceof ArrayType) return ArrayType(compatible(a.elementType, b.elementType), true);
  if (a instanceof ArrayType) return ArrayType(compatible(a.elementType, b), true);
  if (b instanceof ArrayType) return ArrayType(compatible(a, b.elementType), true);
  if (a instanceof StructTypeImpl && b instanceof StructTypeImpl) {
    const fields = new Map<string, { name: string; type: DataType }>();
    for (const f of a.fields) fields.set(f.name.toLowerCase(), { name: f.name, type: f.dataType });
    for (const f of b.fields) addField(fields, f.name, f.dataType, false);
    return structOfFields(fields);
  }
  const num = (t: DataType) => t instanceof LongType || t instanceof DoubleType || t instanceof DecimalType;
  if (num(a) && num(b)) {
    if (a instanceof DoubleType || b instanceof DoubleType) return DoubleType();
    if (a instanceof DecimalType && b instanceof DecimalType) {
      const scale = Math.max(a.scale, b.scale);
      const range = Math.max(a.precision - a.scale, b.precision - b.scale);
      return range + scale <= 38 ? DecimalType(range + scale, scale) : DoubleType();
    }
    const d = (a instanceof DecimalType ? a : b) as DecimalType;
    const range = Math.max(d.precision - d.scale, 20);
    return range + d.scale <= 38 ? DecimalType(range + d.scale, d.scale) : DoubleType();
  }
  if ((a instanceof DateType && b instanceof TimestampType) || (a instanceof TimestampType && b instanceof DateType)) return TimestampType();
  return StringType();
}

/** Unknown (all-empty) leaves become STRING, as Spark's canonicalization does. */
function canonical(t: DataType): DataType {
  if (t instanceof NullType) return StringType();
  if (t instanceof ArrayType) return ArrayType(canonical(t.elementType), true);
  if (t instanceof StructTypeImpl) return new StructTypeImpl(t.fields.map((f) => new StructFieldImpl(f.name, canonical(f.dataType), true)));
  return t;
}

/** The schema of one XML record as Spark's DDL string (`STRUCT<a: BIGINT, ...>`). */
export function schemaOfXml(xml: string, o: XmlOptions): string {
  let root: XmlElement;
  try {
    root = parseXmlRecord(xml);
  } catch (e) {
    if (!(e instanceof MalformedXml)) throw e;
    // Spark's PERMISSIVE inference puts an unreadable record in the corrupt-record column
    return `STRUCT<${o.columnNameOfCorruptRecord}: STRING>`;
  }
  const t = inferStruct(root, o);
  return canonical(t).sql();
}
