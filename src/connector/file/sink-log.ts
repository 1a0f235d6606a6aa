/**
 * Spark's FileStreamSinkLog under `<output>/_spark_metadata`: one file per batch, `v1` then one JSON line per
 * file written ({path, size, isDir, modificationTime, blockReplication, blockSize, action}); every 10th batch
 * (ids 9, 19, ...; spark.sql.streaming.fileSink.log.compactInterval) is a `<id>.compact` file holding every
 * entry so far, as Spark's CompactibleFileStreamLog writes and expects it. A batch's files become visible only
 * when its log file exists: readers of the folder trust the log, never the listing.
 */
import type { CheckpointStore } from "../../engine/checkpoint/checkpoint-store";
import { MetadataLog } from "../../engine/checkpoint/metadata-log";

export const SINK_METADATA_DIR = "_spark_metadata";
export const DEFAULT_COMPACT_INTERVAL = 10;

export interface SinkFileEntry {
  readonly path: string;
  readonly size: number;
  readonly isDir: boolean;
  readonly modificationTime: number;
  readonly blockReplication: number;
  readonly blockSize: number;
  readonly action: "add" | "delete";
}

export function parseSinkEntries(body: string): SinkFileEntry[] {
  return body
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as SinkFileEntry);
}

/** Files the log says are live after all its entries (adds minus deletes). */
export function liveFiles(entries: readonly SinkFileEntry[]): SinkFileEntry[] {
  const deleted = new Set(entries.filter((e) => e.action === "delete").map((e) => e.path));
  return entries.filter((e) => e.action !== "delete" && !deleted.has(e.path));
}

export function isCompactionBatch(batchId: number, interval: number): boolean {
  return (batchId + 1) % interval === 0;
}

export class FileStreamSinkLog extends MetadataLog<SinkFileEntry[]> {
  constructor(
    store: CheckpointStore,
    dir: string,
    readonly compactInterval = DEFAULT_COMPACT_INTERVAL,
  ) {
    super(store, dir, 1);
  }

  override pathOf(batchId: number): string {
    return `${this.dir}/${batchId}${isCompactionBatch(batchId, this.compactInterval) ? ".compact" : ""}`;
  }

  protected serialize(value: SinkFileEntry[]): string {
    return value.map((e) => JSON.stringify(e)).join("\n");
  }

  protected deserialize(body: string): SinkFileEntry[] {
    return parseSinkEntries(body);
  }

  override async batchIds(): Promise<number[]> {
    const names = await this.store.list(this.dir);
    return names
      .map((n) => /^(\d+)(\.compact)?$/.exec(n)?.[1])
      .filter((n): n is string => n !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
  }

  /** Every live entry up to the latest batch: the latest compaction plus the deltas after it. */
  async allFiles(): Promise<SinkFileEntry[]> {
    const ids = await this.batchIds();
    const compacts = ids.filter((id) => isCompactionBatch(id, this.compactInterval));
    const from = compacts.length > 0 ? compacts[compacts.length - 1]! : -1;
    const entries: SinkFileEntry[] = [];
    for (const id of ids) {
      if (id < from) continue;
      entries.push(...((await this.get(id)) ?? []));
    }
    return liveFiles(entries);
  }

  /** Records a batch's files; at a compaction batch, the file holds every live entry so far. */
  async addBatch(batchId: number, files: readonly SinkFileEntry[]): Promise<boolean> {
    if (!isCompactionBatch(batchId, this.compactInterval)) return this.add(batchId, [...files]);
    const previous = await this.allFiles();
    return this.add(batchId, [...previous, ...files]);
  }
}
