/**
 * moment.js-style formats as KDG's `date.now("YYYY-MM-DD hh:mm:ss")` uses them, rendered in local time
 * (KDG runs in the browser's zone) or, for `date.utc`, in UTC. Tokens: YYYY YY MMMM MMM MM M Do DD D dddd ddd
 * HH H hh h mm m ss s SSS A a ZZ Z X x; text in [brackets] is literal. Kept by hand rather than with moment (in
 * maintenance mode, 300 KB) or dayjs: see docs/libraries.md.
 */
const TOKENS = /\[([^\]]*)]|YYYY|YY|MMMM|MMM|MM|M|Do|DD|D|dddd|ddd|HH|H|hh|h|mm|m|ss|s|SSS|A|a|ZZ|Z|X|x/g;
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
/** moment's default format (what `date.now` without a format gives): 2014-09-08T08:02:17-05:00. */
export const MOMENT_DEFAULT_FORMAT = "YYYY-MM-DDTHH:mm:ssZ";

function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${["th", "st", "nd", "rd"][n % 10] ?? "th"}`;
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

function offset(d: Date, colon: boolean, utc: boolean): string {
  const min = utc ? 0 : -d.getTimezoneOffset();
  const sign = min >= 0 ? "+" : "-";
  const abs = Math.abs(min);
  return `${sign}${pad(Math.floor(abs / 60))}${colon ? ":" : ""}${pad(abs % 60)}`;
}

type Fields = { date: Date; year: number; month: number; day: number; weekday: number; hours: number; minutes: number; seconds: number; ms: number };
type Part = string | ((f: Fields, utc: boolean) => string);

const h12 = (f: Fields) => f.hours % 12 || 12;

/** What each token prints, from the date's fields in the chosen zone. */
const TOKEN: Record<string, (f: Fields, utc: boolean) => string> = {
  MMMM: (f) => MONTHS[f.month]!,
  MMM: (f) => MONTHS[f.month]!.slice(0, 3),
  Do: (f) => ordinal(f.day),
  dddd: (f) => DAYS[f.weekday]!,
  ddd: (f) => DAYS[f.weekday]!.slice(0, 3),
  YYYY: (f) => String(f.year),
  YY: (f) => pad(f.year % 100),
  MM: (f) => pad(f.month + 1),
  M: (f) => String(f.month + 1),
  DD: (f) => pad(f.day),
  D: (f) => String(f.day),
  HH: (f) => pad(f.hours),
  H: (f) => String(f.hours),
  hh: (f) => pad(h12(f)),
  h: (f) => String(h12(f)),
  mm: (f) => pad(f.minutes),
  m: (f) => String(f.minutes),
  ss: (f) => pad(f.seconds),
  s: (f) => String(f.seconds),
  SSS: (f) => pad(f.ms, 3),
  A: (f) => (f.hours < 12 ? "AM" : "PM"),
  a: (f) => (f.hours < 12 ? "am" : "pm"),
  ZZ: (f, utc) => offset(f.date, false, utc),
  Z: (f, utc) => offset(f.date, true, utc),
  X: (f) => String(Math.floor(f.date.getTime() / 1000)),
  x: (f) => String(f.date.getTime()),
};

/**
 * A moment format parsed once into literal text and token printers. The renderer keeps its last answer: records
 * generated within the same millisecond (most of them at generator rates) reuse it instead of formatting again.
 */
export function compileMoment(format: string, utc = false): (date: Date) => string {
  const parts: Part[] = [];
  let at = 0;
  for (const m of format.matchAll(TOKENS)) {
    if (m.index > at) parts.push(format.slice(at, m.index));
    parts.push(m[1] !== undefined ? m[1] : TOKEN[m[0]]!);
    at = m.index + m[0].length;
  }
  if (at < format.length) parts.push(format.slice(at));
  let lastMs = Number.NaN;
  let last = "";
  return (date) => {
    const ms = date.getTime();
    if (ms === lastMs) return last;
    // Shifting by the zone offset lets the UTC getters read local fields, so one code path serves both.
    const d = utc ? date : new Date(ms - date.getTimezoneOffset() * 60_000);
    const f: Fields = {
      date,
      year: d.getUTCFullYear(),
      month: d.getUTCMonth(),
      day: d.getUTCDate(),
      weekday: d.getUTCDay(),
      hours: d.getUTCHours(),
      minutes: d.getUTCMinutes(),
      seconds: d.getUTCSeconds(),
      ms: d.getUTCMilliseconds(),
    };
    let out = "";
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      out += typeof p === "string" ? p : p(f, utc);
    }
    lastMs = ms;
    last = out;
    return out;
  };
}

export function formatMoment(date: Date, format: string, utc = false): string {
  return compileMoment(format, utc)(date);
}
