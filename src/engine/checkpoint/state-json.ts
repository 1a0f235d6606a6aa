/**
 * The text of a state snapshot: exactly `JSON.stringify(encodeState(value))` (state-codec.ts), written in one pass
 * without building the tagged copy first. A snapshot of a few thousand keys is written every batch, and the copy
 * (an object per bigint, an object per row) cost more than the file write.
 *
 * A part of a snapshot that an operator already wrote (an `EncodedState`, e.g. a key's entry that did not change
 * since the last batch) is copied as it is.
 */
import { Decimal } from "../types/decimal";
import { encodeState } from "./state-codec";

/** State text written before: `json` is `stateJson` of the value it stands for. */
export class EncodedState {
  constructor(readonly json: string) {}
}

/** `JSON.stringify(encodeState(value))`, or undefined where JSON.stringify gives undefined (a function, a symbol). */
export function stateJson(value: unknown): string | undefined {
  if (value instanceof EncodedState) return value.json;
  switch (typeof value) {
    case "undefined":
      return "null";
    case "boolean":
      return value ? "true" : "false";
    case "string":
      return JSON.stringify(value);
    case "number":
      // finite numbers as JSON writes them; -0, NaN and the infinities tagged (encodeState's rule)
      if (Number.isFinite(value) && !Object.is(value, -0)) return JSON.stringify(value);
      return fallback(value);
    case "bigint":
      return `{"$t":"bigint","v":"${value.toString()}"}`;
    case "object": {
      if (value === null) return "null";
      if (Array.isArray(value)) {
        let out = "[";
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ",";
          out += stateJson(value[i]) ?? "null";
        }
        return `${out}]`;
      }
      if (value instanceof Date) return fallback(value);
      const proto = Object.getPrototypeOf(value) as unknown;
      if ((proto !== Object.prototype && proto !== null) || value instanceof Decimal) return fallback(value);
      let out = "{";
      let first = true;
      for (const k in value) {
        if (!Object.hasOwn(value, k)) continue;
        // "$t": wrapped as {"$t":"obj",...}; an own toJSON: JSON.stringify calls it
        if (k === "$t" || k === "toJSON") return fallback(value);
        const v = stateJson((value as Record<string, unknown>)[k]);
        if (v === undefined) continue; // as JSON.stringify omits a function-valued key
        out += `${first ? "" : ","}${JSON.stringify(k)}:${v}`;
        first = false;
      }
      return `${out}}`;
    }
    default:
      return fallback(value);
  }
}

/** What the two-step form writes, for the values the one-pass writer leaves to it. */
function fallback(value: unknown): string | undefined {
  return JSON.stringify(encodeState(value));
}
