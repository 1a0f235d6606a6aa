/**
 * The generator's fast paths (faker-draws.ts, faker-fast-paths.ts) against faker itself: for many seeds each gives
 * the same value as the faker 9 method it replaces and leaves the RNG at the same point, so `--seed` output does not
 * depend on which path rendered it. Plus one pinned rendering of the bench's 7-helper template.
 */
import type { Faker } from "@faker-js/faker";
import { describe, expect, it } from "vitest";
import { renderSample } from "../../../src/connector/generator";
import { fakerFor } from "../../../src/connector/generator/faker-context";
import { float, floatDigits, int, pick, uuid } from "../../../src/connector/generator/faker-draws";
import { email, firstName, price, productName } from "../../../src/connector/generator/faker-fast-paths";
import { type Rng, createRng } from "../../../src/connector/generator/random";

const SEEDS = Array.from({ length: 40 }, (_, k) => k + 1);
const CALLS = 200;

/** A faker-backed side and a fast side on two RNGs of the same seed. */
function pair(seed: number): { f: Faker; fastF: Faker; fastRng: Rng; rng: Rng } {
  const rng = createRng(seed);
  const fastRng = createRng(seed);
  return { f: fakerFor({ rng, now: () => new Date(0) }), rng, fastF: fakerFor({ rng: fastRng, now: () => new Date(0) }), fastRng };
}

/** Runs `viaFaker` and `fast` CALLS times per seed; values and the RNG position must match. */
function same<T>(viaFaker: (f: Faker, i: number) => T, fast: (rng: Rng, f: Faker, i: number) => T): void {
  for (const seed of SEEDS) {
    const { f, rng, fastF, fastRng } = pair(seed);
    for (let i = 0; i < CALLS; i++) expect(fast(fastRng, fastF, i), `seed ${seed}, call ${i}`).toEqual(viaFaker(f, i));
    expect(fastRng(), `RNG position after seed ${seed}`).toBe(rng());
  }
}

describe("faker's draws without the Faker object", () => {
  it("int = number.int({min, max}), including an empty-width range (no draw)", () => {
    const ranges = [[0, 99], [1, 50], [8, 11], [-5, 5], [3, 3], [0, 1]] as const;
    same(
      (f, i) => f.number.int({ min: ranges[i % ranges.length]![0], max: ranges[i % ranges.length]![1] }),
      (rng, _f, i) => int(rng, ranges[i % ranges.length]![0], ranges[i % ranges.length]![1]),
    );
  });

  it("pick = helpers.arrayElement, a one-element array taking no draw", () => {
    const arrays: (string | number)[][] = [["a"], ["a", "b"], [1, 2, 3], ["x", "y", "z", "w", "v"]];
    same(
      (f, i) => f.helpers.arrayElement(arrays[i % arrays.length]!),
      (rng, _f, i) => pick(rng, arrays[i % arrays.length]!),
    );
  });

  it("float and floatDigits = number.float with and without fractionDigits", () => {
    same((f) => f.number.float({ min: 0, max: 10 }), (rng) => float(rng, 0, 10));
    const cases = [[1, 1000, 2], [0.5, 2.25, 3], [1, 10, 0], [5, 5, 2], [0, 1, 1]] as const;
    same(
      (f, i) => f.number.float({ min: cases[i % cases.length]![0], max: cases[i % cases.length]![1], fractionDigits: cases[i % cases.length]![2] }),
      (rng, _f, i) => floatDigits(rng, cases[i % cases.length]![0], cases[i % cases.length]![1], cases[i % cases.length]![2]),
    );
  });

  it("uuid = string.uuid", () => {
    same((f) => f.string.uuid(), (rng) => uuid(rng));
  });
});

describe("fast paths of the costly helpers", () => {
  it("firstName and productName = person.firstName and commerce.productName", () => {
    same((f) => f.person.firstName(), (rng, f) => firstName(f, rng));
    same((f) => f.commerce.productName(), (rng, f) => productName(f, rng));
  });

  it("email = internet.email({firstName, lastName, provider}) for locale names and odd ones", () => {
    const odd = [["O'Hara", "Mc Dermott"], ["Zoë", "Ñúñez"], ["Ann", ""], [".x", "y."], ["a..b", "c"], ["a".repeat(40), "b".repeat(30)], ["Łukasz", "Żak"]];
    same(
      (f, i) => {
        const [first, last] = i % 3 === 0 ? odd[(i / 3) % odd.length]! : [f.person.firstName(), f.person.firstName()];
        return f.internet.email({ firstName: first, lastName: last, provider: i % 5 === 0 ? "example.org" : undefined });
      },
      (rng, f, i) => {
        const [first, last] = i % 3 === 0 ? odd[(i / 3) % odd.length]! : [firstName(f, rng), firstName(f, rng)];
        return email(f, rng, first!, last!, i % 5 === 0 ? "example.org" : undefined);
      },
    );
  });

  it("price = commerce.price for the default and given ranges, symbols and decimals", () => {
    const opts = [{}, { min: 1, max: 10, dec: 0 }, { min: 0.5, max: 2.25, dec: 3, symbol: "$" }, { min: 5, max: 5 }, { min: 10, max: 11 }, { min: -1, max: 5 }];
    same(
      (f, i) => f.commerce.price(opts[i % opts.length]),
      (rng, f, i) => price(f, rng, opts[i % opts.length]!),
    );
  });

  it("falls back to faker for arguments faker rejects, with faker's error", () => {
    const { fastF, fastRng } = pair(1);
    expect(() => price(fastF, fastRng, { min: 1, max: 2, dec: 1.5 })).toThrow(/fractionDigits should be an integer/);
  });
});

describe("--seed output", () => {
  it("the bench's 7-helper template renders the same records for seed 42 as before the fast paths", () => {
    const t = `{"user": "{{name.firstName}} {{name.lastName}}", "city": "{{address.city}}", "email": "{{internet.email}}", "product": "{{commerce.productName}}", "price": {{commerce.price}}, "id": "{{random.uuid}}", "n": {{random.number({"min": 1, "max": 50})}}}`;
    expect(renderSample(t, 3, 42, () => new Date("2026-01-02T03:04:05Z"))).toEqual([
      '{"user": "Lea Kirlin", "city": "Danielstad", "email": "Dorcas.Muller@hotmail.com", "product": "Generic Bronze Keyboard", "price": 686.99, "id": "7d090402-c802-4d7c-9570-0893a34bd834", "n": 4}',
      '{"user": "Magdalena Parker", "city": "Blaine", "email": "Tyra.Keeling1@gmail.com", "product": "Intelligent Metal Table", "price": 78.57, "id": "4b28d1f9-e695-495b-947d-bfe6841b5ce1", "n": 42}',
      '{"user": "Breana Wiza", "city": "Priceburgh", "email": "Harmon.Cruickshank@hotmail.com", "product": "Generic Rubber Fish", "price": 132.29, "id": "0baee397-20bb-4445-b03f-9f2284666a65", "n": 17}',
    ]);
  });

  it("a compiled date format gives the same text as the one-off formatter, and reuses it within a millisecond", async () => {
    const { compileMoment, formatMoment } = await import("../../../src/connector/generator/date-format");
    const fmt = "YYYY-MM-DD hh:mm:ss.SSS A [at] Do dddd MMM ZZ Z X x";
    const render = compileMoment(fmt, true);
    for (const ms of [0, 1_700_000_000_123, 1_700_000_000_123, 951_782_400_000]) {
      expect(render(new Date(ms))).toBe(formatMoment(new Date(ms), fmt, true));
    }
  });
});
