/**
 * Calendar arithmetic: date_add, date_sub, datediff, add_months, months_between, last_day,
 * next_day, trunc, date_trunc. Dates are days since epoch, timestamps bigint micros.
 */
import {
  civilFromDays,
  daysFromCivil,
  daysInMonth,
  floorDiv,
  isoDayOfWeek,
  joinMicros,
  SECONDS_PER_DAY,
  splitMicros,
} from "./calendar";
import type { DateTimeContext } from "./cast";
import { dateTimeError, longOverflow } from "./errors";
import { getZone } from "./time-zone";

export function dateAdd(days: number, n: number): number {
  return days + n;
}

export function dateSub(days: number, n: number): number {
  return days - n;
}

/** datediff(end, start): days from start to end. */
export function dateDiff(end: number, start: number): number {
  return end - start;
}

/** add_months: the day is clamped to the target month's length (2019-01-31 + 1 -> 2019-02-28). */
export function addMonths(days: number, months: number): number {
  const { year, month, day } = civilFromDays(days);
  const total = year * 12 + (month - 1) + months;
  const y = floorDiv(total, 12);
  const m = total - y * 12 + 1;
  return daysFromCivil(y, m, Math.min(day, daysInMonth(y, m)));
}

/** last_day: the last day of the date's month. */
export function lastDay(days: number): number {
  const { year, month } = civilFromDays(days);
  return daysFromCivil(year, month, daysInMonth(year, month));
}

function localOf(micros: bigint, ctx: DateTimeContext): { days: number; secondOfDay: number; micro: number } {
  const { seconds, micro } = splitMicros(micros);
  const local = seconds + getZone(ctx.timeZone).offsetAt(seconds);
  const days = floorDiv(local, SECONDS_PER_DAY);
  return { days, secondOfDay: local - days * SECONDS_PER_DAY, micro };
}

/**
 * months_between(ts1, ts2[, roundOff]): whole months when the days of month match or both are
 * month ends, else a fraction based on 31-day months; rounded to 8 digits when roundOff.
 */
export function monthsBetween(ts1: bigint, ts2: bigint, roundOff: boolean, ctx: DateTimeContext): number {
  const a = localOf(ts1, ctx);
  const b = localOf(ts2, ctx);
  const ca = civilFromDays(a.days);
  const cb = civilFromDays(b.days);
  const monthDiff = ca.year * 12 + ca.month - (cb.year * 12 + cb.month);
  const lastA = ca.day === daysInMonth(ca.year, ca.month);
  const lastB = cb.day === daysInMonth(cb.year, cb.month);
  if (ca.day === cb.day || (lastA && lastB)) return monthDiff;
  const secondsInDayA = a.secondOfDay + a.micro / 1e6;
  const secondsInDayB = b.secondOfDay + b.micro / 1e6;
  // Spark works in whole microseconds then converts to seconds as a long division.
  const secA = Math.floor(secondsInDayA);
  const secB = Math.floor(secondsInDayB);
  const secondsDiff = (ca.day - cb.day) * SECONDS_PER_DAY + secA - secB;
  const diff = monthDiff + secondsDiff / (31 * SECONDS_PER_DAY);
  return roundOff ? Math.round(diff * 1e8) / 1e8 : diff;
}

const DAY_OF_WEEK: Readonly<Record<string, number>> = {
  MO: 1,
  MON: 1,
  MONDAY: 1,
  TU: 2,
  TUE: 2,
  TUESDAY: 2,
  WE: 3,
  WED: 3,
  WEDNESDAY: 3,
  TH: 4,
  THU: 4,
  THURSDAY: 4,
  FR: 5,
  FRI: 5,
  FRIDAY: 5,
  SA: 6,
  SAT: 6,
  SATURDAY: 6,
  SU: 7,
  SUN: 7,
  SUNDAY: 7,
};

/**
 * next_day(date, dayOfWeek): the first later date on that weekday. An unknown day name gives null,
 * or ILLEGAL_DAY_OF_WEEK when ansi.
 */
export function nextDay(days: number, dayOfWeek: string, ansi: boolean): number | null {
  const target = DAY_OF_WEEK[dayOfWeek.trim().toUpperCase()];
  if (target === undefined) {
    if (!ansi) return null;
    throw dateTimeError(
      "ILLEGAL_DAY_OF_WEEK",
      "22009",
      "SparkIllegalArgumentException",
      `Illegal input for day of week: ${dayOfWeek}.`,
      { string: dayOfWeek },
    );
  }
  const delta = (((target - isoDayOfWeek(days) - 1) % 7) + 7) % 7;
  return days + delta + 1;
}

type TruncLevel = "YEAR" | "QUARTER" | "MONTH" | "WEEK" | "DAY" | "HOUR" | "MINUTE" | "SECOND" | "MILLISECOND" | "MICROSECOND";

const TRUNC_LEVELS: Readonly<Record<string, TruncLevel>> = {
  YEAR: "YEAR",
  YYYY: "YEAR",
  YY: "YEAR",
  QUARTER: "QUARTER",
  MONTH: "MONTH",
  MM: "MONTH",
  MON: "MONTH",
  WEEK: "WEEK",
  DAY: "DAY",
  DD: "DAY",
  HOUR: "HOUR",
  MINUTE: "MINUTE",
  SECOND: "SECOND",
  MILLISECOND: "MILLISECOND",
  MICROSECOND: "MICROSECOND",
};

function truncDays(days: number, level: TruncLevel): number {
  const { year, month } = civilFromDays(days);
  switch (level) {
    case "YEAR":
      return daysFromCivil(year, 1, 1);
    case "QUARTER":
      return daysFromCivil(year, month - ((month - 1) % 3), 1);
    case "MONTH":
      return daysFromCivil(year, month, 1);
    case "WEEK":
      return days - isoDayOfWeek(days) + 1;
    default:
      return days;
  }
}

/** trunc(date, fmt): YEAR/YYYY/YY, QUARTER, MONTH/MM/MON, WEEK; anything else gives null. */
export function trunc(days: number, format: string): number | null {
  const level = TRUNC_LEVELS[format.trim().toUpperCase()];
  if (level === undefined || !["YEAR", "QUARTER", "MONTH", "WEEK"].includes(level)) return null;
  return truncDays(days, level);
}

/**
 * date_trunc(fmt, ts): truncates in the session zone (YEAR ... WEEK, DAY/DD, HOUR, MINUTE,
 * SECOND, MILLISECOND, MICROSECOND); an unknown unit gives null.
 */
export function dateTrunc(format: string, micros: bigint, ctx: DateTimeContext): bigint | null {
  const level = TRUNC_LEVELS[format.trim().toUpperCase()];
  if (level === undefined) return null;
  const zone = getZone(ctx.timeZone);
  const { seconds, micro } = splitMicros(micros);
  switch (level) {
    case "MICROSECOND":
      return micros;
    case "MILLISECOND":
      return joinMicros(seconds, micro - (micro % 1000));
    case "SECOND":
      return joinMicros(seconds, 0);
  }
  const local = seconds + zone.offsetAt(seconds);
  const days = floorDiv(local, SECONDS_PER_DAY);
  const sod = local - days * SECONDS_PER_DAY;
  let localResult: number;
  if (level === "MINUTE") localResult = local - (sod % 60);
  else if (level === "HOUR") localResult = local - (sod % 3600);
  else localResult = truncDays(days, level) * SECONDS_PER_DAY;
  return joinMicros(zone.localToEpoch(localResult), 0);
}

/**
 * ts1 - ts2 (and date - timestamp) as a DAY TO SECOND interval in micros. Like Spark's
 * subtractTimestamps it measures between the local wall-clock times, so a DST change in between
 * does not add or remove an hour.
 */
export function subtractTimestamps(end: bigint, start: bigint, ctx: DateTimeContext): bigint {
  const zone = getZone(ctx.timeZone);
  const e = splitMicros(end);
  const s = splitMicros(start);
  const localEnd = e.seconds + zone.offsetAt(e.seconds);
  const localStart = s.seconds + zone.offsetAt(s.seconds);
  return BigInt(localEnd - localStart) * 1_000_000n + BigInt(e.micro - s.micro);
}

/** date1 - date2 as a DAY interval in micros. */
export function subtractDates(end: number, start: number): bigint {
  return BigInt(end - start) * 86_400_000_000n;
}

const LONG_MAX_N = 2n ** 63n - 1n;
const LONG_MIN_N = -(2n ** 63n);

function checkedLong(v: bigint): bigint {
  if (v > LONG_MAX_N || v < LONG_MIN_N) throw longOverflow();
  return v;
}

/**
 * timestamp + CalendarInterval (Spark's timestampAddInterval): months and days move the local
 * date-time in the session zone (keeping the original offset when still valid, like
 * ZonedDateTime.plusMonths/plusDays), then the microseconds are added to the instant.
 */
export function timestampAddInterval(
  micros: bigint,
  months: number,
  days: number,
  microseconds: bigint,
  ctx: DateTimeContext,
): bigint {
  if (months === 0 && days === 0) return checkedLong(micros + microseconds);
  const zone = getZone(ctx.timeZone);
  const { seconds, micro } = splitMicros(micros);
  const offset = zone.offsetAt(seconds);
  const local = seconds + offset;
  const dayNum = floorDiv(local, SECONDS_PER_DAY);
  const sod = local - dayNum * SECONDS_PER_DAY;
  const newDays = addMonths(dayNum, months) + days;
  const newLocal = newDays * SECONDS_PER_DAY + sod;
  const preferred = newLocal - offset;
  const epoch = zone.offsetAt(preferred) === offset ? preferred : zone.localToEpoch(newLocal);
  return checkedLong(joinMicros(epoch, micro) + microseconds);
}

/** timestamp + day-time interval micros (Spark's timestampAddDayTime: whole days in local time). */
export function timestampAddDayTime(micros: bigint, dayTime: bigint, ctx: DateTimeContext): bigint {
  const days = dayTime / 86_400_000_000n;
  return timestampAddInterval(micros, 0, Number(days), dayTime - days * 86_400_000_000n, ctx);
}

/** date + CalendarInterval without a time part (Spark's dateAddInterval). */
export function dateAddInterval(days: number, months: number, addDays: number, microseconds: bigint): number {
  if (microseconds !== 0n) {
    throw dateTimeError(
      null,
      null,
      "IllegalArgumentException",
      "requirement failed: Cannot add hours, minutes or seconds, milliseconds, microseconds to a date",
    );
  }
  return addMonths(days, months) + addDays;
}
