import { Decimal } from "../types/decimal";

/**
 * JSON for state snapshots, the one codec every stateful operator's state goes through. Spark values are not all JSON (bigint for LONG/TIMESTAMP, Uint8Array, Map), so
 * those are written as tagged objects `{"$t":"bigint","v":"42"}`; a plain object that itself has a `$t` key is
 * wrapped as `{"$t":"obj","v":{...}}` so decoding is never ambiguous.
 */
export function encodeState(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === "bigint") return { $t: "bigint", v: value.toString() };
  if (typeof value === "number") {
    if (Number.isFinite(value)) return Object.is(value, -0) ? { $t: "num", v: "-0" } : value;
    return { $t: "num", v: String(value) };
  }
  if (typeof value !== "object") return value;
  if (value instanceof Uint8Array) return { $t: "bytes", v: Buffer.from(value).toString("base64") };
  if (value instanceof Decimal) return { $t: "decimal", v: value.unscaled.toString(), s: value.scale };
  // a Date: a user's key or state value in [flat]MapGroupsWithState (engine timestamps are bigint micros)
  if (value instanceof Date) return { $t: "date", v: value.getTime() };
  if (Array.isArray(value)) return value.map(encodeState);
  if (value instanceof Map) return { $t: "map", v: [...value.entries()].map(([k, v]) => [encodeState(k), encodeState(v)]) };
  if (value instanceof Set) return { $t: "set", v: [...value.values()].map(encodeState) };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = encodeState(v);
  return "$t" in out ? { $t: "obj", v: out } : out;
}

export function decodeState(json: unknown): unknown {
  if (json === null || typeof json !== "object") return json;
  if (Array.isArray(json)) return json.map(decodeState);
  const o = json as Record<string, unknown>;
  switch (o.$t) {
    case "bigint":
      return BigInt(String(o.v));
    case "num":
      return Number(o.v);
    case "bytes":
      return new Uint8Array(Buffer.from(String(o.v), "base64"));
    case "decimal":
      return new Decimal(BigInt(String(o.v)), Number(o.s));
    case "date":
      return new Date(Number(o.v));
    case "map":
      return new Map((o.v as unknown[][]).map(([k, v]) => [decodeState(k), decodeState(v)]));
    case "set":
      return new Set((o.v as unknown[]).map(decodeState));
    case "obj": {
      const inner: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(o.v as Record<string, unknown>)) inner[k] = decodeState(v);
      return inner;
    }
    default: {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(o)) out[k] = decodeState(v);
      return out;
    }
  }
}
