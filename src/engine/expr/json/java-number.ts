/**
 * Java's Double.toString / Float.toString, which Spark's JSON generator (Jackson) and show() use:
 * `1.0`, `1.0E10`, `1.234E-5`, with the shortest digits that round-trip.
 */

function javaStyle(digits: string, exponent: number, negative: boolean): string {
  // digits: significant digits without leading zeros; value = 0.d1d2... * 10^exponent
  const sign = negative ? "-" : "";
  const sciExp = exponent - 1;
  if (sciExp >= -3 && sciExp < 7) {
    if (exponent <= 0) return `${sign}0.${"0".repeat(-exponent)}${digits}`;
    if (digits.length <= exponent) return `${sign}${digits}${"0".repeat(exponent - digits.length)}.0`;
    return `${sign}${digits.slice(0, exponent)}.${digits.slice(exponent)}`;
  }
  const mantissa = digits.length === 1 ? `${digits}.0` : `${digits[0]}.${digits.slice(1)}`;
  return `${sign}${mantissa}E${sciExp}`;
}

function decompose(shortest: string): { digits: string; exponent: number } {
  // shortest is JS's shortest round-trip form, e.g. "1.5e-7", "123.45", "1e+21"
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(shortest);
  if (m === null) return { digits: "0", exponent: 1 };
  const intPart = m[1];
  const frac = m[2] ?? "";
  const e = m[3] === undefined ? 0 : Number(m[3]);
  let all = intPart + frac;
  let exponent = intPart.length + e;
  const lead = all.length - all.replace(/^0+/, "").length;
  all = all.slice(lead);
  exponent -= lead;
  all = all.replace(/0+$/, "");
  if (all === "") return { digits: "0", exponent: 1 };
  return { digits: all, exponent };
}

export function javaDoubleToString(d: number): string {
  if (Number.isNaN(d)) return "NaN";
  if (d === Number.POSITIVE_INFINITY) return "Infinity";
  if (d === Number.NEGATIVE_INFINITY) return "-Infinity";
  if (d === 0) return Object.is(d, -0) ? "-0.0" : "0.0";
  const { digits, exponent } = decompose(String(Math.abs(d)));
  return javaStyle(digits, exponent, d < 0);
}

export function javaFloatToString(f: number): string {
  if (!Number.isFinite(f) || f === 0) return javaDoubleToString(f);
  const x = Math.fround(f);
  const abs = Math.abs(x);
  // Shortest decimal that rounds back to the same float.
  for (let p = 1; p <= 9; p++) {
    const s = abs.toPrecision(p);
    if (Math.fround(Number(s)) === abs) {
      const { digits, exponent } = decompose(String(Number(s)));
      return javaStyle(digits, exponent, x < 0);
    }
  }
  return javaDoubleToString(x);
}
