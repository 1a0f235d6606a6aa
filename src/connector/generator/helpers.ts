import { formatMoment } from "./date-format";
import { type Rng, intBetween, pick, uuid } from "./random";
import type { Literal } from "./template-parser";
import * as W from "./words";

/**
 * The KDG helpers (faker.js 3 names, as the Kinesis Data Generator exposes them). Each gets its literal arguments
 * and the run's seeded RNG and returns the text to insert. `check` validates arguments once, at compile time.
 */
export interface HelperContext {
  rng: Rng;
  now: () => Date;
}
type Helper = { run: (args: readonly Literal[], ctx: HelperContext) => string | number | boolean; check?: (args: readonly Literal[]) => string | undefined };

const num = (v: Literal | undefined, dflt: number): number => (typeof v === "number" ? v : dflt);
const isObj = (v: Literal | undefined): v is { [k: string]: Literal } => typeof v === "object" && v !== null && !Array.isArray(v);
const words = (rng: Rng, n: number) => Array.from({ length: n }, () => pick(rng, W.LOREM)).join(" ");
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function numberRange(args: readonly Literal[]): { min: number; max: number; precision: number } {
  const a = args[0];
  if (isObj(a)) return { min: num(a.min, 0), max: num(a.max, 99999), precision: num(a.precision, 1) };
  if (typeof a === "number") return { min: 0, max: a, precision: 1 };
  return { min: 0, max: 99999, precision: 1 };
}

function dateShift(args: readonly Literal[], ctx: HelperContext, sign: 1 | -1, unitDays: number): string {
  // faker: date.past(years, refDate); KDG users also pass a moment format as the last string argument.
  const amount = num(args.find((a) => typeof a === "number"), 1);
  const fmt = args.find((a) => typeof a === "string") as string | undefined;
  const ms = ctx.rng() * amount * unitDays * 86_400_000;
  const d = new Date(ctx.now().getTime() + sign * ms);
  return fmt ? formatMoment(d, fmt) : d.toISOString();
}

const weighted = (args: readonly Literal[], rng: Rng): string | number | boolean => {
  const a = args[0];
  if (!isObj(a) || !Array.isArray(a.weights) || !Array.isArray(a.data)) return "";
  const weights = a.weights.map((w) => (typeof w === "number" ? w : 0));
  const total = weights.reduce((s, w) => s + w, 0);
  let r = rng() * total;
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i]!;
    if (r < 0) return scalar(a.data[i] ?? null);
  }
  return scalar(a.data[a.data.length - 1] ?? null);
};

function scalar(v: Literal): string | number | boolean {
  if (v === null) return "null";
  if (typeof v === "object") return JSON.stringify(v);
  return v;
}

export const HELPERS: Record<string, Helper> = {
  "random.number": {
    run: (args, { rng }) => {
      const { min, max, precision } = numberRange(args);
      if (precision >= 1) return intBetween(rng, Math.ceil(min), Math.floor(max));
      const steps = Math.floor((max - min) / precision);
      return Number((min + intBetween(rng, 0, steps) * precision).toFixed(10));
    },
    check: (args) => (args.length > 1 || (args[0] !== undefined && typeof args[0] !== "number" && !isObj(args[0])) ? "takes a max number or {min, max}" : undefined),
  },
  "random.arrayElement": {
    run: (args, { rng }) => scalar(pick(rng, args[0] as Literal[])),
    check: (args) => (!Array.isArray(args[0]) || args[0].length === 0 ? "takes a non-empty array" : undefined),
  },
  "random.arrayElements": {
    run: (args, { rng }) => {
      const items = [...(args[0] as Literal[])];
      const n = num(args[1], intBetween(rng, 1, items.length));
      const out: Literal[] = [];
      while (out.length < n && items.length) out.push(items.splice(Math.floor(rng() * items.length), 1)[0]!);
      return JSON.stringify(out);
    },
    check: (args) => (!Array.isArray(args[0]) ? "takes an array" : undefined),
  },
  "random.weightedArrayElement": {
    run: (args, { rng }) => weighted(args, rng),
    check: (args) => (!isObj(args[0]) ? 'takes {"weights": [...], "data": [...]}' : undefined),
  },
  "random.uuid": { run: (_a, { rng }) => uuid(rng) },
  "random.boolean": { run: (_a, { rng }) => rng() < 0.5 },
  "random.word": { run: (_a, { rng }) => pick(rng, W.LOREM) },
  "random.words": { run: (args, { rng }) => words(rng, num(args[0], 3)) },
  "random.alphaNumeric": {
    run: (args, { rng }) => Array.from({ length: num(args[0], 1) }, () => pick(rng, [..."abcdefghijklmnopqrstuvwxyz0123456789"])).join(""),
  },
  "date.now": { run: (args, ctx) => (typeof args[0] === "string" ? formatMoment(ctx.now(), args[0]) : ctx.now().toISOString()) },
  "date.past": { run: (args, ctx) => dateShift(args, ctx, -1, 365) },
  "date.future": { run: (args, ctx) => dateShift(args, ctx, 1, 365) },
  "date.recent": { run: (args, ctx) => dateShift(args, ctx, -1, 1) },
  "date.soon": { run: (args, ctx) => dateShift(args, ctx, 1, 1) },
  "date.weekday": { run: (_a, { rng }) => pick(rng, ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]) },
  "date.month": { run: (_a, { rng }) => pick(rng, ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]) },
  "name.firstName": { run: (_a, { rng }) => pick(rng, W.FIRST_NAMES) },
  "name.lastName": { run: (_a, { rng }) => pick(rng, W.LAST_NAMES) },
  "name.findName": { run: (_a, { rng }) => `${pick(rng, W.FIRST_NAMES)} ${pick(rng, W.LAST_NAMES)}` },
  "name.jobTitle": { run: (_a, { rng }) => pick(rng, W.JOB_TITLES) },
  "address.city": { run: (_a, { rng }) => pick(rng, W.CITIES) },
  "address.country": { run: (_a, { rng }) => pick(rng, W.COUNTRIES) },
  "address.countryCode": { run: (_a, { rng }) => pick(rng, W.COUNTRY_CODES) },
  "address.state": { run: (_a, { rng }) => pick(rng, W.STATES) },
  "address.streetAddress": { run: (_a, { rng }) => `${intBetween(rng, 1, 999)} ${pick(rng, W.STREETS)}` },
  "address.zipCode": { run: (_a, { rng }) => String(intBetween(rng, 10000, 99999)) },
  "address.latitude": { run: (_a, { rng }) => (rng() * 180 - 90).toFixed(4) },
  "address.longitude": { run: (_a, { rng }) => (rng() * 360 - 180).toFixed(4) },
  "internet.email": { run: (_a, { rng }) => `${pick(rng, W.FIRST_NAMES).toLowerCase()}.${pick(rng, W.LAST_NAMES).toLowerCase()}@${pick(rng, W.DOMAINS)}` },
  "internet.userName": { run: (_a, { rng }) => `${pick(rng, W.FIRST_NAMES).toLowerCase()}${intBetween(rng, 1, 99)}` },
  "internet.domainName": { run: (_a, { rng }) => pick(rng, W.DOMAINS) },
  "internet.url": { run: (_a, { rng }) => `https://${pick(rng, W.DOMAINS)}/${pick(rng, W.LOREM)}` },
  "internet.ip": { run: (_a, { rng }) => Array.from({ length: 4 }, () => intBetween(rng, 1, 254)).join(".") },
  "internet.userAgent": { run: (_a, { rng }) => pick(rng, W.USER_AGENTS) },
  "lorem.word": { run: (_a, { rng }) => pick(rng, W.LOREM) },
  "lorem.words": { run: (args, { rng }) => words(rng, num(args[0], 3)) },
  "lorem.sentence": { run: (args, { rng }) => `${cap(words(rng, num(args[0], intBetween(rng, 4, 10))))}.` },
  "lorem.paragraph": {
    run: (args, { rng }) => Array.from({ length: num(args[0], 3) }, () => `${cap(words(rng, intBetween(rng, 4, 10)))}.`).join(" "),
  },
  "company.companyName": { run: (_a, { rng }) => `${pick(rng, W.COMPANIES)} ${pick(rng, ["Inc", "LLC", "Group", "Ltd"])}` },
  "commerce.productName": { run: (_a, { rng }) => `${pick(rng, W.ADJECTIVES)} ${pick(rng, W.PRODUCTS)}` },
  "commerce.price": { run: (args, { rng }) => (num(args[0], 1) + rng() * (num(args[1], 1000) - num(args[0], 1))).toFixed(2) },
  "finance.amount": { run: (args, { rng }) => (num(args[0], 0) + rng() * (num(args[1], 1000) - num(args[0], 0))).toFixed(num(args[2], 2)) },
  "phone.phoneNumber": { run: (_a, { rng }) => `+1-${intBetween(rng, 200, 999)}-${intBetween(rng, 200, 999)}-${intBetween(rng, 1000, 9999)}` },
};

export function helperNames(): string[] {
  return Object.keys(HELPERS).sort();
}
