import { describe, expect, it } from "vitest";
import { compileJsonRangeReader, compileJsonReader } from "../../../src/engine/expr/json";
import { LA_TZ, T } from "./helpers";

// The flat-record fast path must agree with the general path on every input, good or bad.
const schema = T.struct(
  ["id", T.long],
  ["data", T.string],
  ["date", T.timestamp],
  ["n", T.int],
  ["x", T.double],
  ["ok", T.boolean],
  ["day", T.date],
);
const fast = compileJsonReader(schema, { timeZone: LA_TZ });
const general = compileJsonReader(schema, { timeZone: LA_TZ, disableFastPath: true });

function prng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

const FIELD_VALUES: Record<string, string[]> = {
  id: ["42", "-7", "0", "-0", "9007199254740993", "1.0", "1e3", '"42"', "null", "01", "123456789012345"],
  data: ['"Spain"', '"DE"', '"FR"', '"ED"', '"DEF"', '"a long country name"', '""', '"a\\"b"', '"caf\\u00e9"', "12", "1.50", "true", "null", '{"k": 1}', "[1, 2]", '"\u00e9\u4e2d"'],
  date: [
    '"2026-11-23 10:11:12"',
    '"2026-11-23T10:11:12.5"',
    '"2026-11-23 10:11:12.1234567"',
    '"2019-03-10 02:30:00"',
    '"2026-11-23"',
    '"2026-02-30 10:00:00"',
    '"2026-11-23 10:11:12Z"',
    '"garbage"',
    "1700000000",
    "null",
  ],
  n: ["1", "2147483647", "2147483648", "-2147483648", "1.5", '"1"', "null"],
  // the decimal fast path (<= 15 digits, no exponent) against Number(text): halfway cases, leading zeros, the
  // 15/16-digit boundary, values near 2^53
  x: [
    "1.5",
    "-0.0",
    "1e308",
    "2",
    '"NaN"',
    "NaN",
    "null",
    "1E-7",
    "0.1",
    "0.0025",
    "-123.456",
    "12345678901234.5",
    "1234567890123456.7",
    "9007199254740993.0",
    "900719925474099.3",
    "0.000000000000001",
    "0.30000000000000004",
    "99999999999999.99",
    "1.",
    "-.5",
    "00.5",
  ],
  ok: ["true", "false", '"true"', "1", "null"],
  day: ['"2026-11-23"', '"2026-1-5"', '"2026-11-23 10:00"', '"x"', "null"],
};

function randomRecord(rnd: () => number): string {
  const keys = Object.keys(FIELD_VALUES).filter(() => rnd() < 0.8);
  if (rnd() < 0.1) keys.push("unknown");
  // keys that share a prefix with a field's name, where the scanner tries the expected field first
  if (rnd() < 0.1) keys.splice(Math.floor(rnd() * (keys.length + 1)), 0, ["i", "idx", "dat", "data2", "dates"][Math.floor(rnd() * 5)]!);
  if (rnd() < 0.05) keys.push("id");
  // fields out of schema order
  if (rnd() < 0.2) keys.sort(() => rnd() - 0.5);
  const ws = () => [" ", "", "\n", "\t", "  "][Math.floor(rnd() * 5)];
  const parts = keys.map((k) => {
    const values = !(k in FIELD_VALUES) ? ['"u"', "1", "[1]", '{"a": {}}', "null"] : FIELD_VALUES[k];
    return `${ws()}"${k}"${ws()}:${ws()}${values[Math.floor(rnd() * values.length)]}${ws()}`;
  });
  let text = `${ws()}{${parts.join(",")}}${ws()}`;
  const r = rnd();
  if (r < 0.03) text += "trailing";
  else if (r < 0.06) text = text.slice(0, Math.floor(text.length * rnd()));
  else if (r < 0.08) text = text.replace(/"/g, "'");
  return text;
}

describe("from_json flat fast path", () => {
  it("agrees with the general path on 20000 generated records", () => {
    const rnd = prng(2026);
    for (let i = 0; i < 20000; i++) {
      const text = randomRecord(rnd);
      expect(fast(text), text).toEqual(general(text));
    }
  });

  it("reads a record in place inside a larger text exactly as the record alone (the JSON source's ranges)", () => {
    const rangeFast = compileJsonRangeReader(schema, { timeZone: LA_TZ });
    const rnd = prng(77);
    // neighbours that would complete a cut-off record if the scanner read past its end
    const around = ["", "\n", '"}', '1}', "0.5}", 'e"}', "\n{}", " ", '" : 1}'];
    for (let i = 0; i < 5000; i++) {
      const text = randomRecord(rnd);
      const before = around[Math.floor(rnd() * around.length)]!;
      const after = around[Math.floor(rnd() * around.length)]!;
      const whole = before + text + after;
      expect(rangeFast(whole, before.length, before.length + text.length), text).toEqual(general(text));
    }
  });

  it("handles the benchmark record and empty objects", () => {
    expect(fast('{"id": 42, "data": "Spain", "date": "2026-11-23 10:11:12"}')).toEqual(
      general('{"id": 42, "data": "Spain", "date": "2026-11-23 10:11:12"}'),
    );
    expect(fast("{}")).toEqual([null, null, null, null, null, null, null]);
  });
});
