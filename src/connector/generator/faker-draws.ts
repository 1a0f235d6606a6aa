/**
 * faker's own random draws, done on the render context's RNG without going through the Faker object.
 *
 * WHY: faker's `number.int`, `helpers.arrayElement` & co. validate an options object and read locale data through
 * a Proxy on every call; at generator rates that bookkeeping, not the randomness, is most of the cost of a record.
 * Each function here does exactly the arithmetic of the faker 9 method it names and consumes the RNG the same way
 * (same number of draws, same order, no draw where faker makes none), so a template renders the same text for a
 * `--seed` whichever path it takes. test/connector/generator/faker-draws.test.ts checks that against faker itself.
 */
import type { Rng } from "./random";

/** faker.number.int({ min, max }) for integer bounds with min <= max. */
export function int(rng: Rng, min: number, max: number): number {
  if (min === max) return min;
  return Math.floor(rng() * (max - min + 1) + min);
}

/** faker.helpers.arrayElement(xs) for a non-empty array (a one-element array takes no draw, as in faker). */
export function pick<T>(rng: Rng, xs: readonly T[]): T {
  return xs.length > 1 ? xs[Math.floor(rng() * xs.length)]! : xs[0]!;
}

/** faker.number.float({ min, max }) without fractionDigits/multipleOf. */
export function float(rng: Rng, min: number, max: number): number {
  return rng() * (max - min) + min;
}

/**
 * faker.number.float({ min, max, fractionDigits }) for fractionDigits >= 0: an integer draw on the scaled range.
 * Returns undefined where faker would throw (no multiple in range), so the caller asks faker for its error.
 */
export function floatDigits(rng: Rng, min: number, max: number, fractionDigits: number): number | undefined {
  const multipleOf = 10 ** -fractionDigits;
  const log = Math.log10(multipleOf);
  const factor = multipleOf < 1 && Number.isInteger(log) ? 10 ** -log : 1 / multipleOf;
  const lo = Math.ceil(min * factor);
  const hi = Math.floor(max * factor);
  if (lo === hi) return lo / factor;
  if (hi < lo) return undefined;
  return Math.floor(rng() * (hi - lo + 1) + lo) / factor;
}

const HEX = "0123456789abcdef";

/** faker.string.uuid(): the 30 `x` digits of the v4 template first, left to right, then the `y` digit. */
export function uuid(rng: Rng): string {
  let x = "";
  for (let k = 0; k < 30; k++) x += HEX[Math.floor(rng() * 16)];
  const y = HEX[Math.floor(rng() * 4 + 8)];
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-4${x.slice(12, 15)}-${y}${x.slice(15, 18)}-${x.slice(18)}`;
}
