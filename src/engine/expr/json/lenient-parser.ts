/**
 * A small JSON parser with Jackson's feature switches (the ones Spark's JSON options expose) that
 * keeps numbers exactly as written. The fast path of every JSON function is the native
 * JSON.parse; this parser is the fallback for input JSON.parse rejects but Spark accepts
 * (single quotes, NaN, comments ...), for numbers JSON.parse would round, and for functions that
 * must echo numbers as Spark does (get_json_object, json_tuple).
 */

import { JSON_SIMPLE_ESCAPES } from "./escapes";

/** A number token kept as text: `isInt` for Jackson's VALUE_NUMBER_INT. */
export class RawNumber {
  constructor(
    readonly text: string,
    readonly isInt: boolean,
  ) {}
  get value(): number {
    return Number(this.text);
  }
}

/** Parsed JSON: objects have a null prototype, numbers are RawNumber. */
export type RawJson = null | boolean | string | RawNumber | RawJson[] | { [key: string]: RawJson };

export interface JacksonFeatures {
  /** Jackson ALLOW_SINGLE_QUOTES; Spark's allowSingleQuotes defaults to true. */
  readonly allowSingleQuotes?: boolean;
  /** NaN, Infinity, -Infinity, +INF ... as numbers; Spark default true. */
  readonly allowNonNumericNumbers?: boolean;
  readonly allowNumericLeadingZeros?: boolean;
  readonly allowComments?: boolean;
  readonly allowUnquotedFieldNames?: boolean;
  readonly allowBackslashEscapingAnyCharacter?: boolean;
  readonly allowUnquotedControlChars?: boolean;
}

export class JsonSyntaxError extends Error {
  override readonly name = "JsonSyntaxError";
}

const NON_NUMERIC: Readonly<Record<string, string>> = {
  NaN: "NaN",
  Infinity: "Infinity",
  "+Infinity": "Infinity",
  "-Infinity": "-Infinity",
  INF: "Infinity",
  "+INF": "Infinity",
  "-INF": "-Infinity",
};

// Tried longest first so a longer token is never cut short by a shorter one.
const NON_NUMERIC_TOKENS = Object.keys(NON_NUMERIC).sort((a, b) => b.length - a.length);

// Sticky regexes match at `lastIndex` without copying the rest of the input.
const NUMBER = /-?(\d+)(\.\d+)?([eE][+-]?\d+)?/y;
const UNQUOTED_NAME = /[A-Za-z_$][A-Za-z0-9_$]*/y;

class Parser {
  pos = 0;
  constructor(
    private readonly s: string,
    private readonly f: JacksonFeatures,
  ) {}

  fail(what: string): never {
    throw new JsonSyntaxError(`${what} at position ${this.pos}`);
  }

  skipWs(): void {
    const s = this.s;
    for (;;) {
      const c = s.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 10 || c === 13) this.pos++;
      else if (c === 47 && this.f.allowComments) {
        if (s[this.pos + 1] === "/") {
          const end = s.indexOf("\n", this.pos);
          this.pos = end < 0 ? s.length : end + 1;
        } else if (s[this.pos + 1] === "*") {
          const end = s.indexOf("*/", this.pos + 2);
          if (end < 0) this.fail("Unterminated comment");
          this.pos = end + 2;
        } else return;
      } else if (c === 35 && this.f.allowComments) {
        // YAML-style comments are a separate Jackson feature; Spark does not enable them.
        return;
      } else return;
    }
  }

  value(): RawJson {
    this.skipWs();
    const c = this.s[this.pos];
    switch (c) {
      case "{":
        return this.object();
      case "[":
        return this.array();
      case '"':
        return this.string('"');
      case "'":
        if (this.f.allowSingleQuotes === false) this.fail("Unexpected character (''')");
        return this.string("'");
      case "t":
        return this.word("true", true);
      case "f":
        return this.word("false", false);
      case "n":
        return this.word("null", null);
      default:
        return this.number();
    }
  }

  word<T extends RawJson>(w: string, v: T): T {
    if (this.s.startsWith(w, this.pos)) {
      this.pos += w.length;
      return v;
    }
    return this.fail("Unrecognized token");
  }

  number(): RawNumber {
    const c = this.s[this.pos];
    const c1 = this.s[this.pos + 1];
    if (this.f.allowNonNumericNumbers !== false && (c === "N" || c === "I" || ((c === "+" || c === "-") && (c1 === "I" || c1 === "N")))) {
      for (const tok of NON_NUMERIC_TOKENS) {
        if (this.s.startsWith(tok, this.pos)) {
          this.pos += tok.length;
          return new RawNumber(NON_NUMERIC[tok], false);
        }
      }
    }
    NUMBER.lastIndex = this.pos;
    const m = NUMBER.exec(this.s);
    if (m === null) this.fail("Unexpected character");
    if (m[1].length > 1 && m[1][0] === "0" && !this.f.allowNumericLeadingZeros) this.fail("Invalid numeric value: Leading zeroes not allowed");
    this.pos += m[0].length;
    let text = m[0];
    if (m[1].length > 1 && m[1][0] === "0") text = text.replace(/^(-?)0+(?=\d)/, "$1");
    return new RawNumber(text, m[2] === undefined && m[3] === undefined);
  }

  string(quote: string): string {
    const s = this.s;
    let i = this.pos + 1;
    let out = "";
    let start = i;
    for (;;) {
      if (i >= s.length) this.fail("Unexpected end-of-input in string");
      const c = s.charCodeAt(i);
      if (s[i] === quote) {
        out += s.slice(start, i);
        this.pos = i + 1;
        return out;
      }
      if (c < 0x20 && !this.f.allowUnquotedControlChars) {
        this.pos = i;
        this.fail("Illegal unquoted character");
      }
      if (c === 92) {
        out += s.slice(start, i);
        const e = s[i + 1];
        const simple = e === undefined ? undefined : JSON_SIMPLE_ESCAPES.get(e);
        if (simple !== undefined) out += simple;
        else if (e === "u") {
          const hex = s.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail("Illegal unicode escape");
          out += String.fromCharCode(Number.parseInt(hex, 16));
          i += 4;
        } else if (e === "'" && quote === "'") out += e;
        else if (this.f.allowBackslashEscapingAnyCharacter && e !== undefined) out += e;
        else this.fail("Unrecognized character escape");
        i += 2;
        start = i;
        continue;
      }
      i++;
    }
  }

  fieldName(): string {
    this.skipWs();
    const c = this.s[this.pos];
    if (c === '"') return this.string('"');
    if (c === "'" && this.f.allowSingleQuotes !== false) return this.string("'");
    if (this.f.allowUnquotedFieldNames) {
      UNQUOTED_NAME.lastIndex = this.pos;
      const m = UNQUOTED_NAME.exec(this.s);
      if (m !== null) {
        this.pos += m[0].length;
        return m[0];
      }
    }
    return this.fail("Unexpected character: was expecting double-quote to start field name");
  }

  object(): { [key: string]: RawJson } {
    this.pos++;
    const obj: { [key: string]: RawJson } = Object.create(null);
    this.skipWs();
    if (this.s[this.pos] === "}") {
      this.pos++;
      return obj;
    }
    for (;;) {
      const key = this.fieldName();
      this.skipWs();
      if (this.s[this.pos] !== ":") this.fail("Unexpected character: was expecting a colon");
      this.pos++;
      obj[key] = this.value();
      this.skipWs();
      const c = this.s[this.pos];
      this.pos++;
      if (c === "}") return obj;
      if (c !== ",") this.fail("Unexpected character: was expecting comma to separate Object entries");
    }
  }

  array(): RawJson[] {
    this.pos++;
    const arr: RawJson[] = [];
    this.skipWs();
    if (this.s[this.pos] === "]") {
      this.pos++;
      return arr;
    }
    for (;;) {
      arr.push(this.value());
      this.skipWs();
      const c = this.s[this.pos];
      this.pos++;
      if (c === "]") return arr;
      if (c !== ",") this.fail("Unexpected character: was expecting comma to separate Array entries");
    }
  }
}

/**
 * Parses the first JSON value of `text` (Jackson reads one root value and, like Spark, ignores what
 * follows). Returns `undefined` for input with no value at all (empty / whitespace).
 */
export function parseLenient(text: string, features: JacksonFeatures = {}): RawJson | undefined {
  const p = new Parser(text, features);
  p.skipWs();
  if (p.pos >= text.length) return undefined;
  return p.value();
}

/** Parses and requires the whole text to be one JSON value (for functions that must see all of it). */
export function parseLenientStrict(text: string, features: JacksonFeatures = {}): RawJson | undefined {
  const p = new Parser(text, features);
  p.skipWs();
  if (p.pos >= text.length) return undefined;
  const v = p.value();
  p.skipWs();
  if (p.pos < text.length) p.fail("Unexpected trailing content");
  return v;
}

export function isRawObject(v: RawJson): v is { [key: string]: RawJson } {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof RawNumber);
}
