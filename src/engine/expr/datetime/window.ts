/**
 * Event-time windows (Spark's TimeWindow / window()) and the interval strings used by window()
 * and withWatermark ("10 minutes", "1 hour 30 minutes", "interval 5 seconds").
 */
import { type DateTimeError, dateTimeError } from "./errors";

function floorMod(a: bigint, b: bigint): bigint {
  const r = a % b;
  return r < 0n ? r + b : r;
}

/**
 * Every window start whose [start, start + window) contains `ts`, ascending. Tumbling windows
 * (slide = window) give exactly one. `start` is the startTime offset (0 by default).
 */
export function windowStarts(ts: bigint, windowMicros: bigint, slideMicros: bigint, startMicros = 0n): bigint[] {
  if (windowMicros <= 0n || slideMicros <= 0n) {
    throw dateTimeError(
      null,
      null,
      "IllegalArgumentException",
      "The window duration and slide duration must be greater than 0.",
    );
  }
  if (slideMicros > windowMicros) {
    throw dateTimeError(
      null,
      null,
      "IllegalArgumentException",
      `The slide duration (${slideMicros}) must be less than or equal to the windowDuration (${windowMicros}).`,
    );
  }
  const lastStart = ts - floorMod(ts - startMicros, slideMicros);
  const starts: bigint[] = [];
  for (let s = lastStart; s > ts - windowMicros; s -= slideMicros) starts.push(s);
  return starts.reverse();
}

const UNIT_MICROS: Readonly<Record<string, bigint>> = {
  week: 7n * 86_400_000_000n,
  day: 86_400_000_000n,
  hour: 3_600_000_000n,
  minute: 60_000_000n,
  second: 1_000_000n,
  millisecond: 1000n,
  microsecond: 1n,
};

function normaliseUnit(unit: string): string | null {
  const u = unit.toLowerCase();
  const singular = u.endsWith("s") && u.length > 1 ? u.slice(0, -1) : u;
  if (singular in UNIT_MICROS) return singular;
  if (singular === "month" || singular === "year") return singular;
  const short: Record<string, string> = { ms: "millisecond", us: "microsecond", min: "minute", sec: "second", hr: "hour" };
  return short[u] ?? short[singular] ?? null;
}

function invalidInterval(text: string, why: string): DateTimeError {
  return dateTimeError(
    null,
    null,
    "IllegalArgumentException",
    `The provided interval (${text}) did not correspond to a valid interval string: ${why}`,
  );
}

/**
 * Parses an interval string to microseconds: "<number> <unit>" pairs with units week, day, hour,
 * minute, second, millisecond, microsecond (singular or plural), optionally prefixed by
 * "interval". Months and years are rejected like Spark's window() ("Intervals greater than a
 * month is not supported").
 */
export function parseIntervalString(text: string): bigint {
  return parseInterval(text, false);
}

/**
 * withWatermark's delay: like parseIntervalString, but months count as 31 days and years as 12
 * such months, as Spark's EventTimeWatermark.getDelayMs does.
 */
export function parseWatermarkDelay(text: string): bigint {
  return parseInterval(text, true);
}

const MONTH_MICROS = 31n * 86_400_000_000n;

function parseInterval(text: string, monthsAs31Days: boolean): bigint {
  let rest = text.trim();
  if (/^interval\s/i.test(rest)) rest = rest.slice(8).trim();
  if (rest === "") throw invalidInterval(text, "empty interval");
  const parts = rest.split(/\s+/);
  if (parts.length % 2 !== 0) throw invalidInterval(text, "expected pairs of <number> <unit>");
  let total = 0n;
  for (let i = 0; i < parts.length; i += 2) {
    const num = parts[i].replace(/^'|'$/g, "");
    const unit = normaliseUnit(parts[i + 1]);
    if (!/^[+-]?\d+(\.\d+)?$/.test(num)) throw invalidInterval(text, `'${parts[i]}' is not a number`);
    if (unit === null) throw invalidInterval(text, `unknown unit '${parts[i + 1]}'`);
    if ((unit === "month" || unit === "year") && !monthsAs31Days) {
      throw dateTimeError(
        null,
        null,
        "IllegalArgumentException",
        `Intervals greater than a month is not supported (${text}).`,
      );
    }
    const per = unit === "month" ? MONTH_MICROS : unit === "year" ? 12n * MONTH_MICROS : UNIT_MICROS[unit];
    const [whole, frac = ""] = num.replace(/^[+-]/, "").split(".");
    let v = BigInt(whole) * per;
    if (frac !== "") {
      const scale = 10n ** BigInt(frac.length);
      v += (BigInt(frac) * per) / scale;
    }
    total += num.startsWith("-") ? -v : v;
  }
  return total;
}
