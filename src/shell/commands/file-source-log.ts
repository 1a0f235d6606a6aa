import { FileStreamSourceLog } from "../../connector/file/source-log";
import type { CheckpointStore } from "../../engine/checkpoint/checkpoint-store";

/**
 * `.checkpoint` lines for file stream sources: each `sources/<i>` holding Spark's FileStreamSourceLog shows how many
 * batches and files it has seen and the files of its last batch (what a restart will not read again).
 */
export async function fileSourceLogLines(store: CheckpointStore): Promise<string[]> {
  const out: string[] = [];
  const sources = await store.list("sources").catch(() => [] as string[]);
  for (const i of sources) {
    const log = new FileStreamSourceLog(store, `sources/${i}`);
    const ids = await log.batchIds().catch(() => [] as number[]);
    if (ids.length === 0) continue;
    const last = await log.get(ids[ids.length - 1]!).catch(() => null);
    if (last === null || !last.every((e) => typeof e.path === "string" && typeof e.batchId === "number")) continue;
    let files = 0;
    for (const id of ids) files += ((await log.get(id).catch(() => null)) ?? []).length;
    out.push(`source ${i} (file source log sources/${i}): ${ids.length} batches, ${files} files seen; batch ${ids[ids.length - 1]} took:`);
    for (const e of last.slice(0, 10)) out.push(`  ${e.path}`);
    if (last.length > 10) out.push(`  ... ${last.length - 10} more`);
  }
  return out;
}
