/**
 * Strict parsing with a compiled Spark datetime pattern (to_timestamp, to_date, unix_timestamp,
 * JSON/CSV timestampFormat). Behaves like java.time's DateTimeFormatter as Spark builds it:
 * case-insensitive, STRICT resolver, adjacent-value parsing for runs like `yyyyMMdd`,
 * variable-length fractions (`SSS` accepts 1-3 digits), whole input consumed, and Spark's defaults
 * for missing fields (year 1970, month 1, day 1, midnight, session time zone).
 */
import { daysFromCivil, daysInMonth, isLeapYear, joinMicros, MONTH_NAMES, SECONDS_PER_DAY } from "./calendar";
import { type CompiledPattern, compilePattern, type PatternNode } from "./pattern";
import { findZone, getZone, parseOffset, type ZoneRules } from "./time-zone";

/** A parse failure with java.time's message (`Text '...' could not be parsed at index 3`). */
export class DateTimeParseFailure extends Error {
  override readonly name = "DateTimeParseFailure";
}

interface State {
  year?: number;
  month?: number;
  day?: number;
  doy?: number;
  hour24?: number;
  hourAmPm?: number;
  ampm?: number;
  minute?: number;
  second?: number;
  nano?: number;
  era?: number;
  zone?: ZoneRules;
  /** Furthest error position, for the message. */
  errorAt: number;
}

type NumericKey = "year" | "month" | "day" | "doy" | "hour24" | "hourAmPm" | "ampm" | "minute" | "second" | "nano" | "era";

/** Short zone names java.time resolves to region zones when parsing `z`. */
const ZONE_NAMES: Readonly<Record<string, string>> = {
  PST: "America/Los_Angeles",
  PDT: "America/Los_Angeles",
  PT: "America/Los_Angeles",
  MST: "America/Denver",
  MDT: "America/Denver",
  CST: "America/Chicago",
  CDT: "America/Chicago",
  EST: "America/New_York",
  EDT: "America/New_York",
  AKST: "America/Anchorage",
  AKDT: "America/Anchorage",
  HST: "Pacific/Honolulu",
  CET: "CET",
  CEST: "CET",
  EET: "EET",
  EEST: "EET",
  WET: "WET",
  WEST: "WET",
  BST: "Europe/London",
  JST: "Asia/Tokyo",
  KST: "Asia/Seoul",
  IST: "Asia/Kolkata",
  AEST: "Australia/Sydney",
  AEDT: "Australia/Sydney",
  GMT: "GMT",
  UTC: "UTC",
  UT: "UT",
  Z: "Z",
};

interface NumSpec {
  min: number;
  max: number;
  /** EXCEEDS_PAD: a sign is needed to use more than `min` digits. */
  exceedsPad: boolean;
  reduced: boolean;
  signed: boolean;
}

function numericSpec(letter: string, count: number): NumSpec | null {
  switch (letter) {
    case "y":
    case "u":
      if (count === 2) return { min: 2, max: 2, exceedsPad: false, reduced: true, signed: false };
      return { min: count, max: 19, exceedsPad: count >= 4, reduced: false, signed: true };
    case "M":
    case "L":
      return count <= 2 ? fixedOrVar(count) : null;
    case "d":
    case "H":
    case "h":
    case "K":
    case "k":
    case "m":
    case "s":
      return fixedOrVar(count);
    case "D":
      if (count === 1) return { min: 1, max: 19, exceedsPad: false, reduced: false, signed: false };
      if (count === 2) return { min: 2, max: 3, exceedsPad: false, reduced: false, signed: false };
      return { min: 3, max: 3, exceedsPad: false, reduced: false, signed: false };
    default:
      return null;
  }
}

function fixedOrVar(count: number): NumSpec {
  return count === 1
    ? { min: 1, max: 19, exceedsPad: false, reduced: false, signed: false }
    : { min: 2, max: 2, exceedsPad: false, reduced: false, signed: false };
}

function isFixedWidth(node: PatternNode): number {
  if (node.kind !== "field") return 0;
  const spec = numericSpec(node.letter, node.count);
  return spec !== null && spec.min === spec.max ? spec.min : 0;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function setField(st: State, key: NumericKey, value: number): boolean {
  const old = st[key];
  if (old !== undefined && old !== value) return false; // java.time: "Conflict found"
  st[key] = value;
  return true;
}

function fieldKey(letter: string): NumericKey | null {
  switch (letter) {
    case "y":
    case "u":
      return "year";
    case "M":
    case "L":
      return "month";
    case "d":
      return "day";
    case "D":
      return "doy";
    case "H":
      return "hour24";
    case "m":
      return "minute";
    case "s":
      return "second";
    default:
      return null;
  }
}

function matchWord(text: string, pos: number, words: readonly string[]): [number, number] | null {
  let best: [number, number] | null = null;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (text.substr(pos, w.length).toLowerCase() === w.toLowerCase()) {
      if (best === null || w.length > words[best[0]].length) best = [i, pos + w.length];
    }
  }
  return best;
}

/** The shape an offset pattern letter accepts (java.time's OffsetIdPrinterParser patterns). */
interface OffsetShape {
  readonly colon: boolean;
  readonly minutes: "required" | "optional";
  readonly seconds: boolean;
}

/** X/x by count: +HHmm, +HHMM, +HH:MM, +HHMMss, +HH:MM:ss. */
const ISO_OFFSET_SHAPES: readonly OffsetShape[] = [
  { colon: false, minutes: "optional", seconds: false },
  { colon: false, minutes: "required", seconds: false },
  { colon: true, minutes: "required", seconds: false },
  { colon: false, minutes: "required", seconds: true },
  { colon: true, minutes: "required", seconds: true },
];

function twoDigits(text: string, pos: number): number | null {
  const a = text.charCodeAt(pos) - 48;
  const b = text.charCodeAt(pos + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : null;
}

/** Parses an offset of the given shape at pos (`Z` too when allowed); returns [offset, end] or null. */
function parseOffsetAt(text: string, pos: number, allowZ: boolean, shape: OffsetShape): [number, number] | null {
  if (allowZ && (text[pos] === "Z" || text[pos] === "z")) return [0, pos + 1];
  const sign = text[pos];
  if (sign !== "+" && sign !== "-") return null;
  let p = pos + 1;
  const h = twoDigits(text, p);
  if (h === null) return null;
  p += 2;
  let m = 0;
  let sec = 0;
  const sep = shape.colon ? ":" : "";
  const next = (): number | null => {
    if (sep !== "" && text[p] !== sep) return null;
    const v = twoDigits(text, p + sep.length);
    if (v !== null) p += sep.length + 2;
    return v;
  };
  const mm = next();
  if (mm === null) {
    if (shape.minutes === "required") return null;
  } else {
    m = mm;
    if (shape.seconds) sec = next() ?? 0;
  }
  if (h > 18 || m > 59 || sec > 59) return null;
  const total = h * 3600 + m * 60 + sec;
  return [sign === "-" ? -total : total, p];
}

function parseZoneText(text: string, pos: number): [ZoneRules, number] | null {
  const m = /^[A-Za-z][A-Za-z0-9/_+\-:]*/.exec(text.slice(pos));
  if (m === null) return null;
  // Longest prefix that names a zone wins (java.time's prefix tree does the same).
  for (let len = m[0].length; len > 0; len--) {
    const cand = m[0].slice(0, len);
    const named = ZONE_NAMES[cand.toUpperCase()];
    const zone = named !== undefined ? findZone(named) : /[/+-]/.test(cand) ? findZone(cand) : null;
    if (zone !== null) return [zone, pos + len];
  }
  return null;
}

function parseNodes(nodes: readonly PatternNode[], text: string, pos: number, st: State): number {
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    if (node.kind === "literal") {
      const t = node.text;
      if (text.substr(pos, t.length).toLowerCase() !== t.toLowerCase()) {
        st.errorAt = Math.max(st.errorAt, pos);
        return -1;
      }
      pos += t.length;
      continue;
    }
    if (node.kind === "optional") {
      const saved = { ...st };
      const end = parseNodes(node.nodes, text, pos, st);
      if (end < 0) {
        Object.assign(st, saved);
        for (const k of Object.keys(st) as (keyof State)[]) if (!(k in saved)) delete st[k];
      } else pos = end;
      continue;
    }
    // Adjacent value parsing: reserve digits for fixed-width numbers that follow directly.
    let reserved = 0;
    const spec = numericSpec(node.letter, node.count);
    if (spec !== null && spec.min !== spec.max) {
      for (let k = i + 1; k < nodes.length; k++) {
        const w = isFixedWidth(nodes[k]);
        if (w === 0) break;
        reserved += w;
      }
    }
    const end = parseField(node.letter, node.count, spec, reserved, text, pos, st);
    if (end < 0) {
      st.errorAt = Math.max(st.errorAt, pos);
      return -1;
    }
    pos = end;
  }
  return pos;
}

function parseField(
  letter: string,
  count: number,
  spec: NumSpec | null,
  reserved: number,
  text: string,
  pos: number,
  st: State,
): number {
  if (spec !== null) {
    let p = pos;
    let sign = 0;
    if (spec.signed && (text[p] === "-" || text[p] === "+")) {
      sign = text[p] === "-" ? -1 : 1;
      p++;
    }
    let available = 0;
    while (p + available < text.length && isDigit(text.charCodeAt(p + available))) available++;
    let max = spec.max;
    if (spec.exceedsPad && sign === 0) max = spec.min; // strict EXCEEDS_PAD
    const take = Math.min(max, available - reserved);
    if (take < spec.min) return -1;
    if (spec.exceedsPad && sign === 1 && take <= spec.min) return -1;
    let value = Number(text.substr(p, take));
    if (sign === -1) value = -value;
    if (spec.reduced) value += 2000;
    p += take;
    const key = fieldKey(letter);
    if (key !== null) return setField(st, key, value) ? p : -1;
    switch (letter) {
      case "h": // clock-hour-of-am-pm 1..12
        if (value < 1 || value > 12) return -1;
        return setField(st, "hourAmPm", value === 12 ? 0 : value) ? p : -1;
      case "K":
        if (value > 11) return -1;
        return setField(st, "hourAmPm", value) ? p : -1;
      case "k":
        if (value < 1 || value > 24) return -1;
        return setField(st, "hour24", value === 24 ? 0 : value) ? p : -1;
      default:
        return -1;
    }
  }
  switch (letter) {
    case "M":
    case "L": {
      const names = count === 3 ? MONTH_NAMES.map((n) => n.slice(0, 3)) : MONTH_NAMES;
      const hit = matchWord(text, pos, names);
      if (hit === null) return -1;
      return setField(st, "month", hit[0] + 1) ? hit[1] : -1;
    }
    case "a": {
      const hit = matchWord(text, pos, ["AM", "PM"]);
      if (hit === null) return -1;
      return setField(st, "ampm", hit[0]) ? hit[1] : -1;
    }
    case "G": {
      const hit = matchWord(text, pos, count === 4 ? ["Before Christ", "Anno Domini"] : ["BC", "AD"]);
      if (hit === null) return -1;
      return setField(st, "era", hit[0]) ? hit[1] : -1;
    }
    case "S": {
      let n = 0;
      while (n < count && isDigit(text.charCodeAt(pos + n))) n++;
      if (n === 0) return -1;
      const nano = Number(text.substr(pos, n).padEnd(9, "0"));
      return setField(st, "nano", nano) ? pos + n : -1;
    }
    case "V":
    case "z": {
      const hit = parseZoneText(text, pos);
      if (hit === null) return -1;
      st.zone = hit[0];
      return hit[1];
    }
    case "O": {
      if (text.substr(pos, 3).toUpperCase() !== "GMT") return -1;
      const m = /^[+-]\d{1,2}(?::\d{2}(?::\d{2})?)?/.exec(text.slice(pos + 3));
      if (m === null) {
        st.zone = getZone("Z");
        return pos + 3;
      }
      const off = parseOffset(m[0]);
      if (off === null) return -1;
      st.zone = fixedZone(off);
      return pos + 3 + m[0].length;
    }
    case "X":
    case "x":
    case "Z": {
      if (letter === "Z" && count === 4) {
        if (text.substr(pos, 3).toUpperCase() !== "GMT") return -1;
        const rest = parseOffsetAt(text, pos + 3, false, ISO_OFFSET_SHAPES[4]);
        if (rest === null) {
          st.zone = fixedZone(0);
          return pos + 3;
        }
        st.zone = fixedZone(rest[0]);
        return rest[1];
      }
      const allowZ = letter === "X" || (letter === "Z" && count === 5);
      const shape = letter === "Z" ? ISO_OFFSET_SHAPES[count === 5 ? 4 : 1] : ISO_OFFSET_SHAPES[count - 1];
      const hit = parseOffsetAt(text, pos, allowZ, shape);
      if (hit === null) return -1;
      st.zone = fixedZone(hit[0]);
      return hit[1];
    }
    default:
      return -1;
  }
}

function fixedZone(offset: number): ZoneRules {
  return getZone(offset === 0 ? "Z" : formatOffset(offset));
}

function formatOffset(offset: number): string {
  const a = Math.abs(offset);
  const p2 = (n: number) => String(n).padStart(2, "0");
  return `${offset < 0 ? "-" : "+"}${p2(Math.floor(a / 3600))}:${p2(Math.floor((a % 3600) / 60))}:${p2(a % 60)}`;
}

/** Parsed wall-clock fields and the zone the text named (if any). */
export interface ParsedDateTime {
  localSeconds: number;
  nano: number;
  zone: ZoneRules | null;
}

/** Parses text with a pattern into local fields; throws DateTimeParseFailure. */
export function parseLocal(text: string, pattern: string): ParsedDateTime {
  return parseLocalCompiled(text, compilePattern(pattern, true));
}

function parseLocalCompiled(text: string, compiled: CompiledPattern): ParsedDateTime {
  const st: State = { errorAt: 0 };
  const end = parseNodes(compiled.nodes, text, 0, st);
  if (end < 0) throw new DateTimeParseFailure(`Text '${text}' could not be parsed at index ${st.errorAt}`);
  if (end !== text.length) {
    throw new DateTimeParseFailure(`Text '${text}' could not be parsed, unparsed text found at index ${end}`);
  }
  return resolve(text, st);
}

function fail(text: string, why: string): never {
  throw new DateTimeParseFailure(`Text '${text}' could not be parsed: ${why}`);
}

function resolve(text: string, st: State): ParsedDateTime {
  let year = st.year ?? 1970;
  if (st.era !== undefined && st.year !== undefined && st.era === 0) year = 1 - year;
  let days: number;
  if (st.doy !== undefined) {
    if (st.doy < 1 || st.doy > (isLeapYear(year) ? 366 : 365)) fail(text, `Invalid value for DayOfYear: ${st.doy}`);
    days = daysFromCivil(year, 1, 1) + st.doy - 1;
    if (st.month !== undefined || st.day !== undefined) {
      const check = daysFromCivil(year, st.month ?? 1, 1);
      const month = st.month ?? monthOfDays(days, year);
      if (daysFromCivil(year, month, st.day ?? days - daysFromCivil(year, month, 1) + 1) !== days || check > days) {
        fail(text, "Conflict found: Field DayOfYear differs from MonthOfYear/DayOfMonth");
      }
    }
  } else {
    const month = st.month ?? 1;
    const day = st.day ?? 1;
    if (month < 1 || month > 12) fail(text, `Invalid value for MonthOfYear (valid values 1 - 12): ${month}`);
    if (day < 1 || day > 31) fail(text, `Invalid value for DayOfMonth (valid values 1 - 28/31): ${day}`);
    if (day > daysInMonth(year, month)) {
      fail(
        text,
        month === 2 && day === 29
          ? `Invalid date 'February 29' as '${year}' is not a leap year`
          : `Invalid date '${MONTH_NAMES[month - 1].toUpperCase()} ${day}'`,
      );
    }
    days = daysFromCivil(year, month, day);
  }
  let hour: number;
  if (st.hour24 !== undefined) {
    hour = st.hour24;
    if (st.hourAmPm !== undefined && st.ampm !== undefined && st.ampm * 12 + st.hourAmPm !== hour) {
      fail(text, "Conflict found: HourOfDay differs from AmPmOfDay/HourOfAmPm");
    }
  } else if (st.hourAmPm !== undefined) {
    hour = (st.ampm ?? 0) * 12 + st.hourAmPm;
  } else hour = st.ampm === 1 ? 12 : 0;
  const minute = st.minute ?? 0;
  const second = st.second ?? 0;
  if (hour > 23) fail(text, `Invalid value for HourOfDay (valid values 0 - 23): ${hour}`);
  if (minute > 59) fail(text, `Invalid value for MinuteOfHour (valid values 0 - 59): ${minute}`);
  if (second > 59) fail(text, `Invalid value for SecondOfMinute (valid values 0 - 59): ${second}`);
  return {
    localSeconds: days * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second,
    nano: st.nano ?? 0,
    zone: st.zone ?? null,
  };
}

function monthOfDays(days: number, year: number): number {
  for (let m = 12; m >= 1; m--) if (daysFromCivil(year, m, 1) <= days) return m;
  return 1;
}

/** Parses text to timestamp micros: a zone in the text wins over the session zone. */
export function parseTimestampWithPattern(text: string, pattern: string, timeZone: string): bigint {
  const p = parseLocal(text, pattern);
  const zone = p.zone ?? getZone(timeZone);
  return joinMicros(zone.localToEpoch(p.localSeconds), Math.floor(p.nano / 1000));
}

/** Parses text to TIMESTAMP_NTZ micros (zone ignored). */
export function parseTimestampNtzWithPattern(text: string, pattern: string): bigint {
  const p = parseLocal(text, pattern);
  return joinMicros(p.localSeconds, Math.floor(p.nano / 1000));
}

/**
 * A parser bound to one pattern and zone, for per-row use (from_json's timestampFormat,
 * to_timestamp with a constant pattern): the pattern is validated and compiled once, here.
 */
export function makeTimestampParser(pattern: string, timeZone: string): (text: string) => bigint {
  const compiled = compilePattern(pattern, true);
  const sessionZone = getZone(timeZone);
  return (text) => {
    const p = parseLocalCompiled(text, compiled);
    return joinMicros((p.zone ?? sessionZone).localToEpoch(p.localSeconds), Math.floor(p.nano / 1000));
  };
}
