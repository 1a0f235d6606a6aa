import { describe, expect, it } from "vitest";
import {
  castStringToDate,
  castStringToTimestamp,
  DateTimeError,
  dateToString,
  dateToTimestamp,
  doubleToTimestamp,
  stringToDate,
  stringToTimestamp,
  stringToTimestampNtz,
  timestampNtzToString,
  timestampToDate,
  timestampToDouble,
  timestampToLong,
  timestampToString,
} from "../../../src/engine/expr/datetime";
import { LA, LA_ANSI, show, ts } from "./helpers";

describe("string -> date (Spark stringToDate)", () => {
  it.each([
    ["2022-01-01", "2022-01-01"],
    ["2019-01-01\t", "2019-01-01"],
    ["2015-07-23 12:12:12", "2015-07-23"],
    ["2015-07-23T12:12:12", "2015-07-23"],
    ["2015", "2015-01-01"],
    ["2015-7", "2015-07-01"],
    ["2015-7-3", "2015-07-03"],
    ["  2015-07-03  ", "2015-07-03"],
    ["+2015-07-03", "2015-07-03"],
    ["-0001-01-01", "-0001-01-01"],
  ])("%j -> %s", (input, expected) => {
    const d = stringToDate(input);
    expect(d === null ? null : dateToString(d)).toBe(expected);
  });

  it.each(["a", "", "2020-01-01中文", "2021-4294967297-11", "2019-13-01", "2019-02-29", "20-01-01", "2015-07x", "xx"])(
    "%j is invalid",
    (input) => {
      expect(stringToDate(input)).toBeNull();
    },
  );

  it("raises CAST_INVALID_INPUT in ANSI mode", () => {
    expect(castStringToDate("2022-01-01", true)).toBe(18993);
    expect(castStringToDate("a", false)).toBeNull();
    try {
      castStringToDate("a", true);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DateTimeError);
      expect((e as DateTimeError).errorClass).toBe("CAST_INVALID_INPUT");
      expect((e as DateTimeError).sqlState).toBe("22018");
      expect((e as DateTimeError).message).toContain(`The value 'a' of the type "STRING" cannot be cast to "DATE"`);
    }
  });
});

describe("string -> timestamp (Spark stringToTimestamp)", () => {
  it.each([
    ["2019-01-01\t", "2019-01-01 00:00:00"],
    ["2022-01-01 00:00:00", "2022-01-01 00:00:00"],
    ["2019-10-06 10:11:12.123456", "2019-10-06 10:11:12.123456"],
    ["2019-10-06T10:11:12.1", "2019-10-06 10:11:12.1"],
    ["2019-10-06 10:11", "2019-10-06 10:11:00"],
    ["2019-10-06 10", "2019-10-06 10:00:00"],
    ["2019-10", "2019-10-01 00:00:00"],
    ["2020-12-01 14:30:08Z", "2020-12-01 06:30:08"],
    ["2020-12-01 14:30:08.999999Z", "2020-12-01 06:30:08.999999"],
    ["2019-10-06 10:11:12.123UTC", "2019-10-06 03:11:12.123"],
    ["2019-10-06 10:11:12+08:00", "2019-10-05 19:11:12"],
    ["2019-10-06 10:11:12 +8:00", "2019-10-05 19:11:12"],
    ["2019-10-06 10:11:12 America/New_York", "2019-10-06 07:11:12"],
    ["2019-10-06 10:11:12 UTC+01:00", "2019-10-06 02:11:12"],
    ["2019-10-06 10:11:12.1234567", "2019-10-06 10:11:12.123456"],
    ["1582-06-01 11:33:33.123UTC+080000", "1582-05-31 19:40:35.123"],
    ["1970-01-01 00:00:00.000Europe/Paris", "1969-12-31 15:00:00"],
    ["1970-12-31 23:59:59.999Asia/Srednekolymsk", "1970-12-31 04:59:59.999"],
    ["1996-04-01 00:33:33.123Australia/Darwin", "1996-03-31 07:03:33.123"],
    ["2018-11-17 13:33:33.123Z", "2018-11-17 05:33:33.123"],
    ["2020-01-01 01:33:33.123Asia/Shanghai", "2019-12-31 09:33:33.123"],
    ["2100-01-01 01:33:33.123America/Los_Angeles", "2100-01-01 01:33:33.123"],
  ])("%j -> %s", (input, expected) => {
    expect(show(stringToTimestamp(input, LA.timeZone))).toBe(expected);
  });

  it.each(["a", "2019-01-01中文", "4294967297", "2021-01-01T12:30:4294967297.123456", "2019-10-06 25:00:00", "2019-10-06 10:11:12 Mars/Base"])(
    "%j is invalid",
    (input) => {
      expect(stringToTimestamp(input, LA.timeZone)).toBeNull();
    },
  );

  it("uses the given 'today' for time-only strings", () => {
    const now = ts("2020-05-05 12:00:00");
    expect(show(stringToTimestamp("T10:11:12", LA.timeZone, now))).toBe("2020-05-05 10:11:12");
    expect(show(stringToTimestamp("10:11:12", LA.timeZone, now))).toBe("2020-05-05 10:11:12");
  });

  it("raises CAST_INVALID_INPUT in ANSI mode", () => {
    expect(() => castStringToTimestamp("a", LA_ANSI)).toThrow(/CAST_INVALID_INPUT.*"TIMESTAMP"/);
    expect(castStringToTimestamp("a", LA)).toBeNull();
  });

  it("TIMESTAMP_NTZ ignores zones and rejects time-only", () => {
    expect(timestampNtzToString(stringToTimestampNtz("2019-10-06 10:11:12Z")!)).toBe("2019-10-06 10:11:12");
    expect(stringToTimestampNtz("10:11:12")).toBeNull();
    expect(stringToTimestampNtz("a")).toBeNull();
  });

  it("resolves DST gaps forward and overlaps to the earlier offset, like java.time", () => {
    // 2019-03-10 02:30 does not exist in Los Angeles: java.time moves it to 03:30 PDT.
    expect(show(ts("2019-03-10 02:30:00"))).toBe("2019-03-10 03:30:00");
    // 2019-11-03 01:30 happens twice: the earlier (PDT, -07:00) instant is chosen.
    expect(show(ts("2019-11-03 01:30:00"), "UTC")).toBe("2019-11-03 08:30:00");
  });
});

describe("historical offsets (America/Los_Angeles)", () => {
  it("uses local mean time -07:52:58 before 1883-11-18", () => {
    expect(show(ts("1800-01-01 00:00:00Z"))).toBe("1799-12-31 16:07:02");
    expect(show(ts("1883-11-18 12:00:00"), "UTC")).toBe("1883-11-18 19:52:58");
    expect(show(ts("1883-11-18 13:00:00"), "UTC")).toBe("1883-11-18 21:00:00");
  });

  it("handles the 1582 Gregorian cutover proleptically", () => {
    expect(show(ts("1582-10-10 00:00:00Z"), "UTC")).toBe("1582-10-10 00:00:00");
    expect(dateToString(stringToDate("1582-10-05")!)).toBe("1582-10-05");
  });

  it("knows wartime and modern DST", () => {
    expect(show(ts("1943-06-01 12:00:00"), "UTC")).toBe("1943-06-01 19:00:00"); // war time -07:00
    expect(show(ts("2019-07-01 12:00:00"), "UTC")).toBe("2019-07-01 19:00:00");
    expect(show(ts("2019-01-01 12:00:00"), "UTC")).toBe("2019-01-01 20:00:00");
  });
});

describe("date/timestamp conversions", () => {
  it("renders dates and timestamps like Spark", () => {
    expect(dateToString(0)).toBe("1970-01-01");
    expect(dateToString(1000)).toBe("1972-09-27");
    expect(timestampToString(0n, "UTC")).toBe("1970-01-01 00:00:00");
    expect(timestampToString(1_100_000n, "UTC")).toBe("1970-01-01 00:00:01.1");
    expect(timestampToString(-1n, "UTC")).toBe("1969-12-31 23:59:59.999999");
    expect(timestampToString(1_000_000n, LA.timeZone)).toBe("1969-12-31 16:00:01");
  });

  it("converts between timestamps, dates and seconds", () => {
    const t = ts("2019-10-06 23:30:00");
    expect(dateToString(timestampToDate(t, LA.timeZone))).toBe("2019-10-06");
    expect(dateToString(timestampToDate(t, "UTC"))).toBe("2019-10-07");
    expect(show(dateToTimestamp(stringToDate("2019-10-06")!, LA.timeZone))).toBe("2019-10-06 00:00:00");
    expect(timestampToLong(-1n)).toBe(-1n);
    expect(timestampToDouble(1_500_000n)).toBe(1.5);
    expect(doubleToTimestamp(Number.POSITIVE_INFINITY)).toBeNull();
    expect(doubleToTimestamp(Number.NaN)).toBeNull();
    expect(doubleToTimestamp(1.5)).toBe(1_500_000n);
  });
});

describe("errors are the engine's Spark exception classes", () => {
  it("CAST_INVALID_INPUT is a SparkDateTimeException with Spark 4's message shape", async () => {
    const { SparkDateTimeException, SparkThrowable } = await import("../../../src/engine/errors");
    try {
      castStringToTimestamp("a", LA_ANSI);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SparkDateTimeException);
      expect(e).toBeInstanceOf(SparkThrowable);
      expect(e).toBeInstanceOf(DateTimeError);
      const err = e as InstanceType<typeof SparkDateTimeException>;
      expect(err.name).toBe("SparkDateTimeException");
      expect(err.getCondition()).toBe("CAST_INVALID_INPUT");
      expect(err.message).toMatch(/^\[CAST_INVALID_INPUT\] .* SQLSTATE: 22018$/);
    }
  });

  it("plain JVM errors keep their text", () => {
    expect(() => castStringToDate("x", false)).not.toThrow();
    expect(new Error("x")).not.toBeInstanceOf(DateTimeError);
  });
});

describe("far dates", () => {
  it("handles years far beyond Date's comfortable range", () => {
    expect(show(ts("9999-12-31 23:59:59.999999"))).toBe("9999-12-31 23:59:59.999999");
    expect(show(ts("+100000-07-01 12:00:00"))).toBe("+100000-07-01 12:00:00");
    expect(show(ts("3000-07-01 12:00:00"), "UTC")).toBe("3000-07-01 19:00:00");
    expect(show(ts("0001-01-01 00:00:00"))).toBe("0001-01-01 00:00:00");
    expect(show(ts("-0044-03-15 12:00:00"))).toBe("-0044-03-15 12:00:00");
  });
});
