/**
 * Conversions between strings, numbers, dates and timestamps that Spark exposes as functions:
 * to_timestamp, to_date, unix_timestamp, from_unixtime, date_format, timestamp_seconds/millis/
 * micros, unix_seconds/millis/micros, make_date, make_timestamp, to/from_utc_timestamp,
 * current_timestamp/current_date.
 */
import { daysInMonth, floorDiv, joinMicros, MICROS_PER_SECOND_N, makeDays, SECONDS_PER_DAY, splitMicros } from "./calendar";
import {
  castStringToDate,
  castStringToTimestamp,
  type DateTimeContext,
  LONG_MAX,
  LONG_MIN,
  timestampToDate,
} from "./cast";
import { cannotParseTimestamp, dateTimeError, fieldOutOfBounds, longOverflow, timestampOverflow } from "./errors";
import { formatTimestamp } from "./format";
import { DateTimeParseFailure, parseTimestampNtzWithPattern, parseTimestampWithPattern } from "./parse";
import { getZone } from "./time-zone";
import { Decimal } from "../../types/decimal";

/** Spark's default pattern for unix_timestamp / from_unixtime. */
export const DEFAULT_TIMESTAMP_PATTERN = "yyyy-MM-dd HH:mm:ss";

function parseOrNull(
  text: string,
  pattern: string,
  ctx: DateTimeContext,
  tryFunction: string,
  ntz = false,
): bigint | null {
  try {
    return ntz ? parseTimestampNtzWithPattern(text, pattern) : parseTimestampWithPattern(text, pattern, ctx.timeZone);
  } catch (e) {
    if (e instanceof DateTimeParseFailure) {
      if (ctx.ansi) throw cannotParseTimestamp(e.message, tryFunction);
      return null;
    }
    throw e;
  }
}

/**
 * to_timestamp(str[, fmt]). Without a pattern it is CAST(str AS TIMESTAMP); with one, a strict
 * pattern parse (null on failure, CANNOT_PARSE_TIMESTAMP when ansi). An invalid pattern always throws.
 */
export function toTimestamp(text: string, pattern: string | null, ctx: DateTimeContext, nowMicros?: bigint): bigint | null {
  if (pattern === null) return castStringToTimestamp(text, ctx, nowMicros);
  return parseOrNull(text, pattern, ctx, "try_to_timestamp");
}

/** to_timestamp_ntz(str[, fmt]). */
export function toTimestampNtz(text: string, pattern: string | null, ctx: DateTimeContext): bigint | null {
  if (pattern === null) {
    return parseOrNull(text, "yyyy-MM-dd[ HH:mm:ss[.SSSSSS]]", ctx, "try_to_timestamp", true);
  }
  return parseOrNull(text, pattern, ctx, "try_to_timestamp", true);
}

/** to_date(str[, fmt]): CAST(str AS DATE) without a pattern, else the parsed timestamp's local date. */
export function toDate(text: string, pattern: string | null, ctx: DateTimeContext): number | null {
  if (pattern === null) return castStringToDate(text, ctx.ansi);
  const ts = parseOrNull(text, pattern, ctx, "try_to_date");
  return ts === null ? null : timestampToDate(ts, ctx.timeZone);
}

/** date_format(ts, fmt): formats in the session zone. */
export function dateFormat(micros: bigint, pattern: string, ctx: DateTimeContext): string {
  return formatTimestamp(micros, pattern, ctx.timeZone);
}

/** unix_timestamp(str[, fmt]) for a string: epoch seconds, null/CANNOT_PARSE_TIMESTAMP on failure. */
export function unixTimestampFromString(text: string, pattern: string | null, ctx: DateTimeContext): bigint | null {
  const ts = parseOrNull(text, pattern ?? DEFAULT_TIMESTAMP_PATTERN, ctx, "try_to_timestamp");
  return ts === null ? null : floorSeconds(ts);
}

/** unix_timestamp(ts) for a timestamp: floor epoch seconds. */
export function unixTimestampFromTimestamp(micros: bigint): bigint {
  return floorSeconds(micros);
}

/** unix_timestamp(date): epoch seconds of local midnight. */
export function unixTimestampFromDate(days: number, ctx: DateTimeContext): bigint {
  return BigInt(getZone(ctx.timeZone).localToEpoch(days * SECONDS_PER_DAY));
}

/** from_unixtime(seconds[, fmt]): the instant formatted in the session zone. */
export function fromUnixtime(seconds: bigint, pattern: string | null, ctx: DateTimeContext): string {
  return formatTimestamp(seconds * MICROS_PER_SECOND_N, pattern ?? DEFAULT_TIMESTAMP_PATTERN, ctx.timeZone);
}

function floorSeconds(micros: bigint): bigint {
  let s = micros / MICROS_PER_SECOND_N;
  if (micros % MICROS_PER_SECOND_N < 0n) s -= 1n;
  return s;
}

function floorDivBig(a: bigint, b: bigint): bigint {
  let q = a / b;
  if (a % b !== 0n && a < 0n !== b < 0n) q -= 1n;
  return q;
}

/** Exact decimal text ("1.23", "-0.5") to micros; throws "Rounding necessary" past 6 digits. */
function decimalTextToMicros(text: string): bigint {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (m === null) throw dateTimeError(null, null, "ArithmeticException", `Invalid decimal: ${text}`);
  const frac = (m[3] ?? "").replace(/0+$/, "");
  if (frac.length > 6) throw dateTimeError(null, null, "ArithmeticException", "Rounding necessary");
  const v = BigInt(m[2] || "0") * MICROS_PER_SECOND_N + BigInt(frac.padEnd(6, "0") || "0");
  const r = m[1] === "-" ? -v : v;
  if (r > LONG_MAX || r < LONG_MIN) throw longOverflow();
  return r;
}

/**
 * timestamp_seconds(x): integral input is exact with long-overflow checks; a DECIMAL (a Decimal
 * or its string form) must have at most 6 fractional digits ("Rounding necessary"); a DOUBLE/FLOAT is
 * truncated to micros, NaN/Infinity give null.
 */
export function timestampSeconds(seconds: bigint | number | string | Decimal): bigint | null {
  if (typeof seconds === "bigint") return timestampFrom(seconds, MICROS_PER_SECOND_N, "seconds");
  if (typeof seconds === "string") return decimalTextToMicros(seconds);
  if (seconds instanceof Decimal) return decimalTextToMicros(seconds.toString());
  if (!Number.isFinite(seconds)) return null;
  const us = BigInt(Math.trunc(seconds * 1e6));
  if (us > LONG_MAX || us < LONG_MIN) throw longOverflow();
  return us;
}

export function timestampMillis(millis: bigint): bigint {
  return timestampFrom(millis, 1000n, "milliseconds");
}

function timestampFrom(v: bigint, microsPerUnit: bigint, unit: "seconds" | "milliseconds"): bigint {
  const r = v * microsPerUnit;
  if (r > LONG_MAX || r < LONG_MIN) throw timestampOverflow(v, unit);
  return r;
}

export function timestampMicros(micros: bigint): bigint {
  return micros;
}

export function unixSeconds(micros: bigint): bigint {
  return floorSeconds(micros);
}

export function unixMillis(micros: bigint): bigint {
  return floorDivBig(micros, 1000n);
}

export function unixMicros(micros: bigint): bigint {
  return micros;
}

/** unix_date(date): days since epoch. */
export function unixDate(days: number): number {
  return days;
}

/** date_from_unix_date(n). */
export function dateFromUnixDate(days: number): number {
  return days;
}

/** current_timestamp(): the caller passes the query's fixed "now". */
export function currentTimestamp(nowMicros: bigint): bigint {
  return nowMicros;
}

/** current_date(): today in the session zone. */
export function currentDate(nowMicros: bigint, ctx: DateTimeContext): number {
  return timestampToDate(nowMicros, ctx.timeZone);
}

function rangeMessage(field: string, range: string, value: number): string {
  return `Invalid value for ${field} (valid values ${range}): ${value}`;
}

function dateProblem(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12) return rangeMessage("MonthOfYear", "1 - 12", month);
  if (day < 1 || day > 31) return rangeMessage("DayOfMonth", "1 - 28/31", day);
  if (day > daysInMonth(year, month)) {
    return month === 2 && day === 29
      ? `Invalid date 'February 29' as '${year}' is not a leap year`
      : `Invalid date '${["", "JANUARY", "FEBRUARY", "MARCH", "APRIL", "MAY", "JUNE", "JULY", "AUGUST", "SEPTEMBER", "OCTOBER", "NOVEMBER", "DECEMBER"][month]} ${day}'`;
  }
  return null;
}

/** make_date(y, m, d): null for an invalid date, DATETIME_FIELD_OUT_OF_BOUNDS when ansi. */
export function makeDate(year: number, month: number, day: number, ansi: boolean): number | null {
  const d = makeDays(year, month, day);
  if (d !== null) return d;
  if (ansi) throw fieldOutOfBounds(dateProblem(year, month, day) ?? `Invalid date ${year}-${month}-${day}`);
  return null;
}

/**
 * make_timestamp(year, month, day, hour, min, sec[, timezone]). `sec` is the DECIMAL(16,6)
 * seconds, as a Decimal, a number or exact decimal text. 60 with no fraction rolls over to the next
 * minute (like Spark); other out-of-range fields give null, or an error when ansi.
 */
export function makeTimestamp(
  year: number,
  month: number,
  day: number,
  hour: number,
  min: number,
  sec: number | string | Decimal,
  timeZone: string | null,
  ctx: DateTimeContext,
): bigint | null {
  const secMicros =
    typeof sec === "string"
      ? decimalTextToMicros(sec)
      : sec instanceof Decimal
        ? decimalTextToMicros(sec.setScale(6).toString())
        : BigInt(Math.round(sec * 1e6));
  const fail = (why: string, errorClass = "DATETIME_FIELD_OUT_OF_BOUNDS"): null => {
    if (!ctx.ansi) return null;
    if (errorClass === "INVALID_FRACTION_OF_SECOND") {
      throw dateTimeError(
        "INVALID_FRACTION_OF_SECOND",
        "22023",
        "SparkDateTimeException",
        `Valid range for seconds is [0, 60] (inclusive), but the provided value is ${sec}. ` +
          'To avoid this error, use `try_make_timestamp`, which returns NULL on error. If you do not want to use the session default timestamp version of this function, use `try_make_timestamp_ntz` or `try_make_timestamp_ltz`.',
        { secAndMicros: String(sec) },
      );
    }
    throw fieldOutOfBounds(why);
  };
  const seconds = Number(secMicros / MICROS_PER_SECOND_N);
  const micro = Number(secMicros % MICROS_PER_SECOND_N);
  let extraMinute = 0;
  let s = seconds;
  if (secMicros < 0n) return fail(rangeMessage("SecondOfMinute", "0 - 59", seconds));
  if (seconds === 60) {
    if (micro !== 0) return fail("", "INVALID_FRACTION_OF_SECOND");
    extraMinute = 1;
    s = 0;
  } else if (seconds > 59) return fail(rangeMessage("SecondOfMinute", "0 - 59", seconds));
  const problem = dateProblem(year, month, day);
  if (problem !== null) return fail(problem);
  if (hour < 0 || hour > 23) return fail(rangeMessage("HourOfDay", "0 - 23", hour));
  if (min < 0 || min > 59) return fail(rangeMessage("MinuteOfHour", "0 - 59", min));
  const days = makeDays(year, month, day)!;
  const local = days * SECONDS_PER_DAY + hour * 3600 + (min + extraMinute) * 60 + s;
  const zone = getZone(timeZone ?? ctx.timeZone);
  return joinMicros(zone.localToEpoch(local), micro);
}

/** to_utc_timestamp(ts, tz): reads ts's UTC wall clock as a time in tz. */
export function toUtcTimestamp(micros: bigint, timeZone: string): bigint {
  const { seconds, micro } = splitMicros(micros);
  return joinMicros(getZone(timeZone).localToEpoch(seconds), micro);
}

/** from_utc_timestamp(ts, tz): shows tz's wall clock for the instant as a UTC timestamp. */
export function fromUtcTimestamp(micros: bigint, timeZone: string): bigint {
  const { seconds, micro } = splitMicros(micros);
  return joinMicros(seconds + getZone(timeZone).offsetAt(seconds), micro);
}

/** Local date of "now" used when a timestamp string has only a time. */
export function todayDays(nowMicros: bigint, ctx: DateTimeContext): number {
  const { seconds } = splitMicros(nowMicros);
  return floorDiv(seconds + getZone(ctx.timeZone).offsetAt(seconds), SECONDS_PER_DAY);
}
