import * as api from "../index";
import { DataStreamReader } from "../engine/api/data-stream-reader";
import { DataStreamWriter } from "../engine/api/data-stream-writer";
import { type BuilderRole, OUTPUT_MODES, formatNamesFor, optionInfo, optionsFor } from "./option-catalogue";

/**
 * Tab completion: dot-commands, format names inside `.format("`, option keys (with their defaults) inside
 * `.option("`, option values after `.option("key", "`, output modes, members of any object reachable from a
 * global (own and inherited, `_private` hidden), and global names.
 *
 * Member completion never calls user methods: a chain like `spark.readStream.format("x").op` is resolved by
 * reading properties and, for calls, by knowing what the API's fluent methods return (a reader/writer
 * returns itself, `load()` a DataFrame, `start()` a StreamingQuery ...).
 */
export type CompleterResult = [string[], string];

export interface CompleterDeps {
  commandNames(): string[];
  /** Print a block above the prompt (used for the option table, which carries defaults). */
  print(text: string): void;
  /** True while a multi-line input is being continued (dot-commands are not offered then). */
  continuing(): boolean;
}

export function createCompleter(deps: CompleterDeps): (line: string) => CompleterResult {
  return (line) => {
    const cmd = /^\s*(\.\w*)$/.exec(line);
    if (cmd && !deps.continuing()) return [deps.commandNames().map((n) => `.${n}`).filter((n) => n.startsWith(cmd[1]!)), cmd[1]!];

    const value = /\.option\(\s*(["'])([\w.-]+)\1\s*,\s*(["'])([\w-]*)$/.exec(line);
    if (value) {
      const values = optionInfo(value[2]!)?.values ?? [];
      return [values.filter((v) => v.toLowerCase().startsWith(value[4]!.toLowerCase())), value[4]!];
    }
    const key = /\.option\(\s*(["'])([\w.-]*)$/.exec(line);
    if (key) return completeOptionKey(key[2]!, line, deps);
    const format = /\.format\(\s*(["'])([\w-]*)$/.exec(line);
    if (format) {
      const role = roleOf(line.slice(0, format.index));
      return [formatNamesFor(role).filter((n) => n.startsWith(format[2]!.toLowerCase())), format[2]!];
    }
    const mode = /\.outputMode\(\s*(["'])(\w*)$/.exec(line);
    if (mode) return [OUTPUT_MODES.filter((m) => m.startsWith(mode[2]!)), mode[2]!];

    const member = /\.([\w$]*)$/.exec(line);
    if (member) {
      const target = resolveChain(line.slice(0, member.index));
      if (target === undefined) return [[], member[1]!];
      return [memberNames(target).filter((n) => n.startsWith(member[1]!)), member[1]!];
    }
    const word = /(?:^|[^\w$.])([A-Za-z_$][\w$]*)$/.exec(line);
    if (word) return [globalNames().filter((n) => n.startsWith(word[1]!)), word[1]!];
    return [[], line];
  };
}

function completeOptionKey(partial: string, line: string, deps: CompleterDeps): CompleterResult {
  const lower = partial.toLowerCase();
  const isKinesis = /format\(\s*["']aws-kinesis["']/.test(line) || lower.startsWith("kinesis");
  const role = roleOf(line.slice(0, line.lastIndexOf(".option(")));
  const candidates = optionsFor(role, isKinesis).filter((o) => o.key.toLowerCase().startsWith(lower));
  if (candidates.length <= 1) return [candidates.map((o) => o.key), partial];
  // Several keys: show them with their defaults (readline's own list cannot), then insert the common prefix.
  const width = Math.max(...candidates.map((o) => o.key.length));
  deps.print(candidates.map((o) => `${o.key.padEnd(width)}  ${o.default ?? ""}`.trimEnd()).join("\n"));
  const common = commonPrefix(candidates.map((o) => o.key));
  return [[common.length >= partial.length ? common : partial], partial];
}

/**
 * Is the chain before `.option(` / `.format(` a reader or a writer? Resolved like member completion (values of
 * names, known results of fluent calls); failing that, whichever of readStream/writeStream comes last.
 */
function roleOf(before: string): BuilderRole {
  const target = resolveChain(before);
  if (target instanceof DataStreamReader || target === DataStreamReader.prototype) return "reader";
  if (target instanceof DataStreamWriter || target === DataStreamWriter.prototype) return "writer";
  const r = before.lastIndexOf("readStream");
  const w = before.lastIndexOf("writeStream");
  if (r < 0 && w < 0) return undefined;
  return r > w ? "reader" : "writer";
}

function commonPrefix(words: string[]): string {
  let prefix = words[0] ?? "";
  for (const w of words) {
    let i = 0;
    while (i < prefix.length && i < w.length && prefix[i]!.toLowerCase() === w[i]!.toLowerCase()) i++;
    prefix = prefix.slice(0, i);
  }
  return prefix;
}

const HIDDEN = new Set(["constructor", "__proto__", "__defineGetter__", "__defineSetter__", "__lookupGetter__", "__lookupSetter__"]);
const FUNCTION_NOISE = new Set(["length", "name", "prototype", "arguments", "caller", "apply", "bind", "call", "toString"]);

/** Own and inherited property names, `_private` and Object/Function plumbing hidden. */
export function memberNames(target: unknown): string[] {
  if (target === null || target === undefined) return [];
  const names = new Set<string>();
  let obj: unknown = typeof target === "object" || typeof target === "function" ? target : Object(target);
  const isFn = typeof target === "function";
  while (obj && obj !== Object.prototype && obj !== Function.prototype) {
    for (const n of Object.getOwnPropertyNames(obj)) {
      if (n.startsWith("_") || HIDDEN.has(n) || (isFn && FUNCTION_NOISE.has(n))) continue;
      names.add(n);
    }
    obj = Object.getPrototypeOf(obj);
  }
  return [...names].sort();
}

function globalNames(): string[] {
  const names = new Set<string>(KEYWORDS);
  for (const n of Object.getOwnPropertyNames(globalThis)) if (!n.startsWith("_")) names.add(n);
  return [...names].sort();
}

const KEYWORDS = ["await", "async", "const", "let", "function", "class", "return", "new", "typeof", "true", "false", "null", "undefined"];

/** Fluent methods of the API whose result kind is known without calling them. */
const RETURNS: Record<string, string> = {
  load: "DataFrame",
  table: "DataFrame",
  sql: "DataFrame",
  createDataFrame: "DataFrame",
  range: "DataFrame",
  select: "DataFrame",
  selectExpr: "DataFrame",
  filter: "DataFrame",
  where: "DataFrame",
  withColumn: "DataFrame",
  withColumnRenamed: "DataFrame",
  withWatermark: "DataFrame",
  drop: "DataFrame",
  dropDuplicates: "DataFrame",
  limit: "DataFrame",
  orderBy: "DataFrame",
  sort: "DataFrame",
  union: "DataFrame",
  unionByName: "DataFrame",
  join: "DataFrame",
  agg: "DataFrame",
  groupBy: "GroupedData",
  groupby: "GroupedData",
  start: "StreamingQuery",
  toTable: "StreamingQuery",
  col: "Column",
  expr: "Column",
  lit: "Column",
  cast: "Column",
  alias: "Column",
};

/** Methods of builders (reader, writer, struct types) that return `this`. */
const RETURNS_SELF = new Set(["format", "option", "options", "schema", "outputMode", "trigger", "queryName", "partitionBy", "foreachBatch", "foreach", "add"]);

/** Resolve `a.b.c(...).d` to a value or a prototype standing for the result. Undefined when unknown. */
function resolveChain(text: string): unknown {
  const chain = splitChain(text);
  if (!chain || chain.length === 0) return undefined;
  const first = chain[0]!;
  if (first.call !== undefined && first.name in RETURNS) return prototypeOf(RETURNS[first.name]!);
  let value: unknown = (globalThis as Record<string, unknown>)[first.name];
  if (value === undefined) return undefined;
  if (first.call !== undefined) value = callResult(value, first.name, undefined);
  for (const seg of chain.slice(1)) {
    if (value === undefined || value === null) return undefined;
    if (seg.call === undefined) {
      try {
        value = (value as Record<string, unknown>)[seg.name];
      } catch {
        return undefined;
      }
    } else {
      value = callResult((value as Record<string, unknown>)[seg.name], seg.name, value);
    }
  }
  return value;
}

function callResult(fn: unknown, name: string, receiver: unknown): unknown {
  if (RETURNS_SELF.has(name) && receiver !== undefined && name !== "alias") return receiver;
  const kind = RETURNS[name];
  if (kind) return prototypeOf(kind);
  // Every `functions.*` returns a Column.
  const fns = (api as Record<string, unknown>).functions as Record<string, unknown> | undefined;
  if (fns && typeof fn === "function" && Object.values(fns).includes(fn)) return prototypeOf("Column");
  if (kind === undefined && fn !== undefined && receiver !== undefined) {
    // An unknown method of a builder-like object: assume fluent (returns its receiver's kind).
    return receiver;
  }
  return undefined;
}

function prototypeOf(className: string): unknown {
  const cls = (api as Record<string, unknown>)[className];
  return typeof cls === "function" ? (cls as { prototype: unknown }).prototype : undefined;
}

interface Segment {
  name: string;
  /** Argument text when the segment is a call. */
  call?: string;
}

/** `spark.readStream.format("x").` → [{spark}, {readStream}, {format, call}]; null when not a plain chain. */
function splitChain(text: string): Segment[] | null {
  // Walk back from the end over identifiers, dots and balanced (...) groups.
  let i = text.length;
  let depth = 0;
  while (i > 0) {
    const c = text[i - 1]!;
    if (c === ")") depth++;
    else if (c === "(") {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && !/[\w$.\s]/.test(c)) break;
    i--;
  }
  const expr = text.slice(i).trim();
  const segments: Segment[] = [];
  const re = /\s*\.?\s*([A-Za-z_$][\w$]*)/y;
  let pos = 0;
  while (pos < expr.length) {
    re.lastIndex = pos;
    const m = re.exec(expr);
    if (!m) return null;
    pos = re.lastIndex;
    const seg: Segment = { name: m[1]! };
    while (pos < expr.length && /\s/.test(expr[pos]!)) pos++;
    if (expr[pos] === "(") {
      let d = 0;
      const start = pos;
      for (; pos < expr.length; pos++) {
        if (expr[pos] === "(") d++;
        else if (expr[pos] === ")" && --d === 0) break;
      }
      seg.call = expr.slice(start + 1, pos);
      pos++;
    }
    segments.push(seg);
  }
  return segments;
}
