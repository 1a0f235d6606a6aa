/**
 * The from_json fast path for flat struct schemas (every field a string, integral, floating,
 * boolean, timestamp or date) — the shape of almost every streaming record, e.g.
 * `{"id": 42, "data": "Spain", "date": "2026-11-23 10:11:12"}`. It scans the text once and writes
 * the row directly: no intermediate object, timestamps and integers read in place.
 *
 * It only answers records it can convert exactly as the general path would, with every field
 * valid; anything else (escapes, nested values, odd numbers, type mismatches, trailing text ...)
 * returns undefined and the caller takes the general path, so the results are identical.
 */
import { daysFromCivil, daysInMonth, joinMicros, SECONDS_PER_DAY } from "../datetime/calendar";
import { getZone } from "../datetime/time-zone";
import type { JsonType } from "./schema-view";

type FlatKind = "string" | "long" | "int" | "short" | "byte" | "double" | "float" | "boolean" | "timestamp" | "date";

const FLAT: ReadonlySet<string> = new Set(["string", "long", "int", "short", "byte", "double", "float", "boolean", "timestamp", "date"]);

const INT_RANGE: Readonly<Record<string, readonly [number, number]>> = {
  int: [-2147483648, 2147483647],
  short: [-32768, 32767],
  byte: [-128, 127],
};

const DATE_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9];

/** Shared bigints for small non-negative longs (ids, counters, codes): no allocation for the common values. */
const SMALL_LONGS: readonly bigint[] = Array.from({ length: 1024 }, (_, k) => BigInt(k));

/** Failure marker: fall back to the general path. */
const NO = undefined;

/** The decimal digit at s[i], or -1 (also past the end, where charCodeAt is NaN). */
function digitAt(s: string, i: number): number {
  const v = s.charCodeAt(i) - 48;
  return v >= 0 && v <= 9 ? v : -1;
}

/** Two decimal digits at s[i..i+1] as a number, or -1. */
function twoDigits(s: string, i: number): number {
  const h = digitAt(s, i);
  const l = digitAt(s, i + 1);
  return h < 0 || l < 0 ? -1 : h * 10 + l;
}

/** Exact powers of ten (10^0..10^22 are exact doubles): the divisor of the decimal fast path. */
const POW10: readonly number[] = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * Index of the quote closing a JSON string that starts at `from` (before `end`), or -1 when the string has an
 * escape or a control character (the general path decodes those) or does not end.
 */
function plainStringEnd(s: string, from: number, end: number): number {
  for (let i = from; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === 34) return i;
    if (c === 92 || c < 32) return -1;
  }
  return -1;
}

function isWs(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/**
 * Builds a scanner for a flat struct, or null when the schema (or options) need the general path.
 */
export function compileFlatScanner(
  fields: readonly { name: string; type: JsonType }[],
  timeZone: string,
): ((text: string, start: number, end: number) => unknown[] | undefined) | null {
  if (fields.length === 0 || fields.length > 64) return null;
  if (!fields.every((f) => FLAT.has(f.type.kind))) return null;
  const names = fields.map((f) => f.name);
  const codes = names.map((name) => Array.from({ length: name.length }, (_, k) => name.charCodeAt(k)));
  if (new Set(names).size !== names.length) return null;
  const kinds = fields.map((f) => f.type.kind as FlatKind);
  const n = fields.length;
  const zone = getZone(timeZone);

  /** Parses `yyyy-MM-dd[ T]HH:mm:ss[.f{1,6}]` at [a, b) to micros, or undefined. */
  const timestampAt = (s: string, a: number, b: number): bigint | undefined => {
    const len = b - a;
    if (len < 19 || len > 26) return NO;
    if (s.charCodeAt(a + 4) !== 45 || s.charCodeAt(a + 7) !== 45) return NO;
    const sep = s.charCodeAt(a + 10);
    if ((sep !== 32 && sep !== 84) || s.charCodeAt(a + 13) !== 58 || s.charCodeAt(a + 16) !== 58) return NO;
    const y1 = twoDigits(s, a);
    const y2 = twoDigits(s, a + 2);
    const month = twoDigits(s, a + 5);
    const day = twoDigits(s, a + 8);
    const hour = twoDigits(s, a + 11);
    const minute = twoDigits(s, a + 14);
    const second = twoDigits(s, a + 17);
    if ((y1 | y2 | month | day | hour | minute | second) < 0) return NO;
    const year = y1 * 100 + y2;
    let micro = 0;
    if (len > 19) {
      if (s.charCodeAt(a + 19) !== 46 || len === 20) return NO;
      for (let k = 20; k < 26; k++) {
        let v = 0;
        if (k < len) {
          v = digitAt(s, a + k);
          if (v < 0) return NO;
        }
        micro = micro * 10 + v;
      }
    }
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NO;
    if (hour > 23 || minute > 59 || second > 59) return NO;
    const local = daysFromCivil(year, month, day) * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second;
    return joinMicros(zone.localToEpoch(local), micro);
  };

  /** Parses `yyyy-MM-dd` at [a, b) to days, or undefined. */
  const dateAt = (s: string, a: number, b: number): number | undefined => {
    if (b - a !== 10 || s.charCodeAt(a + 4) !== 45 || s.charCodeAt(a + 7) !== 45) return NO;
    const d = (k: number) => s.charCodeAt(a + k) - 48;
    for (let i = 0; i < DATE_DIGITS.length; i++) {
      const v = d(DATE_DIGITS[i]);
      if (v < 0 || v > 9) return NO;
    }
    const year = d(0) * 1000 + d(1) * 100 + d(2) * 10 + d(3);
    const month = d(5) * 10 + d(6);
    const day = d(8) * 10 + d(9);
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NO;
    return daysFromCivil(year, month, day);
  };

  // The scanner reads the record at [start, end) of a larger text (a whole file for the JSON source: no slice
  // per line). It may peek at s[end] but never accepts a record unless it stops exactly at `end`, and every index
  // only grows, so whatever lies past `end` can only make it give up (the general path then decides).
  // Short string values repeat (countries, codes, event types) and every row is kept, so each fresh copy is an
  // object the GC has to move: a small table keyed by length and end characters hands back the equal string
  // it saw last (strings are immutable, so sharing one is invisible), one comparison per lookup.
  const SHORT = 12;
  const seen: (string | undefined)[] = new Array<string | undefined>(256).fill(undefined);
  const stringAt = (s: string, a: number, b: number): string => {
    const len = b - a;
    if (len === 0) return "";
    if (len > SHORT) return s.slice(a, b);
    const slot = (len * 31 + s.charCodeAt(a) * 7 + s.charCodeAt(b - 1)) & 255;
    const cand = seen[slot];
    if (cand !== undefined && cand.length === len && s.startsWith(cand, a)) return cand;
    const v = s.slice(a, b);
    seen[slot] = v;
    return v;
  };

  return (s, start, end) => {
    let i = start;
    while (i < end && isWs(s.charCodeAt(i))) i++;
    if (s.charCodeAt(i) !== 123) return NO; // {
    i++;
    const row = new Array<unknown>(n).fill(null);
    let expect = 0;
    while (i < end && isWs(s.charCodeAt(i))) i++;
    if (s.charCodeAt(i) === 125) {
      i++;
    } else {
      for (;;) {
        // key: records of one stream list their fields in the same order, so the field after the
        // last one matched is tried first, by char codes, before scanning for the closing quote
        if (s.charCodeAt(i) !== 34) return NO;
        const ks = i + 1;
        let field = -1;
        let ke = ks;
        if (expect < n) {
          const code = codes[expect];
          const len = code.length;
          if (s.charCodeAt(ks + len) === 34) {
            let k = 0;
            while (k < len && s.charCodeAt(ks + k) === code[k]) k++;
            if (k === len) {
              field = expect;
              ke = ks + len;
            }
          }
        }
        if (field < 0) {
          ke = plainStringEnd(s, ks, end);
          if (ke < 0) return NO;
          const klen = ke - ks;
          for (let f = 0; f < n; f++) {
            if (names[f].length === klen && s.startsWith(names[f], ks)) {
              field = f;
              break;
            }
          }
        }
        expect = field + 1;
        i = ke + 1;
        while (i < end && isWs(s.charCodeAt(i))) i++;
        if (s.charCodeAt(i) !== 58) return NO; // :
        i++;
        while (i < end && isWs(s.charCodeAt(i))) i++;
        const c = s.charCodeAt(i);
        const kind = field >= 0 ? kinds[field] : null;
        if (c === 34) {
          // string value
          const vs = i + 1;
          const ve = plainStringEnd(s, vs, end);
          if (ve < 0) return NO;
          if (kind === "string") row[field] = stringAt(s, vs, ve);
          else if (kind === "timestamp") {
            const t = timestampAt(s, vs, ve);
            if (t === NO) return NO;
            row[field] = t;
          } else if (kind === "date") {
            const d = dateAt(s, vs, ve);
            if (d === NO) return NO;
            row[field] = d;
          } else if (kind !== null) return NO; // strings for numbers/booleans: general path decides
          i = ve + 1;
        } else if (c === 45 || (c >= 48 && c <= 57)) {
          // number: -?(0|[1-9]\d*) only integers handled here unless the field is floating
          const ns = i;
          if (c === 45) i++;
          const first = s.charCodeAt(i);
          if (first < 48 || first > 57) return NO;
          if (first === 48 && s.charCodeAt(i + 1) >= 48 && s.charCodeAt(i + 1) <= 57) return NO; // leading zero
          while (i < end && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
          let isInt = true;
          let fracDigits = 0;
          let hasExp = false;
          if (i < end && s.charCodeAt(i) === 46) {
            isInt = false;
            i++;
            const fs = i;
            while (i < end && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
            if (i === fs) return NO;
            fracDigits = i - fs;
          }
          const e = i < end ? s.charCodeAt(i) : -1;
          if (e === 101 || e === 69) {
            isInt = false;
            hasExp = true;
            i++;
            if (s.charCodeAt(i) === 43 || s.charCodeAt(i) === 45) i++;
            const es = i;
            while (i < end && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
            if (i === es) return NO;
          }
          if (kind !== null) {
            const digits = i - ns - (c === 45 ? 1 : 0);
            if (kind === "long" || kind === "int" || kind === "short" || kind === "byte") {
              if (!isInt || digits > 15) return NO;
              let v = 0;
              for (let k = c === 45 ? ns + 1 : ns; k < i; k++) v = v * 10 + (s.charCodeAt(k) - 48);
              if (c === 45) v = -v;
              if (kind === "long") row[field] = v >= 0 && v < SMALL_LONGS.length ? SMALL_LONGS[v] : BigInt(v);
              else {
                const [lo, hi] = INT_RANGE[kind];
                if (v < lo || v > hi) return NO;
                row[field] = v;
              }
            } else if (kind === "double" || kind === "float") {
              let v: number;
              const sign = c === 45 ? 1 : 0;
              if (!hasExp && digits - (fracDigits > 0 ? 1 : 0) <= 15) {
                // Clinger's fast path: at most 15 digits make an exact integer m < 2^53 and 10^k is exact, so
                // m / 10^k is one correctly rounded IEEE operation: the same double as Number(text), no slice.
                let m = 0;
                for (let k = ns + sign; k < i; k++) {
                  const d = s.charCodeAt(k) - 48;
                  if (d >= 0) m = m * 10 + d; // skips the '.' (46 - 48 < 0)
                }
                v = fracDigits > 0 ? m / POW10[fracDigits] : m;
                if (sign === 1) v = -v;
              } else v = Number(s.slice(ns, i));
              row[field] = kind === "float" ? Math.fround(v) : v;
            } else return NO;
          }
        } else if (c === 116 || c === 102) {
          // true / false
          const word = c === 116 ? "true" : "false";
          if (!s.startsWith(word, i)) return NO;
          if (kind === "boolean") row[field] = c === 116;
          else if (kind !== null) return NO;
          i += word.length;
        } else if (c === 110) {
          if (!s.startsWith("null", i)) return NO;
          if (field >= 0) row[field] = null;
          i += 4;
        } else return NO; // objects, arrays, anything else
        while (i < end && isWs(s.charCodeAt(i))) i++;
        const sep = s.charCodeAt(i);
        i++;
        if (sep === 125) break; // }
        if (sep !== 44) return NO; // ,
        while (i < end && isWs(s.charCodeAt(i))) i++;
      }
    }
    while (i < end && isWs(s.charCodeAt(i))) i++;
    return i === end ? row : NO;
  };
}
