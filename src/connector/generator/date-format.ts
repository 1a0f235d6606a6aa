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

export function formatMoment(date: Date, format: string, utc = false): string {
  // Shifting by the zone offset lets the UTC getters read local fields, so one code path serves both.
  const d = utc ? date : new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth();
  const day = d.getUTCDate();
  const hours = d.getUTCHours();
  const minutes = d.getUTCMinutes();
  const seconds = d.getUTCSeconds();
  const g = {
    getFullYear: () => year,
    getMonth: () => month,
    getDate: () => day,
    getDay: () => d.getUTCDay(),
    getHours: () => hours,
    getMinutes: () => minutes,
    getSeconds: () => seconds,
    getMilliseconds: () => d.getUTCMilliseconds(),
  };
  return format.replace(TOKENS, (tok, literal: string | undefined) => {
    if (literal !== undefined) return literal;
    const h12 = g.getHours() % 12 || 12;
    switch (tok) {
      case "MMMM":
        return MONTHS[g.getMonth()]!;
      case "MMM":
        return MONTHS[g.getMonth()]!.slice(0, 3);
      case "Do":
        return ordinal(g.getDate());
      case "dddd":
        return DAYS[g.getDay()]!;
      case "ddd":
        return DAYS[g.getDay()]!.slice(0, 3);
      case "YYYY":
        return String(g.getFullYear());
      case "YY":
        return pad(g.getFullYear() % 100);
      case "MM":
        return pad(g.getMonth() + 1);
      case "M":
        return String(g.getMonth() + 1);
      case "DD":
        return pad(g.getDate());
      case "D":
        return String(g.getDate());
      case "HH":
        return pad(g.getHours());
      case "H":
        return String(g.getHours());
      case "hh":
        return pad(h12);
      case "h":
        return String(h12);
      case "mm":
        return pad(g.getMinutes());
      case "m":
        return String(g.getMinutes());
      case "ss":
        return pad(g.getSeconds());
      case "s":
        return String(g.getSeconds());
      case "SSS":
        return pad(g.getMilliseconds(), 3);
      case "A":
        return g.getHours() < 12 ? "AM" : "PM";
      case "a":
        return g.getHours() < 12 ? "am" : "pm";
      case "ZZ":
        return offset(date, false, utc);
      case "Z":
        return offset(date, true, utc);
      case "X":
        return String(Math.floor(date.getTime() / 1000));
      case "x":
        return String(date.getTime());
      default:
        return tok;
    }
  });
}
