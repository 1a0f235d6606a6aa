/**
 * Generator throughput: KDG templates rendered per second (no network), the blog's template and a template using
 * the name/address/internet/commerce helpers. The baseline is the figure of the hand-written helpers before they
 * moved to @faker-js/faker (commit 4aedc40, this bench, same machine): the old code is gone, so it cannot run in the
 * same process. The ratio is after / before; docs/libraries.md keeps both.
 */
import { compileTemplate } from "../src/connector/generator";
import { createRng } from "../src/connector/generator/random";
import { BLOG_TEMPLATE } from "../src/connector/generator/template";
import { machine, median, round, writeResult } from "./harness";

const N = Number(process.env.BENCH_GEN_RECORDS ?? 200_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

export const FAKER_TEMPLATE = `{"user": "{{name.firstName}} {{name.lastName}}", "city": "{{address.city}}", "email": "{{internet.email}}",
 "product": "{{commerce.productName}}", "price": {{commerce.price}}, "id": "{{random.uuid}}", "n": {{random.number({"min": 1, "max": 50})}}}`;
/**
 * records/s of the hand-written helpers (before @faker-js/faker): this bench at commit 4aedc40, mean of two runs
 * interleaved with two runs of the faker version (same minute, load average 6-7), which gave the same ratios.
 */
const BEFORE = { blog: 370_965, helpers: 177_094 };

function rate(source: string): number {
  const t = compileTemplate(source);
  const ctx = { rng: createRng(42), now: () => new Date() };
  for (let i = 0; i < 1000; i++) t.render(ctx); // warm-up (and lazy loads) outside the timing
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < N; i++) t.render(ctx);
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return round(N / median(times), 0);
}

function main(): void {
  const blog = rate(BLOG_TEMPLATE);
  const faker = rate(FAKER_TEMPLATE);
  writeResult({
    bench: "generator",
    command: "npm run bench -- generator",
    startedAt: new Date().toISOString(),
    machine: machine(),
    figures: [
      { name: "blog template", value: blog, unit: "records/s", baseline: BEFORE.blog, ratio: round(blog / BEFORE.blog), note: "baseline: hand-written helpers, commit 4aedc40" },
      { name: "7-helper template", value: faker, unit: "records/s", baseline: BEFORE.helpers, ratio: round(faker / BEFORE.helpers), note: "baseline: hand-written helpers, commit 4aedc40" },
    ],
  });
}

main();
