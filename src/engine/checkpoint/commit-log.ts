import type { CheckpointStore } from "./checkpoint-store";
import { MetadataLog } from "./metadata-log";

export interface CommitMetadata {
  /** Watermark the next batch starts with (Spark's CommitMetadata). */
  nextBatchWatermarkMs: number;
}

/** `commits/N`: `v1` then `{"nextBatchWatermarkMs":0}`. Its presence means batch N reached the sink. */
export class CommitLog extends MetadataLog<CommitMetadata> {
  constructor(store: CheckpointStore) {
    super(store, "commits");
  }

  protected serialize(value: CommitMetadata): string {
    return JSON.stringify({ nextBatchWatermarkMs: value.nextBatchWatermarkMs });
  }

  protected deserialize(body: string): CommitMetadata {
    const line = body.split("\n")[0] ?? "";
    let raw: unknown;
    try {
      raw = JSON.parse(line.trim() === "" ? "{}" : line);
    } catch {
      throw new Error(`the commit line is not valid JSON (is the file truncated?): ${line.slice(0, 120)}`);
    }
    if (typeof raw !== "object" || raw === null) throw new Error("the commit line is not a JSON object");
    const w = Number((raw as Record<string, unknown>).nextBatchWatermarkMs ?? 0);
    if (!Number.isFinite(w)) throw new Error("nextBatchWatermarkMs is not a number");
    return { nextBatchWatermarkMs: w };
  }
}
