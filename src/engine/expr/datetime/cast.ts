/**
 * Spark's casts between strings, dates, timestamps and numbers (Cast.scala / SparkDateTimeUtils):
 * the lenient `stringToDate` / `stringToTimestamp` grammars, the `yyyy-MM-dd HH:mm:ss[.ffffff]`
 * rendering, and timestamp <-> date <-> seconds conversions in the session time zone.
 */
import {
  civilFromDays,
  daysFromCivil,
  daysInMonth,
  floorDiv,
  joinMicros,
  MICROS_PER_SECOND,
  MICROS_PER_SECOND_N,
  makeDays,
  SECONDS_PER_DAY,
  splitMicros,
} from "./calendar";
import { castInvalidInput, longOverflow } from "./errors";
import { findZone, getZone, type ZoneRules } from "./time-zone";

/** What every zone-dependent datetime function receives from the session. */
export interface DateTimeContext {
  /** spark.sql.session.timeZone, e.g. "America/Los_Angeles". */
  readonly timeZone: string;
  /** spark.sql.ansi.enabled. */
  readonly ansi: boolean;
}

const LONG_MAX = 9_223_372_036_854_775_807n;
const LONG_MIN = -9_223_372_036_854_775_808n;

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

/** Cast STRING -> DATE: null when invalid, CAST_INVALID_INPUT in ANSI mode. */
export function castStringToDate(s: string, ansi: boolean): number | null {
  const d = stringToDate(s);
  if (d === null && ansi) throw castInvalidInput(s, "DATE");
  return d;
}

/** Cast STRING -> TIMESTAMP: null when invalid, CAST_INVALID_INPUT in ANSI mode. */
export function castStringToTimestamp(s: string, ctx: DateTimeContext, nowMicros?: bigint): bigint | null {
  const t = stringToTimestamp(s, ctx.timeZone, nowMicros);
  if (t === null && ctx.ansi) throw castInvalidInput(s, "TIMESTAMP");
  return t;
}

/** Cast STRING -> TIMESTAMP_NTZ. */
export function castStringToTimestampNtz(s: string, ansi: boolean): bigint | null {
  const t = stringToTimestampNtz(s);
  if (t === null && ansi) throw castInvalidInput(s, "TIMESTAMP_NTZ");
  return t;
}

function pad(n: number, width: number): string {
  const s = String(n);
  return s.length >= width ? s : "0".repeat(width - s.length) + s;
}

/** Year as java.time prints `uuuu`: 4 digits, `+` beyond 9999, `-` before year 0. */
export function formatYear4(year: number): string {
  if (year > 9999) return `+${year}`;
  if (year < 0) return `-${pad(-year, 4)}`;
  return pad(year, 4);
}

/** Cast DATE -> STRING: `yyyy-MM-dd`. */
export function dateToString(days: number): string {
  const { year, month, day } = civilFromDays(days);
  return `${formatYear4(year)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** Local wall-clock seconds and micro of a timestamp in a zone. */
export function toLocal(micros: bigint, zone: ZoneRules): { localSeconds: number; micro: number } {
  const { seconds, micro } = splitMicros(micros);
  return { localSeconds: seconds + zone.offsetAt(seconds), micro };
}

/** `yyyy-MM-dd HH:mm:ss[.fraction]` of local seconds, trailing fraction zeros dropped. */
export function localToString(localSeconds: number, micro: number): string {
  const days = floorDiv(localSeconds, SECONDS_PER_DAY);
  const sod = localSeconds - days * SECONDS_PER_DAY;
  const h = Math.floor(sod / 3600);
  const m = Math.floor((sod % 3600) / 60);
  const sec = sod % 60;
  let out = `${dateToString(days)} ${pad(h, 2)}:${pad(m, 2)}:${pad(sec, 2)}`;
  if (micro !== 0) out += `.${pad(micro, 6).replace(/0+$/, "")}`;
  return out;
}

/** Cast TIMESTAMP -> STRING in the session zone (what show() and the golden files print). */
export function timestampToString(micros: bigint, timeZone: string): string {
  const { localSeconds, micro } = toLocal(micros, getZone(timeZone));
  return localToString(localSeconds, micro);
}

/** Cast TIMESTAMP_NTZ -> STRING. */
export function timestampNtzToString(micros: bigint): string {
  const { seconds, micro } = splitMicros(micros);
  return localToString(seconds, micro);
}

/** Cast TIMESTAMP -> DATE: the local date in the session zone. */
export function timestampToDate(micros: bigint, timeZone: string): number {
  const { localSeconds } = toLocal(micros, getZone(timeZone));
  return floorDiv(localSeconds, SECONDS_PER_DAY);
}

/** Cast TIMESTAMP_NTZ -> DATE. */
export function timestampNtzToDate(micros: bigint): number {
  return floorDiv(splitMicros(micros).seconds, SECONDS_PER_DAY);
}

/** Cast DATE -> TIMESTAMP: local midnight in the session zone. */
export function dateToTimestamp(days: number, timeZone: string): bigint {
  return joinMicros(getZone(timeZone).localToEpoch(days * SECONDS_PER_DAY), 0);
}

/** Cast DATE -> TIMESTAMP_NTZ. */
export function dateToTimestampNtz(days: number): bigint {
  return BigInt(days) * 86_400_000_000n;
}

/** TIMESTAMP -> TIMESTAMP_NTZ (local wall clock of the session zone). */
export function timestampToTimestampNtz(micros: bigint, timeZone: string): bigint {
  const { localSeconds, micro } = toLocal(micros, getZone(timeZone));
  return joinMicros(localSeconds, micro);
}

/** TIMESTAMP_NTZ -> TIMESTAMP (wall clock read in the session zone). */
export function timestampNtzToTimestamp(micros: bigint, timeZone: string): bigint {
  const { seconds, micro } = splitMicros(micros);
  return joinMicros(getZone(timeZone).localToEpoch(seconds), micro);
}

/** Cast TIMESTAMP -> DOUBLE: seconds with fraction. */
export function timestampToDouble(micros: bigint): number {
  return Number(micros) / MICROS_PER_SECOND;
}

/** Cast TIMESTAMP -> BIGINT (and INT/SHORT/BYTE before narrowing): floor seconds. */
export function timestampToLong(micros: bigint): bigint {
  let s = micros / MICROS_PER_SECOND_N;
  if (micros % MICROS_PER_SECOND_N < 0n) s -= 1n;
  return s;
}

/** Cast BIGINT/INT -> TIMESTAMP: seconds, saturating like `SECONDS.toMicros`. */
export function longToTimestamp(seconds: bigint): bigint {
  const us = seconds * MICROS_PER_SECOND_N;
  if (us > LONG_MAX) return LONG_MAX;
  if (us < LONG_MIN) return LONG_MIN;
  return us;
}

/** Cast DOUBLE/FLOAT -> TIMESTAMP: null for NaN/Infinity (`doubleToTimestamp`). */
export function doubleToTimestamp(seconds: number): bigint | null {
  if (!Number.isFinite(seconds)) return null;
  const us = Math.trunc(seconds * MICROS_PER_SECOND);
  const b = BigInt(us);
  if (b > LONG_MAX) return LONG_MAX;
  if (b < LONG_MIN) return LONG_MIN;
  return b;
}

/** Multiplies with Java's long overflow check (`Math.multiplyExact`). */
export function multiplyExact(a: bigint, b: bigint): bigint {
  const r = a * b;
  if (r > LONG_MAX || r < LONG_MIN) throw longOverflow();
  return r;
}

export { LONG_MAX, LONG_MIN };

/**
 * Special values Spark accepts in typed literals (`DATE 'today'`, `TIMESTAMP 'now'`): epoch, now,
 * today, yesterday, tomorrow (case-insensitive, trimmed). Returns days for dates.
 */
export function specialDate(text: string, ctx: DateTimeContext, nowMicros: bigint): number | null {
  const t = text.trim().toLowerCase();
  if (t === "epoch") return 0;
  const today = timestampToDate(nowMicros, ctx.timeZone);
  if (t === "now" || t === "today") return today;
  if (t === "yesterday") return today - 1;
  if (t === "tomorrow") return today + 1;
  return null;
}

/** Special timestamp values: epoch, now, today/yesterday/tomorrow (local midnight). */
export function specialTimestamp(text: string, ctx: DateTimeContext, nowMicros: bigint): bigint | null {
  const t = text.trim().toLowerCase();
  if (t === "epoch") return 0n;
  if (t === "now") return nowMicros;
  const d = specialDate(t, ctx, nowMicros);
  return d === null ? null : dateToTimestamp(d, ctx.timeZone);
}

/** DATE 'text' literal value (cast grammar or a special value); null means INVALID_TYPED_LITERAL. */
export function dateLiteral(text: string, ctx: DateTimeContext, nowMicros: bigint): number | null {
  return stringToDate(text) ?? specialDate(text, ctx, nowMicros);
}

/** TIMESTAMP 'text' literal value; null means INVALID_TYPED_LITERAL. */
export function timestampLiteral(text: string, ctx: DateTimeContext, nowMicros: bigint): bigint | null {
  return stringToTimestamp(text, ctx.timeZone, nowMicros) ?? specialTimestamp(text, ctx, nowMicros);
}

/** TIMESTAMP_NTZ 'text' literal value; null means INVALID_TYPED_LITERAL. */
export function timestampNtzLiteral(text: string, ctx: DateTimeContext, nowMicros: bigint): bigint | null {
  const v = stringToTimestampNtz(text);
  if (v !== null) return v;
  const special = specialTimestamp(text, ctx, nowMicros);
  return special === null ? null : timestampToTimestampNtz(special, ctx.timeZone);
}
