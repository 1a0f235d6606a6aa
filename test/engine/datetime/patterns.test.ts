import { describe, expect, it } from "vitest";
import {
  compilePattern,
  DateTimeError,
  dateToString,
  formatTimestamp,
  parseTimestampWithPattern,
  toDate,
  toTimestamp,
  unixTimestampFromString,
} from "../../../src/engine/expr/datetime";
import { LA, LA_ANSI, show, ts } from "./helpers";

const SSSSSS_ZZZ = "yyyy-MM-dd HH:mm:ss.SSSSSS[zzz]";

describe("to_timestamp with a pattern (golden cases, non-ANSI)", () => {
  it.each([
    ["2019-10-06 10:11:12.", SSSSSS_ZZZ, "NULL"],
    ["2019-10-06 10:11:12.0", SSSSSS_ZZZ, "2019-10-06 10:11:12"],
    ["2019-10-06 10:11:12.1", SSSSSS_ZZZ, "2019-10-06 10:11:12.1"],
    ["2019-10-06 10:11:12.12", SSSSSS_ZZZ, "2019-10-06 10:11:12.12"],
    ["2019-10-06 10:11:12.123UTC", SSSSSS_ZZZ, "2019-10-06 03:11:12.123"],
    ["2019-10-06 10:11:12.1234", SSSSSS_ZZZ, "2019-10-06 10:11:12.1234"],
    ["2019-10-06 10:11:12.12345CST", SSSSSS_ZZZ, "2019-10-06 08:11:12.12345"],
    ["2019-10-06 10:11:12.123456PST", SSSSSS_ZZZ, "2019-10-06 10:11:12.123456"],
    ["2019-10-06 10:11:12.1234567PST", SSSSSS_ZZZ, "NULL"],
    ["123456 2019-10-06 10:11:12.123456PST", `SSSSSS ${SSSSSS_ZZZ}`, "2019-10-06 10:11:12.123456"],
    ["223456 2019-10-06 10:11:12.123456PST", `SSSSSS ${SSSSSS_ZZZ}`, "NULL"],
    ["2019-10-06 10:11:12.1234", "yyyy-MM-dd HH:mm:ss.[SSSSSS]", "2019-10-06 10:11:12.1234"],
    ["2019-10-06 10:11:12.123", "yyyy-MM-dd HH:mm:ss[.SSSSSS]", "2019-10-06 10:11:12.123"],
    ["2019-10-06 10:11:12", "yyyy-MM-dd HH:mm:ss[.SSSSSS]", "2019-10-06 10:11:12"],
    ["2019-10-06 10:11:12.12", "yyyy-MM-dd HH:mm[:ss.SSSSSS]", "2019-10-06 10:11:12.12"],
    ["2019-10-06 10:11", "yyyy-MM-dd HH:mm[:ss.SSSSSS]", "2019-10-06 10:11:00"],
    ["2019-10-06S10:11:12.12345", "yyyy-MM-dd'S'HH:mm:ss.SSSSSS", "2019-10-06 10:11:12.12345"],
    ["12.12342019-10-06S10:11", "ss.SSSSyyyy-MM-dd'S'HH:mm", "2019-10-06 10:11:12.1234"],
    ["12.1232019-10-06S10:11", "ss.SSSSyyyy-MM-dd'S'HH:mm", "NULL"],
    ["12.1232019-10-06S10:11", "ss.SSSSyy-MM-dd'S'HH:mm", "NULL"],
    ["S2019-10-06", "'S'yyyy-MM-dd", "2019-10-06 00:00:00"],
    ["2019-10-06T10:11:12'12", "yyyy-MM-dd'T'HH:mm:ss''SSSS", "2019-10-06 10:11:12.12"],
    ["2019-10-06T10:11:12'", "yyyy-MM-dd'T'HH:mm:ss''", "2019-10-06 10:11:12"],
    ["'2019-10-06T10:11:12", "''yyyy-MM-dd'T'HH:mm:ss", "2019-10-06 10:11:12"],
    ["P2019-10-06T10:11:12", "'P'yyyy-MM-dd'T'HH:mm:ss", "2019-10-06 10:11:12"],
    ["02-29", "MM-dd", "NULL"],
    ["2019 40", "yyyy mm", "2019-01-01 00:40:00"],
    ["2019 10:10:10", "yyyy hh:mm:ss", "2019-01-01 10:10:10"],
    ["2016-12-31", "yyyy-MM-dd", "2016-12-31 00:00:00"],
  ])("to_timestamp(%j, %j) = %s", (text, pattern, expected) => {
    expect(show(toTimestamp(text, pattern, LA))).toBe(expected);
  });

  it("without a pattern is a cast", () => {
    expect(show(toTimestamp("2016-12-31 00:12:00", null, LA))).toBe("2016-12-31 00:12:00");
  });
});

describe("ANSI parse failures", () => {
  it.each([
    ["2019-10-06 10:11:12.1234567PST", SSSSSS_ZZZ],
    ["223456 2019-10-06 10:11:12.123456PST", `SSSSSS ${SSSSSS_ZZZ}`],
    ["12.1232019-10-06S10:11", "ss.SSSSyy-MM-dd'S'HH:mm"],
  ])("to_timestamp(%j, %j) raises CANNOT_PARSE_TIMESTAMP", (text, pattern) => {
    try {
      toTimestamp(text, pattern, LA_ANSI);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DateTimeError);
      const err = e as DateTimeError;
      expect(err.errorClass).toBe("CANNOT_PARSE_TIMESTAMP");
      expect(err.sqlState).toBe("22007");
      expect(err.exceptionClass).toBe("SparkDateTimeException");
      expect(err.message).toContain(`Text '${text}' could not be parsed`);
      expect(err.message).toContain("try_to_timestamp");
    }
  });
});

describe("to_date with a pattern", () => {
  it.each([
    ["16", "dd", "1970-01-16"],
    ["02-29", "MM-dd", null],
    ["2016-12-31", "yyyy-MM-dd", "2016-12-31"],
    ["20191006", "yyyyMMdd", "2019-10-06"],
    ["Oct 6, 2019", "MMM d, yyyy", "2019-10-06"],
    ["october 6 2019", "MMMM d yyyy", "2019-10-06"],
    ["2019-279", "yyyy-DDD", "2019-10-06"],
  ])("to_date(%j, %j) = %s", (text, pattern, expected) => {
    const d = toDate(text, pattern, LA);
    expect(d === null ? null : dateToString(d)).toBe(expected);
  });

  it("without a pattern is a cast", () => {
    expect(dateToString(toDate("2016-12-31", null, LA)!)).toBe("2016-12-31");
  });
});

describe("invalid patterns", () => {
  function errorOf(fn: () => unknown): DateTimeError {
    try {
      fn();
    } catch (e) {
      if (e instanceof DateTimeError) return e;
      throw e;
    }
    throw new Error("expected an error");
  }

  // SimpleDateFormat (Spark 2.x) accepted these, so Spark reports an upgrade error.
  it.each(["dd/MMMMM/yyyy", "dd MM yyyy EEEEE", "YYYY-MM-dd", "yyyyyyy", "ddd", "yyyy]", "yyyy{"])("%j is a Spark 3 upgrade error", (pattern) => {
    const err = errorOf(() => toTimestamp("x", pattern, LA));
    expect(err.errorClass).toBe("INCONSISTENT_BEHAVIOR_CROSS_VERSION.DATETIME_PATTERN_RECOGNITION");
    expect(err.exceptionClass).toBe("SparkUpgradeException");
    expect(err.message).toContain(`Fail to recognize '${pattern}' pattern in the DateTimeFormatter`);
  });

  it.each([
    ["yyyy-MM-dd A", "Illegal pattern character: A"],
    ["e", "All week-based patterns are unsupported since Spark 3.0, detected: e"],
    ["yyyy-MM-dd b", "Unknown pattern letter: b"],
    ["'abc", "Pattern ends with an incomplete string literal: 'abc"],
    ["yyyy-MM-dd n", "Illegal pattern character: n"],
  ])("%j: %s", (pattern, message) => {
    const err = errorOf(() => compilePattern(pattern, false));
    expect(err.exceptionClass).toBe("IllegalArgumentException");
    expect(err.message).toContain(message);
  });

  it("rejects E, F, Q for parsing only", () => {
    expect(() => compilePattern("EEE", false)).not.toThrow();
    expect(() => compilePattern("QQ", true)).toThrow(/Illegal pattern character: Q/);
  });

  it("unix_timestamp reports the same pattern error", () => {
    const err = errorOf(() => unixTimestampFromString("22 05 2020 Friday", "dd MM yyyy EEEEE", LA));
    expect(err.errorClass).toBe("INCONSISTENT_BEHAVIOR_CROSS_VERSION.DATETIME_PATTERN_RECOGNITION");
  });
});

describe("date_format (datetime-formatting golden cases)", () => {
  // The golden view: timestamps written in many zones, printed in Los Angeles.
  const values = [
    ts("1582-06-01 11:33:33.123UTC+080000"),
    ts("1970-01-01 00:00:00.000Europe/Paris"),
    ts("1970-12-31 23:59:59.999Asia/Srednekolymsk"),
    ts("1996-04-01 00:33:33.123Australia/Darwin"),
    ts("2018-11-17 13:33:33.123Z"),
    ts("2020-01-01 01:33:33.123Asia/Shanghai"),
    ts("2100-01-01 01:33:33.123America/Los_Angeles"),
  ];
  const fmt = (p: string) => values.map((v) => formatTimestamp(v, p, LA.timeZone));

  it("y yy yyy yyyy yyyyy yyyyyy", () => {
    expect(fmt("y yy yyy yyyy yyyyy yyyyyy")).toEqual([
      "1582 82 1582 1582 01582 001582",
      "1969 69 1969 1969 01969 001969",
      "1970 70 1970 1970 01970 001970",
      "1996 96 1996 1996 01996 001996",
      "2018 18 2018 2018 02018 002018",
      "2019 19 2019 2019 02019 002019",
      "2100 00 2100 2100 02100 002100",
    ]);
  });

  it("M MM MMM MMMM", () => {
    expect(fmt("M MM MMM MMMM")).toEqual([
      "5 05 May May",
      "12 12 Dec December",
      "12 12 Dec December",
      "3 03 Mar March",
      "11 11 Nov November",
      "12 12 Dec December",
      "1 01 Jan January",
    ]);
  });

  it("D DDD, H HH, h hh, m mm, s ss, a", () => {
    expect(fmt("D DDD")).toEqual(["151 151", "365 365", "365 365", "91 091", "321 321", "365 365", "1 001"]);
    expect(fmt("H HH")).toEqual(["19 19", "15 15", "4 04", "7 07", "5 05", "9 09", "1 01"]);
    expect(fmt("h hh")).toEqual(["7 07", "3 03", "4 04", "7 07", "5 05", "9 09", "1 01"]);
    expect(fmt("m mm")).toEqual(["40 40", "0 00", "59 59", "3 03", "33 33", "33 33", "33 33"]);
    expect(fmt("s ss")).toEqual(["35 35", "0 00", "59 59", "33 33", "33 33", "33 33", "33 33"]);
    expect(fmt("a")).toEqual(["PM", "PM", "AM", "AM", "AM", "AM", "AM"]);
  });

  it("S .. SSSSSSSSS", () => {
    expect(fmt("S SS SSS SSSS SSSSS SSSSSS SSSSSSS SSSSSSSS SSSSSSSSS")[2]).toBe(
      "9 99 999 9990 99900 999000 9990000 99900000 999000000",
    );
    expect(fmt("S SS SSS")[1]).toBe("0 00 000");
  });

  it("zones and offsets", () => {
    const t = ts("2018-11-17 13:33:33.123Z");
    expect(formatTimestamp(t, "VV z zzzz", LA.timeZone)).toBe("America/Los_Angeles PST Pacific Standard Time");
    expect(formatTimestamp(t, "X XX XXX x Z ZZZZ ZZZZZ O OOOO", LA.timeZone)).toBe(
      "-08 -0800 -08:00 -08 -0800 GMT-08:00 -08:00 GMT-8 GMT-08:00",
    );
    expect(formatTimestamp(t, "X XXX", "UTC")).toBe("Z Z");
    expect(formatTimestamp(t, "XXXXX", LA.timeZone)).toBe("-08:00");
    expect(formatTimestamp(values[0], "XXXXX", LA.timeZone)).toBe("-07:52:58");
    expect(formatTimestamp(t, "z", "Europe/Paris")).toBe("CET");
  });

  it("text fields and literals", () => {
    const t = ts("2019-10-06 10:11:12.5");
    expect(formatTimestamp(t, "EEE EEEE G Q QQ QQQ QQQQ 'at' k K F", LA.timeZone)).toBe(
      "Sun Sunday AD 4 04 Q4 4th quarter at 10 10 6",
    );
    expect(formatTimestamp(t, "yyyy-MM-dd'T'HH:mm:ss.SSSXXX", LA.timeZone)).toBe("2019-10-06T10:11:12.500-07:00");
    expect(formatTimestamp(t, "[yyyy]''", LA.timeZone)).toBe("2019'");
  });
});

describe("pattern format/parse round trips", () => {
  const patterns = [
    "yyyy-MM-dd HH:mm:ss",
    "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXXXX",
    "dd/MM/yyyy hh:mm:ss a",
    "yyyyMMddHHmmss",
    "MMM d yyyy HH:mm:ss.SSS VV",
    "yyyy-DDD HH:mm:ss",
    "EEEE, MMMM d, yyyy HH:mm:ss z",
  ];
  const instants = ["2019-10-06 10:11:12.123456", "1999-12-31 23:59:59", "2020-02-29 00:00:01.5", "1850-01-01 08:00:00"];
  for (const p of patterns) {
    it(p, () => {
      for (const i of instants) {
        const t = ts(i);
        const text = formatTimestamp(t, p, LA.timeZone);
        if (p.includes("EEEE")) return; // E cannot be parsed in Spark 3+, format only
        const back = parseTimestampWithPattern(text, p, LA.timeZone);
        // patterns without fraction drop it
        const precision = p.includes("SSSSSS") ? 1n : p.includes("SSS") ? 1000n : 1_000_000n;
        expect(back).toBe(t - (((t % precision) + precision) % precision));
      }
    });
  }
});

describe("offset letters parse their exact shapes", () => {
  const utc = (text: string, pattern: string) => {
    try {
      return show(parseTimestampWithPattern(text, pattern, "UTC"), "UTC");
    } catch {
      return "NULL";
    }
  };
  it.each([
    ["10:00 +05", "HH:mm X", "1970-01-01 05:00:00"],
    ["10:00 +0530", "HH:mm X", "1970-01-01 04:30:00"],
    ["10:00 Z", "HH:mm X", "1970-01-01 10:00:00"],
    ["10:00 +05:30", "HH:mm X", "NULL"],
    ["10:00 +0530", "HH:mm XX", "1970-01-01 04:30:00"],
    ["10:00 +05", "HH:mm XX", "NULL"],
    ["10:00 +05:30", "HH:mm XXX", "1970-01-01 04:30:00"],
    ["10:00 +0530", "HH:mm XXX", "NULL"],
    ["10:00 +05:30:15", "HH:mm XXXXX", "1970-01-01 04:29:45"],
    ["10:00 +05:30", "HH:mm XXXXX", "1970-01-01 04:30:00"],
    ["10:00 +0000", "HH:mm xx", "1970-01-01 10:00:00"],
    ["10:00 Z", "HH:mm xx", "NULL"],
    ["10:00 -0800", "HH:mm Z", "1970-01-01 18:00:00"],
    ["10:00 GMT+08:00", "HH:mm ZZZZ", "1970-01-01 02:00:00"],
    ["10:00 GMT", "HH:mm ZZZZ", "1970-01-01 10:00:00"],
    ["10:00 GMT+8", "HH:mm O", "1970-01-01 02:00:00"],
  ])("%j with %j", (text, pattern, expected) => {
    expect(utc(text, pattern)).toBe(expected);
  });
});

describe("zone names before ICU's metazones", () => {
  it("prints PST/PDT for any year, like java.time", () => {
    expect(formatTimestamp(ts("1969-12-31 15:00:00"), "z", LA.timeZone)).toBe("PST");
    expect(formatTimestamp(ts("1960-07-01 12:00:00"), "z", LA.timeZone)).toBe("PDT");
    expect(formatTimestamp(ts("1582-05-31 19:40:35"), "zzzz", LA.timeZone)).toBe("Pacific Standard Time");
    expect(formatTimestamp(ts("2018-07-01 12:00:00"), "z", "Europe/Paris")).toBe("CEST");
  });
});

describe("F is the aligned day of week in month (Spark 3 migration guide)", () => {
  it.each([
    ["2020-07-30", "2"],
    ["2020-07-31", "3"],
    ["2020-08-01", "1"],
    ["2020-08-07", "7"],
    ["2020-08-08", "1"],
    ["2020-08-09", "2"],
  ])("%s -> %s", (date, f) => {
    expect(formatTimestamp(ts(date), "F", LA.timeZone)).toBe(f);
  });
});

describe("per-row parser/formatter factories", () => {
  it("give the same results as the one-shot functions", async () => {
    const { makeTimestampFormatter, makeTimestampParser } = await import("../../../src/engine/expr/datetime");
    const parse = makeTimestampParser("yyyy-MM-dd HH:mm:ss.SSSSSS[zzz]", LA.timeZone);
    const format = makeTimestampFormatter("yyyy-MM-dd'T'HH:mm:ss.SSSXXXXX z", LA.timeZone);
    for (const text of ["2019-10-06 10:11:12.123UTC", "2019-10-06 10:11:12.12345CST", "2019-01-06 10:11:12.1"]) {
      const t = parse(text);
      expect(t).toBe(parseTimestampWithPattern(text, "yyyy-MM-dd HH:mm:ss.SSSSSS[zzz]", LA.timeZone));
      expect(format(t)).toBe(formatTimestamp(t, "yyyy-MM-dd'T'HH:mm:ss.SSSXXXXX z", LA.timeZone));
    }
    expect(() => makeTimestampParser("dd/MMMMM/yyyy", LA.timeZone)).toThrow(/DATETIME_PATTERN_RECOGNITION/);
  });
});
