import { promises as fs } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { rateProvider } from "../../src/connector/rate/rate-source";
import { LocalFileStore } from "../../src/engine/checkpoint/local-file-store";
import { SystemClock } from "../../src/engine/exec/clock";
import { MicroBatchExecution } from "../../src/engine/exec/micro-batch-execution";
import type { StreamingQueryProgress } from "../../src/engine/exec/progress";
import { type WatchProgress, lagSeries, renderWatchFrame } from "../../src/shell/commands/watch-render";
import { RecordingSink, passThroughRunner } from "../engine/streaming/protocol-fixtures";
import { driveShell } from "./helpers/drive";

/** Real progress records: a rate source (100 rows/s) through the engine's micro-batch loop, 150 ms trigger. */
async function rateProgress(batches: number): Promise<StreamingQueryProgress[]> {
  const dir = await fs.mkdtemp(path.join(tmpdir(), "tspark-watch-"));
  const store = new LocalFileStore(dir);
  const clock = new SystemClock();
  const source = await rateProvider.createSource({
    options: new Map([["rowsPerSecond", "100"]]),
    metadataPath: `${dir}/sources/0`,
    queryId: "q",
    session: null,
    checkpointStore: store,
    metadataDir: "sources/0",
    clock,
  } as Parameters<typeof rateProvider.createSource>[0]);
  const progress: StreamingQueryProgress[] = [];
  let exec: MicroBatchExecution | undefined;
  const enough = new Promise<void>((resolve) => {
    exec = new MicroBatchExecution({
      queryId: "q",
      runId: "r",
      name: "rates",
      store,
      sources: [{ relationId: "0", source }],
      sink: new RecordingSink(),
      runner: passThroughRunner(),
      trigger: { kind: "ProcessingTime", intervalMs: 150 },
      clock,
      conf: {},
      minBatchesToRetain: 100,
      events: {
        onProgress: (p) => {
          progress.push(p);
          if (progress.length >= batches) resolve();
        },
        onIdle: () => {},
        onStatus: () => {},
      },
    });
  });
  await exec!.prepare();
  const done = exec!.run();
  await enough;
  exec!.stop();
  await done;
  return progress;
}

describe(".watch rendering", () => {
  it("charts input rate, processing rate and batch duration from a rate query's progress, with the last batch", async () => {
    const progress = await rateProgress(4);
    const frame = renderWatchFrame(progress as WatchProgress[], { title: ".watch rates", height: 4 });
    const lines = frame.split("\n");
    expect(lines[0]).toBe(".watch rates");
    for (const title of ["input rate (rows/s)", "processing rate (rows/s)", "batch duration (ms)"]) {
      expect(frame).toContain(title);
    }
    // asciichart draws each chart with an axis (┤ / ┼) on height + 1 rows.
    const chartRows = lines.filter((l) => /[┤┼]/.test(l));
    expect(chartRows.length).toBe(3 * 5);
    expect(frame).toContain("lag per shard: not reported by this source");
    const last = progress[progress.length - 1]!;
    expect(frame).toMatch(new RegExp(`\\nbatch +${last.batchId}\\n`));
    expect(frame).toMatch(new RegExp(`\\ninput rows +${last.numInputRows}\\n`));
    expect(frame).toMatch(/triggerExecution ms\s+\d+/);
  });

  it("draws one lag line per shard when the source reports them, else its avg/max lag", () => {
    const p = (lags: Record<string, string>): WatchProgress => ({ batchId: 0, sources: [{ description: "KinesisSource", metrics: lags }] });
    const perShard = [p({ "msBehindLatest.shardId-000000000000": "500", "msBehindLatest.shardId-000000000001": "0" })];
    expect([...lagSeries(perShard).keys()]).toEqual(["shardId-000000000000", "shardId-000000000001"]);
    const summary = [p({ avgMsBehindLatest: "250", maxMsBehindLatest: "500" }), p({ avgMsBehindLatest: "0", maxMsBehindLatest: "0" })];
    expect(Object.fromEntries(lagSeries(summary))).toEqual({ "max behind latest": [500, 0], "avg behind latest": [250, 0] });
    expect(renderWatchFrame(summary)).toContain("lag per shard (ms behind latest) — avg behind latest 0, max behind latest 0");
  });
});

describe(".watch in the shell", () => {
  it("draws in place on a terminal until a key is pressed; text printed meanwhile shows afterwards", async () => {
    const progress = await rateProgress(3);
    const query = { id: "0f1e2d3c-aaaa", name: "rates", isActive: true, recentProgress: progress, lastProgress: progress[2], stop() {} };
    const d = driveShell({ terminal: true, session: { streams: { active: [query] } } });
    try {
      let m = d.mark();
      d.line(".watch rates");
      await d.waitFor("any key or Ctrl-C to leave", { from: m });
      await d.waitFor("batch duration (ms)", { from: m });
      expect(d.raw()).toContain("\x1b[?1049h"); // the alternate screen: the session's text stays intact
      d.shell.print("a batch table printed while watching");
      m = d.mark();
      d.type("q");
      await d.waitFor("Left .watch; rates keeps running.", { from: m });
      const after = d.raw().slice(d.raw().lastIndexOf("\x1b[?1049l"));
      expect(after).toContain("a batch table printed while watching");
      // The key that left is not typed into the prompt.
      await d.waitFor("tspark> ", { from: m });
      expect(d.screen().cursorLine().text).toBe("tspark>");
    } finally {
      await d.close();
    }
  });

  it("prints one frame without a terminal", async () => {
    const progress = await rateProgress(2);
    const query = { id: "0f1e2d3c-bbbb", name: "r2", isActive: true, recentProgress: progress, stop() {} };
    const d = driveShell({ session: { streams: { active: [query] } } });
    try {
      d.line(".watch r2");
      const out = await d.waitFor("last batch");
      expect(out).toContain(".watch r2 — 2 batches");
      expect(out).not.toContain("\x1b[?1049h");
    } finally {
      await d.close();
    }
  });
});
