/**
 * Spark's FileStreamSourceLog under the query's `sources/<i>/`: one file per batch, `v1` then one JSON line per
 * file the batch took ({path, timestamp, batchId}). It is both the record of which files were seen (a restarted
 * query never takes a file twice) and what `getBatch` re-reads for a batch after a restart. tspark writes no
 * `.compact` files here (only tspark reads a source log back) but reads them if present.
 */
import type { CheckpointStore } from "../../engine/checkpoint/checkpoint-store";
import { MetadataLog } from "../../engine/checkpoint/metadata-log";

export interface SourceFileEntry {
  readonly path: string;
  readonly timestamp: number;
  readonly batchId: number;
}

export class FileStreamSourceLog extends MetadataLog<SourceFileEntry[]> {
  constructor(store: CheckpointStore, dir: string) {
    super(store, dir, 1);
  }

  protected serialize(value: SourceFileEntry[]): string {
    return value.map((e) => JSON.stringify(e)).join("\n");
  }

  protected deserialize(body: string): SourceFileEntry[] {
    return body
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => JSON.parse(l) as SourceFileEntry);
  }

  /** Entries of batches in (fromExclusive, toInclusive]. */
  async entriesBetween(fromExclusive: number, toInclusive: number): Promise<SourceFileEntry[]> {
    const out: SourceFileEntry[] = [];
    for (let id = fromExclusive + 1; id <= toInclusive; id++) out.push(...((await this.get(id)) ?? []));
    return out;
  }
}

/** `{"logOffset":N}`, Spark's FileStreamSourceOffset JSON. */
export function formatSourceOffset(logOffset: number): string {
  return JSON.stringify({ logOffset });
}

export function parseSourceOffset(offset: string | null): number {
  if (offset === null) return -1;
  const v = JSON.parse(offset) as { logOffset?: unknown } | number;
  if (typeof v === "number") return v;
  if (typeof v.logOffset !== "number") throw new Error(`Not a file source offset: ${offset}`);
  return v.logOffset;
}
