/**
 * The sink's identity (which stream, where), recorded in the checkpoint at `<checkpoint>/sinks/0/target` when the
 * query first runs, and checked on every restart: a checkpoint copied from a query that wrote to another stream
 * would otherwise make the ledger skip batches that never reached this one. The source does the same for the
 * stream it reads (kinesis-source.ts, parseOwnOffset).
 *
 * Endpoints of local emulators (loopback) count as one ("local"): their port changes from run to run.
 */
import type { CheckpointStore } from "../../../engine/checkpoint/checkpoint-store";
import { IllegalStateException } from "../../../engine/errors";

const FILE = "target";

export interface SinkTarget {
  readonly streamName: string;
  readonly region: string;
  /** Undefined = the region's AWS endpoint. */
  readonly endpoint?: string;
}

function isLoopback(endpoint: string): boolean {
  try {
    const host = new URL(endpoint).hostname;
    return host === "localhost" || host === "127.0.0.1" || host === "[::1]" || host === "::1";
  } catch {
    return false;
  }
}

function endpointKey(endpoint: string | undefined): string {
  if (endpoint === undefined) return "aws";
  return isLoopback(endpoint) ? "local" : endpoint.replace(/\/+$/, "").toLowerCase();
}

export function sameTarget(a: SinkTarget, b: SinkTarget): boolean {
  return a.streamName === b.streamName && a.region === b.region && endpointKey(a.endpoint) === endpointKey(b.endpoint);
}

export function describeTarget(t: SinkTarget): string {
  return `'${t.streamName}' (region ${t.region}, ${t.endpoint === undefined ? "AWS endpoint" : `endpoint ${t.endpoint}`})`;
}

/** The error for a checkpoint whose sink wrote elsewhere; `recorded` may be a bare stream name (older ledger). */
export function otherTargetError(location: string, recorded: string, current: SinkTarget): IllegalStateException {
  return new IllegalStateException(
    `The checkpoint's sink ledger (${location}) belongs to a query that wrote to Kinesis stream ${recorded}, but this query ` +
      `writes to ${describeTarget(current)}. Its entries say which batches reached ${recorded}, not this stream, so ` +
      "using them would skip batches silently. Use a new checkpointLocation to write to another stream (or restore " +
      "kinesis.streamName / kinesis.endpointUrl / kinesis.region to what the checkpoint was written with).",
  );
}

/**
 * Records `target` in the store, or checks it against the one recorded. `newestEntryStream` is the stream of the
 * newest ledger entry, for checkpoints written before the target was recorded.
 */
export async function checkSinkTarget(
  store: CheckpointStore,
  target: SinkTarget,
  newestEntryStream: string | undefined,
): Promise<void> {
  const text = await store.get(FILE);
  if (text !== null) {
    let recorded: SinkTarget;
    try {
      recorded = JSON.parse(text) as SinkTarget;
      if (typeof recorded.streamName !== "string" || typeof recorded.region !== "string") throw new Error("fields");
    } catch {
      throw new IllegalStateException(
        `The sink target file ${store.location.replace(/\/$/, "")}/${FILE} is not valid (expected JSON with streamName and region); ` +
          "it was edited or truncated. Restore it, or delete it to record this query's target again.",
      );
    }
    if (!sameTarget(recorded, target)) throw otherTargetError(store.location, describeTarget(recorded), target);
    return;
  }
  if (newestEntryStream !== undefined && newestEntryStream !== target.streamName) {
    throw otherTargetError(store.location, `'${newestEntryStream}'`, target);
  }
  await store.putIfAbsent(FILE, `${JSON.stringify(target)}\n`);
}
