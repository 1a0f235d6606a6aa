/**
 * String functions (Spark's stringExpressions / regexpExpressions). Lengths and positions count
 * Unicode code points, as Spark's UTF8String does. Regexes use JS RegExp, which agrees with Java's
 * syntax for the common subset.
 */
import { initcap as initcapText } from "./title-case";
import { createHash } from "node:crypto";
import { AnalysisException, SparkRuntimeException } from "../../errors";
import {
  ArrayType,
  BinaryType,
  BooleanType,
  type DataType,
  IntegerType,
  LongType,
  StringType,
} from "../../types/data-types";
import type { Bound, FunctionArgs, FunctionDef } from "../analyze";
import { isIntegralType } from "../coercion";
import { castToString } from "../cast";
import { checkArity, coerceArg, constant, def, intLit, nullPropagating, simple, strLit } from "./helpers";

const S = StringType();
const I = IntegerType();

function hasSurrogates(s: string): boolean {
  return /[\ud800-\udfff]/.test(s);
}
export function codePointLength(s: string): number {
  if (!hasSurrogates(s)) return s.length;
  let n = 0;
  for (const _ of s) n++;
  return n;
}
function cpSlice(s: string, start: number, end?: number): string {
  if (!hasSurrogates(s)) return s.slice(start, end);
  return Array.from(s).slice(start, end).join("");
}

/** UTF8String.substringSQL. */
export function substringSQL(s: string, pos: number, length: number): string {
  const len = codePointLength(s);
  let start = pos > 0 ? pos - 1 : pos < 0 ? len + pos : 0;
  let end = start + length;
  if (end > 2147483647) end = 2147483647;
  start = Math.max(start, 0);
  if (start >= end) return "";
  return cpSlice(s, start, Math.min(end, len));
}

function pad(left: boolean) {
  return (s: string, len: number, p: string): string => {
    const n = codePointLength(s);
    if (len <= 0) return "";
    if (n >= len) return cpSlice(s, 0, len);
    if (p.length === 0) return s;
    const need = len - n;
    const pc = Array.from(p);
    let fill = "";
    for (let i = 0; i < need; i++) fill += pc[i % pc.length];
    return left ? fill + s : s + fill;
  };
}

function trimChars(mode: "both" | "left" | "right", chars: string | null) {
  return (s: string): string => {
    const set = chars === null ? null : new Set(Array.from(chars));
    const isTrim = set === null ? (c: string) => c === " " : (c: string) => set.has(c);
    const cs = Array.from(s);
    let a = 0;
    let b = cs.length;
    if (mode !== "right") while (a < b && isTrim(cs[a]!)) a++;
    if (mode !== "left") while (b > a && isTrim(cs[b - 1]!)) b--;
    return cs.slice(a, b).join("");
  };
}

function trimDef(name: string, mode: "both" | "left" | "right", syntax: string): FunctionDef {
  return {
    name,
    resolve: (f) => {
      checkArity(name, f.args, 1, 2);
      const str = coerceArg(f, 0, S, name);
      if (f.args.length === 1) {
        const t = trimChars(mode, null);
        return { dataType: S, eval: nullPropagating([str.eval], (v) => t(v as string), false) };
      }
      const chars = coerceArg(f, 1, S, name);
      const kw = f.call.syntax ?? syntax;
      const nm = `TRIM(${kw} ${f.args[1]!.name} FROM ${f.args[0]!.name})`;
      return {
        dataType: S,
        name: f.call.syntax ? nm : `${name}(${f.args[0]!.name}, ${f.args[1]!.name})`,
        eval: nullPropagating([str.eval, chars.eval], (v, c) => trimChars(mode, c as string)(v as string), false),
      };
    },
  };
}

/** Java-style regex text -> JS RegExp (flags: Java's inline (?i) etc. are translated). */
export function javaRegex(pattern: string, flags = ""): RegExp {
  let p = pattern;
  let f = flags;
  const m = /^\(\?([imsx]+)\)/.exec(p);
  if (m) {
    p = p.slice(m[0].length);
    for (const c of m[1]!) if (c !== "x" && !f.includes(c)) f += c;
  }
  p = p.replace(/\\Q(.*?)(\\E|$)/g, (_all, lit: string) => lit.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  p = p.replace(/\\z/g, "$").replace(/\\Z/g, "(?=\\n?$)").replace(/\\A/g, "^").replace(/\(\?<([a-zA-Z][a-zA-Z0-9]*)>/g, "(?<$1>");
  p = p.replace(/\\p\{(Alpha|Punct|Digit|Upper|Lower|Alnum|Space)\}/g, (_a, cls: string) => POSIX[cls] ?? _a);
  try {
    return new RegExp(p, f.includes("u") ? f : `${f}u`);
  } catch {
    return new RegExp(p, f);
  }
}
const POSIX: Readonly<Record<string, string>> = {
  Alpha: "[a-zA-Z]",
  Punct: "[!-/:-@[-`{-~]",
  Digit: "[0-9]",
  Upper: "[A-Z]",
  Lower: "[a-z]",
  Alnum: "[a-zA-Z0-9]",
  Space: "[ \\t\\n\\x0B\\f\\r]",
};

function regexOrError(pattern: string, fnName: string, flags = ""): RegExp {
  try {
    return javaRegex(pattern, flags);
  } catch (e) {
    throw new SparkRuntimeException(
      `[INVALID_PARAMETER_VALUE.PATTERN] The value of parameter(s) \`regexp\` in \`${fnName}\` is invalid: '${pattern}'. SQLSTATE: 22023`,
      { errorClass: "INVALID_PARAMETER_VALUE.PATTERN", sqlState: "22023", cause: e },
    );
  }
}

/** Caches the compiled regex when the pattern is constant. */
function regexGetter(fnName: string, flags = ""): (p: string) => RegExp {
  let last: string | null = null;
  let re: RegExp | null = null;
  return (p) => {
    if (p !== last || re === null) {
      re = regexOrError(p, fnName, flags);
      last = p;
    }
    re.lastIndex = 0;
    return re;
  };
}

/** Java's String.split(regex, limit) (Spark calls it with limit -1 by default). */
export function javaSplit(s: string, re: RegExp, limit: number): string[] {
  const g = new RegExp(re.source, re.flags.includes("g") ? re.flags : `${re.flags}g`);
  const out: string[] = [];
  let last = 0;
  if (s.length === 0) return [""];
  for (;;) {
    if (limit > 0 && out.length === limit - 1) break;
    const m = g.exec(s);
    if (m === null) break;
    if (m[0].length === 0) {
      if (m.index >= s.length) break;
      if (m.index === 0) {
        g.lastIndex++;
        continue;
      }
      out.push(s.slice(last, m.index));
      last = m.index;
      g.lastIndex++;
      continue;
    }
    out.push(s.slice(last, m.index));
    last = m.index + m[0].length;
  }
  out.push(s.slice(last));
  if (limit === 0) while (out.length > 1 && out[out.length - 1] === "") out.pop();
  return out;
}

/** SQL LIKE pattern -> RegExp (StringUtils.escapeLikeRegex). */
export function likeToRegex(pattern: string, esc: string, flags = "s"): RegExp {
  let out = "";
  const cs = Array.from(pattern);
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i]!;
    if (c === esc) {
      const n = cs[i + 1];
      if (n === "_" || n === "%" || n === esc) {
        out += n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        i++;
        continue;
      }
      throw new AnalysisException(
        `[INVALID_FORMAT.ESC_IN_THE_MIDDLE] The format is invalid: '${pattern}'. The escape character is not allowed to precede '${n ?? ""}'. SQLSTATE: 42601`,
        { errorClass: "INVALID_FORMAT.ESC_IN_THE_MIDDLE", sqlState: "42601" },
      );
    }
    if (c === "_") out += ".";
    else if (c === "%") out += ".*";
    else out += c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  }
  return new RegExp(`^${out}$`, `${flags}u`);
}

function likeDef(name: string, ci: boolean): FunctionDef {
  return {
    name,
    resolve: (f) => {
      checkArity(name, f.args, 2, 3);
      const str = coerceArg(f, 0, S, name);
      const pat = coerceArg(f, 1, S, name);
      const esc = f.call.syntax ?? (f.args[2] ? String(constant(f.args[2])) : "\\");
      const flags = ci ? "si" : "s";
      let cache: [string, RegExp] | null = null;
      const get = (p: string) => {
        if (cache === null || cache[0] !== p) cache = [p, likeToRegex(p, esc, flags)];
        return cache[1];
      };
      const escName = f.call.syntax !== undefined && f.call.syntax !== "\\" ? ` ESCAPE '${f.call.syntax}'` : "";
      const nm = ci ? `ilike(${str.name}, ${pat.name})` : `${f.args[0]!.name} LIKE ${f.args[1]!.name}${escName}`;
      return { dataType: BooleanType(), name: nm, eval: nullPropagating([str.eval, pat.eval], (s, p) => get(p as string).test(s as string), false) };
    },
  };
}

function likeQuantified(name: string, all: boolean): FunctionDef {
  return {
    name,
    resolve: (f) => {
      const str = coerceArg(f, 0, S, name);
      const pats = f.args.slice(1).map((_, i) => coerceArg(f, i + 1, S, name));
      const se = str.eval;
      const pe = pats.map((p) => p.eval);
      return {
        dataType: BooleanType(),
        name: `${f.args[0]!.name} LIKE ${all ? "ALL" : "ANY"} (${pats.map((p) => p.name).join(", ")})`,
        eval: (row) => {
          const s = se(row) as string | null;
          if (s === null) return null;
          let sawNull = false;
          for (const p of pe) {
            const v = p(row) as string | null;
            if (v === null) {
              sawNull = true;
              continue;
            }
            const m = likeToRegex(v, "\\").test(s);
            if (all && !m) return false;
            if (!all && m) return true;
          }
          return sawNull ? null : all;
        },
      };
    },
  };
}

function regexGroupError(fnName: string, groupCount: number, idx: number): SparkRuntimeException {
  return new SparkRuntimeException(
    `[INVALID_PARAMETER_VALUE.REGEX_GROUP_INDEX] The value of parameter(s) \`idx\` in \`${fnName}\` is invalid: Expects group index between 0 and ${groupCount}, but got ${idx}. SQLSTATE: 22023`,
    { errorClass: "INVALID_PARAMETER_VALUE.REGEX_GROUP_INDEX", sqlState: "22023" },
  );
}

function groupCountOf(re: RegExp): number {
  return new RegExp(`${re.source}|`, re.flags.replace("g", "")).exec("")!.length - 1;
}

const utf8 = new TextEncoder();

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function hexOf(v: unknown, t: DataType): string {
  if (typeof v === "bigint" || typeof v === "number") {
    const b = BigInt.asUintN(64, BigInt(v));
    return b.toString(16).toUpperCase();
  }
  const bytes = t instanceof BinaryType ? (v as Uint8Array) : utf8.encode(v as string);
  return Buffer.from(bytes).toString("hex").toUpperCase();
}

export function stringFunctions(): Record<string, FunctionDef> {
  const up = simple("upper", [S], S, () => (s: string) => s.toUpperCase());
  const low = simple("lower", [S], S, () => (s: string) => s.toLowerCase());
  const len = (name: string) =>
    def(name, (f) => {
      checkArity(name, f.args, 1);
      const a = f.args[0]!;
      const b = a.dataType instanceof BinaryType ? a : coerceArg(f, 0, S, name);
      const bin = a.dataType instanceof BinaryType;
      return {
        dataType: I,
        eval: nullPropagating([b.eval], (v) => (bin ? (v as Uint8Array).length : codePointLength(v as string)), false),
      };
    });
  const substr = (name: string) =>
    simple(name, [S, I, I], S, () => (s: string, p: number, l: number) => substringSQL(s, p, l), {
      min: 2,
      max: 3,
      defaults: [intLit(2147483647)],
    });
  const concat = def("concat", (f) => {
    const arrays = f.args.length > 0 && f.args.every((a) => a.dataType instanceof ArrayType);
    if (arrays) {
      const ev = f.args.map((a) => a.eval);
      return {
        dataType: f.args[0]!.dataType,
        eval: (row) => {
          const out: unknown[] = [];
          for (const e of ev) {
            const v = e(row) as unknown[] | null;
            if (v === null) return null;
            out.push(...v);
          }
          return out;
        },
      };
    }
    const args = f.args.map((a, i) => (a.dataType instanceof BinaryType ? a : coerceArg(f, i, S, "concat")));
    const ev = args.map((a) => a.eval);
    return {
      dataType: S,
      eval: (row) => {
        let out = "";
        for (const e of ev) {
          const v = e(row);
          if (v === null) return null;
          out += v as string;
        }
        return out;
      },
    };
  });
  const concatWs = def("concat_ws", (f) => {
    checkArity("concat_ws", f.args, 1, Number.POSITIVE_INFINITY);
    const sep = coerceArg(f, 0, S, "concat_ws").eval;
    const parts = f.args.slice(1).map((a, i) => {
      if (a.dataType instanceof ArrayType) {
        const conv = castToString(a.dataType.elementType, f.scope.ctx);
        const e = a.eval;
        return (row: unknown[]) => {
          const v = e(row) as unknown[] | null;
          return v === null ? null : v.filter((x) => x !== null).map((x) => conv(x) as string);
        };
      }
      const e = coerceArg(f, i + 1, S, "concat_ws").eval;
      return (row: unknown[]) => e(row) as string | null;
    });
    return {
      dataType: S,
      eval: (row) => {
        const s = sep(row) as string | null;
        if (s === null) return null;
        const out: string[] = [];
        for (const p of parts) {
          const v = p(row);
          if (v === null) continue;
          if (Array.isArray(v)) out.push(...v);
          else out.push(v);
        }
        return out.join(s);
      },
    };
  });
  const replace = simple("replace", [S, S, S], S, () => (s: string, a: string, b: string) => (a === "" ? s : s.split(a).join(b)), {
    min: 2,
    max: 3,
    defaults: [strLit("")],
  });
  const split = def("split", (f) => {
    checkArity("split", f.args, 2, 3);
    const args = f.args.length === 2 ? [...f.args, intLit(-1)] : f.args;
    const fa = { ...f, args };
    const s = coerceArg(fa, 0, S, "split");
    const r = coerceArg(fa, 1, S, "split");
    const l = coerceArg(fa, 2, I, "split");
    const getRe = regexGetter("split");
    return {
      dataType: ArrayType(S, false),
      name: `split(${args.map((a) => a.name).join(", ")})`,
      eval: nullPropagating([s.eval, r.eval, l.eval], (str, re, lim) => javaSplit(str as string, getRe(re as string), lim as number), false),
    };
  });
  const lpad = simple("lpad", [S, I, S], S, () => pad(true), { min: 2, max: 3, defaults: [strLit(" ")] });
  const rpad = simple("rpad", [S, I, S], S, () => pad(false), { min: 2, max: 3, defaults: [strLit(" ")] });
  const instr = simple("instr", [S, S], I, () => (s: string, sub: string) => {
    const i = s.indexOf(sub);
    return i < 0 ? 0 : codePointLength(s.slice(0, i)) + 1;
  });
  const locate = simple(
    "locate",
    [S, S, I],
    I,
    () => (sub: string, s: string, pos: number) => {
      if (pos < 1) return 0;
      const cs = Array.from(s);
      const start = Array.from(cs.slice(0, pos - 1).join("")).join("").length;
      const i = s.indexOf(sub, start);
      return i < 0 ? 0 : codePointLength(s.slice(0, i)) + 1;
    },
    { min: 2, max: 3, defaults: [intLit(1)] },
  );
  const regexpReplace = def("regexp_replace", (f) => {
    checkArity("regexp_replace", f.args, 3, 4);
    const s = coerceArg(f, 0, S, "regexp_replace");
    const r = coerceArg(f, 1, S, "regexp_replace");
    const rep = coerceArg(f, 2, S, "regexp_replace");
    const pos = f.args.length > 3 ? coerceArg(f, 3, I, "regexp_replace") : intLit(1);
    const getRe = regexGetter("regexp_replace", "g");
    const pc = constant(pos);
    if (typeof pc === "number" && pc <= 0) {
      throw new AnalysisException(
        `[DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE] Cannot resolve "regexp_replace(${f.args.map((a) => a.name).join(", ")})" due to data type mismatch: The \`position\` must be between 1 and 2147483647 (current value = ${pc}). SQLSTATE: 42K09`,
        { errorClass: "DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE", sqlState: "42K09" },
      );
    }
    return {
      dataType: S,
      name: `regexp_replace(${[...f.args.slice(0, 3), pos].map((a) => a.name).join(", ")})`,
      eval: nullPropagating([s.eval, r.eval, rep.eval, pos.eval], (str, re, x, p) => {
        const st = str as string;
        const start = (p as number) - 1;
        if (start > st.length) return st;
        const jsRep = (x as string).replace(/\\\$/g, "$$$$").replace(/\\\\/g, "\\");
        return st.slice(0, start) + st.slice(start).replace(getRe(re as string), jsRep);
      }, false),
    };
  });
  const regexpExtract = (name: string, all: boolean) =>
    def(name, (f) => {
      checkArity(name, f.args, 2, 3);
      const args = f.args.length === 2 ? [...f.args, intLit(1)] : f.args;
      const fa = { ...f, args };
      const s = coerceArg(fa, 0, S, name);
      const r = coerceArg(fa, 1, S, name);
      const idx = coerceArg(fa, 2, I, name);
      const getRe = regexGetter(name, all ? "g" : "");
      return {
        dataType: all ? ArrayType(S, true) : S,
        name: `${name}(${args.map((a) => a.name).join(", ")})`,
        eval: nullPropagating([s.eval, r.eval, idx.eval], (str, re, i) => {
          const rx = getRe(re as string);
          const gc = groupCountOf(rx);
          const k = i as number;
          if (k < 0 || k > gc) throw regexGroupError(name, gc, k);
          if (all) {
            return [...(str as string).matchAll(rx)].map((m) => m[k] ?? "");
          }
          const m = rx.exec(str as string);
          return m === null ? "" : (m[k] ?? "");
        }, false),
      };
    });
  const rlike = (name: string) =>
    def(name, (f) => {
      checkArity(name, f.args, 2);
      const s = coerceArg(f, 0, S, name);
      const r = coerceArg(f, 1, S, name);
      const getRe = regexGetter(name);
      return {
        dataType: BooleanType(),
        name: name === "rlike" ? `RLIKE(${s.name}, ${r.name})` : `${name.toUpperCase()}(${s.name}, ${r.name})`,
        eval: nullPropagating([s.eval, r.eval], (str, re) => getRe(re as string).test(str as string), false),
      };
    });
  const repeat = simple("repeat", [S, I], S, () => (s: string, n: number) => (n <= 0 ? "" : s.repeat(n)));
  const reverse = def("reverse", (f) => {
    checkArity("reverse", f.args, 1);
    if (f.args[0]!.dataType instanceof ArrayType) {
      return { dataType: f.args[0]!.dataType, eval: nullPropagating([f.args[0]!.eval], (a) => [...(a as unknown[])].reverse(), false) };
    }
    const s = coerceArg(f, 0, S, "reverse");
    return { dataType: S, eval: nullPropagating([s.eval], (v) => Array.from(v as string).reverse().join(""), false) };
  });
  const initcap = simple("initcap", [S], S, () => initcapText);
  const hex = def("hex", (f) => {
    checkArity("hex", f.args, 1);
    const a = f.args[0]!;
    const b = isIntegralType(a.dataType) || a.dataType instanceof BinaryType || a.dataType instanceof StringType ? a : coerceArg(f, 0, LongType(), "hex");
    const t = b.dataType;
    return { dataType: S, eval: nullPropagating([b.eval], (v) => hexOf(v, t), false) };
  });
  const unhex = simple("unhex", [S], BinaryType(), () => (s: string) => {
    const t = s.length % 2 === 1 ? `0${s}` : s;
    if (!/^[0-9a-fA-F]*$/.test(t)) return null;
    return new Uint8Array(Buffer.from(t, "hex"));
  });
  const ascii = simple("ascii", [S], I, () => (s: string) => (s.length === 0 ? 0 : s.codePointAt(0)!));
  const chr = (name: string) =>
    simple(name, [LongType()], S, () => (n: bigint) => (n < 0n ? "" : String.fromCharCode(Number(n % 256n))));
  const base64 = def("base64", (f) => {
    const b = f.args[0]!.dataType instanceof BinaryType ? f.args[0]! : coerceArg(f, 0, BinaryType(), "base64");
    return { dataType: S, eval: nullPropagating([b.eval], (v) => Buffer.from(v as Uint8Array).toString("base64"), false) };
  });
  const unbase64 = simple("unbase64", [S], BinaryType(), () => (s: string) => new Uint8Array(Buffer.from(s, "base64")));
  const left = simple("left", [S, I], S, () => (s: string, n: number) => (n <= 0 ? "" : substringSQL(s, 1, n)));
  const right = simple("right", [S, I], S, () => (s: string, n: number) => (n <= 0 ? "" : substringSQL(s, -n, 2147483647)));
  const startswith = simple("startswith", [S, S], BooleanType(), () => (a: string, b: string) => a.startsWith(b));
  const endswith = simple("endswith", [S, S], BooleanType(), () => (a: string, b: string) => a.endsWith(b));
  const contains = simple("contains", [S, S], BooleanType(), () => (a: string, b: string) => a.includes(b));
  const translate = simple("translate", [S, S, S], S, () => (s: string, from: string, to: string) => {
    const f = Array.from(from);
    const t = Array.from(to);
    const map = new Map<string, string>();
    f.forEach((c, i) => {
      if (!map.has(c)) map.set(c, t[i] ?? "");
    });
    return Array.from(s)
      .map((c) => (map.has(c) ? map.get(c)! : c))
      .join("");
  });
  const splitPart = simple("split_part", [S, S, I], S, () => (s: string, d: string, n: number) => {
    if (n === 0) {
      throw new SparkRuntimeException(
        "[INVALID_INDEX_OF_ZERO] The index 0 is invalid. An index shall be either < 0 or > 0 (the first element has index 1). SQLSTATE: 22003",
        { errorClass: "INVALID_INDEX_OF_ZERO", sqlState: "22003" },
      );
    }
    const parts = d === "" ? [s] : s.split(d);
    const i = n > 0 ? n - 1 : parts.length + n;
    return i < 0 || i >= parts.length ? "" : parts[i]!;
  });
  const substringIndex = simple("substring_index", [S, S, I], S, () => (s: string, d: string, n: number) => {
    if (d.length === 0 || n === 0) return "";
    const parts = s.split(d);
    if (n > 0) return parts.slice(0, n).join(d);
    return parts.slice(Math.max(parts.length + n, 0)).join(d);
  });
  const space = simple("space", [I], S, () => (n: number) => (n <= 0 ? "" : " ".repeat(n)));
  const octetLength = simple("octet_length", [S], I, () => (s: string) => utf8.encode(s).length);
  const bitLength = simple("bit_length", [S], I, () => (s: string) => utf8.encode(s).length * 8);
  const levenshtein = simple("levenshtein", [S, S], I, () => (a: string, b: string) => {
    const x = Array.from(a);
    const y = Array.from(b);
    let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
    for (let i = 1; i <= x.length; i++) {
      const cur = [i];
      for (let j = 1; j <= y.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
      prev = cur;
    }
    return prev[y.length]!;
  });
  const overlay = simple(
    "overlay",
    [S, S, I, I],
    S,
    () => (s: string, r: string, pos: number, l: number) => {
      const cs = Array.from(s);
      const len = l < 0 ? Array.from(r).length : l;
      return cs.slice(0, pos - 1).join("") + r + cs.slice(pos - 1 + len).join("");
    },
    { min: 3, max: 4, defaults: [intLit(-1)] },
  );
  const btrim = trimDef("btrim", "both", "BOTH");
  const formatNumber = simple("format_number", ["double", I], S, () => (v: number, d: number) => {
    if (d < 0) return null;
    return v.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });
  });
  const digest = (name: string, algo: string) =>
    def(name, (f) => {
      checkArity(name, f.args, 1);
      const b = f.args[0]!.dataType instanceof BinaryType ? f.args[0]! : coerceArg(f, 0, BinaryType(), name);
      return { dataType: S, eval: nullPropagating([b.eval], (v) => createHash(algo).update(v as Uint8Array).digest("hex"), false) };
    });
  const extra: Record<string, FunctionDef> = {
    md5: digest("md5", "md5"),
    sha1: digest("sha1", "sha1"),
    sha: digest("sha", "sha1"),
    sha2: def("sha2", (f) => {
      checkArity("sha2", f.args, 2);
      const b = f.args[0]!.dataType instanceof BinaryType ? f.args[0]! : coerceArg(f, 0, BinaryType(), "sha2");
      const bits = coerceArg(f, 1, I, "sha2");
      return {
        dataType: S,
        eval: nullPropagating([b.eval, bits.eval], (v, n) => {
          const algo = n === 0 || n === 256 ? "sha256" : n === 224 ? "sha224" : n === 384 ? "sha384" : n === 512 ? "sha512" : null;
          return algo === null ? null : createHash(algo).update(v as Uint8Array).digest("hex");
        }, false),
      };
    }),
    crc32: def("crc32", (f) => {
      checkArity("crc32", f.args, 1);
      const b = f.args[0]!.dataType instanceof BinaryType ? f.args[0]! : coerceArg(f, 0, BinaryType(), "crc32");
      return { dataType: LongType(), eval: nullPropagating([b.eval], (v) => BigInt(crc32(v as Uint8Array)), false) };
    }),
    elt: def("elt", (f) => {
      checkArity("elt", f.args, 2, Number.POSITIVE_INFINITY);
      const n = coerceArg(f, 0, I, "elt").eval;
      const vs = f.args.slice(1).map((_, i) => coerceArg(f, i + 1, S, "elt").eval);
      return {
        dataType: S,
        eval: (row) => {
          const k = n(row) as number | null;
          if (k === null || k < 1 || k > vs.length) return null;
          return vs[k - 1]!(row);
        },
      };
    }),
    find_in_set: simple("find_in_set", [S, S], I, () => (s: string, list: string) => (s.includes(",") ? 0 : list.split(",").indexOf(s) + 1)),
  };
  return {
    ...extra,
    upper: up,
    ucase: { ...up, name: "ucase" },
    lower: low,
    lcase: { ...low, name: "lcase" },
    length: len("length"),
    char_length: len("char_length"),
    character_length: len("character_length"),
    len: len("len"),
    substring: substr("substring"),
    substr: substr("substr"),
    concat,
    concat_ws: concatWs,
    trim: trimDef("trim", "both", "BOTH"),
    ltrim: trimDef("ltrim", "left", "LEADING"),
    rtrim: trimDef("rtrim", "right", "TRAILING"),
    btrim,
    replace,
    split,
    lpad,
    rpad,
    instr,
    locate,
    position: { ...locate, name: "position" },
    regexp_replace: regexpReplace,
    regexp_extract: regexpExtract("regexp_extract", false),
    regexp_extract_all: regexpExtract("regexp_extract_all", true),
    like: likeDef("like", false),
    ilike: likeDef("ilike", true),
    like_any: likeQuantified("like_any", false),
    like_some: likeQuantified("like_any", false),
    like_all: likeQuantified("like_all", true),
    rlike: rlike("rlike"),
    regexp: rlike("regexp"),
    regexp_like: rlike("regexp_like"),
    repeat,
    reverse,
    initcap,
    hex,
    unhex,
    ascii,
    chr: chr("chr"),
    char: chr("char"),
    base64,
    unbase64,
    left,
    right,
    startswith,
    endswith,
    contains,
    translate,
    split_part: splitPart,
    substring_index: substringIndex,
    space,
    octet_length: octetLength,
    bit_length: bitLength,
    levenshtein,
    overlay,
    format_number: formatNumber,
  };
}

export type { Bound, FunctionArgs };
