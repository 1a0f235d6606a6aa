/**
 * String functions beyond string.ts: format_string/printf (Java's Formatter for the common conversions),
 * soundex, levenshtein with a threshold, mask, quote, url_encode/url_decode (Java's URLEncoder: space as
 * '+'), parse_url, to_binary, jaro_winkler_similarity, sentences, and the number formats of to_char /
 * to_number ('9', '0', '.', ',', '$', 'S', 'MI').
 */
import { SparkIllegalArgumentException } from "../../errors";
import { ArrayType, BinaryType, DecimalType, DoubleType, IntegerType, StringType } from "../../types/data-types";
import { Decimal } from "../../types/decimal";
import { analyzeCallBound, type FunctionDef } from "../analyze";
import { castToString } from "../cast";
import { isDatetimeType } from "../coercion";
import { checkArity, coerceArg, constant, def, nullPropagating, simple, strLit } from "./helpers";

const S = StringType();
const absDec = (d: Decimal): Decimal => (d.unscaled < 0n ? d.neg() : d);

// ---- format_string ----------------------------------------------------------------------------------
const SPEC = /%(\d+\$)?([-#+ 0,(]*)(\d+)?(\.\d+)?([bBhHsScCdoxXeEfgGaA%n])/g;

function pad(s: string, width: number | undefined, left: boolean, zero: boolean): string {
  if (width === undefined || s.length >= width) return s;
  if (zero) {
    const sign = /^[-+ ]/.test(s) ? s[0]! : "";
    return sign + s.slice(sign.length).padStart(width - sign.length, "0");
  }
  return left ? s.padEnd(width) : s.padStart(width);
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** Java's String.format for the conversions Spark users write (%s %d %f %e %x %o %c %b %%). */
export function javaFormat(format: string, args: readonly unknown[], toStr: readonly ((v: unknown) => string)[]): string {
  let next = 0;
  return format.replace(SPEC, (_m, argIdx: string | undefined, flags: string, width: string | undefined, prec: string | undefined, conv: string) => {
    if (conv === "%") return "%";
    if (conv === "n") return "\n";
    const i = argIdx ? Number.parseInt(argIdx, 10) - 1 : next++;
    const v = args[i] ?? null;
    const w = width === undefined ? undefined : Number.parseInt(width, 10);
    const p = prec === undefined ? undefined : Number.parseInt(prec.slice(1), 10);
    const left = flags.includes("-");
    const zero = flags.includes("0");
    const upper = conv === conv.toUpperCase() && conv !== "d" && conv !== "f";
    let s: string;
    switch (conv.toLowerCase()) {
      case "s":
        s = v === null ? "null" : (toStr[i]?.(v) ?? String(v));
        if (p !== undefined) s = s.slice(0, p);
        break;
      case "b":
        s = v === null ? "false" : typeof v === "boolean" ? String(v) : "true";
        break;
      case "c":
        s = v === null ? "null" : String.fromCodePoint(Number(v));
        break;
      case "d": {
        if (v === null) {
          s = "null";
          break;
        }
        const n = BigInt(v instanceof Decimal ? v.unscaled : (v as number | bigint));
        const abs = (n < 0n ? -n : n).toString();
        const body = flags.includes(",") ? groupThousands(abs) : abs;
        s = n < 0n ? (flags.includes("(") ? `(${body})` : `-${body}`) : flags.includes("+") ? `+${body}` : flags.includes(" ") ? ` ${body}` : body;
        break;
      }
      case "x":
      case "o": {
        if (v === null) {
          s = "null";
          break;
        }
        const n = BigInt(v as number | bigint);
        const bits = typeof v === "bigint" ? 64 : 32;
        s = BigInt.asUintN(bits, n).toString(conv.toLowerCase() === "x" ? 16 : 8);
        break;
      }
      case "f":
      case "e": {
        if (v === null) {
          s = "null";
          break;
        }
        const n = v instanceof Decimal ? v.toNumber() : Number(v);
        const digits = p ?? 6;
        if (conv.toLowerCase() === "f") {
          s = v instanceof Decimal ? absDec(v.setScale(digits, "HALF_UP")).toString() : Math.abs(n).toFixed(digits);
          if (flags.includes(",")) {
            const [a, b] = s.split(".");
            s = groupThousands(a!) + (b === undefined ? "" : `.${b}`);
          }
        } else {
          const [m, e] = Math.abs(n).toExponential(digits).split("e");
          const exp = Number.parseInt(e!, 10);
          s = `${m}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
        }
        s = n < 0 || Object.is(n, -0) ? `-${s}` : flags.includes("+") ? `+${s}` : flags.includes(" ") ? ` ${s}` : s;
        break;
      }
      default:
        s = v === null ? "null" : String(v);
    }
    if (upper) s = s.toUpperCase();
    return pad(s, w, left, zero);
  });
}

function formatDef(name: string): FunctionDef {
  return def(name, (f) => {
    checkArity(name, f.args, 1, Number.POSITIVE_INFINITY);
    const fmt = coerceArg(f, 0, S, name).eval;
    const rest = f.args.slice(1);
    const evals = rest.map((a) => a.eval);
    const toStr = rest.map((a) => {
      const c = castToString(a.dataType, f.scope.ctx);
      return (v: unknown) => String(c(v));
    });
    return {
      dataType: S,
      eval: (row) => {
        const fm = fmt(row) as string | null;
        return fm === null ? null : javaFormat(fm, evals.map((e) => e(row)), toStr);
      },
    };
  });
}

// ---- soundex, levenshtein, jaro-winkler ------------------------------------------------------------
const SOUNDEX = "01230120022455012623010202";
function soundex(s: string): string {
  if (s.length === 0 || !/[A-Za-z]/.test(s[0]!)) return s;
  const up = s.toUpperCase();
  let out = up[0]!;
  let last = SOUNDEX[up.charCodeAt(0) - 65]!;
  for (let i = 1; i < up.length && out.length < 4; i++) {
    const c = up.charCodeAt(i) - 65;
    if (c < 0 || c > 25) {
      last = "0";
      continue;
    }
    const code = SOUNDEX[c]!;
    const ch = up[i]!;
    if (code !== "0" && code !== last) out += code;
    if (ch !== "H" && ch !== "W") last = code;
  }
  return out.padEnd(4, "0");
}

function levenshtein(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, i) => i);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[y.length]!;
}

function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  const range = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const am = new Array<boolean>(a.length).fill(false);
  const bm = new Array<boolean>(b.length).fill(false);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = Math.max(0, i - range); j < Math.min(b.length, i + range + 1); j++) {
      if (!bm[j] && a[i] === b[j]) {
        am[i] = bm[j] = true;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let t = 0;
  let k = 0;
  for (let i = 0; i < a.length; i++) {
    if (!am[i]) continue;
    while (!bm[k]) k++;
    if (a[i] !== b[k]) t++;
    k++;
  }
  const m = matches;
  const jaro = (m / a.length + m / b.length + (m - t / 2) / m) / 3;
  let prefix = 0;
  while (prefix < Math.min(4, a.length, b.length) && a[prefix] === b[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

// ---- URLs ---------------------------------------------------------------------------------------------
function urlEncode(s: string): string {
  return encodeURIComponent(s)
    .replace(/%20/g, "+")
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
function urlDecode(s: string): string | null {
  try {
    return decodeURIComponent(s.replace(/\+/g, " "));
  } catch {
    return null;
  }
}
function cannotDecode(s: string): SparkIllegalArgumentException {
  return new SparkIllegalArgumentException(`[CANNOT_DECODE_URL] The provided URL cannot be decoded: ${s}. Please ensure that the URL is properly formatted and try again. SQLSTATE: 22546`, {
    errorClass: "CANNOT_DECODE_URL",
    sqlState: "22546",
  });
}

const URL_RE = /^([a-zA-Z][a-zA-Z0-9+.-]*):(\/\/(([^@/?#]*)@)?([^/?#:]*)(:(\d*))?)?([^?#]*)(\?([^#]*))?(#(.*))?$/;
function parseUrl(url: string, part: string, key: string | null): string | null {
  const m = URL_RE.exec(url);
  if (m === null) return null;
  const [, protocol, authorityPart, , userinfo, host, , , path, , query, , ref] = m;
  const authority = authorityPart === undefined ? undefined : authorityPart.slice(2);
  switch (part) {
    case "HOST":
      return host || null;
    case "PATH":
      return path ?? "";
    case "QUERY":
      if (query === undefined) return null;
      if (key === null) return query;
      for (const kv of query.split("&")) {
        const i = kv.indexOf("=");
        if ((i < 0 ? kv : kv.slice(0, i)) === key) return i < 0 ? null : kv.slice(i + 1);
      }
      return null;
    case "REF":
      return ref ?? null;
    case "PROTOCOL":
      return protocol ?? null;
    case "FILE":
      return (path ?? "") + (query === undefined ? "" : `?${query}`);
    case "AUTHORITY":
      return authority ?? null;
    case "USERINFO":
      return userinfo ?? null;
    default:
      return null;
  }
}

// ---- to_binary ----------------------------------------------------------------------------------------
function toBinary(s: string, fmt: string): Uint8Array | null {
  switch (fmt.toLowerCase()) {
    case "hex": {
      const t = s.length % 2 === 1 ? `0${s}` : s;
      if (!/^[0-9a-fA-F]*$/.test(t)) return null;
      return Uint8Array.from(Buffer.from(t, "hex"));
    }
    case "utf-8":
    case "utf8":
      return Uint8Array.from(Buffer.from(s, "utf8"));
    case "base64":
      if (!/^[A-Za-z0-9+/=\s]*$/.test(s)) return null;
      return Uint8Array.from(Buffer.from(s, "base64"));
    default:
      return null;
  }
}
function binaryError(s: string, fmt: string): SparkIllegalArgumentException {
  return new SparkIllegalArgumentException(
    `[CONVERSION_INVALID_INPUT] The value '${s}' (STRING) cannot be converted to BINARY because it is malformed. Correct the value as per the syntax, or change its format. Use 'try_to_binary' to tolerate malformed input and return NULL instead. SQLSTATE: 22018`,
    { errorClass: "CONVERSION_INVALID_INPUT", sqlState: "22018", messageParameters: { fmt } },
  );
}

// ---- number formats (to_char / to_number) ---------------------------------------------------------------
interface NumFormat {
  readonly intDigits: number;
  readonly fracDigits: number;
  readonly zeroPad: boolean;
  readonly dollar: boolean;
  readonly sign: "S" | "MI" | null;
  readonly groups: boolean;
}
function parseNumFormat(fmt: string): NumFormat {
  const f = fmt.toUpperCase();
  const [a, b = ""] = f.replace(/^\$|S|MI|PR/g, "").split(/[.D]/);
  return {
    intDigits: (a!.match(/[09]/g) ?? []).length,
    fracDigits: (b.match(/[09]/g) ?? []).length,
    zeroPad: /^[$S]*0/.test(f),
    dollar: f.includes("$"),
    sign: f.includes("MI") ? "MI" : f.includes("S") ? "S" : null,
    groups: /[,G]/.test(a!),
  };
}
function toChar(d: Decimal, fmt: string): string {
  const nf = parseNumFormat(fmt);
  const v = d.setScale(nf.fracDigits, "HALF_UP");
  const neg = v.unscaled < 0n;
  const [ip, fp = ""] = absDec(v).toString().split(".");
  let intPart = ip === "0" && nf.intDigits > 0 && !nf.zeroPad && nf.fracDigits > 0 ? "0" : ip!;
  if (intPart.length > nf.intDigits) return fmt.replace(/[09]/g, "#");
  intPart = nf.zeroPad ? intPart.padStart(nf.intDigits, "0") : intPart;
  if (nf.groups) intPart = groupThousands(intPart);
  let body = `${nf.dollar ? "$" : ""}${intPart}${nf.fracDigits > 0 ? `.${fp}` : ""}`;
  if (nf.sign === "S") body = `${neg ? "-" : "+"}${body}`;
  else if (nf.sign === "MI") body = `${body}${neg ? "-" : " "}`;
  else if (neg) body = `-${body}`;
  const width = fmt.replace(/MI/gi, "M").length;
  return body.padStart(width);
}
function toNumber(s: string, fmt: string): Decimal | null {
  const nf = parseNumFormat(fmt);
  const t = s.trim().replace(/[$,]/g, "");
  if (!/^[-+]?\d*(\.\d*)?-?$/.test(t) || t === "") return null;
  const neg = t.startsWith("-") || t.endsWith("-");
  const digits = t.replace(/[-+]/g, "");
  const [a = "", b = ""] = digits.split(".");
  if (a.replace(/^0+/, "").length > nf.intDigits || b.length > nf.fracDigits) return null;
  const d = Decimal.parse(`${neg ? "-" : ""}${a || "0"}.${b || "0"}`);
  return d === null ? null : d.setScale(nf.fracDigits, "HALF_UP");
}
function invalidFormat(s: string, fmt: string): SparkIllegalArgumentException {
  return new SparkIllegalArgumentException(`[INVALID_FORMAT.MISMATCH_INPUT] The format is invalid: '${fmt}'. The input ${s} does not match the format. SQLSTATE: 42601`, {
    errorClass: "INVALID_FORMAT.MISMATCH_INPUT",
    sqlState: "42601",
  });
}

function toCharDef(name: string): FunctionDef {
  return def(name, (f) => {
    checkArity(name, f.args, 2);
    if (isDatetimeType(f.args[0]!.dataType)) {
      const b = analyzeCallBound("date_format", f.args, f.scope);
      return { dataType: S, eval: b.eval };
    }
    if (f.args[0]!.dataType instanceof BinaryType) {
      const b = analyzeCallBound("hex", [f.args[0]!], f.scope);
      return { dataType: S, eval: b.eval };
    }
    const x = coerceArg(f, 0, DecimalType(38, 18), name);
    const fmt = String(constant(f.args[1]));
    // to_varchar is an alias Spark prints as to_char
    return { dataType: S, name: `to_char(${f.args[0]!.name}, ${f.args[1]!.name})`, eval: nullPropagating([x.eval], (v) => toChar(v as Decimal, fmt), false) };
  });
}
function toNumberDef(name: string, tolerant: boolean): FunctionDef {
  return def(name, (f) => {
    checkArity(name, f.args, 2);
    const s = coerceArg(f, 0, S, name);
    const fmt = String(constant(f.args[1]));
    const nf = parseNumFormat(fmt);
    return {
      dataType: DecimalType(Math.max(nf.intDigits + nf.fracDigits, 1), nf.fracDigits),
      eval: nullPropagating([s.eval], (v) => {
        const d = toNumber(v as string, fmt);
        if (d === null && !tolerant) throw invalidFormat(v as string, fmt);
        return d;
      }, false),
    };
  });
}

export function moreStringFunctions(): Record<string, FunctionDef> {
  const urlDecodeDef = (name: string, tolerant: boolean) =>
    simple(name, [S], S, () => (s: string) => {
      const r = urlDecode(s);
      if (r === null && !tolerant) throw cannotDecode(s);
      return r;
    });
  const parseUrlDef = (name: string, tolerant: boolean) =>
    def(name, (f) => {
      checkArity(name, f.args, 2, 3);
      const u = coerceArg(f, 0, S, name);
      const p = coerceArg(f, 1, S, name);
      const k = f.args.length > 2 ? coerceArg(f, 2, S, name) : null;
      return {
        dataType: S,
        eval: (row) => {
          const url = u.eval(row) as string | null;
          const part = p.eval(row) as string | null;
          if (url === null || part === null) return null;
          const key = k === null ? null : (k.eval(row) as string | null);
          if (k !== null && key === null) return null;
          if (!URL_RE.test(url) && !tolerant && /\s/.test(url)) {
            throw new SparkIllegalArgumentException(`[INVALID_URL] The url is invalid: ${url}. Use \`try_parse_url\` to tolerate invalid URL and return NULL instead. SQLSTATE: 22P02`, {
              errorClass: "INVALID_URL",
              sqlState: "22P02",
            });
          }
          return parseUrl(url, part, key);
        },
      };
    });
  const toBinaryDef = (name: string, tolerant: boolean) =>
    def(name, (f) => {
      checkArity(name, f.args, 1, 2);
      const s = coerceArg(f, 0, S, name);
      const fm = f.args.length > 1 ? coerceArg(f, 1, S, name) : strLit("hex");
      return {
        dataType: BinaryType(),
        eval: nullPropagating([s.eval, fm.eval], (v, fmt) => {
          const r = toBinary(v as string, fmt as string);
          if (r === null && !tolerant) throw binaryError(v as string, fmt as string);
          return r;
        }, false),
      };
    });
  return {
    format_string: formatDef("format_string"),
    printf: formatDef("printf"),
    soundex: simple("soundex", [S], S, () => (s: string) => soundex(s)),
    levenshtein: def("levenshtein", (f) => {
      checkArity("levenshtein", f.args, 2, 3);
      const a = coerceArg(f, 0, S, "levenshtein");
      const b = coerceArg(f, 1, S, "levenshtein");
      const t = f.args.length > 2 ? coerceArg(f, 2, IntegerType(), "levenshtein") : null;
      return {
        dataType: IntegerType(),
        eval: nullPropagating(t === null ? [a.eval, b.eval] : [a.eval, b.eval, t.eval], (x, y, th) => {
          const d = levenshtein(x as string, y as string);
          return th !== undefined && d > (th as number) ? -1 : d;
        }, false),
      };
    }),
    jaro_winkler_similarity: simple("jaro_winkler_similarity", [S, S], DoubleType(), () => (a: string, b: string) => jaroWinkler(a, b)),
    mask: def("mask", (f) => {
      checkArity("mask", f.args, 1, 5);
      const s = coerceArg(f, 0, S, "mask");
      const defaults = ["X", "x", "n", null];
      const reps = [1, 2, 3, 4].map((i) => (i < f.args.length ? (constant(f.args[i]) as string | null) : defaults[i - 1]!));
      const shown = [1, 2, 3, 4].map((i) => (i < f.args.length ? f.args[i]!.name : (defaults[i - 1] ?? "NULL")));
      return {
        dataType: S,
        name: `mask(${s.name}, ${shown.join(", ")})`,
        eval: nullPropagating([s.eval], (v) =>
          [...(v as string)]
            .map((c) => {
              const r = /[A-Z]/.test(c) ? reps[0] : /[a-z]/.test(c) ? reps[1] : /[0-9]/.test(c) ? reps[2] : reps[3];
              return r === null || r === undefined ? c : r;
            })
            .join(""),
        false),
      };
    }),
    quote: simple("quote", [S], S, () => (s: string) => `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`),
    url_encode: simple("url_encode", [S], S, () => (s: string) => urlEncode(s)),
    url_decode: urlDecodeDef("url_decode", false),
    try_url_decode: urlDecodeDef("try_url_decode", true),
    parse_url: parseUrlDef("parse_url", false),
    try_parse_url: parseUrlDef("try_parse_url", true),
    to_binary: toBinaryDef("to_binary", false),
    try_to_binary: toBinaryDef("try_to_binary", true),
    sentences: def("sentences", (f) => {
      checkArity("sentences", f.args, 1, 3);
      const s = coerceArg(f, 0, S, "sentences");
      const shown = [f.args[1]?.name ?? "", f.args[2]?.name ?? ""];
      return {
        dataType: ArrayType(ArrayType(S, true), true),
        name: `sentences(${s.name}, ${shown.join(", ")})`,
        eval: nullPropagating([s.eval], (v) =>
          (v as string)
            .split(/(?<=[.!?])\s+/u)
            .map((sentence) => sentence.match(/[\p{L}\p{N}_']+/gu) ?? [])
            .filter((w) => w.length > 0),
        false),
      };
    }),
    to_char: toCharDef("to_char"),
    to_varchar: toCharDef("to_varchar"),
    to_number: toNumberDef("to_number", false),
    try_to_number: toNumberDef("try_to_number", true),
  };
}

