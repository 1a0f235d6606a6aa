/**
 * Time zones as java.time sees them (ZoneId.of with SHORT_IDS, plus Spark's `(+|-)h:mm` leniency),
 * with historical offsets taken from the ICU tz database shipped with Node (full ICU). Region zones
 * learn their transitions lazily, one year at a time, by sampling Intl and bisecting to the second;
 * the result is cached per zone and year so the hot path is a couple of comparisons.
 */
import { invalidTimeZone } from "./errors";

export interface ZoneRules {
  /** The id as the user wrote it (after Spark's normalisation), what `VV` prints. */
  readonly id: string;
  /** Offset in seconds when the zone is a fixed offset, else null. */
  readonly fixedOffset: number | null;
  /** Offset (seconds east of UTC) in force at an instant (epoch seconds). */
  offsetAt(epochSeconds: number): number;
  /**
   * Epoch seconds of a local wall-clock time (local seconds since 1970-01-01T00:00 local), resolved
   * like ZonedDateTime.of: a time in a gap moves forward by the gap length, an overlap takes the
   * earlier offset.
   */
  localToEpoch(localSeconds: number): number;
}

/** java.time ZoneId.SHORT_IDS. */
const SHORT_IDS: Readonly<Record<string, string>> = {
  ACT: "Australia/Darwin",
  AET: "Australia/Sydney",
  AGT: "America/Argentina/Buenos_Aires",
  ART: "Africa/Cairo",
  AST: "America/Anchorage",
  BET: "America/Sao_Paulo",
  BST: "Asia/Dhaka",
  CAT: "Africa/Harare",
  CNT: "America/St_Johns",
  CST: "America/Chicago",
  CTT: "Asia/Shanghai",
  EAT: "Africa/Addis_Ababa",
  ECT: "Europe/Paris",
  IET: "America/Indiana/Indianapolis",
  IST: "Asia/Kolkata",
  JST: "Asia/Tokyo",
  MIT: "Pacific/Apia",
  NET: "Asia/Yerevan",
  NST: "Pacific/Auckland",
  PLT: "Asia/Karachi",
  PNT: "America/Phoenix",
  PRT: "America/Puerto_Rico",
  PST: "America/Los_Angeles",
  SST: "Pacific/Guadalcanal",
  VST: "Asia/Ho_Chi_Minh",
  EST: "-05:00",
  MST: "-07:00",
  HST: "-10:00",
};

class FixedZone implements ZoneRules {
  constructor(
    readonly id: string,
    readonly fixedOffset: number,
  ) {}
  offsetAt(): number {
    return this.fixedOffset;
  }
  localToEpoch(localSeconds: number): number {
    return localSeconds - this.fixedOffset;
  }
}

interface YearRules {
  /** Offset at the start of the year (UTC). */
  readonly initial: number;
  /** Transition instants (epoch seconds) in this year and the offset from each on. */
  readonly at: number[];
  readonly offsets: number[];
}

const SECONDS_PER_WEEK = 7 * 86_400;
// Before this instant every zone in tzdata is on local mean time, so one offset covers all of it.
const EARLIEST_TRANSITION_YEAR = 1800;
const LATEST_RULE_YEAR = 2800;
const SECONDS_PER_400_YEARS = 146_097 * 86_400;

class RegionZone implements ZoneRules {
  readonly fixedOffset = null;
  private readonly years = new Map<number, YearRules>();
  private readonly formatter: Intl.DateTimeFormat;
  // Last interval answered: [lo, hi) has offset `lastOffset`. Most lookups in a batch hit it.
  private lo = 0;
  private hi = -1;
  private lastOffset = 0;

  constructor(
    readonly id: string,
    icuId: string,
  ) {
    this.formatter = new Intl.DateTimeFormat("en-US", { timeZone: icuId, timeZoneName: "longOffset" });
  }

  /** Offset straight from ICU (slow: formats a date). */
  private rawOffset(epochSeconds: number): number {
    const text = this.formatter.format(new Date(epochSeconds * 1000));
    const m = /GMT(?:([+-])(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
    if (m === null || m[1] === undefined) return 0;
    const v = Number(m[2]) * 3600 + Number(m[3]) * 60 + (m[4] === undefined ? 0 : Number(m[4]));
    return m[1] === "-" ? -v : v;
  }

  private yearRules(year: number): YearRules {
    let rules = this.years.get(year);
    if (rules !== undefined) return rules;
    const start = yearStartEpoch(year);
    const end = yearStartEpoch(year + 1);
    const initial = this.rawOffset(start);
    const at: number[] = [];
    const offsets: number[] = [];
    let prevT = start;
    let prevOff = initial;
    for (let t = start + SECONDS_PER_WEEK; ; t += SECONDS_PER_WEEK) {
      const sample = t >= end ? end - 1 : t;
      const off = this.rawOffset(sample);
      if (off !== prevOff) {
        // Bisect (prevT, sample] for the first second with the new offset.
        let lo = prevT;
        let hi = sample;
        while (hi - lo > 1) {
          const mid = Math.floor((lo + hi) / 2);
          if (this.rawOffset(mid) === prevOff) lo = mid;
          else hi = mid;
        }
        at.push(hi);
        offsets.push(off);
      }
      prevT = sample;
      prevOff = off;
      if (t >= end) break;
    }
    rules = { initial, at, offsets };
    this.years.set(year, rules);
    return rules;
  }

  offsetAt(epochSeconds: number): number {
    if (epochSeconds >= this.lo && epochSeconds < this.hi) return this.lastOffset;
    let year = yearOfEpoch(epochSeconds);
    if (year >= LATEST_RULE_YEAR) {
      // Beyond what Date/Intl can represent safely: future rules repeat with the Gregorian
      // 400-year cycle (same weekdays), so look up the equivalent instant four centuries back.
      const cycles = Math.floor((year - LATEST_RULE_YEAR) / 400) + 1;
      return this.offsetAt(epochSeconds - cycles * SECONDS_PER_400_YEARS);
    }
    if (year < EARLIEST_TRANSITION_YEAR) year = EARLIEST_TRANSITION_YEAR;
    const rules = this.yearRules(year);
    const clamped = Math.max(epochSeconds, yearStartEpoch(EARLIEST_TRANSITION_YEAR));
    let offset = rules.initial;
    let lo = year === EARLIEST_TRANSITION_YEAR ? Number.NEGATIVE_INFINITY : yearStartEpoch(year);
    let hi = yearStartEpoch(year + 1);
    for (let i = 0; i < rules.at.length; i++) {
      if (clamped >= rules.at[i]) {
        offset = rules.offsets[i];
        lo = rules.at[i];
      } else {
        hi = rules.at[i];
        break;
      }
    }
    this.lo = lo;
    this.hi = hi;
    this.lastOffset = offset;
    return offset;
  }

  localToEpoch(localSeconds: number): number {
    // Fast path: well inside the last constant-offset interval, no transition can interfere.
    const quick = localSeconds - this.lastOffset;
    if (quick >= this.lo + 172_800 && quick < this.hi - 172_800) return quick;
    const before = this.offsetAt(localSeconds - 86_400);
    const after = this.offsetAt(localSeconds + 86_400);
    if (before === after) {
      const guess = localSeconds - before;
      // A pair of transitions inside two days is possible (rare); check the guess.
      if (this.offsetAt(guess) === before) return guess;
      return localSeconds - this.offsetAt(guess);
    }
    const early = localSeconds - before;
    if (this.offsetAt(early) === before) return early; // valid, or the earlier of an overlap
    const late = localSeconds - after;
    if (this.offsetAt(late) === after) return late;
    return early; // in a gap: shift forward by the gap length
  }
}

function yearStartEpoch(year: number): number {
  // days from civil for Jan 1, inlined to avoid an import cycle-free dependency on calendar.ts
  const y = year - 1;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + 306;
  return (era * 146_097 + doe - 719_468) * 86_400;
}

function yearOfEpoch(epochSeconds: number): number {
  // Approximate then correct: good for any year Date can represent.
  let year = Math.floor(epochSeconds / 31_556_952) + 1970;
  while (yearStartEpoch(year) > epochSeconds) year--;
  while (yearStartEpoch(year + 1) <= epochSeconds) year++;
  return year;
}

/** Parses `+h`, `+hh`, `+hh:mm`, `+hhmm`, `+hh:mm:ss`, `+hhmmss` (ZoneOffset.of). Null if invalid. */
export function parseOffset(text: string): number | null {
  const m = /^([+-])(\d{1,2})(?::?(\d{2})(?::?(\d{2}))?)?$/.exec(text);
  if (m === null) return null;
  if (m[2].length === 1 && m[3] !== undefined) return null;
  // `+hhmm` and `+hh:mm` must be consistent in their use of colons
  if (m[3] !== undefined && m[4] !== undefined) {
    const colon1 = text.charAt(3) === ":";
    const colon2 = text.charAt(colon1 ? 6 : 5) === ":";
    if (colon1 !== colon2) return null;
  }
  const h = Number(m[2]);
  const mi = m[3] === undefined ? 0 : Number(m[3]);
  const s = m[4] === undefined ? 0 : Number(m[4]);
  if (h > 18 || mi > 59 || s > 59) return null;
  const total = h * 3600 + mi * 60 + s;
  if (total > 18 * 3600) return null;
  return m[1] === "-" ? -total : total;
}

/** Formats an offset as java.time's ZoneOffset id: `Z`, `+08:00`, `-07:52:58`. */
export function formatOffsetId(offset: number): string {
  if (offset === 0) return "Z";
  const a = Math.abs(offset);
  const h = Math.floor(a / 3600);
  const m = Math.floor((a % 3600) / 60);
  const s = a % 60;
  const base = `${offset < 0 ? "-" : "+"}${pad2(h)}:${pad2(m)}`;
  return s === 0 ? base : `${base}:${pad2(s)}`;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

const zoneCache = new Map<string, ZoneRules | null>();
const regionCache = new Map<string, RegionZone>();

function regionZone(id: string): ZoneRules | null {
  let zone = regionCache.get(id);
  if (zone !== undefined) return zone;
  // Java region ids are case-sensitive; Intl is not, so insist on an exact canonical-ish match.
  if (!/^[A-Za-z][A-Za-z0-9~/._+-]+$/.test(id)) return null;
  try {
    const resolved = new Intl.DateTimeFormat("en-US", { timeZone: id }).resolvedOptions().timeZone;
    if (resolved !== id && (resolved.toLowerCase() === id.toLowerCase() || !isKnownAlias(id))) return null;
  } catch {
    return null;
  }
  zone = new RegionZone(id, id);
  regionCache.set(id, zone);
  return zone;
}

function isKnownAlias(id: string): boolean {
  // Intl canonicalises links (Asia/Calcutta -> Asia/Kolkata) and ignores case; java.time is
  // case-sensitive, so accept a link only when every segment is capitalised like tz ids are.
  return id.split("/").every((part) => /^[A-Z]/.test(part));
}

/**
 * Resolves a zone id the way Spark's `DateTimeUtils.getZoneId` does, or null if Java would reject it.
 */
export function findZone(timeZoneId: string): ZoneRules | null {
  const cached = zoneCache.get(timeZoneId);
  if (cached !== undefined) return cached;
  const zone = resolveUncached(timeZoneId);
  if (zoneCache.size > 4096) zoneCache.clear(); // ids come from user data (to_utc_timestamp(ts, col))
  zoneCache.set(timeZoneId, zone);
  return zone;
}

/** Like findZone, but throws Spark's INVALID_TIMEZONE error for an unknown id. */
export function getZone(timeZoneId: string): ZoneRules {
  const zone = findZone(timeZoneId);
  if (zone === null) throw invalidTimeZone(timeZoneId);
  return zone;
}

function resolveUncached(raw: string): ZoneRules | null {
  // Spark: support (+|-)h:mm and (+|-)hh:m, accepted before Spark 3.0.
  const id = raw.replace(/([+-])(\d):/, "$10$2:").replace(/([+-])(\d\d):(\d)$/, "$1$2:0$3");
  const short = SHORT_IDS[id];
  if (short !== undefined) return resolveUncached(short);
  if (id === "Z") return new FixedZone("Z", 0);
  if (id.startsWith("+") || id.startsWith("-")) {
    const off = parseOffset(id);
    return off === null ? null : new FixedZone(formatOffsetId(off), off);
  }
  if (id === "UTC" || id === "GMT" || id === "UT") return new FixedZone(id, 0);
  const prefixed = /^(UTC|GMT|UT)([+-].*)$/.exec(id);
  if (prefixed !== null) {
    const off = parseOffset(prefixed[2]);
    if (off === null) return null;
    return new FixedZone(off === 0 ? prefixed[1] : `${prefixed[1]}${formatOffsetId(off)}`, off);
  }
  return regionZone(id);
}

/** Offset in seconds at an instant given as bigint micros. */
export function offsetAtMicros(zone: ZoneRules, micros: bigint): number {
  return zone.offsetAt(Math.floor(Number(micros) / 1_000_000));
}
