/**
 * Spark's casts between strings, dates, timestamps and numbers (Cast.scala): string casts with
 * ANSI errors on top of string-grammar.ts, the `yyyy-MM-dd HH:mm:ss[.ffffff]` rendering, and
 * timestamp <-> date <-> seconds conversions in the session time zone.
 */
import {
  civilFromDays,
  floorDiv,
  joinMicros,
  MICROS_PER_SECOND,
  MICROS_PER_SECOND_N,
  SECONDS_PER_DAY,
  splitMicros,
} from "./calendar";
import type { DateTimeContext } from "./context";
import { castInvalidInput, longOverflow } from "./errors";
import { LONG_MAX, LONG_MIN, stringToDate, stringToTimestamp, stringToTimestampNtz } from "./string-grammar";
import { getZone, type ZoneRules } from "./time-zone";

export type { DateTimeContext } from "./context";
export {
  parseTimestampParts,
  stringToDate,
  stringToTimestamp,
  stringToTimestampNtz,
  type TimestampParts,
} from "./string-grammar";

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
