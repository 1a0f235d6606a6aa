/**
 * Generator throughput: KDG templates rendered per second (no network), the blog's template and a template using
 * the name/address/internet/commerce helpers. The same-run baseline is a template of the same shape with no
 * helpers, so the ratio shows what the helpers cost; before/after figures of a change are compared by running this
 * on both commits (docs/libraries.md keeps them).
 */
import { compileTemplate } from "../src/connector/generator";
import { createRng } from "../src/connector/generator/random";
import { BLOG_TEMPLATE } from "../src/connector/generator/template";
import { machine, median, round, writeResult } from "./harness";

const N = Number(process.env.BENCH_GEN_RECORDS ?? 200_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

export const FAKER_TEMPLATE = `{"user": "{{name.firstName}} {{name.lastName}}", "city": "{{address.city}}", "email": "{{internet.email}}",
 "product": "{{commerce.productName}}", "price": {{commerce.price}}, "id": "{{random.uuid}}", "n": {{random.number({"min": 1, "max": 50})}}}`;
const PLAIN_TEMPLATE = `{"user": "Ana Silva", "city": "Porto", "email": "ana@example.com", "product": "Chair", "price": 10, "id": "x", "n": 1}`;

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
  const plain = rate(PLAIN_TEMPLATE);
  const blog = rate(BLOG_TEMPLATE);
  const faker = rate(FAKER_TEMPLATE);
  writeResult({
    bench: "generator",
    command: "npm run bench -- generator",
    startedAt: new Date().toISOString(),
    machine: machine(),
    figures: [
      { name: "blog template", value: blog, unit: "records/s", baseline: plain, ratio: round(blog / plain, 3), note: "baseline: helper-free template" },
      { name: "7-helper template", value: faker, unit: "records/s", baseline: plain, ratio: round(faker / plain, 3), note: "baseline: helper-free template" },
    ],
  });
}

main();
