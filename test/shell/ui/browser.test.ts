import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { col, count, lit, window } from "../../../src/index";
import { createSessionFor } from "../../../src/shell/session-factory";
import { type UiServer, startUiServer } from "../../../src/shell/ui/server";
import { ARTIFACTS, haveChromium, launchChromium, warnIfNoChromium } from "./chromium";

/**
 * The Structured Streaming page in a real browser: Debian's headless Chromium driven by playwright-core
 * (chromium.ts). The screenshot is kept in test-artifacts/ (git-ignored).
 */
warnIfNoChromium();

interface Query {
  runId: string;
  recentProgress: {
    batchId: number;
    batchDuration: number;
    numInputRows: number;
    stateOperators: { numRowsTotal: number; numRowsUpdated: number; memoryUsedBytes: number; numRowsDroppedByWatermark: number }[];
  }[];
  lastProgress: { batchId: number } | null;
  stop(): Promise<void>;
  awaitTermination(): Promise<unknown>;
}
// biome-ignore lint/suspicious/noExplicitAny: the session's fluent API is exercised as user code does.
type Fluent = any;
type Page = import("playwright-core").Page;
type Context = import("playwright-core").BrowserContext;

// Skipped (with the reason printed above) when Debian's chromium is not installed.
describe.skipIf(!haveChromium)("Structured Streaming page in headless Chromium", () => {
  const session = createSessionFor({ mode: "none" }) as Fluent;
  const profile = mkdtempSync(join(tmpdir(), "tspark-chromium-"));
  let ui: UiServer;
  let context: Context;
  let page: Page;

  beforeAll(async () => {
    ui = await startUiServer({ session, port: 0 });
    ({ context, page } = await launchChromium(profile));
  });

  afterAll(async () => {
    for (const q of session.streams.active as Query[]) await q.stop();
    await context?.close();
    await ui?.close();
    rmSync(profile, { recursive: true, force: true });
  });

  it("charts and numbers follow the progress records as batches run, live without reload; a screenshot is kept", async () => {
    const q: Query = await session.readStream
      .format("rate")
      .option("rowsPerSecond", 50)
      .load()
      .withWatermark("timestamp", "2 seconds")
      .observe("input", count(lit(1)).alias("rows"))
      .groupBy(window(col("timestamp"), "1 second"))
      .count()
      .writeStream.format("memory")
      .outputMode("update")
      .queryName("browser_rates")
      .trigger({ processingTime: "200 milliseconds" })
      .start();

    await page.goto(`${ui.url}/StreamingQuery/`);
    await page.waitForSelector(`tr[data-run-id="${q.runId}"]`);
    expect(await page.textContent(`tr[data-run-id="${q.runId}"]`)).toContain("RUNNING");

    await page.goto(`${ui.url}/StreamingQuery/statistics?id=${q.runId}`);
    await page.waitForSelector("#chart-batch-duration canvas");
    const points = async () => Number(await page.getAttribute("#chart-input-rows", "data-points"));
    const first = await points();
    // Live: new records arrive over SSE and the charts grow with no reload.
    // (Browser-side code is given as text: this project's TypeScript has no DOM types.)
    await page.waitForFunction(`Number(document.querySelector("#chart-input-rows")?.dataset.points) > ${first + 2}`);

    // What a chart shows last is a record's own field: look that record up in the query's recentProgress.
    const shown = (await page.evaluate(`(() => {
      const e = document.querySelector("#chart-batch-duration");
      const rows = document.querySelector("#chart-input-rows");
      const state = [...document.querySelectorAll('#state tr[data-operator="stateStoreSave"] td')].map((td) => td.textContent);
      return { batch: Number(e.dataset.batch), duration: Number(e.dataset.last), rows: Number(rows.dataset.last), state };
    })()`)) as { batch: number; duration: number; rows: number; state: string[] };
    const record = q.recentProgress.find((p) => p.batchId === shown.batch);
    expect(record).toBeDefined();
    expect(shown.duration).toBe(record!.batchDuration);
    expect(shown.rows).toBe(record!.numInputRows);
    // The state operator's row is that record's stateOperators entry, its memory a real estimate (not 0).
    const op = record!.stateOperators[0]!;
    expect(shown.state).toEqual(["stateStoreSave", ...[op.numRowsTotal, op.numRowsUpdated, op.memoryUsedBytes, op.numRowsDroppedByWatermark].map(String)]);
    expect(op.memoryUsedBytes).toBeGreaterThan(0);

    // The observed metrics table shows each batch's observedMetrics: the record's own count of the rows it read.
    const observedRows = await page.textContent(`#observed tr[data-batch="${shown.batch}"] td[data-metric="input.rows"]`);
    expect(observedRows).toBe(String((record as unknown as { observedMetrics: { input: { rows: number } } }).observedMetrics.input.rows));

    // The durationMs table lists that batch with Spark's phase names; the plan and the source are shown.
    const durations = await page.textContent("#durations");
    expect(durations).toContain("addBatch");
    expect(durations).toContain("triggerExecution");
    expect(await page.textContent("#sources")).toMatch(/RateStreamV2|rate/i);
    await page.waitForFunction(`(document.querySelector("#plan")?.textContent ?? "").length > 0`);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, "ui-statistics.png"), fullPage: true });
    await q.stop();
  });

  it("a failed query shows its error, as text: markup in a message is shown, never rendered", async () => {
    const q: Query = await session.readStream
      .format("rate")
      .load()
      .writeStream.queryName("browser_fails")
      .option("checkpointLocation", join(profile, "ck-fails"))
      .foreachBatch(() => {
        throw new Error('boom for the browser <b id="injected">bold</b>');
      })
      .start();
    await q.awaitTermination().catch(() => undefined);
    await page.goto(`${ui.url}/StreamingQuery/statistics?id=${q.runId}`);
    await page.waitForSelector("#error:not([hidden])");
    expect(await page.textContent("#error")).toContain('boom for the browser <b id="injected">bold</b>');
    expect(await page.$("#injected")).toBeNull();
    await page.goto(`${ui.url}/StreamingQuery/`);
    await page.waitForSelector(`#completed tr[data-run-id="${q.runId}"]`);
    expect(await page.textContent(`#completed tr[data-run-id="${q.runId}"]`)).toContain('boom for the browser <b id="injected">bold</b>');
    expect(await page.$("#injected")).toBeNull();
  });
});
