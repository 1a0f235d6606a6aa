/**
 * Running Kinesis sources by stream, so `.shards <stream>` can show how far behind each shard's reader is without
 * the shell having to hold on to the query's source object.
 */
export interface LagReporter {
  readonly streamName: string;
  readonly endpointDescription: string;
  lagByShard(): Map<string, number>;
}

const active = new Set<LagReporter>();

export function trackSource(source: LagReporter): void {
  active.add(source);
}

export function untrackSource(source: LagReporter): void {
  active.delete(source);
}

/** Highest lag any running reader reports per shard of `streamName`. */
export function knownLag(streamName: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of active) {
    if (s.streamName !== streamName) continue;
    for (const [id, lag] of s.lagByShard()) out.set(id, Math.max(lag, out.get(id) ?? 0));
  }
  return out;
}
