import { IllegalArgumentException } from "../../engine/errors";

/** Case-insensitive option lookup (Spark's CaseInsensitiveStringMap). */
export function optionOf(options: ReadonlyMap<string, string>, key: string): string | undefined {
  const k = key.toLowerCase();
  for (const [name, value] of options) if (name.toLowerCase() === k) return value;
  return undefined;
}

export function longOption(options: ReadonlyMap<string, string>, key: string, dflt: number): number {
  const raw = optionOf(options, key);
  if (raw === undefined) return dflt;
  const n = Number(raw.trim());
  if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(n)) {
    throw new IllegalArgumentException(`Invalid value '${raw}'. The option '${key}' must be an integer`);
  }
  return n;
}

/** Spark's JavaUtils.timeStringAsSec: "5", "5s", "2min", "1h"; a bare number is seconds. */
export function secondsOption(options: ReadonlyMap<string, string>, key: string, dflt: number): number {
  const raw = optionOf(options, key);
  if (raw === undefined) return dflt;
  const m = /^\s*(-?\d+)\s*(us|ms|s|m|min|h|d)?\s*$/i.exec(raw);
  if (!m) {
    throw new IllegalArgumentException(`Invalid value '${raw}'. The option '${key}' must be a time such as 5s, 2min, 1h`);
  }
  const n = Number(m[1]);
  const unit = (m[2] ?? "s").toLowerCase();
  const factor: Record<string, number> = { us: 1e-6, ms: 1e-3, s: 1, m: 60, min: 60, h: 3600, d: 86400 };
  return Math.floor(n * factor[unit]!);
}

export function requirePositive(value: number, key: string): void {
  if (value <= 0) throw new IllegalArgumentException(`Invalid value '${value}'. The option '${key}' must be positive`);
}

export function requireNonNegative(value: number, key: string): void {
  if (value < 0) throw new IllegalArgumentException(`Invalid value '${value}'. The option '${key}' must not be negative`);
}
