/**
 * Spark's lenient string grammars for dates and timestamps (SparkDateTimeUtils.stringToDate /
 * parseTimestampString / stringToTimestamp): what CAST(str AS DATE|TIMESTAMP), typed literals and
 * the JSON reader accept. Invalid input gives null; the callers decide between NULL and an error.
 */
import { daysFromCivil, daysInMonth, floorDiv, joinMicros, makeDays, SECONDS_PER_DAY, splitMicros } from "./calendar";
import { findZone, getZone, type ZoneRules } from "./time-zone";

/** Java Long bounds: timestamps outside them are invalid. */
export const LONG_MAX = 9_223_372_036_854_775_807n;
export const LONG_MIN = -9_223_372_036_854_775_808n;

/** Spark trims ASCII whitespace and ISO control characters (code <= 0x20) at both ends. */
function trimBounds(s: string): [number, number] {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) <= 0x20) start++;
  while (end > start && s.charCodeAt(end - 1) <= 0x20) end--;
  return [start, end];
}

/** `stringToDate`: days since epoch, or null when Spark returns None. */
export function stringToDate(s: string): number | null {
  const [begin, end] = trimBounds(s);
  if (begin === end) return null;
  const segments = [1, 1, 1];
  let sign = 1;
  let i = 0;
  let value = 0;
  let digits = 0;
  let j = begin;
  const c0 = s.charCodeAt(j);
  if (c0 === 45 || c0 === 43) {
    sign = c0 === 45 ? -1 : 1;
    j++;
  }
  const validDigits = (seg: number, n: number) => (seg === 0 ? n >= 4 && n <= 7 : n > 0 && n <= 2);
  while (j < end && i < 3) {
    const c = s.charCodeAt(j);
    if (c === 32 || c === 84 /* T */) break;
    if (i < 2 && c === 45) {
      if (!validDigits(i, digits)) return null;
      segments[i] = value;
      value = 0;
      digits = 0;
      i++;
    } else {
      const d = c - 48;
      if (d < 0 || d > 9) return null;
      value = value * 10 + d;
      digits++;
    }
    j++;
  }
  if (!validDigits(i, digits)) return null;
  if (i < 2 && j < end) return null;
  segments[i] = value;
  return makeDays(sign * segments[0], segments[1], segments[2]);
}

/** The parts of a timestamp string, before any zone is applied. */
export interface TimestampParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  micro: number;
  /** Zone text after the time (trimmed), or null. */
  zone: string | null;
  /** Only a time was given (`T10:11:12` / `10:11:12`): the date is "today" in the zone. */
  justTime: boolean;
}

/** `parseTimestampString`: the segments of a timestamp string, or null when invalid. */
export function parseTimestampParts(s: string): TimestampParts | null {
  const [begin, end] = trimBounds(s);
  if (begin === end) return null;
  const seg = [1, 1, 1, 0, 0, 0, 0, 0, 0];
  let i = 0;
  let value = 0;
  let digits = 0;
  let fracDigits = 0;
  let justTime = false;
  let yearSign = 0;
  let tz: string | null = null;
  let j = begin;
  const valid = (segment: number, n: number) =>
    segment === 6 ||
    (segment === 0 && n >= 4 && n <= 6) ||
    (segment === 7 && n <= 2) ||
    (segment !== 0 && segment !== 6 && segment !== 7 && n > 0 && n <= 2);
  const c0 = s.charCodeAt(j);
  if (c0 === 45 || c0 === 43) {
    yearSign = c0 === 45 ? -1 : 1;
    j++;
  }
  while (j < end) {
    const b = s.charCodeAt(j);
    const d = b - 48;
    if (d < 0 || d > 9) {
      if (j === 0 && b === 84) {
        justTime = true;
        i += 3;
      } else if (i < 2) {
        if (b === 45) {
          if (!valid(i, digits)) return null;
          seg[i] = value;
          value = 0;
          digits = 0;
          i++;
        } else if (i === 0 && b === 58 && yearSign === 0) {
          justTime = true;
          if (!valid(3, digits)) return null;
          seg[3] = value;
          value = 0;
          digits = 0;
          i = 4;
        } else return null;
      } else if (i === 2) {
        if (b !== 32 && b !== 84) return null;
        if (!valid(i, digits)) return null;
        seg[i] = value;
        value = 0;
        digits = 0;
        i++;
      } else if (i === 3 || i === 4) {
        if (b !== 58) return null;
        if (!valid(i, digits)) return null;
        seg[i] = value;
        value = 0;
        digits = 0;
        i++;
      } else if (i === 5 || i === 6) {
        if (!valid(i, digits)) return null;
        seg[i] = value;
        value = 0;
        digits = 0;
        i++;
        if (!(b === 46 && i === 6)) {
          tz = s.substring(j, end);
          j = end - 1;
        }
        if (i === 6 && b !== 46) i++;
      } else {
        if (i < 9 && (b === 58 || b === 32)) {
          if (!valid(i, digits)) return null;
          seg[i] = value;
          value = 0;
          digits = 0;
          i++;
        } else return null;
      }
    } else {
      if (i === 6) fracDigits++;
      if (i !== 6 || digits < 6) value = value * 10 + d;
      digits++;
      if (value > 2_147_483_647) return null; // Int overflow in Spark makes the value garbage
    }
    j++;
  }
  if (!valid(i, digits)) return null;
  seg[i] = value;
  let micro = seg[6];
  for (let k = Math.min(fracDigits, 6); k < 6; k++) micro *= 10;
  return {
    year: seg[0] * (yearSign === 0 ? 1 : yearSign),
    month: seg[1],
    day: seg[2],
    hour: seg[3],
    minute: seg[4],
    second: seg[5],
    micro,
    zone: tz === null ? null : tz.trim(),
    justTime,
  };
}

/**
 * Local seconds (wall clock, as if UTC) of validated parts, or null when a field is out of range
 * (LocalDate.of / LocalTime.of would throw).
 */
function localSecondsOf(p: TimestampParts, todayDays: number): number | null {
  if (p.hour > 23 || p.minute > 59 || p.second > 59) return null;
  const days = p.justTime ? todayDays : makeDays(p.year, p.month, p.day);
  if (days === null) return null;
  return days * SECONDS_PER_DAY + p.hour * 3600 + p.minute * 60 + p.second;
}

function microsInRange(seconds: number, micro: number): bigint | null {
  const us = joinMicros(seconds, micro);
  return us > LONG_MAX || us < LONG_MIN ? null : us;
}

/**
 * `stringToTimestamp`: micros since epoch, or null when invalid. `nowMicros` supplies "today" for
 * time-only strings (defaults to the wall clock).
 */
export function stringToTimestamp(s: string, timeZone: string, nowMicros?: bigint): bigint | null {
  const fast = fastTimestamp(s, timeZone);
  if (fast !== undefined) return fast;
  const p = parseTimestampParts(s);
  if (p === null) return null;
  const zone = p.zone === null ? getZone(timeZone) : findZone(p.zone);
  if (zone === null) return null;
  const today = p.justTime ? todayIn(zone, nowMicros) : 0;
  const local = localSecondsOf(p, today);
  if (local === null) return null;
  return microsInRange(zone.localToEpoch(local), p.micro);
}

/** `stringToTimestampWithoutTimeZone` (TIMESTAMP_NTZ): a zone suffix is ignored, time-only is invalid. */
export function stringToTimestampNtz(s: string): bigint | null {
  const p = parseTimestampParts(s);
  if (p === null || p.justTime) return null;
  if (p.zone !== null && findZone(p.zone) === null) return null;
  const local = localSecondsOf(p, 0);
  if (local === null) return null;
  return microsInRange(local, p.micro);
}

function todayIn(zone: ZoneRules, nowMicros?: bigint): number {
  const now = nowMicros ?? BigInt(Date.now()) * 1000n;
  const { seconds } = splitMicros(now);
  return floorDiv(seconds + zone.offsetAt(seconds), SECONDS_PER_DAY);
}

const FAST_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];

/**
 * Fast path for the overwhelmingly common `yyyy-MM-dd[ T]HH:mm:ss[.f{1,6}]` without a zone (the
 * from_json benchmark shape). Returns undefined to defer to the full grammar.
 */
function fastTimestamp(s: string, timeZone: string): bigint | null | undefined {
  const n = s.length;
  if (n < 19 || n > 26) return undefined;
  const c = (k: number) => s.charCodeAt(k) - 48;
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58)
    return undefined;
  const sep = s.charCodeAt(10);
  if (sep !== 32 && sep !== 84) return undefined;
  for (const k of FAST_DIGITS) {
    const d = c(k);
    if (d < 0 || d > 9) return undefined;
  }
  let micro = 0;
  if (n > 19) {
    if (s.charCodeAt(19) !== 46 || n === 20) return undefined;
    for (let k = 20; k < 26; k++) {
      let d = 0;
      if (k < n) {
        d = c(k);
        if (d < 0 || d > 9) return undefined;
      }
      micro = micro * 10 + d;
    }
  }
  const year = c(0) * 1000 + c(1) * 100 + c(2) * 10 + c(3);
  const month = c(5) * 10 + c(6);
  const day = c(8) * 10 + c(9);
  const hour = c(11) * 10 + c(12);
  const minute = c(14) * 10 + c(15);
  const second = c(17) * 10 + c(18);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const local = daysFromCivil(year, month, day) * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second;
  return joinMicros(getZone(timeZone).localToEpoch(local), micro);
}
