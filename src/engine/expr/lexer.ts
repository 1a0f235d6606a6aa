/**
 * Spark SQL lexer: identifiers (plain and `backticked`), string literals with Spark's escapes,
 * numbers with their type suffixes (1L, 2S, 3Y, 1.5D, 2F, 1BD, 1e3), operators, comments.
 * Positions are character offsets into the input, used for the ParseException caret.
 */
import { syntaxError } from "../errors";

export type TokenType = "ident" | "qident" | "string" | "number" | "op" | "eof";

export interface Token {
  readonly type: TokenType;
  /** Identifier/op text, unescaped string value, or the number's text (suffix included). */
  readonly value: string;
  readonly pos: number;
  readonly end: number;
}

const OPS = ["<=>", "::", "<=", ">=", "<>", "!=", "==", "||", "->", "=>", "&&"];
const SINGLE = "+-*/%=<>!(),.[]:;&|^~{}?";

/** Spark's string unescaping (ParserUtils.unescapeSQLString). */
function unescapeSql(body: string): string {
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== "\\" || i + 1 >= body.length) {
      out += c;
      continue;
    }
    const n = body[i + 1]!;
    if (n === "u" && /^[0-9a-fA-F]{4}$/.test(body.slice(i + 2, i + 6))) {
      out += String.fromCharCode(Number.parseInt(body.slice(i + 2, i + 6), 16));
      i += 5;
      continue;
    }
    if (/^[0-3][0-7][0-7]$/.test(body.slice(i + 1, i + 4))) {
      out += String.fromCharCode(Number.parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
      continue;
    }
    i++;
    switch (n) {
      case "0":
        out += "\0";
        break;
      case "b":
        out += "\b";
        break;
      case "n":
        out += "\n";
        break;
      case "r":
        out += "\r";
        break;
      case "t":
        out += "\t";
        break;
      case "Z":
        out += "\x1a";
        break;
      case "%":
        out += "\\%";
        break;
      case "_":
        out += "\\_";
        break;
      default:
        out += n;
    }
  }
  return out;
}

export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i]!;
    if (c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\f") {
      i++;
      continue;
    }
    if (c === "-" && src[i + 1] === "-") {
      while (i < n && src[i] !== "\n") i++;
      continue;
    }
    if (c === "/" && src[i + 1] === "*") {
      const e = src.indexOf("*/", i + 2);
      if (e < 0) throw syntaxError(src, i, null);
      i = e + 2;
      continue;
    }
    const start = i;
    if (/[A-Za-z_\u0080-\uffff]/.test(c)) {
      i++;
      while (i < n && /[A-Za-z0-9_$\u0080-\uffff]/.test(src[i]!)) i++;
      out.push({ type: "ident", value: src.slice(start, i), pos: start, end: i });
      continue;
    }
    if (/[0-9]/.test(c) || (c === "." && /[0-9]/.test(src[i + 1] ?? ""))) {
      const m = /^(\d*\.?\d*(?:[eE][+-]?\d+)?)(BD|[LSYDF])?(?![A-Za-z0-9_])/i.exec(src.slice(i));
      if (m) {
        i += m[0].length;
        out.push({ type: "number", value: m[0], pos: start, end: i });
        continue;
      }
      // digits followed by letters: an identifier such as 1a (Spark allows identifiers starting with digits)
      while (i < n && /[A-Za-z0-9_]/.test(src[i]!)) i++;
      out.push({ type: "ident", value: src.slice(start, i), pos: start, end: i });
      continue;
    }
    if (c === "`") {
      let v = "";
      i++;
      for (;;) {
        if (i >= n) throw syntaxError(src, start, src.slice(start));
        if (src[i] === "`") {
          if (src[i + 1] === "`") {
            v += "`";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        v += src[i++];
      }
      out.push({ type: "qident", value: v, pos: start, end: i });
      continue;
    }
    if (c === "'" || c === '"') {
      let j = i + 1;
      let raw = "";
      for (;;) {
        if (j >= n) throw syntaxError(src, start, src.slice(start, start + 1));
        const d = src[j]!;
        if (d === "\\" && j + 1 < n) {
          raw += d + src[j + 1];
          j += 2;
          continue;
        }
        j++;
        if (d === c) {
          // a doubled quote inside the literal is one quote character ('d''e' is d'e), as in Spark 4's lexer
          if (src[j] !== c) break;
          raw += `\\${c}`;
          j++;
          continue;
        }
        raw += d;
      }
      i = j;
      out.push({ type: "string", value: unescapeSql(raw), pos: start, end: i });
      continue;
    }
    const three = src.slice(i, i + 3);
    const two = src.slice(i, i + 2);
    const op = OPS.find((o) => o === three || o === two);
    if (op !== undefined) {
      i += op.length;
      out.push({ type: "op", value: op, pos: start, end: i });
      continue;
    }
    if (SINGLE.includes(c)) {
      i++;
      out.push({ type: "op", value: c, pos: start, end: i });
      continue;
    }
    throw syntaxError(src, start, c);
  }
  out.push({ type: "eof", value: "", pos: n, end: n });
  return out;
}
