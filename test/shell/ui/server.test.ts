import { mkdtempSync } from "node:fs";
import { get } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSessionFor } from "../../../src/shell/session-factory";
import { type UiServer, startUiServer } from "../../../src/shell/ui/server";

/**
 * The web UI through real HTTP: a session runs real rate → memory queries, the UI serves their progress records
 * (port 0, stopped at the end), and what it serves is what `lastProgress` / `recentProgress` say.
 */
interface Query {
  id: string;
  runId: string;
  isActive: boolean;
  lastProgress: { batchId: number; runId: string } | null;
  recentProgress: { batchId: number }[];
  stop(): Promise<void>;
  awaitTermination(): Promise<unknown>;
  processAllAvailable(): Promise<void>;
}
// biome-ignore lint/suspicious/noExplicitAny: the session's fluent API is exercised as user code does.
type Fluent = any;

const session = createSessionFor({ mode: "none" }) as Fluent;
let ui: UiServer;
const dir = mkdtempSync(join(tmpdir(), "tspark-ui-"));

beforeAll(async () => {
  ui = await startUiServer({ session, port: 0 });
});
afterAll(async () => {
  for (const q of session.streams.active as Query[]) await q.stop();
  await ui.close();
});

async function getJson(path: string): Promise<{ status: number; body: Fluent }> {
  const res = await fetch(ui.url + path);
  return { status: res.status, body: await res.json() };
}

async function until<T>(what: string, f: () => Promise<T | undefined> | T | undefined): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const v = await f();
    if (v !== undefined && v !== false) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function startRate(name: string): Promise<Query> {
  return session.readStream
    .format("rate")
    .option("rowsPerSecond", 20)
    .load()
    .writeStream.format("memory")
    .queryName(name)
    .trigger({ processingTime: "100 milliseconds" })
    .start();
}

describe("web UI server (docs/ui.md)", () => {
  it("listens on 127.0.0.1 only", () => {
    expect(ui.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("lists a running query and serves its progress records as lastProgress / recentProgress give them", async () => {
    const q = await startRate("ui_rates");
    await until("three batches", () => (q.recentProgress.length >= 3 ? true : undefined));
    const list = await getJson("/api/streaming/queries");
    expect(list.status).toBe(200);
    const row = list.body.find((r: { runId: string }) => r.runId === q.runId);
    expect(row).toMatchObject({ name: "ui_rates", id: q.id, runId: q.runId, status: "RUNNING", error: null });
    expect(typeof row.startTimestamp).toBe("string");
    expect(row.latestBatchId).toBeGreaterThanOrEqual(2);

    // The records served are the query's own (a batch may complete between the two reads: compare by batchId).
    const { body: served } = await getJson(`/api/streaming/queries/${q.runId}/progress`);
    const own = JSON.parse(JSON.stringify(q.recentProgress)) as { batchId: number }[];
    for (const record of served as { batchId: number }[]) {
      const same = own.find((p) => p.batchId === record.batchId);
      if (same) expect(record).toEqual(same);
    }
    expect(served.length).toBeGreaterThanOrEqual(3);
    const last = served[served.length - 1];
    expect(Object.keys(last)).toEqual(expect.arrayContaining(["id", "runId", "batchId", "durationMs", "sources", "sink", "numInputRows"]));

    const detail = await getJson(`/api/streaming/queries/${q.runId}`);
    expect(detail.body.plan).toMatch(/Plan/);
    await q.stop();
    const after = await until("the query in the completed list", async () => {
      const { body } = await getJson("/api/streaming/queries");
      const r = body.find((x: { runId: string }) => x.runId === q.runId);
      return r?.status === "FINISHED" ? r : undefined;
    });
    expect(after.lastProgress).toEqual(JSON.parse(JSON.stringify(q.lastProgress)));
  });

  it("shows a failed query with its error", async () => {
    const q: Query = await session.readStream
      .format("rate")
      .load()
      .writeStream.queryName("ui_fails")
      .option("checkpointLocation", join(dir, "fails"))
      .foreachBatch(() => {
        throw new Error("boom in batch");
      })
      .start();
    await q.awaitTermination().catch(() => undefined);
    const row = await until("the failed query", async () => {
      const { body } = await getJson("/api/streaming/queries");
      return body.find((r: { runId: string; status: string }) => r.runId === q.runId && r.status === "FAILED");
    });
    expect(row.error).toMatch(/boom in batch/);
  });

  it("pushes each new progress record over server-sent events", async () => {
    const q = await startRate("ui_events");
    const record = await new Promise<{ runId: string; batchId: number }>((resolve, reject) => {
      const req = get(`${ui.url}/api/streaming/events`, (res) => {
        expect(res.headers["content-type"]).toBe("text/event-stream");
        let buffer = "";
        res.on("data", (chunk: Buffer) => {
          buffer += chunk.toString();
          for (const block of buffer.split("\n\n")) {
            const m = /^event: progress\ndata: (.*)$/m.exec(block);
            const p = m ? (JSON.parse(m[1]!) as { runId: string; batchId: number }) : undefined;
            if (p?.runId === q.runId) {
              req.destroy();
              resolve(p);
              return;
            }
          }
        });
      });
      req.on("error", reject);
    });
    const own = q.recentProgress.find((p) => p.batchId === record.batchId);
    expect(record).toEqual(JSON.parse(JSON.stringify(own)));
    await q.stop();
  });

  it("serves the pages, lit-html's browser build and uPlot from node_modules, and 404 for an unknown query", async () => {
    const scripts = ["/static/uPlot.iife.min.js", "/static/lit-html.js", "/static/format.mjs", "/static/list.mjs", "/static/statistics.mjs"];
    for (const path of ["/StreamingQuery/", "/StreamingQuery/statistics?id=x", ...scripts]) {
      const res = await fetch(ui.url + path);
      expect(res.status, path).toBe(200);
      const body = await res.text();
      if (scripts.includes(path)) expect(res.headers.get("content-type"), path).toMatch(/^text\/javascript/);
      // the browser build of lit-html, not the node/ build (which stubs a missing `document`)
      if (path === "/static/lit-html.js") expect(body).not.toContain("createTreeWalker:()=>({})");
    }
    expect((await getJson("/api/streaming/queries/nope/progress")).status).toBe(404);
  });

  it("takes the next port when the first is in use", async () => {
    const second = await startUiServer({ session, port: ui.port });
    try {
      expect(second.port).toBeGreaterThan(ui.port);
    } finally {
      await second.close();
    }
  });
});

describe("--no-ui and TSPARK_UI_PORT", () => {
  it("--no-ui turns the UI off; TSPARK_UI_PORT picks the first port (0 = any free one)", async () => {
    const { parseArgs } = await import("../../../src/shell/args");
    const { uiPort } = await import("../../../src/shell/ui/launch");
    expect(parseArgs(["--no-ui"]).noUi).toBe(true);
    expect(parseArgs([]).noUi).toBe(false);
    expect(uiPort({ TSPARK_UI_PORT: "0" })).toBe(0);
    expect(uiPort({})).toBeUndefined();
    expect(uiPort({ TSPARK_UI_PORT: "nope" })).toBeUndefined();
  });
});
