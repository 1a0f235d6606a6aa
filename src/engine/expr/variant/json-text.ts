/**
 * JSON text <-> variant, as Spark's parse_json and VariantVal.toJson do it (measured on Spark 4.3):
 * - integers become the variant's integer type when they fit a long, else a decimal up to 38 digits, else a double;
 * - numbers with a fraction but no exponent become exact decimals with trailing zeros stripped
 *   (`2.50` -> 2.5, `-1.0` -> -1, `0.000001` stays DECIMAL(6,6)); past 38 digits, or with an exponent, doubles;
 * - object keys are kept sorted, and a duplicate key fails the record (MALFORMED_RECORD_IN_PARSING);
 * - output is compact: doubles in Java's form (1000.0, 1.0E20), dates and timestamps quoted, binary base64.
 */
import { SparkException } from "../../errors";
import { Decimal } from "../../types/decimal";
import {
  setVariantFormatter,
  VARIANT_NULL,
  VariantDate,
  VariantFloat,
  type VariantNode,
  VariantObject,
  VariantTimestamp,
  VariantVal,
} from "../../types/variant";
import { dateToString, timestampNtzToString, timestampToString, timestampToTimestampNtz } from "../datetime";
import { javaDoubleToString, javaFloatToString } from "../json";
import { JSON_SIMPLE_ESCAPES } from "../json/escapes";
import { quoteJsonString } from "../json/raw-writer";

/** Spark's error for text parse_json cannot read (the same as from_json's FAILFAST). */
export function malformedVariantJson(text: string): SparkException {
  return new SparkException(
    `[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records are detected in record parsing: ${text}.\nParse Mode: FAILFAST. To process malformed records as null result, try setting the option 'mode' as 'PERMISSIVE'.  SQLSTATE: 22023`,
    { errorClass: "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION", sqlState: "22023", messageParameters: { badRecord: text, failFastMode: "FAILFAST" } },
  );
}

class Bad extends Error {}

/** Normalises a decimal as Spark's variant builder does: trailing zeros stripped, scale never negative. */
export function normalizeDecimal(d: Decimal): Decimal {
  let u = d.unscaled;
  let s = d.scale;
  while (s > 0 && u % 10n === 0n) {
    u /= 10n;
    s--;
  }
  if (s < 0) {
    u *= 10n ** BigInt(-s);
    s = 0;
  }
  return u === d.unscaled && s === d.scale ? d : new Decimal(u, s);
}

const LONG_MIN = -9223372036854775808n;
const LONG_MAX = 9223372036854775807n;

function numberNode(text: string): VariantNode {
  const isInt = /^-?\d+$/.test(text);
  if (isInt) {
    const b = BigInt(text);
    if (b >= LONG_MIN && b <= LONG_MAX) return b;
    const digits = text.replace(/^-/, "").replace(/^0+(?=\d)/, "").length;
    return digits <= 38 ? new Decimal(b, 0) : Number(text);
  }
  if (!/[eE]/.test(text)) {
    const d = Decimal.parse(text);
    if (d !== null) {
      const n = normalizeDecimal(d);
      if (Math.max(n.precision(), n.scale) <= 38) return n;
    }
  }
  return Number(text);
}

/** Parses JSON text into a variant node; throws MALFORMED_RECORD_IN_PARSING on bad text or a duplicate key. */
export function parseVariantJson(text: string): VariantNode {
  let i = 0;
  const n = text.length;
  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  const str = (): string => {
    i++; // opening quote
    let out = "";
    let start = i;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        out += text.slice(start, i);
        i++;
        return out;
      }
      if (c < 0x20) throw new Bad();
      if (c === 92) {
        out += text.slice(start, i);
        const e = text[i + 1];
        i += 2;
        const simple = e === undefined ? undefined : JSON_SIMPLE_ESCAPES.get(e);
        if (simple !== undefined) out += simple;
        else if (e === "u") {
          const h = text.slice(i, i + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(h)) throw new Bad();
          out += String.fromCharCode(Number.parseInt(h, 16));
          i += 4;
        } else throw new Bad();
        start = i;
        continue;
      }
      i++;
    }
    throw new Bad();
  };
  const value = (): VariantNode => {
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      const entries: [string, VariantNode][] = [];
      const seen = new Set<string>();
      ws();
      if (text[i] === "}") {
        i++;
        return VariantObject.of(entries);
      }
      for (;;) {
        ws();
        if (text[i] !== '"') throw new Bad();
        const k = str();
        if (seen.has(k)) throw new Bad();
        seen.add(k);
        ws();
        if (text[i] !== ":") throw new Bad();
        i++;
        entries.push([k, value()]);
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "}") {
          i++;
          return VariantObject.of(entries);
        }
        throw new Bad();
      }
    }
    if (c === "[") {
      i++;
      const items: VariantNode[] = [];
      ws();
      if (text[i] === "]") {
        i++;
        return items;
      }
      for (;;) {
        items.push(value());
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "]") {
          i++;
          return items;
        }
        throw new Bad();
      }
    }
    if (c === '"') return str();
    if (text.startsWith("true", i)) {
      i += 4;
      return true;
    }
    if (text.startsWith("false", i)) {
      i += 5;
      return false;
    }
    if (text.startsWith("null", i)) {
      i += 4;
      return VARIANT_NULL;
    }
    const m = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
    m.lastIndex = i;
    const r = m.exec(text);
    if (r === null) throw new Bad();
    i += r[0].length;
    return numberNode(r[0]);
  };
  try {
    const v = value();
    ws();
    if (i !== n) throw new Bad();
    return v;
  } catch (e) {
    if (e instanceof Bad || e instanceof RangeError) throw malformedVariantJson(text);
    throw e;
  }
}

/** A VariantVal from JSON text (parse_json; also the JSON readers' factory for VARIANT fields). */
export function variantFromJson(text: string): VariantVal {
  return new VariantVal(parseVariantJson(text));
}

/** "+HH:MM" offset of `timeZone` at an instant (Spark's variant timestamps always print one). */
function offsetText(micros: bigint, timeZone: string): string {
  const diffMin = Number((timestampToTimestampNtz(micros, timeZone) - micros) / 60000000n);
  const a = Math.abs(diffMin);
  return `${diffMin < 0 ? "-" : "+"}${String(Math.trunc(a / 60)).padStart(2, "0")}:${String(a % 60).padStart(2, "0")}`;
}

/** Spark's VariantVal.toJson. */
export function variantToJson(node: VariantNode, timeZone: string): string {
  if (node === VARIANT_NULL) return "null";
  if (typeof node === "string") return quoteJsonString(node);
  if (typeof node === "boolean") return node ? "true" : "false";
  if (typeof node === "bigint") return node.toString();
  if (typeof node === "number") return javaDoubleToString(node);
  if (node instanceof Decimal) return node.toString();
  if (node instanceof VariantFloat) return javaFloatToString(node.value);
  if (node instanceof VariantDate) return `"${dateToString(node.days)}"`;
  if (node instanceof VariantTimestamp) {
    return node.ntz ? `"${timestampNtzToString(node.micros)}"` : `"${timestampToString(node.micros, timeZone)}${offsetText(node.micros, timeZone)}"`;
  }
  if (node instanceof Uint8Array) return `"${Buffer.from(node).toString("base64")}"`;
  if (node instanceof VariantObject) {
    let out = "{";
    for (let k = 0; k < node.keys.length; k++) {
      if (k > 0) out += ",";
      out += `${quoteJsonString(node.keys[k]!)}:${variantToJson(node.values[k]!, timeZone)}`;
    }
    return `${out}}`;
  }
  return `[${(node as readonly VariantNode[]).map((x) => variantToJson(x, timeZone)).join(",")}]`;
}

setVariantFormatter(variantToJson);
