// A query's page (/StreamingQuery/statistics?id=<runId>), rendered with lit-html: it reads the query's progress
// records (/api/streaming/...) and follows new ones over server-sent events. Every number shown is a field of a
// StreamingQueryProgress record or of the query list; values are bound as text, never parsed as markup.
import { html, render } from "/static/lit-html.js";
import { fmt, fmtDuration, getJson } from "/static/format.mjs";

const runId = new URLSearchParams(location.search).get("id");
const app = document.getElementById("app");
const MAX_POINTS = 100;
/** The records shown (oldest first) and the query's row plus plan, as the server gives them. */
const records = [];
let query = null;
const charts = {};

const CHARTS = [
  ["input-rate", "Input Rate (rows/s)", (p) => p.inputRowsPerSecond ?? null],
  ["process-rate", "Process Rate (rows/s)", (p) => p.processedRowsPerSecond ?? null],
  ["input-rows", "Input Rows", (p) => p.numInputRows],
  ["batch-duration", "Batch Duration (ms)", (p) => p.batchDuration],
];

function summary(q) {
  if (!q) return html`<dl id="summary" class="summary"></dl>`;
  const items = [
    ["Name", q.name ?? "<no name>"],
    ["Status", q.status],
    ["ID", q.id],
    ["Run ID", q.runId],
    ["Started", q.startTimestamp],
    ["Duration", fmtDuration(q.durationMs)],
    ["Latest batch", fmt(q.latestBatchId)],
    ["Avg Input /sec", fmt(q.avgInputRowsPerSecond)],
    ["Avg Process /sec", fmt(q.avgProcessedRowsPerSecond)],
  ];
  return html`<dl id="summary" class="summary">${items.map(([k, v]) => html`<dt>${k}</dt><dd data-field=${k}>${v}</dd>`)}</dl>`;
}

function chart([name, title, field]) {
  const last = records[records.length - 1];
  // data-* carry what the chart draws last, so a test can compare it with the record it came from
  return html`<div class="chart"><h4>${title}</h4>
    <div id=${`chart-${name}`} data-points=${records.length} data-last=${last ? String(field(last) ?? "") : ""}
      data-batch=${last ? String(last.batchId) : ""}></div></div>`;
}

function durations() {
  const recent = records.slice(-10).reverse();
  const parts = [...new Set(recent.flatMap((p) => Object.keys(p.durationMs || {})))];
  return html`<table id="durations" class="grid">
    <thead><tr><th>Batch</th>${parts.map((k) => html`<th>${k}</th>`)}</tr></thead>
    <tbody>${recent.map((p) => html`<tr><td class="num">${p.batchId}</td>${parts.map((k) => html`<td class="num">${fmt(p.durationMs?.[k])}</td>`)}</tr>`)}</tbody>
  </table>`;
}

/** `df.observe` metrics of the latest batches (each record's observedMetrics: name -> metric -> value). */
function observed() {
  const recent = records.slice(-10).reverse();
  const cols = [...new Set(recent.flatMap((p) => Object.entries(p.observedMetrics || {}).flatMap(([n, m]) => Object.keys(m || {}).map((k) => `${n}.${k}`))))];
  if (cols.length === 0) return html`<p id="observed">No observed metrics (df.observe) in this query.</p>`;
  const value = (p, c) => {
    const [n, ...k] = c.split(".");
    const v = p.observedMetrics?.[n]?.[k.join(".")];
    return typeof v === "number" ? fmt(v) : v === undefined ? "" : JSON.stringify(v);
  };
  return html`<table id="observed" class="grid">
    <thead><tr><th>Batch</th>${cols.map((c) => html`<th>${c}</th>`)}</tr></thead>
    <tbody>${recent.map((p) => html`<tr data-batch=${String(p.batchId)}><td class="num">${p.batchId}</td>${cols.map((c) => html`<td class="num" data-metric=${c}>${value(p, c)}</td>`)}</tr>`)}</tbody>
  </table>`;
}

function stateOperators(ops) {
  return html`<table id="state" class="grid">
    <thead><tr><th>Operator</th><th>Total Rows</th><th>Updated Rows</th><th>Memory Used (bytes)</th><th>Rows Dropped By Watermark</th></tr></thead>
    <tbody>${
      ops.length === 0
        ? html`<tr><td colspan="5">No state operators in this query.</td></tr>`
        : ops.map(
            (o) => html`<tr data-operator=${o.operatorName}><td>${o.operatorName}</td>
              ${[o.numRowsTotal, o.numRowsUpdated, o.memoryUsedBytes, o.numRowsDroppedByWatermark].map((n) => html`<td class="num">${fmt(n)}</td>`)}</tr>`,
          )
    }</tbody>
  </table>`;
}

/**
 * The shards of an aws-kinesis source's end offset (the offset JSON holds each shard's position, parents and
 * closed flag; a multi-stream source nests one such object per stream under "streams"). Children are the shards
 * that name a shard as parent. Other sources' offsets give no shards.
 */
function kinesisShards(offset) {
  if (!offset || typeof offset !== "object") return [];
  const streams = offset.streams && typeof offset.streams === "object" ? Object.entries(offset.streams).map(([n, o]) => [`${n}/`, o]) : [["", offset]];
  const shards = [];
  for (const [prefix, o] of streams) {
    for (const [id, e] of Object.entries(o || {})) {
      if (id === "metadata" || !e || typeof e !== "object" || !("parents" in e)) continue;
      const parents = e.parents ? String(e.parents).split(",").map((p) => prefix + p) : [];
      const state = e.iteratorType === "SHARD_END" ? "finished" : e.closed === "true" ? "closed" : "open";
      shards.push({ id: prefix + id, parents, state, iteratorType: e.iteratorType, position: e.iteratorPosition });
    }
  }
  for (const s of shards) s.children = shards.filter((c) => c.parents.includes(s.id)).map((c) => c.id);
  return shards;
}

function shardTable(s) {
  const metrics = s.metrics || {};
  const shards = kinesisShards(s.endOffset);
  const lagged = Object.keys(metrics).filter((k) => k.startsWith("msBehindLatest.")).map((k) => k.slice("msBehindLatest.".length));
  // shards with a lag but not in the offset yet (a reader that started this batch) still get their row
  for (const id of lagged) if (!shards.some((x) => x.id === id)) shards.push({ id, parents: [], children: [], state: "-", iteratorType: "-", position: "" });
  if (shards.length === 0) return "";
  return html`<h4>Shards: lineage and lag (MillisBehindLatest)</h4>
    <table class="grid shards">
      <thead><tr><th>Shard</th><th>State</th><th>Parents</th><th>Children</th><th>Position</th><th>ms behind latest</th></tr></thead>
      <tbody>${shards.map(
        (x) => html`<tr data-shard=${x.id}>
          <td>${x.id}</td><td class="shard-state">${x.state}</td>
          <td class="shard-parents">${x.parents.join(", ")}</td><td class="shard-children">${x.children.join(", ")}</td>
          <td>${x.iteratorType}${x.position ? html` <span class="seq">${x.position}</span>` : ""}</td>
          <td class="num shard-lag">${metrics[`msBehindLatest.${x.id}`] ?? "-"}</td></tr>`,
      )}</tbody>
    </table>`;
}

function source(s, i) {
  const other = Object.entries(s.metrics || {}).filter(([k]) => !k.startsWith("msBehindLatest."));
  const rows = [["numInputRows", s.numInputRows], ["inputRowsPerSecond", s.inputRowsPerSecond], ["processedRowsPerSecond", s.processedRowsPerSecond], ...other];
  const offsets = JSON.stringify({ startOffset: s.startOffset, endOffset: s.endOffset, latestOffset: s.latestOffset }, null, 2);
  return html`<div class="source" data-source=${String(i)}>
    <h4>Source ${i}: ${s.description}</h4>
    <table class="grid"><tbody>${rows.map(([k, v]) => html`<tr data-metric=${k}><th>${k}</th><td class="num">${fmt(v)}</td></tr>`)}</tbody></table>
    ${shardTable(s)}
    <details><summary>Offsets (start / end / latest)</summary><pre>${offsets}</pre></details>
  </div>`;
}

function view() {
  const last = records[records.length - 1];
  const et = last?.eventTime;
  return html`<h2>Streaming Query Statistics</h2>
    ${summary(query)}
    <pre id="error" class="error" ?hidden=${!query?.error}>${query?.error ?? ""}</pre>
    <section class="charts">${CHARTS.map(chart)}</section>
    <h3>Operation Duration (durationMs of the latest batches)</h3>
    ${durations()}
    <h3>State Operators</h3>
    ${stateOperators(last?.stateOperators ?? [])}
    <h3>Observed Metrics (observedMetrics of the latest batches)</h3>
    ${observed()}
    <h3>Watermark</h3>
    <pre id="watermark">${et && Object.keys(et).length ? JSON.stringify(et, null, 2) : "No watermark defined (no eventTime in the progress)."}</pre>
    <h3>Sources</h3>
    <div id="sources">${(last?.sources ?? []).map(source)}</div>
    <h3>Plan</h3>
    <pre id="plan" class="plan">${query?.plan ?? ""}</pre>`;
}

/** uPlot draws into the chart containers lit-html keeps in place from one render to the next. */
function drawCharts() {
  const xs = records.map((p) => Date.parse(p.timestamp) / 1000);
  for (const [name, , field] of CHARTS) {
    const data = [xs, records.map(field)];
    if (typeof uPlot === "undefined") continue;
    if (charts[name]) {
      charts[name].setData(data);
      continue;
    }
    const target = document.getElementById(`chart-${name}`);
    const width = Math.max(300, target.clientWidth || 480);
    const series = [{}, { label: name, stroke: "#1f77b4", width: 2, points: { show: true, size: 4 } }];
    charts[name] = new uPlot({ width, height: 180, legend: { show: false }, scales: { x: { time: true } }, series }, data, target);
  }
}

function draw() {
  render(view(), app);
  drawCharts();
}

async function refreshQuery() {
  const q = await getJson(`/api/streaming/queries/${encodeURIComponent(runId)}`);
  if (q.error && !q.runId) {
    render(html`<h2>Streaming Query Statistics</h2><p id="summary">${q.error}</p>`, app);
    return false;
  }
  query = q;
  draw();
  return true;
}

/** Adds a record once (the first fetch and the event stream can both bring it), in batch order. */
function addRecord(p) {
  if (records.some((r) => r.batchId === p.batchId)) return false;
  records.push(p);
  records.sort((a, b) => a.batchId - b.batchId);
  if (records.length > MAX_POINTS) records.shift();
  return true;
}

async function start() {
  // Listen before the first fetch, so a record reported in between is not missed.
  const events = new EventSource("/api/streaming/events");
  let loaded = false;
  events.addEventListener("progress", (e) => {
    const p = JSON.parse(e.data);
    if (p.runId !== runId || !addRecord(p) || !loaded) return;
    draw();
    refreshQuery();
  });
  events.addEventListener("terminated", (e) => {
    if (loaded && JSON.parse(e.data).runId === runId) refreshQuery();
  });
  const got = await getJson(`/api/streaming/queries/${encodeURIComponent(runId)}/progress`);
  for (const p of Array.isArray(got) ? got : []) addRecord(p);
  loaded = await refreshQuery();
  if (!loaded) events.close();
}

start();
