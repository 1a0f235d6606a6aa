import { CommitLog } from "../../engine/checkpoint/commit-log";
import { OffsetSeqLog } from "../../engine/checkpoint/offset-seq-log";
import { readQueryId } from "../../engine/checkpoint/query-metadata";
import { resolveCheckpointStore } from "../../engine/checkpoint/resolve-store";
import { fileSourceLogLines } from "./file-source-log";
import { type ShellCommand, textTable } from "./types";

/**
 * `.checkpoint <location>`: what a checkpoint holds, read through the engine's own log classes (so the
 * shell shows exactly what a restart would recover from): query id, offset log entries with the source
 * offsets, which batches committed, and state store versions per operator.
 */
export const checkpointCommand: ShellCommand = {
  name: "checkpoint",
  usage: ".checkpoint <location> [--all]",
  help: "Show a checkpoint: query id, offset and commit logs, state versions",
  async run(args, deps) {
    const words = args.trim().split(/\s+/).filter(Boolean);
    const location = words.find((w) => !w.startsWith("--"));
    if (!location) {
      deps.print("Usage: .checkpoint <location>   e.g. .checkpoint /tmp/checkpoints/counts");
      return;
    }
    const showAll = words.includes("--all");
    const store = await resolveCheckpointStore(location);
    const queryId = await readQueryId(store).catch((e: unknown) => `unreadable (${e instanceof Error ? e.message : String(e)})`);
    const offsets = new OffsetSeqLog(store);
    const commits = new CommitLog(store);
    const offsetIds = await offsets.batchIds();
    const commitIds = new Set(await commits.batchIds());
    const lines = [`Checkpoint ${location}`, `query id: ${queryId ?? "(no metadata file: not a checkpoint yet)"}`];
    if (offsetIds.length === 0) {
      lines.push("offsets: none (no batch has started)");
    } else {
      const shown = showAll ? offsetIds : offsetIds.slice(-5);
      const rows: string[][] = [];
      for (const id of shown) {
        const entry = await offsets.get(id);
        const when = entry ? new Date(entry.metadata.batchTimestampMs).toISOString() : "";
        rows.push([String(id), commitIds.has(id) ? "yes" : "NO", when, (entry?.offsets ?? []).map((o) => o ?? "-").join(" | ")]);
      }
      if (shown.length < offsetIds.length) lines.push(`offsets: ${offsetIds.length} batches, last ${shown.length} shown (--all for every one)`);
      lines.push(textTable(["batch", "committed", "batchTimestamp", "source offsets"], rows));
      const last = offsetIds[offsetIds.length - 1]!;
      lines.push(
        commitIds.has(last)
          ? `A restart continues with batch ${last + 1}.`
          : `Batch ${last} has offsets but no commit: a restart re-runs it with the same offsets.`,
      );
    }
    lines.push(...(await stateLines(store)));
    lines.push(...(await fileSourceLogLines(store)));
    deps.print(lines.join("\n"));
  },
};

async function stateLines(store: Awaited<ReturnType<typeof resolveCheckpointStore>>): Promise<string[]> {
  const operators = await store.list("state").catch(() => [] as string[]);
  if (operators.length === 0) return ["state: none (stateless query or no batch yet)"];
  const out: string[] = [];
  for (const op of operators) {
    const partitions = await store.list(`state/${op}`).catch(() => [] as string[]);
    for (const part of partitions) {
      const files = await store.list(`state/${op}/${part}`).catch(() => [] as string[]);
      const versions = files.map((f) => Number.parseInt(f, 10)).filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
      const range = versions.length ? `versions ${versions[0]}..${versions[versions.length - 1]} (${versions.length})` : "no versions";
      out.push(`state operator ${op} partition ${part}: ${range}`);
    }
  }
  return out;
}
