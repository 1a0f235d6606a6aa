// The streaming pages in the browser: they read the progress records (/api/streaming/...) and follow new ones
// over server-sent events. Every number shown is a field of a StreamingQueryProgress record or of the query list.
"use strict";
(() => {
  const page = document.body.dataset.page;
  const MAX_POINTS = 100;

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    for (const c of children) e.append(c instanceof Node ? c : String(c ?? ""));
    return e;
  }
  const fmt = (v) => (typeof v === "number" ? (Number.isInteger(v) ? String(v) : v.toFixed(2)) : v == null ? "-" : String(v));
  function fmtDuration(ms) {
    const s = Math.floor(ms / 1000);
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    return h > 0 ? `${h} h ${m} min` : m > 0 ? `${m} min ${s % 60} s` : `${s} s`;
  }
  const getJson = (url) => fetch(url, { cache: "no-store" }).then((r) => r.json());

  // ---- list page ----
  async function renderList() {
    const queries = await getJson("/api/streaming/queries");
    const active = queries.filter((q) => q.status === "RUNNING");
    const done = queries.filter((q) => q.status !== "RUNNING");
    fill("active", active, false);
    fill("completed", done, true);
    document.getElementById("active-title").textContent = `Active Streaming Queries (${active.length})`;
    document.getElementById("completed-title").textContent = `Completed Streaming Queries (${done.length})`;
  }
  function fill(tableId, queries, withError) {
    const body = document.querySelector(`#${tableId} tbody`);
    body.replaceChildren(
      ...queries.map((q) => {
        const link = el("a", { href: `/StreamingQuery/statistics?id=${encodeURIComponent(q.runId)}` }, q.runId);
        const cells = [
          el("td", {}, q.name ?? "<no name>"),
          el("td", { class: `status-${q.status}` }, q.status),
          el("td", {}, q.id),
          el("td", {}, link),
          el("td", {}, q.startTimestamp),
          el("td", { class: "num" }, fmtDuration(q.durationMs)),
          el("td", { class: "num" }, fmt(q.avgInputRowsPerSecond)),
          el("td", { class: "num" }, fmt(q.avgProcessedRowsPerSecond)),
          el("td", { class: "num" }, fmt(q.latestBatchId)),
        ];
        if (withError) cells.push(el("td", { class: "error-cell" }, q.error ?? ""));
        return el("tr", { "data-run-id": q.runId }, ...cells);
      }),
    );
  }

  // ---- query page ----
  const runId = new URLSearchParams(location.search).get("id");
  let records = [];
  const charts = {};
  const CHARTS = {
    "input-rate": (p) => p.inputRowsPerSecond ?? null,
    "process-rate": (p) => p.processedRowsPerSecond ?? null,
    "input-rows": (p) => p.numInputRows,
    "batch-duration": (p) => p.batchDuration,
  };

  function drawCharts() {
    const xs = records.map((p) => Date.parse(p.timestamp) / 1000);
    for (const [name, field] of Object.entries(CHARTS)) {
      const data = [xs, records.map(field)];
      const target = document.getElementById(`chart-${name}`);
      target.dataset.points = String(records.length);
      target.dataset.last = records.length ? String(field(records[records.length - 1]) ?? "") : "";
      target.dataset.batch = records.length ? String(records[records.length - 1].batchId) : "";
      if (typeof uPlot === "undefined") continue;
      if (!charts[name]) {
        const width = Math.max(300, target.clientWidth || 480);
        charts[name] = new uPlot(
          { width, height: 180, legend: { show: false }, scales: { x: { time: true } }, series: [{}, { label: name, stroke: "#1f77b4", width: 2, points: { show: true, size: 4 } }] },
          data,
          target,
        );
      } else charts[name].setData(data);
    }
  }

  function drawDurations() {
    const recent = records.slice(-10);
    const parts = [...new Set(recent.flatMap((p) => Object.keys(p.durationMs || {})))];
    document.querySelector("#durations thead").replaceChildren(el("tr", {}, el("th", {}, "Batch"), ...parts.map((k) => el("th", {}, k))));
    document.querySelector("#durations tbody").replaceChildren(
      ...recent.reverse().map((p) => el("tr", {}, el("td", { class: "num" }, p.batchId), ...parts.map((k) => el("td", { class: "num" }, fmt(p.durationMs?.[k]))))),
    );
  }

  function drawLatest(last) {
    const ops = last?.stateOperators ?? [];
    document.querySelector("#state tbody").replaceChildren(
      ...(ops.length === 0
        ? [el("tr", {}, el("td", { colspan: "5" }, "No state operators in this query."))]
        : ops.map((o) =>
            el("tr", {}, el("td", {}, o.operatorName), ...[o.numRowsTotal, o.numRowsUpdated, o.memoryUsedBytes, o.numRowsDroppedByWatermark].map((n) => el("td", { class: "num" }, fmt(n)))),
          )),
    );
    const et = last?.eventTime;
    document.getElementById("watermark").textContent = et && Object.keys(et).length ? JSON.stringify(et, null, 2) : "No watermark defined (no eventTime in the progress).";
    document.getElementById("sources").replaceChildren(...(last?.sources ?? []).map(sourceBlock));
  }

  function sourceBlock(s, i) {
    const metrics = s.metrics || {};
    const shardLag = Object.entries(metrics).filter(([k]) => k.startsWith("msBehindLatest."));
    const other = Object.entries(metrics).filter(([k]) => !k.startsWith("msBehindLatest."));
    const rows = [
      ["numInputRows", s.numInputRows],
      ["inputRowsPerSecond", s.inputRowsPerSecond],
      ["processedRowsPerSecond", s.processedRowsPerSecond],
      ...other,
    ];
    const block = el(
      "div",
      { class: "source", "data-source": String(i) },
      el("h4", {}, `Source ${i}: ${s.description}`),
      el("table", { class: "grid" }, el("tbody", {}, ...rows.map(([k, v]) => el("tr", {}, el("th", {}, k), el("td", { class: "num" }, fmt(v)))))),
    );
    if (shardLag.length) {
      block.append(
        el("h4", {}, "Per-shard lag (MillisBehindLatest)"),
        el(
          "table",
          { class: "grid shards" },
          el("thead", {}, el("tr", {}, el("th", {}, "Shard"), el("th", {}, "ms behind latest"))),
          el("tbody", {}, ...shardLag.map(([k, v]) => el("tr", {}, el("td", {}, k.slice("msBehindLatest.".length)), el("td", { class: "num" }, v)))),
        ),
      );
    }
    block.append(el("details", {}, el("summary", {}, "Offsets (start / end / latest; for aws-kinesis the shards and their lineage)"), el("pre", {}, JSON.stringify({ startOffset: s.startOffset, endOffset: s.endOffset, latestOffset: s.latestOffset }, null, 2))));
    return block;
  }

  function drawSummary(q) {
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
    document.getElementById("summary").replaceChildren(...items.flatMap(([k, v]) => [el("dt", {}, k), el("dd", { "data-field": k }, v)]));
    const err = document.getElementById("error");
    err.hidden = !q.error;
    err.textContent = q.error ?? "";
    if (q.plan) document.getElementById("plan").textContent = q.plan;
  }

  async function refreshQuery() {
    const q = await getJson(`/api/streaming/queries/${encodeURIComponent(runId)}`);
    if (q.error && !q.runId) {
      document.getElementById("summary").textContent = q.error;
      return;
    }
    drawSummary(q);
  }

  function drawAll() {
    drawCharts();
    drawDurations();
    drawLatest(records[records.length - 1]);
  }

  async function startQueryPage() {
    records = await getJson(`/api/streaming/queries/${encodeURIComponent(runId)}/progress`);
    if (!Array.isArray(records)) records = [];
    await refreshQuery();
    drawAll();
    const events = new EventSource("/api/streaming/events");
    events.addEventListener("progress", (e) => {
      const p = JSON.parse(e.data);
      if (p.runId !== runId) return;
      records.push(p);
      if (records.length > MAX_POINTS) records.shift();
      drawAll();
      refreshQuery();
    });
    events.addEventListener("terminated", (e) => {
      if (JSON.parse(e.data).runId === runId) refreshQuery();
    });
  }

  if (page === "list") {
    renderList();
    const events = new EventSource("/api/streaming/events");
    events.addEventListener("progress", () => renderList());
    events.addEventListener("terminated", () => renderList());
    // Durations tick even between batches.
    setInterval(renderList, 2000);
  } else if (page === "statistics") {
    startQueryPage();
  }
})();
