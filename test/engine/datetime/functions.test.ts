import { describe, expect, it } from "vitest";
import {
  addMonths,
  currentDate,
  dateAddInterval,
  dateAdd,
  dateDiff,
  dateFormat,
  datePart,
  datePartType,
  dateSub,
  dateToString,
  dateTrunc,
  dayOfMonth,
  dayOfWeek,
  dayOfYear,
  fromUnixtime,
  fromUtcTimestamp,
  hour,
  lastDay,
  makeDate,
  makeTimestamp,
  minute,
  month,
  monthsBetween,
  nextDay,
  quarter,
  second,
  stringToDate,
  timestampMicros,
  timestampAddDayTime,
  timestampAddInterval,
  timestampMillis,
  timestampSeconds,
  toUtcTimestamp,
  trunc,
  unixMicros,
  unixMillis,
  unixSeconds,
  unixTimestampFromDate,
  unixTimestampFromString,
  unixTimestampFromTimestamp,
  weekday,
  weekOfYear,
  year,
} from "../../../src/engine/expr/datetime";
import { DateTimeError } from "../../../src/engine/expr/datetime/errors";
import { Decimal } from "../../../src/engine/types/decimal";
import { LA, LA_ANSI, show, ts } from "./helpers";

const d = (s: string) => {
  const v = stringToDate(s);
  if (v === null) throw new Error(s);
  return v;
};
const ds = (v: number | null) => (v === null ? "NULL" : dateToString(v));

function errorClassOf(fn: () => unknown): string | null {
  try {
    fn();
  } catch (e) {
    if (e instanceof DateTimeError) return e.errorClass ?? e.message;
    throw e;
  }
  return "no error";
}

describe("field extraction", () => {
  it("weekday / dayofweek (golden nonansi/date#17)", () => {
    expect([d("2007-02-03"), d("2009-07-30"), d("2017-05-27"), d("1582-10-15")].map(weekday)).toEqual([5, 3, 5, 4]);
    expect(dayOfWeek(d("2009-07-30"))).toBe(5);
  });

  it("year, quarter, month, day, doy, week", () => {
    const v = d("2011-05-06");
    expect([year(v), quarter(v), month(v), dayOfMonth(v), dayOfYear(v), weekOfYear(v)]).toEqual([2011, 2, 5, 6, 126, 18]);
    expect(month(d("1500-01-01"))).toBe(1);
    expect(weekOfYear(d("2008-02-20"))).toBe(8);
    expect(weekOfYear(d("2021-01-01"))).toBe(53);
  });

  it("hour, minute, second in the session zone", () => {
    const t = ts("2011-05-06 07:08:09.1234567");
    expect([hour(t, LA), minute(t, LA), second(t, LA)]).toEqual([7, 8, 9]);
    expect(hour(t, { timeZone: "UTC", ansi: false })).toBe(14);
  });

  it("date_part (golden date_part cases)", () => {
    const c = ts("2011-05-06 07:08:09.1234567");
    expect(datePart("year", c, "timestamp", LA)).toBe(2011);
    expect(datePart("quarter", c, "timestamp", LA)).toBe(2);
    expect(datePart("month", c, "timestamp", LA)).toBe(5);
    expect(datePart("week", c, "timestamp", LA)).toBe(18);
    expect(datePart("dayofweek", c, "timestamp", LA)).toBe(6);
    // Spark 4.3: dow is dayofweek (1 = Sunday), not PostgreSQL's 0-based dow
    expect(datePart("dow", c, "timestamp", LA)).toBe(6);
    expect(datePart("dow_iso", c, "timestamp", LA)).toBe(5);
    expect(datePart("doy", c, "timestamp", LA)).toBe(126);
    expect(datePart("hour", c, "timestamp", LA)).toBe(7);
    expect(String(datePart("second", c, "timestamp", LA))).toBe("9.123456");
    expect(datePartType("second")).toBe("decimal(8,6)");
    expect(datePartType("YEAR")).toBe("int");
    expect(datePart("d", d("2011-05-06"), "date", LA)).toBe(6);
    expect(errorClassOf(() => datePart("not_a_field", c, "timestamp", LA))).toBe("INVALID_EXTRACT_FIELD");
  });
});

describe("arithmetic", () => {
  it("date_add / date_sub / datediff", () => {
    expect(ds(dateAdd(d("2011-11-11"), 1))).toBe("2011-11-12");
    expect(ds(dateSub(d("2011-11-11"), 1))).toBe("2011-11-10");
    expect(ds(dateAdd(d("2001-09-28"), 7))).toBe("2001-10-05");
    expect(dateDiff(d("2009-07-31"), d("2009-07-30"))).toBe(1);
    expect(dateDiff(d("2001-10-01"), d("2001-09-28"))).toBe(3);
  });

  it("add_months clamps to the month end", () => {
    expect(ds(addMonths(d("2016-08-31"), 1))).toBe("2016-09-30");
    expect(ds(addMonths(d("2016-01-31"), 1))).toBe("2016-02-29");
    expect(ds(addMonths(d("2016-03-31"), -13))).toBe("2015-02-28");
  });

  it("months_between (Spark docs)", () => {
    expect(monthsBetween(ts("1997-02-28 10:30:00"), ts("1996-10-30"), true, LA)).toBe(3.94959677);
    expect(monthsBetween(ts("1997-02-28 10:30:00"), ts("1996-10-30"), false, LA)).toBeCloseTo(3.9495967741935485, 14);
    expect(monthsBetween(ts("2019-03-31"), ts("2019-02-28"), true, LA)).toBe(1);
  });

  it("last_day, next_day", () => {
    expect(ds(lastDay(d("2009-01-12")))).toBe("2009-01-31");
    expect(ds(nextDay(d("2015-07-23"), "Mon", false))).toBe("2015-07-27");
    expect(ds(nextDay(d("2015-01-14"), "TU", false))).toBe("2015-01-20");
    expect(ds(nextDay(d("2015-07-27"), "monday", false))).toBe("2015-08-03");
    expect(nextDay(d("2015-07-23"), "xx", false)).toBeNull();
    expect(errorClassOf(() => nextDay(d("2015-07-23"), "xx", true))).toBe("ILLEGAL_DAY_OF_WEEK");
  });

  it("trunc (Spark docs)", () => {
    expect(ds(trunc(d("2019-08-04"), "week"))).toBe("2019-07-29");
    expect(ds(trunc(d("2019-08-04"), "quarter"))).toBe("2019-07-01");
    expect(ds(trunc(d("2009-02-12"), "MM"))).toBe("2009-02-01");
    expect(ds(trunc(d("2015-10-27"), "YEAR"))).toBe("2015-01-01");
    expect(trunc(d("2015-10-27"), "DAY")).toBeNull();
  });

  it("date_trunc (Spark docs)", () => {
    const t = ts("2015-03-05 09:32:05.359");
    expect(show(dateTrunc("YEAR", t, LA))).toBe("2015-01-01 00:00:00");
    expect(show(dateTrunc("MM", t, LA))).toBe("2015-03-01 00:00:00");
    expect(show(dateTrunc("DD", t, LA))).toBe("2015-03-05 00:00:00");
    expect(show(dateTrunc("HOUR", t, LA))).toBe("2015-03-05 09:00:00");
    expect(show(dateTrunc("MILLISECOND", ts("2015-03-05 09:32:05.123456"), LA))).toBe("2015-03-05 09:32:05.123");
    expect(show(dateTrunc("week", t, LA))).toBe("2015-03-02 00:00:00");
    expect(dateTrunc("fortnight", t, LA)).toBeNull();
  });
});

describe("conversions", () => {
  it("timestamp_seconds / millis / micros (golden nonansi/timestamp#17-26)", () => {
    expect(show(timestampSeconds(1230219000n))).toBe("2008-12-25 07:30:00");
    expect(show(timestampSeconds(-1230219000n))).toBe("1931-01-07 00:30:00");
    expect(show(timestampSeconds("1.23"))).toBe("1969-12-31 16:00:01.23");
    expect(show(timestampSeconds(new Decimal(123n, 2)))).toBe("1969-12-31 16:00:01.23");
    expect(show(timestampSeconds(1.23))).toBe("1969-12-31 16:00:01.23");
    expect(show(timestampSeconds(Math.fround(1.23)))).toBe("1969-12-31 16:00:01.23");
    expect(show(timestampMillis(1230219000123n))).toBe("2008-12-25 07:30:00.123");
    expect(show(timestampMillis(-1230219000123n))).toBe("1931-01-07 00:29:59.877");
    expect(show(timestampMicros(1230219000123123n))).toBe("2008-12-25 07:30:00.123123");
    expect(show(timestampMicros(-1230219000123123n))).toBe("1931-01-07 00:29:59.876877");
    expect(show(timestampSeconds(0.1234567))).toBe("1969-12-31 16:00:00.123456");
    // Spark 4.3 (the Spark oracle): DATETIME_OVERFLOW, in either ANSI mode.
    expect(errorClassOf(() => timestampSeconds(-1230219000123123n))).toBe("DATETIME_OVERFLOW");
    expect(errorClassOf(() => timestampMillis(92233720368547758n))).toBe("DATETIME_OVERFLOW");
    expect(errorClassOf(() => timestampMillis(-92233720368547758n))).toBe("DATETIME_OVERFLOW");
    expect(errorClassOf(() => timestampSeconds("0.1234567"))).toBe("Rounding necessary");
    expect(timestampSeconds(Number.NaN)).toBeNull();
  });

  it("unix_seconds / millis / micros (golden nonansi/timestamp#32-34)", () => {
    const a = ts("2020-12-01 14:30:08Z");
    const b = ts("2020-12-01 14:30:08.999999Z");
    expect([unixSeconds(a), unixSeconds(b)]).toEqual([1606833008n, 1606833008n]);
    expect([unixMillis(a), unixMillis(b)]).toEqual([1606833008000n, 1606833008999n]);
    expect([unixMicros(a), unixMicros(b)]).toEqual([1606833008000000n, 1606833008999999n]);
    expect(unixMillis(-1n)).toBe(-1n);
  });

  it("unix_timestamp / from_unixtime", () => {
    expect(unixTimestampFromString("2016-04-08", "yyyy-MM-dd", LA)).toBe(1460098800n);
    expect(unixTimestampFromString("2016-04-08 12:00:00", null, LA)).toBe(1460142000n);
    expect(unixTimestampFromString("garbage", null, LA)).toBeNull();
    expect(errorClassOf(() => unixTimestampFromString("garbage", null, LA_ANSI))).toBe("CANNOT_PARSE_TIMESTAMP");
    expect(unixTimestampFromTimestamp(ts("1969-12-31 16:00:01.5"))).toBe(1n);
    expect(unixTimestampFromDate(d("2016-04-08"), LA)).toBe(1460098800n);
    expect(fromUnixtime(0n, "yyyy-MM-dd HH:mm:ss", LA)).toBe("1969-12-31 16:00:00");
    expect(fromUnixtime(1460142000n, null, LA)).toBe("2016-04-08 12:00:00");
  });

  it("date_format", () => {
    expect(dateFormat(ts("2016-04-08 10:11:12"), "y", LA)).toBe("2016");
    expect(dateFormat(ts("2016-04-08 10:11:12"), "MM/dd/yyyy HH:mm", LA)).toBe("04/08/2016 10:11");
  });

  it("make_date (golden nonansi/date#4-5)", () => {
    expect(ds(makeDate(2013, 7, 15, false))).toBe("2013-07-15");
    expect(makeDate(2000, 13, 1, false)).toBeNull();
    expect(makeDate(2000, 1, 33, false)).toBeNull();
    expect(makeDate(2019, 2, 29, false)).toBeNull();
    // Spark 4.3 (the Spark oracle) raises the WITHOUT_SUGGESTION subclass.
    expect(errorClassOf(() => makeDate(2000, 13, 1, true))).toBe("DATETIME_FIELD_OUT_OF_BOUNDS.WITHOUT_SUGGESTION");
  });

  it("make_timestamp (golden timestamp#7-16)", () => {
    expect(show(makeTimestamp(2021, 7, 11, 6, 30, "45.678", null, LA))).toBe("2021-07-11 06:30:45.678");
    expect(show(makeTimestamp(2021, 7, 11, 6, 30, new Decimal(45678n, 3), null, LA))).toBe("2021-07-11 06:30:45.678");
    expect(show(makeTimestamp(2021, 7, 11, 6, 30, "45.678", "CET", LA))).toBe("2021-07-10 21:30:45.678");
    expect(makeTimestamp(2021, 7, 11, 6, 30, "60.007", null, LA)).toBeNull();
    expect(show(makeTimestamp(1, 1, 1, 1, 1, "1", null, LA))).toBe("0001-01-01 01:01:01");
    expect(show(makeTimestamp(1, 1, 1, 1, 1, "60", null, LA_ANSI))).toBe("0001-01-01 01:02:00");
    expect(show(makeTimestamp(1, 1, 1, 1, 1, "59.999999", null, LA))).toBe("0001-01-01 01:01:59.999999");
    expect(makeTimestamp(1, 1, 1, 1, 1, "99.999999", null, LA)).toBeNull();
    expect(makeTimestamp(1, 1, 1, 1, 1, "999.999999", null, LA)).toBeNull();
    expect(errorClassOf(() => makeTimestamp(1, 1, 1, 1, 1, "61", null, LA_ANSI))).toBe("DATETIME_FIELD_OUT_OF_BOUNDS.WITHOUT_SUGGESTION");
    expect(errorClassOf(() => makeTimestamp(1, 1, 1, 1, 1, "99.999999", null, LA_ANSI))).toBe(
      "DATETIME_FIELD_OUT_OF_BOUNDS.WITHOUT_SUGGESTION",
    );
    expect(show(makeTimestamp(2014, 12, 28, 6, 30, 45.887, null, LA))).toBe("2014-12-28 06:30:45.887");
  });

  it("to_utc_timestamp / from_utc_timestamp (Spark docs)", () => {
    const utc = { timeZone: "UTC", ansi: false };
    const t = ts("2016-08-31", "UTC");
    expect(show(fromUtcTimestamp(t, "Asia/Seoul"), "UTC")).toBe("2016-08-31 09:00:00");
    expect(show(toUtcTimestamp(t, "Asia/Seoul"), "UTC")).toBe("2016-08-30 15:00:00");
    expect(show(fromUtcTimestamp(ts("2017-07-14 02:40:00.0", "UTC"), "GMT+1"), utc.timeZone)).toBe("2017-07-14 03:40:00");
    expect(errorClassOf(() => toUtcTimestamp(t, "Mars/Olympus"))).toBe("INVALID_TIMEZONE");
  });

  it("current_date in the session zone", () => {
    const now = ts("2020-01-01 01:00:00Z");
    expect(ds(currentDate(now, LA))).toBe("2019-12-31");
    expect(ds(currentDate(now, { timeZone: "UTC", ansi: false }))).toBe("2020-01-01");
  });
});

describe("interval arithmetic", () => {
  it("timestamp + interval keeps the wall clock across DST for days and months", () => {
    const t = ts("2019-03-09 10:00:00");
    expect(show(timestampAddInterval(t, 0, 1, 0n, LA))).toBe("2019-03-10 10:00:00");
    expect(show(timestampAddDayTime(t, 86_400_000_000n, LA))).toBe("2019-03-10 10:00:00");
    expect(show(timestampAddDayTime(t, 3_600_000_000n * 24n + 1n, LA))).toBe("2019-03-10 10:00:00.000001");
    expect(show(timestampAddInterval(ts("2019-01-31 08:00:00"), 1, 0, 0n, LA))).toBe("2019-02-28 08:00:00");
    expect(show(timestampAddInterval(t, 0, 0, 3_600_000_000n, LA))).toBe("2019-03-09 11:00:00");
  });

  it("date + interval", () => {
    expect(ds(dateAddInterval(d("2019-01-31"), 1, 1, 0n))).toBe("2019-03-01");
    expect(() => dateAddInterval(0, 0, 0, 1n)).toThrow(/Cannot add hours/);
  });
});
