/**
 * Several streams in one reader (the connector's #16): `kinesis.streamName` "orders,returns" reads both, each with
 * its own KinesisSource (own shards, readers, positions), their rows together in one batch; the `streamName`
 * column tells them apart. What the connector would need is the union of one reader per stream, and that is what
 * `.export` writes.
 *
 * The offset is one JSON object of the streams' own offsets, `{"streams":{"orders":<offset>|null,...}}`, so
 * each stream resumes from its part after a restart; a stream with nothing new keeps its part as it was.
 */
import type { ReadLimit, SourceOffset, StreamSource } from "../../engine/exec/source";
import type { StructType } from "../../engine/types/struct-type";
import type { Row } from "../../engine/types/values";
import { kinesisError } from "./errors";

type Parts = Record<string, SourceOffset | null>;

export class MultiStreamSource implements StreamSource {
  readonly schema: StructType;
  readonly description: string;

  constructor(private readonly sources: ReadonlyMap<string, StreamSource>) {
    const first = [...sources.values()][0]!;
    this.schema = first.schema;
    this.description = `KinesisV2[streams=${[...sources.keys()].join(",")}]`;
  }

  private parts(text: SourceOffset | null): Parts {
    const out: Parts = Object.fromEntries([...this.sources.keys()].map((k) => [k, null]));
    if (text === null) return out;
    const parsed = JSON.parse(text) as { streams?: Parts };
    if (typeof parsed.streams !== "object" || parsed.streams === null) {
      throw kinesisError(
        "IllegalStateException",
        "The checkpoint holds the offset of a single-stream reader, but kinesis.streamName names several streams: use a new checkpointLocation.",
      );
    }
    const extra = Object.keys(parsed.streams).filter((k) => !this.sources.has(k));
    if (extra.length > 0) {
      throw kinesisError(
        "IllegalStateException",
        `The checkpoint holds positions of stream(s) ${extra.map((e) => `'${e}'`).join(", ")}, which kinesis.streamName no longer names: use a new checkpointLocation to read other streams.`,
      );
    }
    return { ...out, ...parsed.streams };
  }

  private text(parts: Parts): SourceOffset {
    return JSON.stringify({ streams: parts });
  }

  async latestOffset(start: SourceOffset | null, limit: ReadLimit): Promise<SourceOffset | null> {
    const from = this.parts(start);
    const n = this.sources.size;
    const share: ReadLimit = limit.maxRows === undefined ? limit : { ...limit, maxRows: Math.max(1, Math.ceil(limit.maxRows / n)) };
    const ends = await Promise.all([...this.sources].map(async ([name, s]) => [name, await s.latestOffset(from[name] ?? null, share)] as const));
    const to: Parts = Object.fromEntries(ends);
    const moved = ends.some(([name, end]) => end !== (from[name] ?? null));
    return moved ? this.text(to) : start;
  }

  async getBatch(start: SourceOffset | null, end: SourceOffset): Promise<Row[]> {
    const from = this.parts(start);
    const to = this.parts(end);
    const rows: Row[] = [];
    for (const [name, s] of this.sources) {
      const e = to[name] ?? null;
      if (e === null || e === (from[name] ?? null)) continue;
      rows.push(...(await s.getBatch(from[name] ?? null, e)));
    }
    return rows;
  }

  async commit(end: SourceOffset): Promise<void> {
    const to = this.parts(end);
    for (const [name, s] of this.sources) {
      const e = to[name];
      if (e !== null && e !== undefined) await s.commit(e);
    }
  }

  async prepareForAvailableNow(): Promise<void> {
    for (const s of this.sources.values()) await s.prepareForAvailableNow?.();
  }

  async explainLines(): Promise<string[]> {
    const lines: string[] = [];
    for (const s of this.sources.values()) lines.push(...((await s.explainLines?.()) ?? [s.description]));
    return lines;
  }

  /**
   * Each stream's metrics under `<stream>.`; counts summed and lag maxed without a prefix; per-shard lag as
   * `msBehindLatest.<stream>/<shardId>`, the key `.watch` draws one line per shard from.
   */
  metrics(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, s] of this.sources) {
      for (const [k, v] of Object.entries(s.metrics?.() ?? {})) {
        const shard = /^msBehindLatest\.(.+)$/.exec(k)?.[1];
        if (shard !== undefined) {
          out[`msBehindLatest.${name}/${shard}`] = v;
          continue;
        }
        out[`${name}.${k}`] = v;
        if (/^(shards|openShards|finishedShards|recordsRead|retries|expiredIterators|reReads)$/.test(k)) out[k] = String(Number(out[k] ?? 0) + Number(v));
        if (k === "maxMsBehindLatest") out[k] = String(Math.max(Number(out[k] ?? 0), Number(v)));
      }
    }
    return out;
  }

  async stop(): Promise<void> {
    await Promise.all([...this.sources.values()].map((s) => s.stop()));
  }
}

/** The stream names of a `kinesis.streamName` value ("a, b" → ["a", "b"]); one name for a single stream. */
export function streamNames(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}
