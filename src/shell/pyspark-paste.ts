/**
 * PySpark paste: turns the Python forms found in PySpark snippets (the blog's included) into the TypeScript
 * the shell runs. A small translator over tokens, never an evaluator. Understood:
 *
 * - `\` line continuations (removed; the chain continues on the next line)
 * - `from pyspark... import ...` and `import pyspark...` lines: no-ops (every name is preloaded);
 *   `import pyspark.sql.functions as fn` / `from pyspark.sql import functions as fn` bind `fn` to `functions`,
 *   the same for `types`; other Python imports become a comment
 * - `True` / `False` / `None` → `true` / `false` / `null`
 * - `#` comments → `//` comments; `"""..."""` / `'''...'''` → template literals; single-quoted strings as they are
 * - assignment without a keyword at the start of a statement (`events = kinesis.selectExpr(...)`) → `const`
 * - keyword arguments: `show(truncate=False)` → `show(20, false)`, `awaitTermination(timeout=10)` →
 *   `awaitTermination(10000)` (Python gives seconds), otherwise the keywords become a trailing object:
 *   `trigger(processingTime='2 seconds')` → `trigger({ processingTime: '2 seconds' })`
 * - `print(x)` → `console.log(x)`
 * - method chains in parentheses spanning lines (valid as they are)
 */

type TokenKind = "ws" | "nl" | "comment" | "string" | "ident" | "number" | "punct" | "cont";

interface Token {
  kind: TokenKind;
  text: string;
}

const PUNCT3 = ["===", "!==", "**=", "...", ">>>"];
const PUNCT2 = ["==", "!=", "<=", ">=", "=>", "**", "//", "+=", "-=", "*=", "/=", "&&", "||", "??", "?.", "<<", ">>"];

export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, text: string) => out.push({ kind, text });
  while (i < src.length) {
    const c = src[i]!;
    const rest = src.slice(i);
    if (c === "\n") {
      push("nl", c);
      i++;
    } else if (c === " " || c === "\t" || c === "\r") {
      const m = /^[ \t\r]+/.exec(rest)!;
      push("ws", m[0]);
      i += m[0].length;
    } else if (c === "\\" && /^\\[ \t\r]*(\n|$)/.test(rest)) {
      const m = /^\\[ \t\r]*\n?/.exec(rest)!;
      push("cont", m[0]);
      i += m[0].length;
    } else if (rest.startsWith("//") || c === "#") {
      const end = src.indexOf("\n", i);
      const text = end < 0 ? rest : src.slice(i, end);
      // `#private` class fields are TypeScript, not comments: a Python comment is `#` then space, `#` or EOL.
      if (c === "#" && !/^#([ \t#!]|$)/.test(text)) {
        push("punct", "#");
        i++;
        continue;
      }
      push("comment", text);
      i += text.length;
    } else if (rest.startsWith("/*")) {
      const end = src.indexOf("*/", i + 2);
      const text = end < 0 ? rest : src.slice(i, end + 2);
      push("comment", text);
      i += text.length;
    } else if (rest.startsWith('"""') || rest.startsWith("'''")) {
      const q = rest.slice(0, 3);
      const end = src.indexOf(q, i + 3);
      const text = end < 0 ? rest : src.slice(i, end + 3);
      push("string", text);
      i += text.length;
    } else if (c === '"' || c === "'" || c === "`") {
      let j = i + 1;
      while (j < src.length && src[j] !== c) {
        if (src[j] === "\\") j++;
        if (src[j] === "\n" && c !== "`") break;
        j++;
      }
      const text = src.slice(i, Math.min(j + 1, src.length));
      push("string", text);
      i += text.length;
    } else if (/[A-Za-z_$]/.test(c)) {
      const m = /^[A-Za-z_$][\w$]*/.exec(rest)!;
      push("ident", m[0]);
      i += m[0].length;
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9][\w.]*/.exec(rest)!;
      push("number", m[0]);
      i += m[0].length;
    } else {
      const p = PUNCT3.find((x) => rest.startsWith(x)) ?? PUNCT2.find((x) => rest.startsWith(x)) ?? c;
      push("punct", p);
      i += p.length;
    }
  }
  return out;
}

const PYTHON_IMPORT = /^\s*(from\s+[\w.]+\s+import\s+[^"'`;]+|import\s+[\w.]+(\s+as\s+\w+)?(\s*,\s*[\w.]+(\s+as\s+\w+)?)*)\s*$/;

/** Does this input use a Python form? Only then is it translated, so TypeScript input is never touched. */
export function looksLikePython(src: string): boolean {
  if (src.split("\n").some((l) => PYTHON_IMPORT.test(l))) return true;
  const toks = tokenize(src);
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (t.kind === "cont") return true;
    if (t.kind === "comment" && t.text.startsWith("#")) return true;
    if (t.kind === "string" && (t.text.startsWith('"""') || t.text.startsWith("'''"))) return true;
    if (t.kind === "ident" && (t.text === "True" || t.text === "False" || t.text === "None") && !afterDot(toks, i)) {
      return true;
    }
    if (t.kind === "ident" && t.text === "print" && nextCode(toks, i)?.text === "(" && !afterDot(toks, i)) return true;
    if (isKeywordArg(toks, i)) return true;
  }
  return false;
}

/** Translate when the input looks like Python; otherwise return it unchanged. */
export function translatePyspark(src: string): string {
  if (!looksLikePython(src)) return src;
  const lines = src.split("\n").map(translateImportLine);
  const toks = tokenize(lines.join("\n"));
  return emit(toks, 0, toks.length, true);
}

function translateImportLine(line: string): string {
  if (!PYTHON_IMPORT.test(line)) return line;
  const indent = /^\s*/.exec(line)![0];
  const bindings: string[] = [];
  const alias = (module: string, name: string) => {
    const m = module.replace(/^pyspark\.sql\.?/, "");
    if (m === "functions" || m === "types") bindings.push(`const ${name} = ${m === "functions" ? "functions" : "types"};`);
  };
  const from = /^\s*from\s+([\w.]+)\s+import\s+(.+)$/.exec(line);
  if (from) {
    for (const part of from[2]!.split(",")) {
      const m = /^\s*([\w*]+)(?:\s+as\s+(\w+))?\s*$/.exec(part.replace(/[()]/g, ""));
      if (m?.[2]) alias(`${from[1]}.${m[1]}`, m[2]);
    }
  } else {
    for (const part of line.trim().slice("import".length).split(",")) {
      const m = /^\s*([\w.]+)(?:\s+as\s+(\w+))?\s*$/.exec(part);
      if (m?.[2]) alias(m[1]!, m[2]);
    }
  }
  const note = /pyspark/.test(line) ? "names are preloaded" : "Python module, not available in tspark";
  return `${indent}${bindings.join(" ")}${bindings.length ? " " : ""}// ${line.trim()} (${note})`;
}

function afterDot(toks: Token[], i: number): boolean {
  for (let j = i - 1; j >= 0; j--) {
    const t = toks[j]!;
    if (t.kind === "ws" || t.kind === "nl" || t.kind === "cont") continue;
    return t.text === "." || t.text === "?.";
  }
  return false;
}

function nextCode(toks: Token[], i: number, end = toks.length): Token | undefined {
  for (let j = i + 1; j < end; j++) {
    const t = toks[j]!;
    if (t.kind !== "ws" && t.kind !== "nl" && t.kind !== "cont" && t.kind !== "comment") return t;
  }
  return undefined;
}

function prevCode(toks: Token[], i: number): Token | undefined {
  for (let j = i - 1; j >= 0; j--) {
    const t = toks[j]!;
    if (t.kind !== "ws" && t.kind !== "nl" && t.kind !== "cont" && t.kind !== "comment") return t;
  }
  return undefined;
}

/** `name=` directly inside a call's parentheses, after `(` or `,`. */
function isKeywordArg(toks: Token[], i: number): boolean {
  const t = toks[i]!;
  if (t.kind !== "ident") return false;
  const before = prevCode(toks, i);
  if (!before || (before.text !== "(" && before.text !== ",")) return false;
  if (nextCode(toks, i)?.text !== "=") return false;
  // Inside a call? Walk back to the unmatched opener.
  let depth = 0;
  for (let j = i - 1; j >= 0; j--) {
    const x = toks[j]!;
    if (x.kind !== "punct") continue;
    if (x.text === ")" || x.text === "]" || x.text === "}") depth++;
    else if (x.text === "(" || x.text === "[" || x.text === "{") {
      if (depth === 0) {
        const callee = prevCode(toks, j);
        return x.text === "(" && !!callee && (callee.kind === "ident" || callee.text === ")" || callee.text === "]");
      }
      depth--;
    }
  }
  return false;
}

/** Index of the token closing the group opened at `open`. */
function matching(toks: Token[], open: number, end: number): number {
  let depth = 0;
  for (let j = open; j < end; j++) {
    const t = toks[j]!;
    if (t.kind !== "punct") continue;
    if (t.text === "(" || t.text === "[" || t.text === "{") depth++;
    else if (t.text === ")" || t.text === "]" || t.text === "}") {
      depth--;
      if (depth === 0) return j;
    }
  }
  return end; // unbalanced: the REPL asks for more input before this matters
}

/** Positional signatures for methods whose TypeScript form takes no options object. */
const POSITIONAL: Record<string, { params: string[]; defaults: string[]; scale?: Record<string, string> }> = {
  show: { params: ["n", "truncate", "vertical"], defaults: ["20", "true", "false"] },
  awaitTermination: { params: ["timeout"], defaults: ["undefined"], scale: { timeout: " * 1000" } },
  awaitAnyTermination: { params: ["timeout"], defaults: ["undefined"], scale: { timeout: " * 1000" } },
  alias: { params: ["alias"], defaults: ['""'] },
  withWatermark: { params: ["eventTime", "delayThreshold"], defaults: ['""', '""'] },
};

/** Calls returning a promise in tspark where pyspark returns the object at once. */
const ASYNC_STARTS = new Set(["start", "toTable"]);

function emit(toks: Token[], start: number, end: number, topLevel: boolean): string {
  let out = "";
  let statementStart = topLevel;
  // `.start().awaitTermination()`: start() gives a promise in tspark, so the next call goes through then().
  let closeAfterCall = false;
  for (let i = start; i < end; i++) {
    const t = toks[i]!;
    if (t.kind === "cont") {
      out += "\n";
      continue;
    }
    if (t.kind === "nl") {
      out += t.text;
      if (topLevel) statementStart = true;
      continue;
    }
    if (t.kind === "ws") {
      out += t.text;
      continue;
    }
    if (t.kind === "comment") {
      out += t.text.startsWith("#") ? `//${t.text.slice(1)}` : t.text;
      continue;
    }
    const wasStart = statementStart;
    statementStart = false;
    if (t.kind === "string") {
      out += t.text.startsWith('"""') || t.text.startsWith("'''") ? tripleToTemplate(t.text) : t.text;
      continue;
    }
    if (t.kind === "ident") {
      if (!afterDot(toks, i) && (t.text === "True" || t.text === "False" || t.text === "None")) {
        out += t.text === "None" ? "null" : t.text.toLowerCase();
        continue;
      }
      if (wasStart && nextCode(toks, i, end)?.text === "=" && prevCode(toks, i)?.text !== ".") {
        out += `const ${t.text}`;
        continue;
      }
      if (t.text === "print" && !afterDot(toks, i) && nextCode(toks, i, end)?.text === "(") {
        out += "console.log";
        continue;
      }
      out += t.text;
      continue;
    }
    if (t.kind === "punct" && (t.text === "(" || t.text === "[" || t.text === "{")) {
      const close = matching(toks, i, end);
      const callee = prevCode(toks, i);
      const isCall = t.text === "(" && !!callee && (callee.kind === "ident" || callee.text === ")" || callee.text === "]");
      if (isCall && close < end) {
        const name = callee.kind === "ident" ? callee.text : "";
        out += emitCall(toks, i, close, name);
        if (closeAfterCall && !ASYNC_STARTS.has(name)) {
          out += ")";
          closeAfterCall = false;
        }
        if (ASYNC_STARTS.has(name) && chainedCallFollows(toks, close, end)) {
          out += ".then((query) => query";
          closeAfterCall = true;
        }
      } else {
        out += t.text + emit(toks, i + 1, Math.min(close, end), false) + (close < end ? toks[close]!.text : "");
      }
      i = close;
      continue;
    }
    out += t.text;
  }
  return out;
}

/** After a call closing at `close`: `.name(` (across continuations and newlines)? */
function chainedCallFollows(toks: Token[], close: number, end: number): boolean {
  const dot = nextCode(toks, close, end);
  if (dot?.text !== ".") return false;
  const dotAt = toks.indexOf(dot, close);
  const name = nextCode(toks, dotAt, end);
  if (name?.kind !== "ident") return false;
  return nextCode(toks, toks.indexOf(name, dotAt), end)?.text === "(";
}

/** A call's argument list, keyword arguments turned into the positional or object form. */
function emitCall(toks: Token[], open: number, close: number, callee: string): string {
  const args: { key?: string; text: string }[] = [];
  let argStart = open + 1;
  let depth = 0;
  const flush = (endIdx: number) => {
    if (endIdx <= argStart && args.length === 0) return;
    let key: string | undefined;
    let from = argStart;
    const first = nextCode(toks, argStart - 1, endIdx);
    if (first?.kind === "ident") {
      const idx = toks.indexOf(first, argStart);
      const eq = nextCode(toks, idx, endIdx);
      if (eq?.text === "=") {
        key = first.text;
        from = toks.indexOf(eq, idx) + 1;
      }
    }
    args.push({ key, text: emit(toks, from, endIdx, false) });
  };
  for (let j = open + 1; j < close; j++) {
    const t = toks[j]!;
    if (t.kind !== "punct") continue;
    if (t.text === "(" || t.text === "[" || t.text === "{") depth++;
    else if (t.text === ")" || t.text === "]" || t.text === "}") depth--;
    else if (t.text === "," && depth === 0) {
      flush(j);
      argStart = j + 1;
    }
  }
  flush(close);
  const positional = args.filter((a) => a.key === undefined);
  const keywords = args.filter((a) => a.key !== undefined);
  if (keywords.length === 0) return `(${positional.map((a) => a.text).join(",")})`;
  const sig = POSITIONAL[callee];
  if (sig && keywords.every((k) => sig.params.includes(k.key!))) {
    const values = positional.map((a) => a.text.trim());
    for (const k of keywords) {
      const at = sig.params.indexOf(k.key!);
      while (values.length < at) values.push(sig.defaults[values.length]!);
      const scale = sig.scale?.[k.key!];
      values[at] = scale ? `(${k.text.trim()})${scale}` : k.text.trim();
    }
    return `(${values.join(", ")})`;
  }
  const obj = `{ ${keywords.map((k) => `${k.key}: ${k.text.trim()}`).join(", ")} }`;
  return `(${[...positional.map((a) => a.text.trim()), obj].join(", ")})`;
}

function tripleToTemplate(text: string): string {
  const body = text.slice(3, text.endsWith(text.slice(0, 3)) && text.length >= 6 ? -3 : undefined);
  return `\`${body.replace(/\\/g, "\\\\").replace(/`/g, "\\`").replace(/\$\{/g, "\\${")}\``;
}
