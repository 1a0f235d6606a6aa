/**
 * Proleptic Gregorian calendar arithmetic (what java.time, and so Spark 3+, uses for every year,
 * including before 1582). Days are counted from 1970-01-01; all functions are pure integer math.
 */
export const SECONDS_PER_DAY = 86_400;
export const MICROS_PER_SECOND = 1_000_000;
export const MICROS_PER_MILLI = 1_000;
export const MICROS_PER_DAY = 86_400_000_000;
export const MICROS_PER_SECOND_N = 1_000_000n;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : MONTH_DAYS[month - 1];
}

/** Days since epoch of a civil date (month 1-12). No validation. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

/** The civil date of a day count. */
export function civilFromDays(days: number): CivilDate {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** Validated constructor: null when month/day are out of range (like LocalDate.of throwing). */
export function makeDays(year: number, month: number, day: number): number | null {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return null;
  if (year < -999_999_999 || year > 999_999_999 || month < 1 || month > 12 || day < 1) return null;
  if (day > daysInMonth(year, month)) return null;
  return daysFromCivil(year, month, day);
}

/** ISO day of week: 1 = Monday ... 7 = Sunday. */
export function isoDayOfWeek(days: number): number {
  // 1970-01-01 was a Thursday (4).
  return ((((days + 3) % 7) + 7) % 7) + 1;
}

export function dayOfYear(days: number): number {
  const { year } = civilFromDays(days);
  return days - daysFromCivil(year, 1, 1) + 1;
}

/** Floor division and modulo for safe integers. */
export function floorDiv(a: number, b: number): number {
  return Math.floor(a / b);
}
export function floorMod(a: number, b: number): number {
  return ((a % b) + b) % b;
}

/**
 * Splits timestamp micros into epoch seconds and micro-of-second (0..999999). Uses Number math when
 * the value is a safe integer (years ~1685-2255) and BigInt otherwise.
 */
export function splitMicros(micros: bigint): { seconds: number; micro: number } {
  const n = Number(micros);
  if (Number.isSafeInteger(n)) {
    const seconds = Math.floor(n / MICROS_PER_SECOND);
    return { seconds, micro: n - seconds * MICROS_PER_SECOND };
  }
  let s = micros / MICROS_PER_SECOND_N;
  let r = micros % MICROS_PER_SECOND_N;
  if (r < 0n) {
    s -= 1n;
    r += MICROS_PER_SECOND_N;
  }
  return { seconds: Number(s), micro: Number(r) };
}

/** Epoch seconds + micro-of-second back to bigint micros. */
export function joinMicros(seconds: number, micro: number): bigint {
  const n = seconds * MICROS_PER_SECOND + micro;
  if (Number.isSafeInteger(n)) return BigInt(n);
  return BigInt(seconds) * MICROS_PER_SECOND_N + BigInt(micro);
}

export const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
/** Index 0 = Monday (ISO order). */
export const DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
