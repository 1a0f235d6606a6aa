/**
 * from_json's value converters: one closure per schema node, applying Spark's JacksonParser rules
 * to parsed JSON (native JSON.parse output, or the exact parser's RawJson). A converter returns
 * BAD instead of throwing so the hot loop stays exception-free; NEED_EXACT asks the reader to
 * re-read the record with the exact parser.
 */
import {
  DateTimeParseFailure,
  makeTimestampParser,
  parseTimestampNtzWithPattern,
  parseTimestampParts,
  stringToDate,
  stringToTimestamp,
  stringToTimestampNtz,
  timestampToDate,
} from "../datetime";
import { compilePattern } from "../datetime/pattern";
import { type DecimalFactory, decimalFromText, plainDecimal } from "./decimal-text";
import { RawNumber } from "./lenient-parser";
import { writeRawJson } from "./raw-writer";
import type { JsonType } from "./schema-view";

/** The reader options converters read. */
export interface ConverterOptions {
  /** Session time zone for timestamps without an explicit zone. */
  readonly timeZone: string;
  /** Pattern for TIMESTAMP fields; default: Spark's cast grammar. */
  readonly timestampFormat?: string;
  /** Pattern for TIMESTAMP_NTZ fields. */
  readonly timestampNTZFormat?: string;
  /** Pattern for DATE fields; default: Spark's cast grammar. */
  readonly dateFormat?: string;
  /** Builds DECIMAL values (default: the engine's Decimal). */
  readonly decimalFactory?: DecimalFactory;
  /** Builds VARIANT values from a field's exact JSON text (the engine's parse_json); without it VARIANT fields are refused. */
  readonly variantFactory?: (jsonText: string) => unknown;
  /** NaN/Infinity strings for DOUBLE/FLOAT (Spark default true). */
  readonly allowNonNumericNumbers?: boolean;
}

/** Conversion failure marker (returned, not thrown, to keep the hot loop exception-free). */
export const BAD: unique symbol = Symbol("BAD");
type Converted = unknown;
export type Converter = (v: unknown) => Converted;

/** Thrown when a value from JSON.parse cannot be converted exactly (e.g. a long beyond 2^53). */
class NeedExact extends Error {}
export const NEED_EXACT = new NeedExact("need exact number text");

export interface RecordState {
  /** Set when some field failed but the record still produced a (partial) value. */
  bad: boolean;
  /** The record came from the exact parser (numbers are RawNumber). */
  exact: boolean;
}

const INT_RANGES = {
  byte: [-128, 127],
  short: [-32768, 32767],
  int: [-2147483648, 2147483647],
} as const;

const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

const NON_NUMERIC_STRINGS: Readonly<Record<string, number>> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  "+Infinity": Number.POSITIVE_INFINITY,
  "-Infinity": Number.NEGATIVE_INFINITY,
  INF: Number.POSITIVE_INFINITY,
  "+INF": Number.POSITIVE_INFINITY,
  "-INF": Number.NEGATIVE_INFINITY,
};

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof RawNumber);
}

/** JSON text of a parsed value, as Jackson's copyCurrentStructure would write it. */
function rawText(v: unknown): string {
  return writeRawJson(v);
}

export function compileConverter(t: JsonType, o: ConverterOptions, st: RecordState): Converter {
  switch (t.kind) {
    case "variant": {
      const make = o.variantFactory;
      if (make === undefined) throw new TypeError("VARIANT fields need ConverterOptions.variantFactory");
      return (v) => {
        // numbers must keep their exact text (a variant holds 2.50 as a decimal): re-read exactly first
        if (!st.exact) throw NEED_EXACT;
        return make(writeRawJson(v, true));
      };
    }
    case "string":
      return (v) => {
        if (typeof v === "string") return v;
        if (typeof v === "boolean") return v ? "true" : "false";
        // Numbers must be echoed as written (2.0 stays 2.0): JSON.parse lost that, so values that
        // may hold numbers are re-read by the exact parser.
        if (!st.exact) throw NEED_EXACT;
        return rawText(v);
      };
    case "boolean":
      return (v) => (typeof v === "boolean" ? v : BAD);
    case "byte":
    case "short":
    case "int": {
      const [lo, hi] = INT_RANGES[t.kind];
      return (v) => {
        if (typeof v === "number") return Number.isInteger(v) && v >= lo && v <= hi ? v : BAD;
        if (v instanceof RawNumber && v.isInt) {
          const n = Number(v.text);
          return n >= lo && n <= hi ? n : BAD;
        }
        return BAD;
      };
    }
    case "long":
      return (v) => {
        if (typeof v === "number") {
          if (Number.isSafeInteger(v)) return BigInt(v);
          if (Number.isInteger(v)) throw NEED_EXACT;
          return BAD;
        }
        if (v instanceof RawNumber && v.isInt) {
          const b = BigInt(v.text);
          return b < LONG_MIN || b > LONG_MAX ? BAD : b;
        }
        return BAD;
      };
    case "float":
    case "double": {
      const round = t.kind === "float" ? Math.fround : (x: number) => x;
      return (v) => {
        if (typeof v === "number") return round(v);
        if (v instanceof RawNumber) return round(Number(v.text));
        if (typeof v === "string" && o.allowNonNumericNumbers !== false) {
          const special = NON_NUMERIC_STRINGS[v];
          if (special !== undefined) return special;
        }
        return BAD;
      };
    }
    case "decimal": {
      const make = o.decimalFactory ?? plainDecimal;
      const { precision, scale } = t;
      const fromText = (text: string) => {
        const u = decimalFromText(text, precision, scale);
        return u === null ? BAD : make(u, scale, precision);
      };
      return (v) => {
        if (typeof v === "number") {
          // Short decimals survive JSON.parse exactly; long ones need the source text.
          if (!Number.isFinite(v)) return BAD;
          const s = String(v);
          if (s.replace(/[-.]|e.*$/g, "").replace(/^0+/, "").length > 15) throw NEED_EXACT;
          return fromText(s);
        }
        if (v instanceof RawNumber) return fromText(v.text);
        if (typeof v === "string") return fromText(v);
        return BAD;
      };
    }
    case "date": {
      const fmt = o.dateFormat;
      if (fmt !== undefined) {
        const parse = makeTimestampParser(fmt, "UTC"); // invalid patterns fail here, like Spark
        return (v) => {
          if (typeof v !== "string") return BAD;
          try {
            return timestampToDate(parse(v), "UTC");
          } catch (e) {
            if (e instanceof DateTimeParseFailure) return BAD;
            throw e;
          }
        };
      }
      return (v) => {
        if (typeof v !== "string") return BAD;
        const d = stringToDate(v);
        return d === null ? BAD : d;
      };
    }
    case "timestamp": {
      const fmt = o.timestampFormat;
      const tz = o.timeZone;
      const fromNumber = (v: unknown) => {
        if (typeof v === "number" && Number.isSafeInteger(v)) {
          const us = BigInt(v) * 1_000_000n;
          return us < LONG_MIN || us > LONG_MAX ? BAD : us;
        }
        if (v instanceof RawNumber && v.isInt) {
          const us = BigInt(v.text) * 1_000_000n;
          return us < LONG_MIN || us > LONG_MAX ? BAD : us;
        }
        return BAD;
      };
      if (fmt !== undefined) {
        const parse = makeTimestampParser(fmt, tz); // invalid patterns fail here, like Spark
        return (v) => {
          if (typeof v !== "string") return fromNumber(v);
          try {
            return parse(v);
          } catch (e) {
            if (e instanceof DateTimeParseFailure) return BAD;
            throw e;
          }
        };
      }
      return (v) => {
        if (typeof v !== "string") return fromNumber(v);
        const us = stringToTimestamp(v, tz);
        return us === null ? BAD : us;
      };
    }
    case "timestamp_ntz": {
      const fmt = o.timestampNTZFormat;
      if (fmt !== undefined) {
        compilePattern(fmt, true);
        return (v) => {
          if (typeof v !== "string") return BAD;
          try {
            return parseTimestampNtzWithPattern(v, fmt);
          } catch (e) {
            if (e instanceof DateTimeParseFailure) return BAD;
            throw e;
          }
        };
      }
      return (v) => {
        if (typeof v !== "string") return BAD;
        // Spark's JSON reader refuses a zone in a TIMESTAMP_NTZ value (allowTimeZone = false).
        if (parseTimestampParts(v)?.zone != null) return BAD;
        const us = stringToTimestampNtz(v);
        return us === null ? BAD : us;
      };
    }
    case "binary":
      return (v) => {
        if (typeof v !== "string") return BAD;
        return Uint8Array.from(Buffer.from(v, "base64"));
      };
    case "null":
      return () => null;
    case "array": {
      const el = compileConverter(t.element, o, st);
      return (v) => {
        if (!Array.isArray(v)) return BAD;
        const out = new Array<unknown>(v.length);
        for (let i = 0; i < v.length; i++) {
          const x = v[i];
          if (x === null) out[i] = null;
          else {
            const r = el(x);
            if (r === BAD) return BAD;
            out[i] = r;
          }
        }
        return out;
      };
    }
    case "map": {
      const val = compileConverter(t.value, o, st);
      const key = t.key.kind === "string" ? null : compileConverter(t.key, o, st);
      return (v) => {
        if (!isPlainObject(v)) return BAD;
        const out = new Map<unknown, unknown>();
        for (const k of Object.keys(v)) {
          const x = v[k];
          const kk = key === null ? k : key(k);
          if (kk === BAD) return BAD;
          if (x === null) out.set(kk, null);
          else {
            const r = val(x);
            if (r === BAD) return BAD;
            out.set(kk, r);
          }
        }
        return out;
      };
    }
    case "struct":
      return compileStruct(t.fields, o, st, null);
  }
}

export function compileStruct(
  fields: readonly { name: string; type: JsonType }[],
  o: ConverterOptions,
  st: RecordState,
  corruptIndex: number | null,
): Converter {
  const n = fields.length;
  const names = fields.map((f) => f.name);
  const convs = fields.map((f, i) => (i === corruptIndex ? () => null : compileConverter(f.type, o, st)));
  // Field names that also name Object.prototype members need an own-property check.
  const inherited = names.map((name) => name in Object.prototype);
  return (v) => {
    if (!isPlainObject(v)) return BAD;
    const row = new Array<unknown>(n);
    for (let i = 0; i < n; i++) {
      const x = inherited[i] && !Object.hasOwn(v, names[i]) ? undefined : v[names[i]];
      if (x === undefined || x === null || i === corruptIndex) {
        row[i] = null;
        continue;
      }
      const r = convs[i](x);
      if (r === BAD) {
        row[i] = null;
        st.bad = true; // Spark 3.4+ partial results: keep the other fields, flag the record
      } else row[i] = r;
    }
    return row;
  };
}

export function wrapSingleObject(arrayConv: Converter, structConv: Converter): Converter {
  // Spark: an object where array<struct> is expected is read as a one-element array.
  return (v) => {
    if (Array.isArray(v)) return arrayConv(v);
    if (isPlainObject(v)) {
      const r = structConv(v);
      return r === BAD ? BAD : [r];
    }
    return BAD;
  };
}
