import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { col, count, lit, window } from "../../../src/index";
import { haveChromium, uiInBrowser, warnIfNoChromium } from "./chromium";

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

// Skipped (with the reason printed above) when Debian's chromium is not installed.
describe.skipIf(!haveChromium)("Structured Streaming page in headless Chromium", () => {
  const browser = uiInBrowser("tspark-chromium-");
  const { session, profile } = browser;

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

    await browser.page.goto(`${browser.ui.url}/StreamingQuery/`);
    await browser.page.waitForSelector(`tr[data-run-id="${q.runId}"]`);
    expect(await browser.page.textContent(`tr[data-run-id="${q.runId}"]`)).toContain("RUNNING");

    await browser.page.goto(`${browser.ui.url}/StreamingQuery/statistics?id=${q.runId}`);
    await browser.page.waitForSelector("#chart-batch-duration canvas");
    const points = async () => Number(await browser.page.getAttribute("#chart-input-rows", "data-points"));
    const first = await points();
    // Live: new records arrive over SSE and the charts grow with no reload.
    // (Browser-side code is given as text: this project's TypeScript has no DOM types.)
    await browser.page.waitForFunction(`Number(document.querySelector("#chart-input-rows")?.dataset.points) > ${first + 2}`);

    // What a chart shows last is a record's own field: look that record up in the query's recentProgress.
    const shown = (await browser.page.evaluate(`(() => {
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
    const observedRows = await browser.page.textContent(`#observed tr[data-batch="${shown.batch}"] td[data-metric="input.rows"]`);
    expect(observedRows).toBe(String((record as unknown as { observedMetrics: { input: { rows: number } } }).observedMetrics.input.rows));

    // The durationMs table lists that batch with Spark's phase names; the plan and the source are shown.
    const durations = await browser.page.textContent("#durations");
    expect(durations).toContain("addBatch");
    expect(durations).toContain("triggerExecution");
    expect(await browser.page.textContent("#sources")).toMatch(/RateStreamV2|rate/i);
    await browser.page.waitForFunction(`(document.querySelector("#plan")?.textContent ?? "").length > 0`);

    await browser.screenshot("ui-statistics.png");
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
    await browser.page.goto(`${browser.ui.url}/StreamingQuery/statistics?id=${q.runId}`);
    await browser.page.waitForSelector("#error:not([hidden])");
    expect(await browser.page.textContent("#error")).toContain('boom for the browser <b id="injected">bold</b>');
    expect(await browser.page.$("#injected")).toBeNull();
    await browser.page.goto(`${browser.ui.url}/StreamingQuery/`);
    await browser.page.waitForSelector(`#completed tr[data-run-id="${q.runId}"]`);
    expect(await browser.page.textContent(`#completed tr[data-run-id="${q.runId}"]`)).toContain('boom for the browser <b id="injected">bold</b>');
    expect(await browser.page.$("#injected")).toBeNull();
  });
});
