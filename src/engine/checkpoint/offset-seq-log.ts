import type { SourceOffset } from "../exec/source";
import type { CheckpointStore } from "./checkpoint-store";
import { MetadataLog } from "./metadata-log";

/** Batch-level facts recorded with the offsets so a re-run batch sees the same watermark, clock and conf. */
export interface OffsetSeqMetadata {
  batchWatermarkMs: number;
  batchTimestampMs: number;
  conf: Record<string, string>;
}

/** One entry of `offsets/N`: the end offset of every source (null = the source had no data yet). */
export interface OffsetSeq {
  metadata: OffsetSeqMetadata;
  offsets: (SourceOffset | null)[];
}

/**
 * `offsets/N` in Spark's layout:
 * ```
 * v1
 * {"batchWatermarkMs":0,"batchTimestampMs":1700000000000,"conf":{...}}
 * <offset JSON of source 0, or ->
 * ...
 * ```
 */
export class OffsetSeqLog extends MetadataLog<OffsetSeq> {
  constructor(store: CheckpointStore) {
    super(store, "offsets");
  }

  protected serialize(value: OffsetSeq): string {
    const lines = [JSON.stringify(value.metadata), ...value.offsets.map((o) => (o === null ? "-" : o))];
    return lines.join("\n");
  }

  protected deserialize(body: string): OffsetSeq {
    const lines = body.split("\n");
    if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
    if (lines.length === 0) throw new Error("the offset metadata line is missing");
    const raw: unknown = parseLine(lines[0]!, "the offset metadata line");
    if (typeof raw !== "object" || raw === null) throw new Error("the offset metadata line is not a JSON object");
    const r = raw as Record<string, unknown>;
    const conf: Record<string, string> = {};
    if (typeof r.conf === "object" && r.conf !== null) {
      for (const [k, v] of Object.entries(r.conf as Record<string, unknown>)) conf[k] = String(v);
    }
    const metadata: OffsetSeqMetadata = {
      batchWatermarkMs: Number(r.batchWatermarkMs ?? 0),
      batchTimestampMs: Number(r.batchTimestampMs ?? 0),
      conf,
    };
    if (!Number.isFinite(metadata.batchWatermarkMs) || !Number.isFinite(metadata.batchTimestampMs)) {
      throw new Error("batchWatermarkMs/batchTimestampMs are not numbers");
    }
    // Offsets are opaque to the engine but JSON for every source (Spark's Offset.json): checked here so a
    // truncated file is reported with its name, not later by the source with only the raw text.
    const offsets = lines.slice(1).map((l, i) => {
      if (l === "-") return null;
      parseLine(l, `the offset of source ${i}`);
      return l;
    });
    return { metadata, offsets };
  }
}

function parseLine(line: string, what: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    const excerpt = line.length > 120 ? `${line.slice(0, 120)}...` : line;
    throw new Error(`${what} is not valid JSON (is the file truncated?): ${excerpt}`);
  }
}
