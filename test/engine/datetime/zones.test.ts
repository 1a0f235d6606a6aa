import { describe, expect, it } from "vitest";
import {
  findZone,
  formatTimestamp,
  getZone,
  parseTimestampWithPattern,
  stringToTimestamp,
  timestampToString,
} from "../../../src/engine/expr/datetime";

// Deterministic pseudo-random instants (no wall clock, no Math.random).
function prng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

const TRICKY = [
  "America/Los_Angeles",
  "Europe/London",
  "Asia/Kolkata",
  "Australia/Lord_Howe", // 30-minute DST
  "America/St_Johns", // -03:30
  "Pacific/Apia", // skipped a whole day in 2011
  "Africa/Casablanca", // DST suspended during Ramadan
  "Asia/Tehran",
];

function intlOffset(zone: string, epochSeconds: number): number {
  const text = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" }).format(
    new Date(epochSeconds * 1000),
  );
  const m = /GMT(?:([+-])(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  if (m === null || m[1] === undefined) return 0;
  return (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4] ?? 0));
}

describe("zone ids", () => {
  it.each([
    ["America/Los_Angeles", "America/Los_Angeles"],
    ["+08:00", "+08:00"],
    ["+8:00", "+08:00"],
    ["-08", "-08:00"],
    ["+0530", "+05:30"],
    ["+05:30:15", "+05:30:15"],
    ["Z", "Z"],
    ["UTC", "UTC"],
    ["GMT+8", "GMT+08:00"],
    ["UTC-03:30", "UTC-03:30"],
    ["PST", "America/Los_Angeles"],
    ["EST", "-05:00"],
    ["CTT", "Asia/Shanghai"],
  ])("%s resolves to %s", (id, resolved) => {
    expect(getZone(id).id).toBe(resolved);
  });

  it.each(["Mars/Olympus", "+19:00", "GMT+", "", "america/los angeles"])("%j is not a zone", (id) => {
    expect(findZone(id)).toBeNull();
  });

  it("unknown zones raise INVALID_TIMEZONE", () => {
    expect(() => getZone("Mars/Olympus")).toThrow(/INVALID_TIMEZONE/);
  });
});

describe("offsets match the tz database", () => {
  it.each(TRICKY)("%s: cached transitions agree with ICU at random instants 1850-2100", (zone) => {
    const rnd = prng(zone.length * 7919);
    const rules = getZone(zone);
    for (let i = 0; i < 300; i++) {
      const t = Math.floor((rnd() * 250 - 120) * 365.25 * 86400);
      expect(rules.offsetAt(t)).toBe(intlOffset(zone, t));
    }
  });

  it.each(TRICKY)("%s: string and pattern round trips", (zone) => {
    const rnd = prng(zone.length * 104729);
    for (let i = 0; i < 300; i++) {
      const sec = Math.floor((rnd() * 800 - 370) * 365.25 * 86400);
      const micros = BigInt(sec) * 1_000_000n + BigInt(Math.floor(rnd() * 1e6));
      const text = timestampToString(micros, zone);
      const back = stringToTimestamp(text, zone)!;
      // In an overlap the same wall clock maps to the earlier instant, like java.time.
      expect(timestampToString(back, zone)).toBe(text);
      expect(back <= micros).toBe(true);
      const iso = formatTimestamp(micros, "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXXXX", zone);
      expect(parseTimestampWithPattern(iso, "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXXXX", zone)).toBe(micros);
    }
  });

  it("Pacific/Apia skipped 2011-12-30", () => {
    expect(timestampToString(stringToTimestamp("2011-12-30 12:00:00", "Pacific/Apia")!, "Pacific/Apia")).toBe(
      "2011-12-31 12:00:00",
    );
  });
});

describe("zone id spelling", () => {
  it("is case-sensitive like java.time and accepts tz links", () => {
    expect(findZone("america/los_angeles")).toBeNull();
    expect(findZone("Asia/Calcutta")?.id).toBe("Asia/Calcutta");
    expect(findZone("US/Pacific")?.offsetAt(0)).toBe(-28800);
    expect(findZone("Etc/GMT+8")?.offsetAt(0)).toBe(-28800);
  });
});
