import { type KinesisClient, PutRecordsCommand, type PutRecordsRequestEntry } from "@aws-sdk/client-kinesis";
import { createKinesisClient } from "../aws/clients";
import type { AwsConnection } from "../aws/connection";
import { type Rng, createRng, uuid } from "./random";
import { compileTemplate, resolveTemplate } from "./template";

export interface GeneratorOptions {
  /** One or more streams; every record goes to each of them. */
  streams: string[];
  /** Built-in template name (`blog`) or template text. */
  template: string;
  /** Target records per second (per stream). */
  rate: number;
  /** Stop after this many records per stream. */
  count?: number;
  /** Stop after this long. */
  durationMs?: number;
  seed?: number;
  /** Take the partition key from this top-level field of the rendered JSON; otherwise a random UUID. */
  partitionKeyField?: string;
  /** Called about every 500 ms with the current status (progress line). */
  onProgress?: (s: GeneratorStatus) => void;
  onError?: (e: unknown) => void;
  client?: KinesisClient;
}

export interface GeneratorStatus {
  running: boolean;
  streams: string[];
  /** Records acknowledged by Kinesis (all streams). */
  sent: number;
  /** Entries Kinesis refused at least once (then retried). */
  retried: number;
  /** Records given up on after the retries. */
  failed: number;
  elapsedMs: number;
  targetRate: number;
  /** Real records/s achieved so far (per stream), averaged over the whole run. */
  achievedRate: number;
  /** Records/s (per stream) over the last ~5 s: what the endpoint keeps up with now. */
  recentRate: number;
  /**
   * True while the endpoint cannot keep up with the target: the generator then sends at the endpoint's pace
   * instead of piling up a backlog (kinesis-local slows down as its shards fill).
   */
  throttled: boolean;
  /** Records the schedule skipped because the endpoint was too slow (never generated, so never lost). */
  skippedBySelfThrottle: number;
  lastError?: string;
}

export type GeneratorSummary = GeneratorStatus;

export interface GeneratorHandle {
  status(): GeneratorStatus;
  stop(): Promise<GeneratorSummary>;
  readonly done: Promise<GeneratorSummary>;
}

const MAX_RECORDS_PER_CALL = 500;
const MAX_BYTES_PER_CALL = 5 * 1024 * 1024;
const TICK_MS = 100;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function partitionKey(data: string, field: string | undefined, rng: Rng): string {
  if (field) {
    try {
      const v = (JSON.parse(data) as Record<string, unknown>)[field];
      if (v !== undefined && v !== null && String(v).length > 0) return String(v).slice(0, 256);
    } catch {
      // not JSON: fall back to a random key
    }
  }
  return uuid(rng);
}

/** PutRecords with retries of the failed entries only, jittered backoff; returns how many were given up. */
async function putAll(
  client: KinesisClient,
  stream: string,
  entries: PutRecordsRequestEntry[],
  st: GeneratorStatus,
): Promise<number> {
  let pending = entries;
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt > 0) await sleep(Math.min(2000, 50 * 2 ** attempt) * (0.5 + Math.random() / 2));
    if (attempt > 8) return pending.length;
    try {
      const out = await client.send(new PutRecordsCommand({ StreamName: stream, Records: pending }));
      const results = out.Records ?? [];
      const again = pending.filter((_, i) => results[i]?.ErrorCode);
      st.sent += pending.length - again.length;
      st.retried += again.length;
      pending = again;
    } catch (err) {
      const name = (err as { name?: string }).name ?? "";
      st.lastError = err instanceof Error ? err.message : String(err);
      const retryable = /Throughput|LimitExceeded|Throttl|InternalFailure|ServiceUnavailable|ECONN|socket/i.test(`${name} ${st.lastError}`);
      if (!retryable) throw err;
      st.retried += pending.length;
    }
  }
  return 0;
}

function chunk(entries: PutRecordsRequestEntry[]): PutRecordsRequestEntry[][] {
  const out: PutRecordsRequestEntry[][] = [];
  let cur: PutRecordsRequestEntry[] = [];
  let bytes = 0;
  for (const e of entries) {
    const size = (e.Data?.length ?? 0) + Buffer.byteLength(e.PartitionKey ?? "");
    if (cur.length === MAX_RECORDS_PER_CALL || bytes + size > MAX_BYTES_PER_CALL) {
      out.push(cur);
      cur = [];
      bytes = 0;
    }
    cur.push(e);
    bytes += size;
  }
  if (cur.length) out.push(cur);
  return out;
}

/** How far behind the schedule may fall before the generator stops catching up (it self-throttles instead). */
const MAX_BACKLOG_MS = 1000;
const RECENT_WINDOW_MS = 5000;

/**
 * Sends rendered records at the target rate until count/duration is reached or stop() is called. It never assumes
 * the endpoint keeps up: each tick sends what is due (one PutRecords call's worth per stream, the streams in
 * parallel); when it falls more than a second behind schedule it skips the rest of the backlog rather than bursting
 * to catch up, so a slow endpoint lowers the achieved rate, which status() reports, instead of piling up work.
 */
export function startGenerator(conn: AwsConnection, opts: GeneratorOptions): GeneratorHandle {
  if (!opts.streams.length) throw new Error("generator: give at least one stream (--stream NAME)");
  if (!(opts.rate > 0)) throw new Error("generator: --rate must be a positive number of records per second");
  if (opts.count !== undefined && !(Number.isInteger(opts.count) && opts.count >= 0)) {
    throw new Error(`generator: --count must be a whole number of records, not ${opts.count}`);
  }
  if (opts.durationMs !== undefined && !(opts.durationMs > 0)) throw new Error("generator: --duration must be positive, e.g. 30s");
  const template = compileTemplate(resolveTemplate(opts.template));
  const client = opts.client ?? createKinesisClient(conn);
  const rng = createRng(opts.seed);
  const ctx = { rng, now: () => new Date() };
  const started = Date.now();
  const st: GeneratorStatus = {
    running: true,
    streams: [...opts.streams],
    sent: 0,
    retried: 0,
    failed: 0,
    elapsedMs: 0,
    targetRate: opts.rate,
    achievedRate: 0,
    recentRate: 0,
    throttled: false,
    skippedBySelfThrottle: 0,
  };
  let stopping = false;
  let wake: (() => void) | undefined;
  let produced = 0;
  // (time, sent) samples for the recent rate.
  const samples: Array<[number, number]> = [[started, 0]];
  const perStream = opts.streams.length;
  const snapshot = (): GeneratorStatus => {
    const now = Date.now();
    st.elapsedMs = now - started;
    st.achievedRate = st.elapsedMs > 0 ? st.sent / perStream / (st.elapsedMs / 1000) : 0;
    while (samples.length > 2 && now - samples[1]![0] > RECENT_WINDOW_MS) samples.shift();
    const [t0, s0] = samples[0]!;
    st.recentRate = now > t0 ? (st.sent - s0) / perStream / ((now - t0) / 1000) : 0;
    return { ...st, streams: [...st.streams] };
  };
  const maxBacklog = Math.max(1, Math.ceil((opts.rate * MAX_BACKLOG_MS) / 1000));

  const loop = async (): Promise<GeneratorSummary> => {
    let lastProgress = 0;
    try {
      while (!stopping) {
        const elapsed = Date.now() - started;
        if (opts.durationMs !== undefined && elapsed >= opts.durationMs) break;
        if (opts.count !== undefined && produced >= opts.count) break;
        let due = Math.floor((elapsed / 1000) * opts.rate) - produced - st.skippedBySelfThrottle;
        if (due > maxBacklog) {
          st.skippedBySelfThrottle += due - maxBacklog;
          due = maxBacklog;
          st.throttled = true;
        } else if (due <= 1) {
          st.throttled = false;
        }
        due = Math.min(due, MAX_RECORDS_PER_CALL);
        if (opts.count !== undefined) due = Math.min(due, opts.count - produced);
        if (due > 0) {
          const entries: PutRecordsRequestEntry[] = [];
          for (let i = 0; i < due; i++) {
            const data = template.render(ctx);
            entries.push({ Data: Buffer.from(data), PartitionKey: partitionKey(data, opts.partitionKeyField, rng) });
          }
          produced += due;
          const failed = await Promise.all(
            opts.streams.map(async (stream) => {
              let n = 0;
              for (const part of chunk(entries)) n += await putAll(client, stream, part, st);
              return n;
            }),
          );
          st.failed += failed.reduce((a, b) => a + b, 0);
          samples.push([Date.now(), st.sent]);
        } else {
          await new Promise<void>((r) => {
            wake = r;
            setTimeout(r, TICK_MS);
          });
          wake = undefined;
        }
        if (opts.onProgress && Date.now() - lastProgress >= 500) {
          lastProgress = Date.now();
          opts.onProgress(snapshot());
        }
      }
    } catch (err) {
      st.lastError = err instanceof Error ? err.message : String(err);
      opts.onError?.(err);
    } finally {
      st.running = false;
      st.throttled = false;
      if (!opts.client) client.destroy();
    }
    const summary = snapshot();
    opts.onProgress?.(summary);
    return summary;
  };
  const done = loop();
  return {
    status: snapshot,
    stop: async () => {
      stopping = true;
      wake?.();
      return done;
    },
    done,
  };
}
