/**
 * Formats a timestamp with a compiled Spark datetime pattern (date_format, from_unixtime, to_json,
 * CSV/JSON writers). Text is en-US, as in Spark's default locale.
 */
import {
  civilFromDays,
  DAY_NAMES,
  dayOfYear,
  floorDiv,
  isoDayOfWeek,
  MONTH_NAMES,
  SECONDS_PER_DAY,
  splitMicros,
} from "./calendar";
import { compilePattern, type PatternNode } from "./pattern";
import { getZone, type ZoneRules } from "./time-zone";

/** Every field a pattern letter can print, computed once per value. */
interface Fields {
  year: number;
  month: number;
  day: number;
  days: number;
  hour: number;
  minute: number;
  second: number;
  micro: number;
  offset: number;
  epochSeconds: number;
  zone: ZoneRules;
  /** Set while looking up a zone name at a modern stand-in instant. */
  modernName?: boolean;
}

function pad(n: number, width: number): string {
  const s = String(n);
  return s.length >= width ? s : "0".repeat(width - s.length) + s;
}

function signedPad(n: number, width: number): string {
  return n < 0 ? `-${pad(-n, width)}` : pad(n, width);
}

const ORDINALS = ["1st", "2nd", "3rd", "4th"];

function formatYear(year: number, count: number, hasEra: boolean): string {
  const v = hasEra ? (year <= 0 ? 1 - year : year) : year;
  if (count === 2) return pad(((v % 100) + 100) % 100, 2);
  if (count < 4) return signedPad(v, count);
  // SignStyle.EXCEEDS_PAD: '+' when the value needs more digits than the pad width
  if (v >= 10 ** count) return `+${v}`;
  return signedPad(v, count);
}

function offsetParts(offset: number): { sign: string; h: number; m: number; s: number } {
  const a = Math.abs(offset);
  return { sign: offset < 0 ? "-" : "+", h: Math.floor(a / 3600), m: Math.floor((a % 3600) / 60), s: a % 60 };
}

/** X/x: ISO offsets. `zeroAsZ` for X. */
function formatIsoOffset(offset: number, count: number, zeroAsZ: boolean): string {
  if (offset === 0 && zeroAsZ) return "Z";
  const { sign, h, m, s } = offsetParts(offset);
  switch (count) {
    case 1:
      return m === 0 ? `${sign}${pad(h, 2)}` : `${sign}${pad(h, 2)}${pad(m, 2)}`;
    case 2:
      return `${sign}${pad(h, 2)}${pad(m, 2)}`;
    case 3:
      return `${sign}${pad(h, 2)}:${pad(m, 2)}`;
    case 4:
      return `${sign}${pad(h, 2)}${pad(m, 2)}${s === 0 ? "" : pad(s, 2)}`;
    default:
      return `${sign}${pad(h, 2)}:${pad(m, 2)}${s === 0 ? "" : `:${pad(s, 2)}`}`;
  }
}

/** O / ZZZZ: localized offset `GMT+8` (short) or `GMT+08:00` (full). */
function formatLocalizedOffset(offset: number, full: boolean): string {
  if (offset === 0) return "GMT";
  const { sign, h, m, s } = offsetParts(offset);
  if (full) return `GMT${sign}${pad(h, 2)}:${pad(m, 2)}${s === 0 ? "" : `:${pad(s, 2)}`}`;
  return `GMT${sign}${h}${m === 0 && s === 0 ? "" : `:${pad(m, 2)}`}${s === 0 ? "" : `:${pad(s, 2)}`}`;
}

const nameFormatters = new Map<string, Intl.DateTimeFormat>();
const JAN_2000 = 946_684_800;
const JUL_2000 = 962_409_600;

/** java.time short names ICU's en-US data lacks (CLDR prints these as GMT+8 and so on). */
const ZONE_ABBREVIATIONS: Readonly<Record<string, string>> = {
  "Asia/Shanghai": "CST",
  "Asia/Hong_Kong": "HKT",
  "Asia/Taipei": "CST",
  "Asia/Tokyo": "JST",
  "Asia/Seoul": "KST",
  "Asia/Kolkata": "IST",
  "Asia/Calcutta": "IST",
  "Asia/Singapore": "SGT",
};

function zoneName(f: Fields, full: boolean): string {
  if (f.zone.fixedOffset !== null) return f.zone.id;
  const tryLocale = (locale: string) => {
    const key = `${locale}|${f.zone.id}|${full}`;
    let fmt = nameFormatters.get(key);
    if (fmt === undefined) {
      fmt = new Intl.DateTimeFormat(locale, { timeZone: f.zone.id, timeZoneName: full ? "long" : "short" });
      nameFormatters.set(key, fmt);
    }
    const part = fmt.formatToParts(new Date(f.epochSeconds * 1000)).find((p) => p.type === "timeZoneName");
    return part?.value ?? f.zone.id;
  };
  const abbrev = ZONE_ABBREVIATIONS[f.zone.id];
  if (!full && abbrev !== undefined) return abbrev;
  const us = tryLocale("en-US");
  if (/^GMT[+-]\d/.test(us) && !f.modernName) {
    // ICU only names a zone from the era its metazone starts (America/Los_Angeles before 1970,
    // local mean time) and prints the offset instead; java.time prints the zone's standard or
    // daylight name whatever the year (PST in 1582). Ask for a modern instant of the same kind.
    const jan = f.zone.offsetAt(JAN_2000);
    const jul = f.zone.offsetAt(JUL_2000);
    const daylight = jan !== jul && f.offset === Math.max(jan, jul);
    const probe = (jan <= jul) !== daylight ? JAN_2000 : JUL_2000;
    const modern = zoneName({ ...f, epochSeconds: probe, modernName: true }, full);
    return /^GMT[+-]\d/.test(modern) ? us : modern;
  }
  if (full || !us.startsWith("GMT")) return us;
  // en-US has no abbreviation for most non-American zones; en-GB knows the European ones (CET, BST).
  const gb = tryLocale("en-GB");
  return gb.startsWith("GMT") && gb !== "GMT" ? us : gb;
}

function formatNode(node: PatternNode, f: Fields, hasEra: boolean): string {
  if (node.kind === "literal") return node.text;
  if (node.kind === "optional") return node.nodes.map((n) => formatNode(n, f, hasEra)).join("");
  const n = node.count;
  switch (node.letter) {
    case "G":
      return n === 4 ? (f.year <= 0 ? "Before Christ" : "Anno Domini") : f.year <= 0 ? "BC" : "AD";
    case "y":
    case "u":
      return formatYear(f.year, n, hasEra && node.letter === "y");
    case "M":
    case "L":
      if (n >= 4) return MONTH_NAMES[f.month - 1];
      if (n === 3) return MONTH_NAMES[f.month - 1].slice(0, 3);
      return pad(f.month, n);
    case "Q":
    case "q": {
      const q = Math.floor((f.month - 1) / 3) + 1;
      if (n === 4) return `${ORDINALS[q - 1]} quarter`;
      if (n === 3) return `Q${q}`;
      return pad(q, n);
    }
    case "d":
      return pad(f.day, n);
    case "D":
      return pad(dayOfYear(f.days), n);
    case "E": {
      const name = DAY_NAMES[isoDayOfWeek(f.days) - 1];
      return n >= 4 ? name : name.slice(0, 3);
    }
    case "F":
      return String(((f.day - 1) % 7) + 1);
    case "a":
      return f.hour < 12 ? "AM" : "PM";
    case "h":
      return pad(f.hour % 12 === 0 ? 12 : f.hour % 12, n);
    case "K":
      return pad(f.hour % 12, n);
    case "k":
      return pad(f.hour === 0 ? 24 : f.hour, n);
    case "H":
      return pad(f.hour, n);
    case "m":
      return pad(f.minute, n);
    case "s":
      return pad(f.second, n);
    case "S":
      return pad(f.micro * 1000, 9).slice(0, n);
    case "V":
      return f.zone.id;
    case "z":
      return zoneName(f, n === 4);
    case "O":
      return formatLocalizedOffset(f.offset, n === 4);
    case "X":
      return formatIsoOffset(f.offset, n, true);
    case "x":
      return formatIsoOffset(f.offset, n, false);
    case "Z":
      if (n <= 3) return formatIsoOffset(f.offset, 2, false);
      if (n === 4) return formatLocalizedOffset(f.offset, true);
      return formatIsoOffset(f.offset, 5, true);
    default:
      return "";
  }
}

function hasEraLetter(nodes: readonly PatternNode[]): boolean {
  return nodes.some((n) => (n.kind === "field" ? n.letter === "G" : n.kind === "optional" && hasEraLetter(n.nodes)));
}

function fieldsOf(micros: bigint, zone: ZoneRules): Fields {
  const { seconds, micro } = splitMicros(micros);
  const offset = zone.offsetAt(seconds);
  const local = seconds + offset;
  const days = floorDiv(local, SECONDS_PER_DAY);
  const sod = local - days * SECONDS_PER_DAY;
  const { year, month, day } = civilFromDays(days);
  return {
    year,
    month,
    day,
    days,
    hour: Math.floor(sod / 3600),
    minute: Math.floor((sod % 3600) / 60),
    second: sod % 60,
    micro,
    offset,
    epochSeconds: seconds,
    zone,
  };
}

/** Formats timestamp micros in a zone with a Spark pattern (throws DateTimeError for a bad pattern). */
export function formatTimestamp(micros: bigint, pattern: string, timeZone: string): string {
  const compiled = compilePattern(pattern, false);
  const f = fieldsOf(micros, getZone(timeZone));
  const era = hasEraLetter(compiled.nodes);
  let out = "";
  for (const node of compiled.nodes) out += formatNode(node, f, era);
  return out;
}

/** Formats a DATE (days) with a pattern; time fields print as midnight UTC. */
export function formatDate(days: number, pattern: string): string {
  return formatTimestamp(BigInt(days) * 86_400_000_000n, pattern, "UTC");
}

/**
 * A formatter bound to one pattern and zone, for per-row use (date_format with a constant pattern,
 * to_json): the pattern is validated and compiled once, here.
 */
export function makeTimestampFormatter(pattern: string, timeZone: string): (micros: bigint) => string {
  const compiled = compilePattern(pattern, false);
  const zone = getZone(timeZone);
  const era = hasEraLetter(compiled.nodes);
  const nodes = compiled.nodes;
  return (micros) => {
    const f = fieldsOf(micros, zone);
    let out = "";
    for (const node of nodes) out += formatNode(node, f, era);
    return out;
  };
}
