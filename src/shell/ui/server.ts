/**
 * The Spark UI's Structured Streaming page, served by the shell: node:http, 127.0.0.1 only, port 4040 or the
 * next free one (as Spark does with spark.ui.port). JSON endpoints are the progress records themselves; the
 * pages are static files that read them and render with lit-html (assets/); lit-html and uPlot are served from
 * node_modules (no network).
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import { basename, dirname, join } from "node:path";
import { QueryStore } from "./query-store";
import { summarize } from "./query-summary";

export const DEFAULT_UI_PORT = 4040;
/** Spark tries spark.port.maxRetries = 16 ports after the first. */
const PORT_RETRIES = 16;
const HOST = "127.0.0.1";

export interface UiServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export interface UiOptions {
  session: unknown;
  /** 0 = any free port (tests); default 4040, then the next free ones. */
  port?: number;
}

const ASSETS = join(__dirname, "assets");

/**
 * lit-html's browser build (an ES module with no imports), at the package's root. Node resolves the package to a
 * node/ build (node/development/ under the "development" condition) and the package exports no package.json, so
 * the root is the nearest folder up from the resolved file that holds lit-html's package.json.
 */
function litHtmlBrowserBuild(): string {
  for (let dir = dirname(require.resolve("lit-html")); dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json")) && basename(dir) === "lit-html") return join(dir, "lit-html.js");
  }
  throw new Error("lit-html's package folder was not found above its resolved entry point");
}

const STATIC: Record<string, { file: () => string; type: string }> = {
  "/static/uPlot.iife.min.js": { file: () => require.resolve("uplot/dist/uPlot.iife.min.js"), type: "text/javascript" },
  "/static/uPlot.min.css": { file: () => require.resolve("uplot/dist/uPlot.min.css"), type: "text/css" },
  "/static/lit-html.js": { file: litHtmlBrowserBuild, type: "text/javascript" },
  "/static/format.mjs": { file: () => join(ASSETS, "format.mjs"), type: "text/javascript" },
  "/static/list.mjs": { file: () => join(ASSETS, "list.mjs"), type: "text/javascript" },
  "/static/statistics.mjs": { file: () => join(ASSETS, "statistics.mjs"), type: "text/javascript" },
  "/static/streaming.css": { file: () => join(ASSETS, "streaming.css"), type: "text/css" },
  "/StreamingQuery/": { file: () => join(ASSETS, "list.html"), type: "text/html" },
  "/StreamingQuery/statistics": { file: () => join(ASSETS, "statistics.html"), type: "text/html" },
};

export async function startUiServer(opts: UiOptions): Promise<UiServer> {
  const store = new QueryStore(opts.session);
  const sse = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    handle(req, res, store, sse).catch((e: unknown) => send(res, 500, "text/plain", String(e)));
  });
  // Keep-alive sockets and SSE streams must not hold the process open at exit.
  server.unref();
  const first = opts.port ?? DEFAULT_UI_PORT;
  let port = first;
  for (let attempt = 0; ; attempt++) {
    try {
      await listen(server, port);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EADDRINUSE" || first === 0 || attempt >= PORT_RETRIES) {
        store.close();
        throw e;
      }
      port++;
    }
  }
  const actual = (server.address() as { port: number }).port;
  return {
    url: `http://${HOST}:${actual}`,
    port: actual,
    close: () =>
      new Promise<void>((resolve) => {
        store.close();
        for (const res of sse) res.end();
        sse.clear();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error) => {
      server.removeListener("listening", onListening);
      reject(e);
    };
    const onListening = () => {
      server.removeListener("error", onError);
      resolve();
    };
    server.once("error", onError);
    server.once("listening", onListening);
    server.listen(port, HOST);
  });
}

async function handle(req: IncomingMessage, res: ServerResponse, store: QueryStore, sse: Set<ServerResponse>): Promise<void> {
  const url = new URL(req.url ?? "/", `http://${HOST}`);
  const path = url.pathname;
  if (req.method !== "GET" && req.method !== "HEAD") return send(res, 405, "text/plain", "Only GET");
  if (path === "/" || path === "/StreamingQuery") return redirect(res, "/StreamingQuery/");
  if (path === "/api/streaming/queries") {
    return json(res, store.entries().map((e) => summarize(e)));
  }
  const progress = /^\/api\/streaming\/queries\/([^/]+)\/progress$/.exec(path);
  if (progress) {
    const entry = store.get(decodeURIComponent(progress[1]!));
    if (!entry) return send(res, 404, "application/json", JSON.stringify({ error: `No streaming query with runId ${progress[1]}` }));
    return json(res, entry.query.recentProgress ?? []);
  }
  const detail = /^\/api\/streaming\/queries\/([^/]+)$/.exec(path);
  if (detail) {
    const entry = store.get(decodeURIComponent(detail[1]!));
    if (!entry) return send(res, 404, "application/json", JSON.stringify({ error: `No streaming query with runId ${detail[1]}` }));
    return json(res, { ...summarize(entry), plan: store.planOf(entry) });
  }
  if (path === "/api/streaming/events") return events(req, res, store, sse);
  const file = STATIC[path];
  if (file) return send(res, 200, `${file.type}; charset=utf-8`, await readFile(file.file()));
  return send(res, 404, "text/plain", `Not found: ${path} (the streaming page is at /StreamingQuery/)`);
}

/**
 * Server-sent events: `progress` with each new StreamingQueryProgress record (the record itself), and
 * `terminated` when a query ends (QueryTerminatedEvent).
 */
function events(req: IncomingMessage, res: ServerResponse, store: QueryStore, sse: Set<ServerResponse>): void {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store", connection: "keep-alive" });
  res.write(": tspark streaming events\n\n");
  const onProgress = (p: unknown) => res.write(`event: progress\ndata: ${JSON.stringify(p)}\n\n`);
  const onTerminated = (e: unknown) => res.write(`event: terminated\ndata: ${JSON.stringify(e)}\n\n`);
  store.on("progress", onProgress);
  store.on("terminated", onTerminated);
  sse.add(res);
  req.on("close", () => {
    store.off("progress", onProgress);
    store.off("terminated", onTerminated);
    sse.delete(res);
  });
}

function json(res: ServerResponse, value: unknown): void {
  // Progress records carry bigints in offsets on some sources: written as strings, as their `json` accessor does.
  send(res, 200, "application/json", JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v)));
}

function redirect(res: ServerResponse, to: string): void {
  res.writeHead(302, { location: to });
  res.end();
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
  res.end(body);
}
