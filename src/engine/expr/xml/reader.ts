/**
 * from_xml: one XML record read into a value of the given schema, with Spark 4.3's rules as measured:
 * the root element's name does not matter; attributes are fields named prefix+name; a child element fills the
 * field of its name (case-insensitively; the last one wins unless the field is an array); text goes to the
 * valueTag field; an empty leaf is null (the empty string for STRING); unknown elements are skipped.
 *
 * A value that does not convert makes the record bad: reading stops there, fields read before keep their values,
 * and the corrupt-record column (when the schema has it) gets the whole text. FAILFAST raises instead.
 */
import { BinaryType, ByteType, type DataType, DateType, DecimalType, DoubleType, FloatType, IntegerType, LongType, MapType, ArrayType, ShortType, StringType, TimestampNTZType, TimestampType } from "../../types/data-types";
import { Decimal } from "../../types/decimal";
import { StructTypeImpl } from "../../types/struct-type";
import { type EvalContext, compileCast } from "../cast";
import { castStringToDate, castStringToTimestamp, castStringToTimestampNtz } from "../datetime/cast";
import { malformedRecord } from "../json/errors";
import { hasChildElements, MalformedXml, ownText, parseXmlRecord, type XmlElement } from "./dom";
import type { XmlOptions } from "./options";

/** A value that does not convert to its field's type. */
class BadValue extends Error {}
const BAD = new BadValue("bad value");

type TextReader = (s: string) => unknown;

const INT_RANGES: ReadonlyMap<DataType, readonly [bigint, bigint]> = new Map<DataType, readonly [bigint, bigint]>([
  [ByteType(), [-128n, 127n]],
  [ShortType(), [-32768n, 32767n]],
  [IntegerType(), [-2147483648n, 2147483647n]],
  [LongType(), [-(2n ** 63n), 2n ** 63n - 1n]],
]);

function textReader(t: DataType, ctx: EvalContext): TextReader {
  const range = INT_RANGES.get(t);
  if (range !== undefined) {
    return (s) => {
      if (!/^[+-]?\d+$/.test(s)) throw BAD;
      const n = BigInt(s);
      if (n < range[0] || n > range[1]) throw BAD;
      return t instanceof LongType ? n : Number(n);
    };
  }
  if (t instanceof DoubleType || t instanceof FloatType) {
    return (s) => {
      const m = /^[+-]?(NaN|Infinity|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)[dDfF]?$/.exec(s);
      if (m === null) throw BAD;
      const v = Number(s.replace(/[dDfF]$/, ""));
      return t instanceof FloatType ? Math.fround(v) : v;
    };
  }
  if (t instanceof DecimalType) {
    return (s) => {
      const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(s);
      if (m === null || (m[2] === "" && (m[3] ?? "") === "")) throw BAD;
      const frac = (m[3] ?? "").replace(/0+$/, "");
      if (frac.length > t.scale) throw BAD;
      const unscaled = BigInt((m[2] || "0") + frac.padEnd(t.scale, "0"));
      if (unscaled.toString().length > t.precision) throw BAD;
      return new Decimal(m[1] === "-" ? -unscaled : unscaled, t.scale);
    };
  }
  if (t instanceof DateType) return orBad((s) => castStringToDate(s, false));
  if (t instanceof TimestampType) return orBad((s) => castStringToTimestamp(s, { timeZone: ctx.timeZone, ansi: false }));
  if (t instanceof TimestampNTZType) return orBad((s) => castStringToTimestampNtz(s, false));
  if (t instanceof StringType) return (s) => s;
  if (t instanceof BinaryType) return (s) => new TextEncoder().encode(s);
    // any other type reads as Spark's cast from its text
  return orBad(compileCast(StringType(), t, { ...ctx, ansi: false }) as (s: string) => unknown);
}

function orBad(f: (s: string) => unknown): TextReader {
  return (s) => {
    let v: unknown;
    try {
      v = f(s);
    } catch {
      throw BAD;
    }
    if (v === null) throw BAD;
    return v;
  };
}

type ElementReader = (el: XmlElement) => unknown;

class Compiler {
  constructor(
    readonly o: XmlOptions,
    readonly ctx: EvalContext,
  ) {}

  /** Reads a text value: trimmed, nullValue and empty (non-string) text are null. */
  text(t: DataType): (raw: string) => unknown {
    const read = textReader(t, this.ctx);
    const isString = t instanceof StringType;
    const { ignoreSurroundingSpaces: trim, nullValue } = this.o;
    return (raw) => {
      const s = trim ? raw.trim() : raw;
      if (nullValue !== null && s === nullValue) return null;
      if (s === "" && !isString) return null;
      return read(s);
    };
  }

  element(t: DataType): ElementReader {
    if (t instanceof StructTypeImpl) {
      const fill = this.struct(t);
      return (el) => {
        const out = new Array<unknown>(t.fields.length).fill(null);
        fill(el, out);
        return out;
      };
    }
    if (t instanceof MapType) {
      const value = this.element(t.valueType);
      return (el) => {
        const m = new Map<unknown, unknown>();
        for (const c of el.children) if (typeof c !== "string") m.set(c.name, value(c));
        return m;
      };
    }
    if (t instanceof ArrayType) {
      const item = this.element(t.elementType);
      return (el) => [item(el)];
    }
    const text = this.text(t);
    return (el) => text(ownText(el));
  }

  /** Fills `out` (one slot per field) from the element; throws BAD at the first value that does not convert. */
  struct(t: StructTypeImpl): (el: XmlElement, out: unknown[]) => void {
    const index = new Map<string, number>();
    t.fields.forEach((f, i) => {
      const k = f.name.toLowerCase();
      if (!index.has(k)) index.set(k, i);
    });
    const readers = t.fields.map((f) => (f.dataType instanceof ArrayType ? this.element(f.dataType.elementType) : this.element(f.dataType)));
    const attrText = t.fields.map((f) => (f.dataType instanceof StructTypeImpl || f.dataType instanceof MapType || f.dataType instanceof ArrayType ? null : this.text(f.dataType)));
    const isArray = t.fields.map((f) => f.dataType instanceof ArrayType);
    const prefix = this.o.attributePrefix;
    const valueIdx = index.get(this.o.valueTag.toLowerCase());
    const valueText = valueIdx === undefined ? null : attrText[valueIdx];
    const exclude = this.o.excludeAttribute;
    return (el, out) => {
      if (!exclude) {
        for (const [k, v] of el.attributes) {
          const i = index.get((prefix + k).toLowerCase());
          if (i !== undefined && attrText[i] !== null) out[i] = attrText[i]!(v);
        }
      }
      const leaf = !hasChildElements(el);
      for (const c of el.children) {
        if (typeof c === "string") {
          // the element's text (the last run of mixed content) goes to the valueTag field
          if (valueIdx !== undefined && valueText !== null && (leaf || c.trim() !== "")) out[valueIdx] = valueText(c);
          continue;
        }
        const i = index.get(c.name.toLowerCase());
        if (i === undefined) continue;
        const v = readers[i]!(c);
        if (!isArray[i]) out[i] = v;
        else if (out[i] === null) out[i] = [v];
        else (out[i] as unknown[]).push(v);
      }
    };
  }
}

/** Compiles from_xml's reader for a struct schema: text -> row (positional array), or null for null input. */
export function compileXmlReader(schema: StructTypeImpl, o: XmlOptions, ctx: EvalContext): (xml: string) => unknown[] {
  const fill = new Compiler(o, ctx).struct(schema);
  const corrupt = schema.fields.findIndex((f) => f.name === o.columnNameOfCorruptRecord && f.dataType instanceof StringType);
  return (xml) => {
    const out = new Array<unknown>(schema.fields.length).fill(null);
    try {
      fill(parseXmlRecord(xml), out);
      return out;
    } catch (e) {
      if (!(e instanceof BadValue) && !(e instanceof MalformedXml)) throw e;
      if (o.mode === "FAILFAST") throw malformedRecord("null");
      if (e instanceof MalformedXml) out.fill(null);
      if (corrupt >= 0) out[corrupt] = xml;
      return out;
    }
  };
}
