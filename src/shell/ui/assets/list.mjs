// The streaming query list (/StreamingQuery/), rendered with lit-html: every value is bound as text or an
// attribute, so a query name or an error message can never become markup.
import { html, render } from "/static/lit-html.js";
import { fmt, fmtDuration, getJson } from "/static/format.mjs";

const HEADINGS = ["Name", "Status", "ID", "Run ID", "Start Time", "Duration", "Avg Input /sec", "Avg Process /sec", "Latest Batch"];

const row = (q, withError) => html`<tr data-run-id=${q.runId}>
  <td>${q.name ?? "<no name>"}</td>
  <td class=${`status-${q.status}`}>${q.status}</td>
  <td>${q.id}</td>
  <td><a href=${`/StreamingQuery/statistics?id=${encodeURIComponent(q.runId)}`}>${q.runId}</a></td>
  <td>${q.startTimestamp}</td>
  <td class="num">${fmtDuration(q.durationMs)}</td>
  <td class="num">${fmt(q.avgInputRowsPerSecond)}</td>
  <td class="num">${fmt(q.avgProcessedRowsPerSecond)}</td>
  <td class="num">${fmt(q.latestBatchId)}</td>
  ${withError ? html`<td class="error-cell">${q.error ?? ""}</td>` : ""}
</tr>`;

const table = (id, title, queries, withError) => html`
  <h3 id=${`${id}-title`}>${title} (${queries.length})</h3>
  <table id=${id} class="queries">
    <thead><tr>${HEADINGS.map((h) => html`<th>${h}</th>`)}${withError ? html`<th>Error</th>` : ""}</tr></thead>
    <tbody>${queries.map((q) => row(q, withError))}</tbody>
  </table>`;

async function refresh() {
  const queries = await getJson("/api/streaming/queries");
  const active = queries.filter((q) => q.status === "RUNNING");
  const done = queries.filter((q) => q.status !== "RUNNING");
  render(
    html`<h2>Streaming Query</h2>
      ${table("active", "Active Streaming Queries", active, false)} ${table("completed", "Completed Streaming Queries", done, true)}`,
    document.getElementById("app"),
  );
}

refresh();
const events = new EventSource("/api/streaming/events");
events.addEventListener("progress", () => refresh());
events.addEventListener("terminated", () => refresh());
// Durations tick even between batches.
setInterval(refresh, 2000);
