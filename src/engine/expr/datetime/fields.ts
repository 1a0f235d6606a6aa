/**
 * Field extraction: year(), month(), hour() ..., and date_part / extract. Date functions take a
 * DATE (days); the caller casts TIMESTAMP or STRING arguments to DATE first, as Spark's analyzer
 * does. Time functions take TIMESTAMP micros and read the wall clock in the session zone.
 */
import { civilFromDays, daysFromCivil, dayOfYear as doyOf, floorDiv, isoDayOfWeek, SECONDS_PER_DAY, splitMicros } from "./calendar";
import type { DateTimeContext } from "./cast";
import { dateTimeError } from "./errors";
import { getZone } from "./time-zone";
import { Decimal } from "../../types/decimal";

export function year(days: number): number {
  return civilFromDays(days).year;
}
export function quarter(days: number): number {
  return Math.floor((civilFromDays(days).month - 1) / 3) + 1;
}
export function month(days: number): number {
  return civilFromDays(days).month;
}
export function dayOfMonth(days: number): number {
  return civilFromDays(days).day;
}
/** 1 = Sunday ... 7 = Saturday. */
export function dayOfWeek(days: number): number {
  return (isoDayOfWeek(days) % 7) + 1;
}
/** 0 = Monday ... 6 = Sunday. */
export function weekday(days: number): number {
  return isoDayOfWeek(days) - 1;
}
export function dayOfYear(days: number): number {
  return doyOf(days);
}

/** ISO-8601 week-based year and week (weeks start Monday; week 1 holds the first Thursday). */
function isoWeek(days: number): { weekYear: number; week: number } {
  const thursday = days - isoDayOfWeek(days) + 4;
  const weekYear = civilFromDays(thursday).year;
  const week = Math.floor((thursday - daysFromCivil(weekYear, 1, 1)) / 7) + 1;
  return { weekYear, week };
}

export function weekOfYear(days: number): number {
  return isoWeek(days).week;
}

function localSecondOfDay(micros: bigint, ctx: DateTimeContext): number {
  const { seconds } = splitMicros(micros);
  const local = seconds + getZone(ctx.timeZone).offsetAt(seconds);
  return local - floorDiv(local, SECONDS_PER_DAY) * SECONDS_PER_DAY;
}

export function hour(micros: bigint, ctx: DateTimeContext): number {
  return Math.floor(localSecondOfDay(micros, ctx) / 3600);
}
export function minute(micros: bigint, ctx: DateTimeContext): number {
  return Math.floor((localSecondOfDay(micros, ctx) % 3600) / 60);
}
export function second(micros: bigint, ctx: DateTimeContext): number {
  return localSecondOfDay(micros, ctx) % 60;
}

/** What date_part / extract return for a field. */
export type DatePartType = "int" | "decimal(8,6)";

type Part =
  | "YEAR"
  | "YEAROFWEEK"
  | "QUARTER"
  | "MONTH"
  | "WEEK"
  | "DAY"
  | "DAYOFWEEK"
  | "DAYOFWEEK_ISO"
  | "DOY"
  | "HOUR"
  | "MINUTE"
  | "SECOND";

const PART_ALIASES: Readonly<Record<string, Part>> = {
  YEAR: "YEAR",
  Y: "YEAR",
  YEARS: "YEAR",
  YR: "YEAR",
  YRS: "YEAR",
  YEAROFWEEK: "YEAROFWEEK",
  QUARTER: "QUARTER",
  QTR: "QUARTER",
  MONTH: "MONTH",
  MON: "MONTH",
  MONS: "MONTH",
  MONTHS: "MONTH",
  WEEK: "WEEK",
  W: "WEEK",
  WEEKS: "WEEK",
  DAY: "DAY",
  D: "DAY",
  DAYS: "DAY",
  DAYOFWEEK: "DAYOFWEEK",
  // Spark's DOW is DAYOFWEEK (1 = Sunday ... 7 = Saturday), unlike PostgreSQL's 0-based dow
  DOW: "DAYOFWEEK",
  DAYOFWEEK_ISO: "DAYOFWEEK_ISO",
  DOW_ISO: "DAYOFWEEK_ISO",
  DOY: "DOY",
  HOUR: "HOUR",
  H: "HOUR",
  HOURS: "HOUR",
  HR: "HOUR",
  HRS: "HOUR",
  MINUTE: "MINUTE",
  M: "MINUTE",
  MIN: "MINUTE",
  MINS: "MINUTE",
  MINUTES: "MINUTE",
  SECOND: "SECOND",
  S: "SECOND",
  SEC: "SECOND",
  SECONDS: "SECOND",
  SECS: "SECOND",
};

function resolvePart(field: string, sourceType: string): Part {
  const part = PART_ALIASES[field.trim().toUpperCase()];
  if (part === undefined) {
    throw dateTimeError(
      "INVALID_EXTRACT_FIELD",
      "42601",
      "SparkIllegalArgumentException",
      `Cannot extract ${field} from ${sourceType}.`,
      { field, expr: sourceType },
    );
  }
  return part;
}

/** Result type of date_part(field, ...): SECOND is DECIMAL(8,6), everything else INT. */
export function datePartType(field: string): DatePartType {
  return resolvePart(field, "the source") === "SECOND" ? "decimal(8,6)" : "int";
}

/**
 * date_part(field, source) / extract(field FROM source). `source` is DATE days or TIMESTAMP(_NTZ)
 * micros. For SECOND the result is a DECIMAL(8,6) `Decimal` (9.123456); everything else an INT.
 */
export function datePart(
  field: string,
  source: number | bigint,
  sourceType: "date" | "timestamp" | "timestamp_ntz",
  ctx: DateTimeContext,
): number | Decimal {
  const part = resolvePart(field, `"${sourceType.toUpperCase()}"`);
  let days: number;
  let sod = 0;
  let micro = 0;
  if (typeof source === "number") days = source;
  else {
    const split = splitMicros(source);
    const local = sourceType === "timestamp" ? split.seconds + getZone(ctx.timeZone).offsetAt(split.seconds) : split.seconds;
    days = floorDiv(local, SECONDS_PER_DAY);
    sod = local - days * SECONDS_PER_DAY;
    micro = split.micro;
  }
  switch (part) {
    case "YEAR":
      return year(days);
    case "YEAROFWEEK":
      return isoWeek(days).weekYear;
    case "QUARTER":
      return quarter(days);
    case "MONTH":
      return month(days);
    case "WEEK":
      return weekOfYear(days);
    case "DAY":
      return dayOfMonth(days);
    case "DAYOFWEEK":
      return dayOfWeek(days);
    case "DAYOFWEEK_ISO":
      return isoDayOfWeek(days);
    case "DOY":
      return dayOfYear(days);
    case "HOUR":
      return Math.floor(sod / 3600);
    case "MINUTE":
      return Math.floor((sod % 3600) / 60);
    case "SECOND":
      return new Decimal(BigInt((sod % 60) * 1_000_000 + micro), 6);
  }
}
