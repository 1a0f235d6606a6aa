/**
 * Decimal: the JS value of DecimalType(p, s) — an unscaled bigint plus a scale, exact like Java's
 * BigDecimal. `toString()` is BigDecimal.toPlainString ("1.0000", "-0.50"), which is how Spark
 * prints decimals in show() and in golden files. Precision checks are the evaluator's job.
 */
export class Decimal {
  constructor(
    readonly unscaled: bigint,
    readonly scale: number,
  ) {
    Object.freeze(this);
  }

  /** Parses "12.34", "-1e3", " 5 " exactly; null when not a number. */
  static parse(text: string): Decimal | null {
    const m = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/.exec(text);
    if (m === null || ((m[2] ?? "") === "" && (m[3] ?? "") === "")) return null;
    const frac = m[3] ?? "";
    let unscaled = BigInt((m[2] ?? "") + frac || "0");
    let scale = frac.length - (m[4] === undefined ? 0 : Number(m[4]));
    if (scale < 0) {
      unscaled *= 10n ** BigInt(-scale);
      scale = 0;
    }
    return new Decimal(m[1] === "-" ? -unscaled : unscaled, scale);
  }

  static fromBigInt(v: bigint): Decimal {
    return new Decimal(v, 0);
  }

  /** Exact decimal of a double's shortest repr (Spark's Decimal(double) uses BigDecimal(d.toString)). */
  static fromNumber(v: number): Decimal | null {
    if (!Number.isFinite(v)) return null;
    return Decimal.parse(String(v));
  }

  /** Number of significant digits (BigDecimal.precision; 0 has precision 1). */
  precision(): number {
    const a = this.unscaled < 0n ? -this.unscaled : this.unscaled;
    return a === 0n ? 1 : a.toString().length;
  }

  /** Digits left of the point (what must fit in p - s). */
  intDigits(): number {
    return Math.max(this.precision() - this.scale, 0);
  }

  /** Rescales with HALF_UP rounding (Spark's default rounding for decimals). */
  setScale(scale: number, mode: "HALF_UP" | "FLOOR" | "CEILING" | "DOWN" | "HALF_EVEN" = "HALF_UP"): Decimal {
    if (scale === this.scale) return this;
    if (scale > this.scale) return new Decimal(this.unscaled * 10n ** BigInt(scale - this.scale), scale);
    const div = 10n ** BigInt(this.scale - scale);
    const neg = this.unscaled < 0n;
    const a = neg ? -this.unscaled : this.unscaled;
    let q = a / div;
    const r = a % div;
    if (r !== 0n) {
      if (mode === "HALF_UP" && r * 2n >= div) q += 1n;
      else if (mode === "HALF_EVEN" && (r * 2n > div || (r * 2n === div && q % 2n === 1n))) q += 1n;
      else if (mode === "FLOOR" && neg) q += 1n;
      else if (mode === "CEILING" && !neg) q += 1n;
    }
    return new Decimal(neg ? -q : q, scale);
  }

  /** True when this value fits DECIMAL(precision, scale) after rounding to `scale`. */
  fits(precision: number, scale: number): boolean {
    return this.setScale(scale).precision() <= precision || this.setScale(scale).unscaled === 0n;
  }

  toNumber(): number {
    return Number(this.toString());
  }

  /** Integral part, truncated toward zero. */
  toBigInt(): bigint {
    return this.scale <= 0 ? this.unscaled * 10n ** BigInt(-this.scale) : this.unscaled / 10n ** BigInt(this.scale);
  }

  isZero(): boolean {
    return this.unscaled === 0n;
  }

  compare(o: Decimal): number {
    const s = Math.max(this.scale, o.scale);
    const a = this.setScale(s).unscaled;
    const b = o.setScale(s).unscaled;
    return a < b ? -1 : a > b ? 1 : 0;
  }

  add(o: Decimal): Decimal {
    const s = Math.max(this.scale, o.scale);
    return new Decimal(this.setScale(s).unscaled + o.setScale(s).unscaled, s);
  }
  sub(o: Decimal): Decimal {
    const s = Math.max(this.scale, o.scale);
    return new Decimal(this.setScale(s).unscaled - o.setScale(s).unscaled, s);
  }
  mul(o: Decimal): Decimal {
    return new Decimal(this.unscaled * o.unscaled, this.scale + o.scale);
  }
  /** Division to `scale` digits, HALF_UP. Caller checks for zero. */
  div(o: Decimal, scale: number): Decimal {
    // (a/10^sa) / (b/10^sb) = a*10^(sb+scale+1-sa)/b / 10^(scale+1), then round the extra digit.
    const shift = o.scale + scale + 1 - this.scale;
    let num = this.unscaled;
    let den = o.unscaled;
    if (shift >= 0) num *= 10n ** BigInt(shift);
    else den *= 10n ** BigInt(-shift);
    const q = num / den;
    return new Decimal(q, scale + 1).setScale(scale);
  }
  neg(): Decimal {
    return new Decimal(-this.unscaled, this.scale);
  }

  /** BigDecimal.toPlainString. */
  toString(): string {
    const neg = this.unscaled < 0n;
    let digits = (neg ? -this.unscaled : this.unscaled).toString();
    if (this.scale <= 0) return (neg ? "-" : "") + digits + (this.unscaled === 0n ? "" : "0".repeat(-this.scale));
    if (digits.length <= this.scale) digits = "0".repeat(this.scale - digits.length + 1) + digits;
    return `${neg ? "-" : ""}${digits.slice(0, digits.length - this.scale)}.${digits.slice(digits.length - this.scale)}`;
  }
  toJSON(): string {
    return this.toString();
  }
}

export function isDecimal(v: unknown): v is Decimal {
  return v instanceof Decimal;
}
