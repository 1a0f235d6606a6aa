import { activeQueries, findQuery, progressField, type QueryView } from "../session-view";
import { type ShellCommand, textTable } from "./types";

/** `.streams`, `.stop`, `.progress`: the active queries as `spark.streams` sees them. */
export const streamsCommand: ShellCommand = {
  name: "streams",
  usage: ".streams",
  help: "List active streaming queries: id, name, batch, rows/s, state",
  run(_args, deps) {
    const queries = activeQueries(deps.session);
    if (queries.length === 0) {
      deps.print("No active streaming queries.");
      return;
    }
    const rows = queries.map((q) => {
      const p = q.lastProgress;
      const batch = progressField(p, "batchId");
      const rate = progressField(p, "processedRowsPerSecond") ?? progressField(p, "inputRowsPerSecond");
      return [q.id.slice(0, 8), q.name ?? "", batch === undefined ? "-" : String(batch), formatRate(rate), stateOf(q)];
    });
    deps.print(textTable(["id", "name", "batch", "rows/s", "state"], rows));
  },
};

function formatRate(v: unknown): string {
  const n = typeof v === "number" ? v : Number(v);
  return v === undefined || v === null || !Number.isFinite(n) ? "-" : n.toFixed(1);
}

function stateOf(q: QueryView): string {
  const status = q.status as { message?: unknown; isTriggerActive?: unknown; isDataAvailable?: unknown } | undefined;
  if (typeof status?.message === "string") return status.message;
  return q.isActive ? "active" : "stopped";
}

export const stopCommand: ShellCommand = {
  name: "stop",
  usage: ".stop [name|id|all]",
  help: "Stop a streaming query (the only one when no name is given), or all of them",
  async run(args, deps) {
    const ref = args.trim();
    const queries = activeQueries(deps.session);
    const targets = ref === "all" ? queries : [findQuery(deps.session, ref || undefined)].filter((q): q is QueryView => !!q);
    if (targets.length === 0) {
      deps.print(
        queries.length === 0
          ? "No active streaming queries."
          : ref
            ? `No active query named or with id '${ref}'. Active: ${queries.map((q) => q.name ?? q.id.slice(0, 8)).join(", ")}`
            : `${queries.length} queries are active: name one (.stop <name>) or use .stop all`,
      );
      return;
    }
    for (const q of targets) {
      await q.stop();
      deps.print(`Stopped ${q.name ?? q.id}.`);
    }
  },
};

export const progressCommand: ShellCommand = {
  name: "progress",
  usage: ".progress [name|id]",
  help: "Show the last progress record of a query as JSON",
  run(args, deps) {
    const q = pick(args, deps.session, deps.print);
    if (!q) return;
    if (!q.lastProgress) {
      deps.print(`${q.name ?? q.id} has not completed a batch yet.`);
      return;
    }
    deps.print(JSON.stringify(q.lastProgress, (_k, v) => (typeof v === "bigint" ? v.toString() : v), 2));
  },
};

/** The query named, or the only one; prints why not otherwise. */
export function pick(args: string, session: unknown, print: (t: string) => void): QueryView | undefined {
  const ref = args.trim() || undefined;
  const q = findQuery(session, ref);
  if (q) return q;
  const all = activeQueries(session);
  if (all.length === 0) print("No active streaming queries.");
  else if (ref) print(`No active query named or with id '${ref}'. Active: ${all.map((x) => x.name ?? x.id.slice(0, 8)).join(", ")}`);
  else print(`${all.length} queries are active: name one (${all.map((x) => x.name ?? x.id.slice(0, 8)).join(", ")}).`);
  return undefined;
}
