/**
 * npm run test:spark — the differential suite: every corpus program (test/spark/corpus/*.json and the public SQL
 * conformance cases) runs on real Apache Spark (one long-lived local[2] driver) and on tspark; answers are compared
 * exactly. Ends with `N passed, M failed, K skipped`: failed = unexpected differences (exit 1), skipped = known
 * differences listed with their reason in test/spark/known-differences.json, and empty slots for features tspark
 * does not have yet. Also checks that Spark's answers equal the committed goldens (test/spark/goldens), which
 * `npm test` checks tspark against without Spark.
 *
 * npm run goldens:spark (= --write-goldens) rewrites the goldens from Spark's answers.
 * --filter A,B runs only entries whose file/id contains A or B (with --write-goldens: rewrites only those);
 * --verbose prints every entry.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { type Answer, compareAnswers, type ErrorInfo, sparkAnswer } from "./answer";
import { SparkThrowable } from "../../src/engine/errors";
import { checkpointExchange } from "./checkpoint-exchange";
import { FILE_INTEROP_IDS, fileInterop } from "./file-interop";
import { GOLDENS_DIR, goldenPath, loadKnown } from "./corpus";
import { SparkOracle } from "./oracle";
import { loadSuite, sparkRequest } from "./suite";
import { errorInfo, exportedTransform, runOnTspark } from "./tspark-side";

/** Goldens are compared without error messages: those may carry run-specific ids. */
export function goldenKey(a: Answer): string {
  return JSON.stringify(a, (k, v: unknown) => (k === "message" ? undefined : v));
}

async function main(argv: readonly string[]): Promise<number> {
  const write = argv.includes("--write-goldens");
  const verbose = argv.includes("--verbose");
  const fi = argv.indexOf("--filter");
  const filter = fi >= 0 ? (argv[fi + 1] ?? "").split(",") : undefined;
  const known = loadKnown();
  const suite = loadSuite();
  const t0 = Date.now();
  const oracle = await SparkOracle.start();
  process.stdout.write(`Spark ${oracle.version} up in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const skippedLines: string[] = [];
  const usedKnown = new Set<string>();
  try {
    for (const file of suite) {
      const goldenFile = goldenPath(file.name);
      const goldens: Record<string, Answer> = existsSync(goldenFile) ? JSON.parse(readFileSync(goldenFile, "utf8")) : {};
      const fresh: Record<string, Answer> = {};
      const entries = file.entries.filter((e) => !filter || filter.some((f) => `${file.name}/${e.id}`.includes(f)));
      if (entries.length === 0) continue;
      // Queue every Spark request at once (the driver answers in order) while tspark works in between.
      const sparkAnswers = entries.map((e) => (e.kind === "slot" ? null : oracle.request(sparkRequest(e, file.timeZone))));
      // #16.4: every stream program also runs on Spark as tspark's toPySpark() exports it.
      const exported = entries.map((e) => {
        // A two-stream entry exports two readers; the harness swaps only one (`source`) for the driver's: not exported.
        if (e.kind !== "stream" || e.stream2) return null;
        let code: string;
        try {
          code = exportedTransform(e);
        } catch (err) {
          // a program tspark refuses while building it (observe's checks are eager, as in Spark) has nothing to
          // export: its twin passes when that refusal is Spark's own error for the entry
          if (err instanceof SparkThrowable) return Promise.resolve({ buildError: errorInfo(err) });
          return Promise.resolve({ exportError: String(err) });
        }
        const { program: _program, ...req } = sparkRequest(e, file.timeZone);
        return oracle.request({ ...req, code });
      });
      for (let i = 0; i < entries.length; i++) {
        const e = entries[i]!;
        const id = `${file.name}/${e.id}`;
        if (e.kind === "slot") {
          skipped++;
          skippedLines.push(`  SLOT ${id}: ${e.what}`);
          continue;
        }
        const spark = sparkAnswer(await sparkAnswers[i]!, e.kind === "stream" && e.progress === true);
        fresh[e.id] = spark;
        const ours = await runOnTspark(e, { timeZone: file.timeZone });
        const diff = compareAnswers(spark, ours);
        const golden = goldens[e.id];
        const stale = !write && (golden === undefined || goldenKey(golden) !== goldenKey(spark));
        const reason = known.get(id);
        if (reason !== undefined) usedKnown.add(id);
        if (diff === null && reason === undefined) {
          passed++;
          if (verbose) process.stdout.write(`ok   ${id}\n`);
        } else if (diff === null) {
          failed++;
          process.stdout.write(`FAIL ${id}: listed as a known difference but tspark now matches Spark: remove it from test/spark/known-differences.json\n`);
        } else if (reason !== undefined) {
          skipped++;
          skippedLines.push(`  KNOWN ${id}: ${reason}`);
        } else {
          failed++;
          process.stdout.write(`FAIL ${id}: ${diff}\n`);
        }
        const ex = exported[i];
        if (ex) {
          const exId = `exported/${e.id}`;
          const r = (await ex) as Awaited<(typeof sparkAnswers)[number]> & { exportError?: string; buildError?: ErrorInfo };
          const exDiff =
            r?.exportError ?? (r?.buildError ? compareAnswers(spark, { error: r.buildError }) : compareAnswers(sparkAnswer(r!, e.kind === "stream" && e.progress === true), ours));
          const exReason = known.get(exId) ?? known.get(id);
          if (known.has(exId)) usedKnown.add(exId);
          if (exDiff === null && !known.has(exId)) {
            passed++;
            if (verbose) process.stdout.write(`ok   ${exId}\n`);
          } else if (exDiff !== null && exReason !== undefined) {
            skipped++;
            skippedLines.push(`  KNOWN ${exId}: ${exReason}`);
          } else {
            failed++;
            process.stdout.write(`FAIL ${exId}: ${exDiff ?? "listed as a known difference but now matches: remove it"}\n`);
          }
        }
        if (stale) {
          failed++;
          process.stdout.write(`FAIL ${id} (golden): Spark's answer differs from test/spark/goldens/${file.name}.json: run npm run goldens:spark and review the diff\n`);
        }
      }
      if (write) {
        // With --filter, only the entries that ran are replaced; the file keeps the corpus order.
        const merged: Record<string, Answer> = {};
        for (const e of file.entries) {
          const a = fresh[e.id] ?? (filter ? goldens[e.id] : undefined);
          if (a !== undefined) merged[e.id] = a;
        }
        mkdirSync(GOLDENS_DIR, { recursive: true });
        writeFileSync(goldenFile, `${JSON.stringify(merged, null, 1)}\n`);
      }
    }
    // #16.5: a file-source -> file-sink query handed between the engines through one checkpoint.
    const exchangeIds = ["checkpoint/tspark-then-spark", "checkpoint/spark-then-tspark"];
    if (!filter || filter.some((f) => exchangeIds.some((id) => id.includes(f)))) {
      for (const r of await checkpointExchange(oracle)) {
        if (r.problem === null) {
          passed++;
          if (verbose) process.stdout.write(`ok   ${r.id}\n`);
        } else {
          failed++;
          process.stdout.write(`FAIL ${r.id}: ${r.problem}\n`);
        }
      }
    }
    // #18.1: files tspark writes (df.write and the streaming sink) read in Spark, and Spark's read in tspark.
    const wanted = (id: string) => !filter || filter.some((f) => id.includes(f));
    if (FILE_INTEROP_IDS.some(wanted)) {
      for (const r of await fileInterop(oracle, wanted)) {
        if (r.problem === null) {
          passed++;
          if (verbose) process.stdout.write(`ok   ${r.id}\n`);
        } else {
          failed++;
          process.stdout.write(`FAIL ${r.id}: ${r.problem}\n`);
        }
      }
    }
  } finally {
    await oracle.stop();
  }
  if (!filter) {
    for (const id of known.keys()) {
      if (!usedKnown.has(id)) {
        failed++;
        process.stdout.write(`FAIL ${id}: in test/spark/known-differences.json but not in the corpus\n`);
      }
    }
  }
  if (skippedLines.length > 0) process.stdout.write(`Skipped (known differences and empty slots):\n${skippedLines.join("\n")}\n`);
  process.stdout.write(`Time: ${((Date.now() - t0) / 1000).toFixed(1)} s${write ? " (goldens written)" : ""}\n`);
  process.stdout.write(`${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  return failed > 0 ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(`test:spark: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(2);
    },
  );
}
