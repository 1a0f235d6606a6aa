/**
 * tspark's datetime library: pure functions over tspark values (DATE = days since epoch,
 * TIMESTAMP = bigint micros UTC, TIMESTAMP_NTZ = bigint wall-clock micros). The expression layer
 * registers these as Spark SQL functions; see docs/datetime-json.md for what differs from Spark.
 *
 * Errors: every Spark-visible failure is an instance of the engine's exception classes
 * (SparkDateTimeException, SparkUpgradeException, IllegalArgumentException ...) recognised by
 * `instanceof DateTimeError` and carrying `errorClass`, `sqlState` and
 * `exceptionClass`; a function returns null where Spark (non-ANSI) returns NULL.
 *
 * TIMESTAMP_NTZ values are wall-clock micros: pass `{ timeZone: "UTC" }` to the zone-dependent
 * field/format functions to read them as they are.
 */

// ---- context, errors, zones -------------------------------------------------------------------
/** Session settings the zone- and ANSI-dependent functions need: { timeZone, ansi }. */
export type { DateTimeContext } from "./cast";
/** Typed error with Spark's errorClass / sqlState / exceptionClass (CANNOT_PARSE_TIMESTAMP ...). */
export { DateTimeError, type DateTimeExceptionClass } from "./errors";
/** A resolved zone: offsetAt(epochSeconds), localToEpoch(localSeconds), id, fixedOffset. */
export type { ZoneRules } from "./time-zone";
/** getZone(id): ZoneId.of-compatible resolver (region ids, +08:00, UTC+8, Z, SHORT_IDS); throws INVALID_TIMEZONE. */
/** findZone(id): same, null for an unknown id. */
export { findZone, getZone } from "./time-zone";

// ---- casts ----------------------------------------------------------------------------------
export {
  /** CAST(str AS DATE): null when invalid, CAST_INVALID_INPUT when ansi. */
  castStringToDate,
  /** CAST(str AS TIMESTAMP) in ctx.timeZone; null/CAST_INVALID_INPUT. */
  castStringToTimestamp,
  /** CAST(str AS TIMESTAMP_NTZ). */
  castStringToTimestampNtz,
  /** CAST(date AS STRING): yyyy-MM-dd. */
  dateToString,
  /** CAST(date AS TIMESTAMP): local midnight in the zone. */
  dateToTimestamp,
  /** CAST(date AS TIMESTAMP_NTZ). */
  dateToTimestampNtz,
  /** CAST(double AS TIMESTAMP): seconds, null for NaN/Infinity. */
  doubleToTimestamp,
  /** CAST(long AS TIMESTAMP): seconds, saturating. */
  longToTimestamp,
  /** Spark's lenient string -> date grammar, null when invalid. */
  stringToDate,
  /** Spark's lenient string -> timestamp grammar (zone suffixes, T, missing parts), null when invalid. */
  stringToTimestamp,
  /** string -> TIMESTAMP_NTZ (a zone suffix is ignored), null when invalid. */
  stringToTimestampNtz,
  /** CAST(ts AS DATE) in the zone. */
  timestampToDate,
  /** CAST(ts AS DOUBLE): seconds with fraction. */
  timestampToDouble,
  /** CAST(ts AS BIGINT): floor seconds. */
  timestampToLong,
  /** CAST(ts AS STRING): yyyy-MM-dd HH:mm:ss[.f] in the zone (what show() prints). */
  timestampToString,
  /** CAST(timestamp_ntz AS STRING). */
  timestampNtzToString,
  /** CAST(timestamp_ntz AS DATE). */
  timestampNtzToDate,
  /** TIMESTAMP -> TIMESTAMP_NTZ (session wall clock). */
  timestampToTimestampNtz,
  /** TIMESTAMP_NTZ -> TIMESTAMP (wall clock read in the session zone). */
  timestampNtzToTimestamp,
  /** Split a timestamp string into segments (Spark's parseTimestampString). */
  parseTimestampParts,
} from "./cast";

export {
  /** DATE 'text' literal (cast grammar or epoch/now/today/yesterday/tomorrow); null = INVALID_TYPED_LITERAL. */
  dateLiteral,
  /** TIMESTAMP 'text' literal; null = INVALID_TYPED_LITERAL. */
  timestampLiteral,
  /** TIMESTAMP_NTZ 'text' literal; null = INVALID_TYPED_LITERAL. */
  timestampNtzLiteral,
} from "./literals";

/** Day-time interval text: Hive form `3 00:00:00.000000000` (show) and ANSI `INTERVAL '3' DAY` (cast). */
export { type DayTimeField, dayTimeIntervalToAnsiString, dayTimeIntervalToHiveString } from "./interval-text";

// ---- patterns -----------------------------------------------------------------------------------
/** Compile/validate a datetime pattern; throws Spark's pattern errors (DATETIME_PATTERN_RECOGNITION ...). */
export { compilePattern } from "./pattern";
/** formatTimestamp(micros, pattern, zone) / formatDate(days, pattern); makeTimestampFormatter(pattern, zone) for per-row use. */
export { formatDate, formatTimestamp, makeTimestampFormatter } from "./format";
/** Strict pattern parsing; DateTimeParseFailure carries java.time's message; makeTimestampParser(pattern, zone) for per-row use. */
export {
  DateTimeParseFailure,
  makeTimestampParser,
  parseTimestampNtzWithPattern,
  parseTimestampWithPattern,
} from "./parse";

// ---- functions ---------------------------------------------------------------------------------
export {
  /** current_date(now, ctx). */
  currentDate,
  /** current_timestamp(now). */
  currentTimestamp,
  /** date_format(ts, fmt, ctx). */
  dateFormat,
  /** date_from_unix_date(n). */
  dateFromUnixDate,
  /** "yyyy-MM-dd HH:mm:ss". */
  DEFAULT_TIMESTAMP_PATTERN,
  /** from_unixtime(seconds, fmt|null, ctx). */
  fromUnixtime,
  /** from_utc_timestamp(ts, tz). */
  fromUtcTimestamp,
  /** make_date(y, m, d, ansi). */
  makeDate,
  /** make_timestamp(y, mo, d, h, mi, sec, tz|null, ctx). */
  makeTimestamp,
  /** timestamp_micros(n). */
  timestampMicros,
  /** timestamp_millis(n). */
  timestampMillis,
  /** timestamp_seconds(bigint | double | Decimal | decimal text). */
  timestampSeconds,
  /** to_date(str, fmt|null, ctx). */
  toDate,
  /** to_timestamp(str, fmt|null, ctx[, now]). */
  toTimestamp,
  /** to_timestamp_ntz(str, fmt|null, ctx). */
  toTimestampNtz,
  /** to_utc_timestamp(ts, tz). */
  toUtcTimestamp,
  /** unix_date(date). */
  unixDate,
  /** unix_micros(ts). */
  unixMicros,
  /** unix_millis(ts). */
  unixMillis,
  /** unix_seconds(ts). */
  unixSeconds,
  /** unix_timestamp(date, ctx). */
  unixTimestampFromDate,
  /** unix_timestamp(str, fmt|null, ctx): null/CANNOT_PARSE_TIMESTAMP on failure. */
  unixTimestampFromString,
  /** unix_timestamp(ts). */
  unixTimestampFromTimestamp,
} from "./conversions";

export {
  /** date_part(field, days|micros, sourceType, ctx) / extract; SECOND returns a DECIMAL(8,6) Decimal. */
  datePart,
  /** Result type of date_part for a field: "int" | "decimal(8,6)"; throws INVALID_EXTRACT_FIELD. */
  datePartType,
  type DatePartType,
  /** dayofmonth(date). */
  dayOfMonth,
  /** dayofweek(date): 1 = Sunday. */
  dayOfWeek,
  /** dayofyear(date). */
  dayOfYear,
  /** hour(ts, ctx). */
  hour,
  /** minute(ts, ctx). */
  minute,
  /** month(date). */
  month,
  /** quarter(date). */
  quarter,
  /** second(ts, ctx). */
  second,
  /** weekday(date): 0 = Monday. */
  weekday,
  /** weekofyear(date): ISO week. */
  weekOfYear,
  /** year(date). */
  year,
} from "./fields";

export {
  /** add_months(date, n). */
  addMonths,
  /** date_add(date, n). */
  dateAdd,
  /** date + INTERVAL (months, days; no time part). */
  dateAddInterval,
  /** datediff(end, start). */
  dateDiff,
  /** date_sub(date, n). */
  dateSub,
  /** date_trunc(fmt, ts, ctx): null for an unknown unit. */
  dateTrunc,
  /** last_day(date). */
  lastDay,
  /** months_between(ts1, ts2, roundOff, ctx). */
  monthsBetween,
  /** next_day(date, dow, ansi). */
  nextDay,
  /** date1 - date2 -> DAY interval micros. */
  subtractDates,
  /** ts1 - ts2 -> DAY TO SECOND interval micros, between local wall clocks (Spark's subtractTimestamps). */
  subtractTimestamps,
  /** timestamp + CalendarInterval in the session zone (Spark's timestampAddInterval). */
  timestampAddInterval,
  /** timestamp + day-time interval micros (days move the local clock). */
  timestampAddDayTime,
  /** trunc(date, fmt): null for an unknown unit. */
  trunc,
} from "./arithmetic";

/** windowStarts(ts, window, slide, start), parseIntervalString("10 minutes") -> micros, parseWatermarkDelay (months = 31 days). */
export { parseIntervalString, parseWatermarkDelay, windowStarts } from "./window";

/** Proleptic Gregorian helpers: daysFromCivil, civilFromDays, makeDays (null if invalid). */
export { civilFromDays, daysFromCivil, makeDays } from "./calendar";
