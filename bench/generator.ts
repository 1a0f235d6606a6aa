/**
 * Generator throughput: KDG templates rendered per second (no network), the blog's template and a template using
 * the name/address/internet/commerce helpers, against the hand-written helpers tspark had before it moved to
 * @faker-js/faker (#23.1). That code is gone from the tree, so the bench takes it from git history (commit
 * 4aedc40, six self-contained files under src/connector/generator) into a temporary folder and runs it in this
 * process, interleaved with today's, so both see the same machine load. Without the history (a shallow clone)
 * the ratio is against that code's recorded figure instead, and the note says so.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileTemplate } from "../src/connector/generator";
import { createRng } from "../src/connector/generator/random";
import { BLOG_TEMPLATE } from "../src/connector/generator/template";
import { machine, median, round, writeResult } from "./harness";

const N = Number(process.env.BENCH_GEN_RECORDS ?? 200_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

export const FAKER_TEMPLATE = `{"user": "{{name.firstName}} {{name.lastName}}", "city": "{{address.city}}", "email": "{{internet.email}}",
 "product": "{{commerce.productName}}", "price": {{commerce.price}}, "id": "{{random.uuid}}", "n": {{random.number({"min": 1, "max": 50})}}}`;

const BEFORE_COMMIT = "4aedc40";
const BEFORE_FILES = ["template", "helpers", "random", "template-parser", "words", "date-format"];
/**
 * records/s of the hand-written helpers: this bench at commit 4aedc40, mean of two runs interleaved with two runs
 * of the first faker version (same minute, load average 6-7). Used only when git history is not available.
 */
const BEFORE_RECORDED = { blog: 370_965, helpers: 177_094 };

type Compile = (source: string) => { render(ctx: { rng: () => number; now: () => Date }): string };

/** The hand-written generator of commit 4aedc40, loaded from git history, or null without it. */
function loadBefore(): { compile: Compile; cleanup: () => void } | null {
  const dir = mkdtempSync(join(tmpdir(), "tspark-bench-generator-before-"));
  try {
    for (const f of BEFORE_FILES) {
      const text = execFileSync("git", ["show", `${BEFORE_COMMIT}:src/connector/generator/${f}.ts`], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
      writeFileSync(join(dir, `${f}.ts`), text);
    }
    const mod = require(join(dir, "template.ts")) as { compileTemplate: Compile };
    return { compile: mod.compileTemplate, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  } catch (err) {
    console.log(`hand-written generator of ${BEFORE_COMMIT} not loaded (${String(err).split("\n")[0]}): ratios against its recorded figure`);
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
}

/** One timed pass: N records, returns records/s. */
function pass(render: () => string): number {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i++) render();
  return N / (Number(process.hrtime.bigint() - t0) / 1e9);
}

/** Median records/s of today's and (when loaded) the old generator on one template, passes interleaved. */
function rates(source: string, before: Compile | null): { now: number; before: number | null } {
  const mk = (compile: Compile) => {
    const t = compile(source);
    const ctx = { rng: createRng(42), now: () => new Date() };
    for (let i = 0; i < 1000; i++) t.render(ctx); // warm-up (and lazy loads) outside the timing
    return () => t.render(ctx);
  };
  const nowRender = mk(compileTemplate);
  const beforeRender = before ? mk(before) : null;
  const a: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    a.push(pass(nowRender));
    if (beforeRender) b.push(pass(beforeRender));
  }
  return { now: round(median(a), 0), before: beforeRender ? round(median(b), 0) : null };
}

function main(): void {
  const before = loadBefore();
  try {
    const blog = rates(BLOG_TEMPLATE, before?.compile ?? null);
    const helpers = rates(FAKER_TEMPLATE, before?.compile ?? null);
    const figure = (name: string, r: { now: number; before: number | null }, recorded: number) => {
      const base = r.before ?? recorded;
      const note = r.before !== null ? `baseline: hand-written helpers of commit ${BEFORE_COMMIT}, same process, passes interleaved` : `baseline: recorded figure of the hand-written helpers (commit ${BEFORE_COMMIT}; no git history here)`;
      return { name, value: r.now, unit: "records/s", baseline: base, ratio: round(r.now / base), goal: ">= 1.0x (#23.1: within the hand-written figure)", met: r.now >= base, note };
    };
    writeResult({
      bench: "generator",
      command: "npm run bench -- generator",
      startedAt: new Date().toISOString(),
      machine: machine(),
      figures: [figure("blog template", blog, BEFORE_RECORDED.blog), figure("7-helper template", helpers, BEFORE_RECORDED.helpers)],
    });
  } finally {
    before?.cleanup();
  }
}

if (require.main === module) main();
