import { inspect } from "node:util";
import { TranspileError } from "./transpile";

/**
 * How results and errors look in the shell. An error is one block: its Spark class name and message (the
 * engine's ParseException message already quotes the input with a caret). No stack of tspark internals:
 * `.trace` shows the full stack of the last error.
 */
export function formatError(e: unknown): string {
  if (e instanceof TranspileError) return `SyntaxError: ${e.message}`;
  if (e instanceof Error) {
    const name = errorName(e);
    const cause = e.cause instanceof Error && !e.message.includes(e.cause.message) ? `\nCaused by: ${errorName(e.cause)}: ${e.cause.message}` : "";
    return `${name}: ${e.message.trimEnd()}${cause}`;
  }
  return `Uncaught ${inspect(e)}`;
}

function errorName(e: Error): string {
  // Engine exceptions set `name` to Spark's class name; otherwise the constructor's name is the best label.
  if (e.name && e.name !== "Error") return e.name;
  const ctor = (e as { constructor?: { name?: string } }).constructor?.name;
  return ctor && ctor !== "Object" ? ctor : "Error";
}

/** Full detail for `.trace`: stack and the chain of causes. */
export function formatTrace(e: unknown): string {
  const parts: string[] = [];
  let cur: unknown = e;
  for (let depth = 0; cur !== undefined && depth < 8; depth++) {
    parts.push(cur instanceof Error ? (cur.stack ?? `${cur.name}: ${cur.message}`) : inspect(cur));
    cur = cur instanceof Error ? cur.cause : undefined;
    if (cur !== undefined) parts.push("Caused by:");
  }
  return parts.join("\n");
}

/**
 * A result value. Class instances print through their own `toString` when they define one (DataFrame prints
 * `DataFrame[id: bigint, data: string]` as in pyspark); otherwise their public fields, never `_private` state.
 */
export function formatValue(v: unknown, colors: boolean): string {
  if (typeof v === "object" && v !== null && !Array.isArray(v)) {
    const proto = Object.getPrototypeOf(v) as object | null;
    if (proto !== null && proto !== Object.prototype && !(v instanceof Map) && !(v instanceof Set) && !(v instanceof Error)) {
      const custom = (v as Record<symbol, unknown>)[inspect.custom];
      const ownToString = (v as { toString?: unknown }).toString;
      if (typeof custom !== "function" && typeof ownToString === "function" && ownToString !== Object.prototype.toString) {
        return String(v);
      }
      if (typeof custom !== "function" && !ArrayBuffer.isView(v) && !(v instanceof Date) && !(v instanceof Promise)) {
        return publicView(v, colors);
      }
    }
  }
  return inspect(v, { colors, depth: 4 });
}

function publicView(v: object, colors: boolean): string {
  const name = (v as { constructor?: { name?: string } }).constructor?.name ?? "Object";
  const fields: Record<string, unknown> = {};
  for (const key of Object.keys(v)) {
    if (key.startsWith("_")) continue;
    const value = (v as Record<string, unknown>)[key];
    if (typeof value !== "function") fields[key] = value;
  }
  const body = inspect(fields, { colors, depth: 1, breakLength: 100 });
  return `${name} ${body}`;
}
