/**
 * Faster equivalents of the faker methods that cost most per record (measured: `internet.email` ~17 us, through
 * the NFKD normalisation and per-character transliteration of `internet.username`; `string.uuid` ~9 us, 31 option
 * objects; `commerce.*` and `person.*` 1.5-3 us, through the locale Proxy), on faker's own locale data.
 *
 * Each one draws from the RNG exactly as the faker 9 method does (faker-draws.ts), so the text for a `--seed` is
 * the same as faker's; where the shortcut would not be exact (a non-ASCII name to transliterate, arguments faker
 * rejects) it calls faker itself. test/connector/generator/faker-draws.test.ts compares them with faker over many
 * seeds. `npm run bench -- generator` measures the effect.
 */
import type { Faker } from "@faker-js/faker";
import { floatDigits, float, int, pick } from "./faker-draws";
import type { Rng } from "./random";

/** person.firstName() with no sex: the generic list (every faker locale with first names has one). */
export function firstName(f: Faker, rng: Rng): string {
  const names = f.rawDefinitions.person?.first_name?.generic;
  return names?.length ? pick(rng, names) : f.person.firstName();
}

/**
 * A last name from en's `last_name_pattern` weights (95% one name, 5% two joined by a hyphen). Not faker's own
 * lastName() draw order (that goes through the mustache `fake()` engine, ~60k values/s), but its data and
 * distribution; the generator has drawn last names this way since it moved to faker, so seeds keep their output.
 */
export function lastName(f: Faker, rng: Rng): string {
  const names = f.rawDefinitions.person?.last_name?.generic;
  if (!names?.length) return f.person.lastName();
  const one = pick(rng, names);
  return int(rng, 0, 99) < 95 ? one : `${one}-${pick(rng, names)}`;
}

/** en's city_pattern (five alike) from the locale's lists, drawn as the generator has drawn it since faker. */
export function city(f: Faker, rng: Rng): string {
  const loc = f.rawDefinitions.location;
  const first = f.rawDefinitions.person?.first_name?.generic;
  const last = f.rawDefinitions.person?.last_name?.generic;
  const prefixes = loc?.city_prefix;
  const suffixes = loc?.city_suffix;
  const cities = loc?.city_name;
  if (!first?.length || !last?.length || !prefixes?.length || !suffixes?.length || !cities?.length) return f.location.city();
  switch (int(rng, 0, 4)) {
    case 0:
      return `${pick(rng, prefixes)} ${pick(rng, first)}${pick(rng, suffixes)}`;
    case 1:
      return `${pick(rng, prefixes)} ${pick(rng, first)}`;
    case 2:
      return `${pick(rng, first)}${pick(rng, suffixes)}`;
    case 3:
      return `${pick(rng, last)}${pick(rng, suffixes)}`;
    default:
      return pick(rng, cities);
  }
}

/** commerce.productName(): adjective, material, product. */
export function productName(f: Faker, rng: Rng): string {
  const p = f.rawDefinitions.commerce?.product_name;
  if (!p?.adjective?.length || !p.material?.length || !p.product?.length) return f.commerce.productName();
  return `${pick(rng, p.adjective)} ${pick(rng, p.material)} ${pick(rng, p.product)}`;
}

/** username()'s separators. */
const SEPARATORS = [".", "_"];
/** Printable ASCII only: faker's username() transliteration (NFKD, then a per-character table) leaves it as it is. */
const ASCII = /^[\x20-\x7e]*$/;

/**
 * internet.email({ firstName, lastName, provider }) with both names given. faker's username() normalises the
 * name (NFKD, strips combining marks, transliterates non-ASCII characters) before its own clean-up; for ASCII names
 * that step changes nothing (its table has no ASCII keys), so it is skipped; other names go to faker itself.
 */
export function email(f: Faker, rng: Rng, first: string, last: string, provider: string | undefined): string {
  if (!ASCII.test(first) || !ASCII.test(last)) return f.internet.email({ firstName: first, lastName: last, provider });
  let domain = provider;
  if (domain === undefined) {
    const free = f.rawDefinitions.internet?.free_email;
    if (!free?.length) return f.internet.email({ firstName: first, lastName: last });
    domain = pick(rng, free);
  }
  // username(): separator, disambiguator, then one of its strategies (the third only without a last name).
  const separator = pick(rng, SEPARATORS);
  const number = int(rng, 0, 99);
  const strategies = last ? 2 : 3;
  const k = Math.floor(rng() * strategies);
  const local = k === 0 ? `${first}${separator}${last}${number}` : k === 1 ? `${first}${separator}${last}` : `${first}${number}`;
  return `${isCleanLocalPart(local) ? local : cleanLocalPart(local)}@${domain}`;
}

/** username()'s and email()'s clean-up of an ASCII local part, in faker's order. */
function cleanLocalPart(name: string): string {
  let local = name.replaceAll("'", "").replaceAll(" ", "");
  // email(): keep the characters an address allows, at most 50, no "..", no leading or trailing dot.
  local = local.replaceAll(/[^A-Za-z0-9._+-]+/g, "").substring(0, 50);
  return local.replaceAll(/\.{2,}/g, ".").replace(/^\./, "").replace(/\.$/, "");
}

/** True when cleanLocalPart would return the text unchanged (most names): one pass instead of seven. */
function isCleanLocalPart(s: string): boolean {
  const n = s.length;
  if (n > 50 || s.charCodeAt(0) === 46 || s.charCodeAt(n - 1) === 46) return false;
  let prevDot = false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    const dot = c === 46;
    if (dot && prevDot) return false;
    prevDot = dot;
    // A-Z a-z 0-9 . _ + -
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || dot || c === 95 || c === 43 || c === 45)) return false;
  }
  return true;
}

/**
 * commerce.price({ min, max, dec, symbol }): a price with faker's "psychological" last digit (9 half the time,
 * 5 three times in ten...). Arguments faker rejects go to faker, for its error.
 */
export function price(f: Faker, rng: Rng, o: { min?: number; max?: number; dec?: number; symbol?: string }): string {
  const { dec = 2, max = 1000, min = 1, symbol = "" } = o;
  if (!Number.isInteger(dec) || dec < 0 || max < min) return f.commerce.price(o);
  if (min < 0 || max < 0) return `${symbol}0`;
  if (min === max) return `${symbol}${min.toFixed(dec)}`;
  const value = floatDigits(rng, min, max, dec);
  if (value === undefined) return f.commerce.price(o);
  if (dec === 0) return `${symbol}${value.toFixed(dec)}`;
  const lastDigit = (value * 10 ** dec) % 10;
  // faker builds its weighted list with the fourth value drawn first, then draws the weight.
  const anyDigit = int(rng, 0, 9);
  const w = float(rng, 0, 10);
  const chosen = w < 5 ? 9 : w < 8 ? 5 : w < 9 ? 0 : anyDigit;
  const unit = (1 / 10) ** dec;
  const adjusted = value - lastDigit * unit + chosen * unit;
  return min <= adjusted && adjusted <= max ? `${symbol}${adjusted.toFixed(dec)}` : `${symbol}${value.toFixed(dec)}`;
}
