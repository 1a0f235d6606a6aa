/**
 * The faker.js instance behind the template helpers. faker is loaded on first use (require inside the function),
 * so the shell and `tspark` start without it; only the English locale is loaded (~140 ms, the full package ~740 ms).
 * Each render context gets its own Faker whose randomness is the context's seeded RNG, so `--seed` makes every
 * helper reproducible and two generators in one process do not disturb each other's sequences.
 */
import type { Faker } from "@faker-js/faker";
import type { Rng } from "./random";

export interface HelperContext {
  rng: Rng;
  now: () => Date;
}

let english: Faker | undefined;
const perContext = new WeakMap<HelperContext, Faker>();
/** The last context asked for: a generator renders with one context, so most calls skip the WeakMap. */
let lastCtx: HelperContext | undefined;
let lastFaker: Faker | undefined;

export function fakerFor(ctx: HelperContext): Faker {
  if (ctx === lastCtx) return lastFaker!;
  let f = perContext.get(ctx);
  if (f === undefined) {
    english ??= (require("@faker-js/faker/locale/en") as { faker: Faker }).faker;
    const FakerClass = english.constructor as new (opts: ConstructorParameters<typeof Faker>[0]) => Faker;
    f = new FakerClass({ locale: english.rawDefinitions, randomizer: { next: () => ctx.rng(), seed: () => {} } });
    f.setDefaultRefDate(() => ctx.now()); // git.commitEntry & co. follow the run's clock, not the machine's
    perContext.set(ctx, f);
  }
  lastCtx = ctx;
  lastFaker = f;
  return f;
}
