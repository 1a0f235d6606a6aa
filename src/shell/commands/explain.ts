import { pick } from "./queries";
import type { ShellCommand } from "./types";

/**
 * `.explain [name]`: the query's plan and, for sources that have them (Kinesis), their own lines: shards,
 * positions and lineage. Reads whatever the engine's StreamingQuery offers: `explainString()` or
 * `explain()` returning text, and `sourceExplainLines()` for the sources.
 */
export const explainCommand: ShellCommand = {
  name: "explain",
  usage: ".explain [name|id]",
  help: "Show a query's logical plan and its sources' shards, positions and lineage",
  async run(args, deps) {
    const q = pick(args, deps.session, deps.print);
    if (!q) return;
    const api = q as unknown as Record<string, unknown>;
    const parts: string[] = [];
    const plan = await callText(api, ["explainString", "planString"], true);
    if (plan) parts.push(plan);
    const sourceLines = await callLines(api, "sourceExplainLines");
    if (sourceLines.length) parts.push(sourceLines.join("\n"));
    deps.print(parts.length ? parts.join("\n\n") : `${q.name ?? q.id}: the engine gives no plan text for this query.`);
  },
};

async function callText(obj: Record<string, unknown>, names: string[], extended: boolean): Promise<string | undefined> {
  for (const name of names) {
    const fn = obj[name];
    if (typeof fn === "function") {
      const v: unknown = await (fn as (e: boolean) => unknown).call(obj, extended);
      if (typeof v === "string") return v;
    }
  }
  return undefined;
}

async function callLines(obj: Record<string, unknown>, name: string): Promise<string[]> {
  const fn = obj[name];
  if (typeof fn !== "function") return [];
  const v: unknown = await (fn as () => unknown).call(obj);
  return Array.isArray(v) ? v.map(String) : [];
}
