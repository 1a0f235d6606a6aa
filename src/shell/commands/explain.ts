import { pick } from "./queries";
import type { ShellCommand } from "./types";

/**
 * `.explain [name]`: the query's plan (`StreamingQuery.explain(true)`) and, for sources that have them
 * (Kinesis), their own lines: shards, positions and lineage (`StreamSource.explainLines()`).
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
    if (typeof api.explain === "function") {
      const plan: unknown = await (api.explain as (extended: boolean) => unknown).call(q, true);
      if (typeof plan === "string" && plan.trim() !== "") parts.push(plan.trimEnd());
    }
    for (const [i, source] of sourcesOf(q).entries()) {
      if (typeof source.explainLines !== "function") continue;
      const lines = await source.explainLines();
      if (lines.length) parts.push([`== Source ${i}: ${source.description ?? ""} ==`, ...lines].join("\n"));
    }
    deps.print(parts.length ? parts.join("\n\n") : `${q.name ?? q.id}: the engine gives no plan text for this query.`);
  },
};

interface SourceLike {
  description?: string;
  explainLines?: () => Promise<string[]>;
}

/**
 * The running query's sources. The engine keeps them in the query's runtime (execution config); the shell
 * reads them without changing the engine's API, and shows nothing when that shape is absent.
 */
function sourcesOf(q: unknown): SourceLike[] {
  const own = (q as { sources?: unknown }).sources;
  const bound =
    own ?? (q as { runtime?: { execution?: { cfg?: { sources?: unknown } } } }).runtime?.execution?.cfg?.sources;
  if (!Array.isArray(bound)) return [];
  return bound
    .map((b: unknown) => (typeof b === "object" && b !== null && "source" in b ? (b as { source: unknown }).source : b))
    .filter((s): s is SourceLike => typeof s === "object" && s !== null);
}
