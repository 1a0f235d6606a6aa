/**
 * Exact decimal text handling for DECIMAL(p, s) fields: parse a JSON number/string into an
 * unscaled bigint at the target scale (HALF_UP, like Spark's Decimal.changePrecision) and render
 * decimal values back (BigDecimal.toString as Jackson writes them).
 */
import { Decimal } from "../../types/decimal";

export interface UnscaledDecimal {
  readonly unscaled: bigint;
  readonly scale: number;
}

/** Creates the engine's decimal value from an unscaled bigint; injectable so this library stays pure. */
export type DecimalFactory = (unscaled: bigint, scale: number, precision: number) => unknown;

/** Default factory: the engine's Decimal (src/engine/types/decimal.ts). */
export const plainDecimal: DecimalFactory = (unscaled, scale) => new Decimal(unscaled, scale);

/** Parses decimal text to the target precision/scale; null when it does not fit or is not a number. */
export function decimalFromText(text: string, precision: number, scale: number): bigint | null {
  const m = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/.exec(text);
  if (m === null || (m[2] === "" && (m[3] ?? "") === "")) return null;
  const digits = (m[2] || "") + (m[3] ?? "");
  let exp = (m[4] === undefined ? 0 : Number(m[4])) - (m[3] ?? "").length; // value = digits * 10^exp
  let unscaled = BigInt(digits || "0");
  // Bring to the target scale: value * 10^scale = digits * 10^(exp + scale)
  exp += scale;
  if (exp >= 0) unscaled *= 10n ** BigInt(exp);
  else {
    const div = 10n ** BigInt(-exp);
    const q = unscaled / div;
    const r = unscaled % div;
    unscaled = r * 2n >= div ? q + 1n : q; // HALF_UP on the magnitude
  }
  if (unscaled.toString().length > precision && unscaled !== 0n) return null;
  return m[1] === "-" ? -unscaled : unscaled;
}

/** BigDecimal.toPlainString-style rendering of unscaled/scale. */
export function decimalToText(unscaled: bigint, scale: number): string {
  const neg = unscaled < 0n;
  let digits = (neg ? -unscaled : unscaled).toString();
  if (scale <= 0) return (neg ? "-" : "") + digits + "0".repeat(-scale);
  if (digits.length <= scale) digits = "0".repeat(scale - digits.length + 1) + digits;
  return `${neg ? "-" : ""}${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
}

/** Reads an engine decimal value: `{ unscaled, scale }`, or anything whose toString is decimal text. */
export function decimalValueToText(v: unknown): string {
  if (typeof v === "object" && v !== null) {
    const o = v as { unscaled?: unknown; scale?: unknown };
    if (typeof o.unscaled === "bigint" && typeof o.scale === "number") return decimalToText(o.unscaled, o.scale);
  }
  return String(v);
}
