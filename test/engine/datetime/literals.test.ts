import { describe, expect, it } from "vitest";
import {
  dateLiteral,
  dateToString,
  dayTimeIntervalToAnsiString,
  dayTimeIntervalToHiveString,
  subtractDates,
  subtractTimestamps,
  timestampLiteral,
  timestampNtzLiteral,
  timestampNtzToString,
} from "../../../src/engine/expr/datetime";
import { LA, show, ts } from "./helpers";

const now = ts("2020-05-05 12:34:56");

describe("typed literals", () => {
  it("DATE literals (golden nonansi/date#1, #2, #7)", () => {
    expect(dateToString(dateLiteral("2019-01-01\t", LA, now)!)).toBe("2019-01-01");
    expect(dateLiteral("2020-01-01中文", LA, now)).toBeNull();
    expect(dateLiteral("2021-4294967297-11", LA, now)).toBeNull();
  });

  it("TIMESTAMP literals (golden nonansi/timestamp#0-3)", () => {
    expect(show(timestampLiteral("2019-01-01\t", LA, now))).toBe("2019-01-01 00:00:00");
    expect(timestampLiteral("2019-01-01中文", LA, now)).toBeNull();
    expect(timestampLiteral("4294967297", LA, now)).toBeNull();
    expect(timestampLiteral("2021-01-01T12:30:4294967297.123456", LA, now)).toBeNull();
  });

  it("special values", () => {
    expect(dateToString(dateLiteral("today", LA, now)!)).toBe("2020-05-05");
    expect(dateToString(dateLiteral(" Yesterday ", LA, now)!)).toBe("2020-05-04");
    expect(dateToString(dateLiteral("tomorrow", LA, now)!)).toBe("2020-05-06");
    expect(dateToString(dateLiteral("epoch", LA, now)!)).toBe("1970-01-01");
    expect(timestampLiteral("now", LA, now)).toBe(now);
    expect(show(timestampLiteral("today", LA, now))).toBe("2020-05-05 00:00:00");
    expect(timestampLiteral("epoch", LA, now)).toBe(0n);
    expect(timestampNtzToString(timestampNtzLiteral("now", LA, now)!)).toBe("2020-05-05 12:34:56");
  });
});

describe("day-time interval text", () => {
  it("Hive form (golden nonansi/date#63, timestamp#69)", () => {
    expect(dayTimeIntervalToHiveString(3n * 86_400_000_000n)).toBe("3 00:00:00.000000000");
    const diff = subtractTimestamps(ts("2020-01-01"), ts("2019-10-06 10:11:12.345678"), LA);
    expect(dayTimeIntervalToHiveString(diff)).toBe("86 13:48:47.654322000");
    expect(dayTimeIntervalToHiveString(subtractDates(3, 0))).toBe("3 00:00:00.000000000");
    expect(dayTimeIntervalToHiveString(-1_500_000n)).toBe("-0 00:00:01.500000000");
  });

  it("ANSI form", () => {
    expect(dayTimeIntervalToAnsiString(3n * 86_400_000_000n, 0, 0)).toBe("INTERVAL '3' DAY");
    const v = 3n * 86_400_000_000n + 4n * 3_600_000_000n + 5n * 60_000_000n + 6_789_000n;
    expect(dayTimeIntervalToAnsiString(v, 0, 3)).toBe("INTERVAL '3 04:05:06.789' DAY TO SECOND");
    expect(dayTimeIntervalToAnsiString(v, 1, 2)).toBe("INTERVAL '76:05' HOUR TO MINUTE");
    expect(dayTimeIntervalToAnsiString(-v, 0, 1)).toBe("INTERVAL '-3 04' DAY TO HOUR");
  });
});
