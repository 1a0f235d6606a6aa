/**
 * Compact JSON text of parsed JSON (native JSON.parse output or lenient RawJson), written the way
 * Jackson's generator copies a structure: strings escaped like Jackson, float tokens in Java's
 * Double.toString form (`1.0`, `1.0E10`), integer tokens as written.
 */
import { javaDoubleToString } from "./java-number";
import { RawNumber } from "./lenient-parser";

/** Jackson's string escaping: quotes, backslash and control characters; everything else literal. */
export function quoteJsonString(s: string): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c !== 34 && c !== 92) continue;
    out += s.slice(start, i);
    start = i + 1;
    switch (c) {
      case 34:
        out += '\\"';
        break;
      case 92:
        out += "\\\\";
        break;
      case 8:
        out += "\\b";
        break;
      case 12:
        out += "\\f";
        break;
      case 10:
        out += "\\n";
        break;
      case 13:
        out += "\\r";
        break;
      case 9:
        out += "\\t";
        break;
      default:
        out += `\\u00${c.toString(16).toUpperCase().padStart(2, "0")}`;
    }
  }
  return `${out + s.slice(start)}"`;
}

function numberText(n: RawNumber): string {
  if (n.isInt) return n.text;
  const v = Number(n.text);
  if (!Number.isFinite(v)) return n.text; // NaN/Infinity tokens (allowNonNumericNumbers)
  return javaDoubleToString(v);
}

export function writeRawJson(v: unknown, numbersAsWritten = false): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return quoteJsonString(v);
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number") return Number.isInteger(v) && Math.abs(v) < 1e21 ? String(v) : javaDoubleToString(v);
  // numbersAsWritten: a VARIANT field re-reads this text and must see `1e2` and `2.50` as written
  if (v instanceof RawNumber) return numbersAsWritten ? v.text : numberText(v);
  if (Array.isArray(v)) return `[${v.map((x) => writeRawJson(x, numbersAsWritten)).join(",")}]`;
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .map((k) => `${quoteJsonString(k)}:${writeRawJson(o[k], numbersAsWritten)}`)
      .join(",")}}`;
  }
  return String(v);
}
