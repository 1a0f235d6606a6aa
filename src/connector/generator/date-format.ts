/**
 * moment.js-style formats as KDG's `date.now("YYYY-MM-DD hh:mm:ss")` uses them, rendered in local time
 * (KDG runs in the browser's zone). Tokens: YYYY YY MM M DD D HH H hh h mm m ss s SSS A a ZZ Z X x; text in [brackets]
 * is literal.
 */
const TOKENS = /\[([^\]]*)]|YYYY|YY|MM|M|DD|D|HH|H|hh|h|mm|m|ss|s|SSS|A|a|ZZ|Z|X|x/g;

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

function offset(d: Date, colon: boolean): string {
  const min = -d.getTimezoneOffset();
  const sign = min >= 0 ? "+" : "-";
  const abs = Math.abs(min);
  return `${sign}${pad(Math.floor(abs / 60))}${colon ? ":" : ""}${pad(abs % 60)}`;
}

export function formatMoment(d: Date, format: string): string {
  return format.replace(TOKENS, (tok, literal: string | undefined) => {
    if (literal !== undefined) return literal;
    const h12 = d.getHours() % 12 || 12;
    switch (tok) {
      case "YYYY":
        return String(d.getFullYear());
      case "YY":
        return pad(d.getFullYear() % 100);
      case "MM":
        return pad(d.getMonth() + 1);
      case "M":
        return String(d.getMonth() + 1);
      case "DD":
        return pad(d.getDate());
      case "D":
        return String(d.getDate());
      case "HH":
        return pad(d.getHours());
      case "H":
        return String(d.getHours());
      case "hh":
        return pad(h12);
      case "h":
        return String(h12);
      case "mm":
        return pad(d.getMinutes());
      case "m":
        return String(d.getMinutes());
      case "ss":
        return pad(d.getSeconds());
      case "s":
        return String(d.getSeconds());
      case "SSS":
        return pad(d.getMilliseconds(), 3);
      case "A":
        return d.getHours() < 12 ? "AM" : "PM";
      case "a":
        return d.getHours() < 12 ? "am" : "pm";
      case "ZZ":
        return offset(d, false);
      case "Z":
        return offset(d, true);
      case "X":
        return String(Math.floor(d.getTime() / 1000));
      case "x":
        return String(d.getTime());
      default:
        return tok;
    }
  });
}
