import { MOMENT_DEFAULT_FORMAT, compileMoment, formatMoment } from "./date-format";
import { int, pick, uuid } from "./faker-draws";
import { FAKER_HELPERS } from "./faker-helpers";
import { type HelperContext, fakerFor } from "./faker-context";
import type { Literal } from "./template-parser";

export type { HelperContext } from "./faker-context";

/**
 * The template helpers: KDG's own (`random.number`, `random.arrayElement`, `random.weightedArrayElement`,
 * `date.now` and the date helpers with moment formats) here, and faker.js's older API mapped onto today's
 * @faker-js/faker in faker-helpers.ts. Each gets its literal arguments and the run's context (seeded RNG, clock);
 * `check` validates arguments once, at compile time; `bind`, where present, also does the work that depends only on
 * the arguments (parsing a range, a date format) once, and gives the per-record function.
 */
export interface Helper {
  run: (args: readonly Literal[], ctx: HelperContext) => unknown;
  check?: (args: readonly Literal[]) => string | undefined;
  bind?: (args: readonly Literal[]) => (ctx: HelperContext) => unknown;
}

const num = (v: Literal | undefined, dflt: number): number => (typeof v === "number" ? v : dflt);
const isObj = (v: Literal | undefined): v is { [k: string]: Literal } => typeof v === "object" && v !== null && !Array.isArray(v);

/** faker 3's random.number(max | {min, max, precision}): inclusive bounds, precision as the step. */
function numberRange(args: readonly Literal[], defaultPrecision: number): { min: number; max: number; precision: number } {
  const a = args[0];
  if (isObj(a)) return { min: num(a.min, 0), max: num(a.max, 99999), precision: num(a.precision, defaultPrecision) };
  if (typeof a === "number") return { min: 0, max: a, precision: defaultPrecision };
  return { min: 0, max: 99999, precision: defaultPrecision };
}

/** The per-record draw of random.number & co. for a parsed range: faker's number.int, drawn as faker draws it. */
function numberDraw({ min, max, precision }: { min: number; max: number; precision: number }): (ctx: HelperContext) => number {
  if (precision >= 1) {
    const lo = Math.ceil(min);
    const hi = Math.floor(max);
    // An empty range: faker's own call, for its error.
    if (hi < lo) return (ctx) => fakerFor(ctx).number.int({ min: lo, max: hi });
    return (ctx) => int(ctx.rng, lo, hi);
  }
  const steps = Math.floor((max - min) / precision);
  if (steps < 0) return (ctx) => fakerFor(ctx).number.int({ min: 0, max: steps });
  return (ctx) => Number((min + int(ctx.rng, 0, steps) * precision).toFixed(10));
}

const numberHelper = (defaultPrecision: number): Helper => ({
  run: (args, ctx) => numberDraw(numberRange(args, defaultPrecision))(ctx),
  bind: (args) => numberDraw(numberRange(args, defaultPrecision)),
  check: (args) =>
    args.length > 1 || (args[0] !== undefined && typeof args[0] !== "number" && !isObj(args[0])) ? "takes a max number or {min, max, precision}" : undefined,
});

/** date.past(years?, refDate?) and friends; KDG users also pass a moment format as a string argument. */
function dateShift(method: "past" | "future" | "recent" | "soon", unit: "years" | "days"): Helper {
  return {
    run: (args, ctx) => {
      const amount = num(args.find((a) => typeof a === "number"), 1);
      const fmt = args.find((a) => typeof a === "string") as string | undefined;
      const d = fakerFor(ctx).date[method]({ [unit]: amount, refDate: ctx.now() } as { years: number; days: number; refDate: Date });
      return fmt ? formatMoment(d, fmt) : d.toISOString();
    },
    check: (args) => (args.some((a) => typeof a !== "number" && typeof a !== "string") ? `takes (${unit}?, format?)` : undefined),
  };
}

function clock(utc: boolean): Helper {
  const format = (args: readonly Literal[]) => (typeof args[0] === "string" ? args[0] : MOMENT_DEFAULT_FORMAT);
  return {
    run: (args, ctx) => formatMoment(ctx.now(), format(args), utc),
    bind: (args) => {
      const render = compileMoment(format(args), utc);
      return (ctx) => render(ctx.now());
    },
    check: (args) => (args.length > 1 || (args[0] !== undefined && typeof args[0] !== "string") ? "takes an optional moment format" : undefined),
  };
}

const weighted = (args: readonly Literal[], ctx: HelperContext): Literal => {
  const a = args[0] as { weights: Literal[]; data: Literal[] };
  const weights = a.weights.map((w) => (typeof w === "number" ? w : 0));
  const total = weights.reduce((s, w) => s + w, 0);
  let r = fakerFor(ctx).number.float({ min: 0, max: total });
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i]!;
    if (r < 0) return a.data[i] ?? null;
  }
  return a.data[a.data.length - 1] ?? null;
};

const KDG_HELPERS: Record<string, Helper> = {
  "random.uuid": { run: (_a, ctx) => uuid(ctx.rng), check: (args) => (args.length ? "takes no arguments" : undefined) },
  "datatype.uuid": { run: (_a, ctx) => uuid(ctx.rng), check: (args) => (args.length ? "takes no arguments" : undefined) },
  "random.number": numberHelper(1),
  "datatype.number": numberHelper(1),
  "random.float": numberHelper(0.01),
  "datatype.float": numberHelper(0.01),
  "random.arrayElement": {
    run: (args, ctx) => pick(ctx.rng, args[0] as Literal[]),
    check: (args) => (!Array.isArray(args[0]) || args[0].length === 0 ? "takes a non-empty array" : undefined),
  },
  "random.arrayElements": {
    run: (args, ctx) => fakerFor(ctx).helpers.arrayElements(args[0] as Literal[], typeof args[1] === "number" ? args[1] : undefined),
    check: (args) => (!Array.isArray(args[0]) || (args[1] !== undefined && typeof args[1] !== "number") ? "takes an array and an optional count" : undefined),
  },
  "random.objectElement": {
    run: (args, ctx) => fakerFor(ctx).helpers.objectValue(args[0] as { [k: string]: Literal }),
    check: (args) => (!isObj(args[0]) || Object.keys(args[0]).length === 0 ? "takes a non-empty object" : undefined),
  },
  "random.weightedArrayElement": {
    run: weighted,
    check: (args) => {
      const a = args[0];
      return !isObj(a) || !Array.isArray(a.weights) || !Array.isArray(a.data) || a.data.length === 0 ? 'takes {"weights": [...], "data": [...]}' : undefined;
    },
  },
  // KDG's own: the current time in moment's formats, local (date.now) or UTC (date.utc); date.simTime is KDG's
  // simulated clock, which is the wall clock here (tspark always runs locked to real time).
  "date.now": clock(false),
  "date.utc": clock(true),
  "date.simTime": clock(false),
  "date.past": dateShift("past", "years"),
  "date.future": dateShift("future", "years"),
  "date.recent": dateShift("recent", "days"),
  "date.soon": dateShift("soon", "days"),
  "date.between": {
    run: (args, ctx) => {
      const d = fakerFor(ctx).date.between({ from: args[0] as string | number, to: args[1] as string | number });
      return typeof args[2] === "string" ? formatMoment(d, args[2]) : d.toISOString();
    },
    check: (args) =>
      args.length < 2 || args.length > 3 || args.slice(0, 2).some((a) => typeof a !== "string" && typeof a !== "number" ? true : Number.isNaN(new Date(a).getTime()))
        ? "takes (from, to, format?) with dates as ISO text or epoch ms"
        : undefined,
  },
  "date.weekday": { run: (_a, ctx) => fakerFor(ctx).date.weekday(), check: (args) => (args.length ? "takes no arguments" : undefined) },
  "date.month": { run: (_a, ctx) => fakerFor(ctx).date.month(), check: (args) => (args.length ? "takes no arguments" : undefined) },
  "datatype.datetime": { run: (_a, ctx) => fakerFor(ctx).date.anytime({ refDate: ctx.now() }).toISOString(), check: (args) => (args.length ? "takes no arguments" : undefined) },
  "time.recent": { run: (_a, ctx) => fakerFor(ctx).date.recent({ refDate: ctx.now() }).getTime(), check: (args) => (args.length ? "takes no arguments" : undefined) },
};

function fromFaker(name: string): Helper {
  const h = FAKER_HELPERS[name]!;
  return { run: (args, ctx) => h.run(fakerFor(ctx), args, ctx.rng), check: h.check };
}

export const HELPERS: Record<string, Helper> = {
  ...Object.fromEntries(Object.keys(FAKER_HELPERS).map((n) => [n, fromFaker(n)])),
  ...KDG_HELPERS,
};

export function helperNames(): string[] {
  return Object.keys(HELPERS).sort();
}

/** Text a helper's value inserts: strings as they are, dates as ISO-8601, arrays and objects as JSON. */
export function helperText(v: unknown): string {
  if (typeof v === "string") return v;
  if (v instanceof Date) return v.toISOString();
  if (v === null || v === undefined) return "null";
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}
