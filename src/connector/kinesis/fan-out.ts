/**
 * Enhanced fan-out (SubscribeToShard).
 *
 * FanOutConsumer: DescribeStreamSummary -> stream ARN; use `kinesis.consumerArn` as given, or find/register
 * `kinesis.consumerName` and wait until ACTIVE; deregister on stop unless a consumer ARN was given or
 * `kinesis.deregisterConsumerOnStop=false`.
 *
 * FanOutFetcher: one subscription per shard pushing events into a bounded queue (the event stream is pulled only while
 * the queue has room: backpressure). A subscription ends after 5 minutes; we resubscribe AFTER the last continuation
 * sequence number. ResourceInUse (re-subscribing too soon after an abort) and transient errors are retried with
 * full-jitter backoff up to `kinesis.subscribeToShard.maxRetries`.
 */
import {
  DeregisterStreamConsumerCommand,
  DescribeStreamConsumerCommand,
  DescribeStreamSummaryCommand,
  type KinesisClient,
  RegisterStreamConsumerCommand,
  type StartingPosition,
  type SubscribeToShardEvent,
  SubscribeToShardCommand,
} from "@aws-sdk/client-kinesis";
import { kinesisError } from "./errors";
import type { FetchResult, RecordFetcher } from "./fetcher";
import type { FanOutFactory } from "./kinesis-source";
import type { ShardPosition } from "./positions";
import { errorName, isRetryable, type RetryPolicy, withRetry } from "./retry";

const SUBSCRIBE_BACKOFF_MAX_MS = 3000;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface FanOutSettings {
  readonly client: KinesisClient;
  /** Client without a socket idle timeout, for long-lived event streams. */
  readonly streamClient: KinesisClient;
  readonly streamName: string;
  readonly consumerName?: string;
  readonly consumerArn?: string;
  readonly deregisterOnStop: boolean;
  readonly retry: RetryPolicy;
  readonly subscribeTimeoutMs: number;
  readonly subscribeMaxRetries: number;
  readonly queueCapacity: number;
  /** Test hook: end each subscription after this many ms (AWS does it after 5 minutes). */
  readonly renewAfterMs?: number;
  readonly activeWaitMs?: number;
  /** First SubscribeToShard retry delay cap (1000 ms as in the connector). */
  readonly subscribeBackoffBaseMs: number;
  readonly onLog?: (message: string) => void;
  /** Called when an event brings records, so an idle query fetches them at once (SourceContext.dataArrived). */
  readonly onRecords?: () => void;
}

export class FanOutConsumer implements FanOutFactory {
  private readonly fetchers = new Set<FanOutFetcher>();
  subscriptions = 0;

  private constructor(
    private readonly s: FanOutSettings,
    readonly consumerArn: string,
    readonly consumerName: string,
  ) {}

  static async create(s: FanOutSettings): Promise<FanOutConsumer> {
    if (s.consumerArn) {
      const d = await withRetry(s.retry, `describing consumer ${s.consumerArn}`, () =>
        s.client.send(new DescribeStreamConsumerCommand({ ConsumerARN: s.consumerArn })),
      );
      const c = d.ConsumerDescription;
      await waitActive(s, { ConsumerARN: s.consumerArn }, c?.ConsumerStatus);
      return new FanOutConsumer(s, s.consumerArn, c?.ConsumerName ?? "");
    }
    const name = s.consumerName!;
    const summary = await withRetry(s.retry, `describing stream '${s.streamName}'`, () =>
      s.client.send(new DescribeStreamSummaryCommand({ StreamName: s.streamName })),
    );
    const streamArn = summary.StreamDescriptionSummary?.StreamARN;
    if (!streamArn) throw kinesisError("IllegalStateException", `DescribeStreamSummary returned no ARN for '${s.streamName}'`);
    // Find or register by name; a consumer still DELETING (deregistered by a query that just stopped) is waited out.
    const until = Date.now() + (s.activeWaitMs ?? 30_000);
    for (;;) {
      let arn: string | undefined;
      let status: string | undefined;
      try {
        const d = await withRetry(s.retry, `describing consumer '${name}'`, () =>
          s.client.send(new DescribeStreamConsumerCommand({ StreamARN: streamArn, ConsumerName: name })),
        );
        arn = d.ConsumerDescription?.ConsumerARN;
        status = d.ConsumerDescription?.ConsumerStatus;
      } catch (error) {
        if (errorName(error) !== "ResourceNotFoundException") throw error;
      }
      if (!arn) {
        try {
          const r = await withRetry(s.retry, `registering consumer '${name}'`, () =>
            s.client.send(new RegisterStreamConsumerCommand({ StreamARN: streamArn, ConsumerName: name })),
          );
          arn = r.Consumer?.ConsumerARN;
          status = r.Consumer?.ConsumerStatus;
          s.onLog?.(`registered fan-out consumer '${name}'`);
        } catch (error) {
          // Registered concurrently by another query: describe it again.
          if (errorName(error) !== "ResourceInUseException") throw error;
        }
      }
      if (arn && status === "ACTIVE") return new FanOutConsumer(s, arn, name);
      if (Date.now() > until) {
        throw kinesisError("IllegalStateException", `Fan-out consumer '${name}' did not become ACTIVE (status ${status ?? "unknown"})`);
      }
      await sleep(200);
    }
  }

  fetcher(shardId: string, from: ShardPosition): RecordFetcher {
    const f = new FanOutFetcher(this.s, this.consumerArn, shardId, from, () => this.subscriptions++, (x) => this.fetchers.delete(x));
    this.fetchers.add(f);
    return f;
  }

  subscriptionCount(): number {
    return this.subscriptions;
  }

  describe(): string {
    return `SubscribeToShard (enhanced fan-out, consumer '${this.consumerName}')`;
  }

  async stop(): Promise<void> {
    for (const f of [...this.fetchers]) f.close();
    this.s.streamClient.destroy();
    if (!this.s.deregisterOnStop) return;
    try {
      await withRetry(this.s.retry, `deregistering consumer '${this.consumerName}'`, () =>
        this.s.client.send(new DeregisterStreamConsumerCommand({ ConsumerARN: this.consumerArn })),
      );
    } catch (error) {
      // Best effort, like the connector: a stopped query must not fail because cleanup did.
      this.s.onLog?.(`could not deregister consumer '${this.consumerName}': ${errorName(error)}`);
    }
  }
}

async function waitActive(s: FanOutSettings, id: { ConsumerARN: string }, status: string | undefined): Promise<void> {
  const until = Date.now() + (s.activeWaitMs ?? 30_000);
  while (status !== "ACTIVE") {
    if (Date.now() > until) {
      throw kinesisError("IllegalStateException", `Fan-out consumer ${id.ConsumerARN} did not become ACTIVE (status ${status})`);
    }
    await sleep(200);
    const d = await withRetry(s.retry, "waiting for the consumer to become ACTIVE", () =>
      s.client.send(new DescribeStreamConsumerCommand(id)),
    );
    status = d.ConsumerDescription?.ConsumerStatus;
  }
}

function startingPosition(from: ShardPosition): StartingPosition {
  switch (from.iteratorType) {
    case "TRIM_HORIZON":
    case "LATEST":
      return { Type: from.iteratorType };
    case "AT_TIMESTAMP":
      return { Type: "AT_TIMESTAMP", Timestamp: new Date(Number(from.iteratorPosition)) };
    case "AT_SEQUENCE_NUMBER":
      return { Type: "AT_SEQUENCE_NUMBER", SequenceNumber: from.iteratorPosition };
    case "AFTER_SEQUENCE_NUMBER":
      return from.subSequenceNumber >= 0 && !from.isLast
        ? { Type: "AT_SEQUENCE_NUMBER", SequenceNumber: from.iteratorPosition }
        : { Type: "AFTER_SEQUENCE_NUMBER", SequenceNumber: from.iteratorPosition };
    case "SHARD_END":
      throw new Error("cannot subscribe from SHARD_END");
  }
}

function isSubscribeRetryable(error: unknown): boolean {
  const name = errorName(error);
  return name === "ResourceInUseException" || name === "SubscribeTimeout" || isRetryable(error);
}

export class FanOutFetcher implements RecordFetcher {
  private readonly queue: SubscribeToShardEvent[] = [];
  private queuedRecords = 0;
  private started = false;
  private closed = false;
  private ended = false;
  private error: unknown;
  private eventsSeen = 0;
  private lastBehind = 0;
  private continuation: string | undefined;
  private lastRecordSeq: string | undefined;
  private abort: AbortController | undefined;
  private wakeReader: (() => void) | undefined;
  private wakeWriter: (() => void) | undefined;

  constructor(
    private readonly s: FanOutSettings,
    private readonly consumerArn: string,
    private readonly shardId: string,
    private readonly from: ShardPosition,
    private readonly onSubscribe: () => void,
    private readonly onClose: (f: FanOutFetcher) => void,
  ) {}

  private nextStart(): StartingPosition {
    if (this.continuation) return { Type: "AFTER_SEQUENCE_NUMBER", SequenceNumber: this.continuation };
    if (this.lastRecordSeq) return { Type: "AFTER_SEQUENCE_NUMBER", SequenceNumber: this.lastRecordSeq };
    return startingPosition(this.from);
  }

  private signalReader(): void {
    const w = this.wakeReader;
    this.wakeReader = undefined;
    w?.();
  }

  private async subscribeOnce(): Promise<void> {
    const abort = new AbortController();
    this.abort = abort;
    let timer: NodeJS.Timeout | undefined = setTimeout(() => abort.abort(), this.s.subscribeTimeoutMs);
    let renewTimer: NodeJS.Timeout | undefined;
    try {
      const out = await this.s.streamClient.send(
        new SubscribeToShardCommand({ ConsumerARN: this.consumerArn, ShardId: this.shardId, StartingPosition: this.nextStart() }),
        { abortSignal: abort.signal },
      );
      clearTimeout(timer);
      timer = undefined;
      this.onSubscribe();
      if (this.s.renewAfterMs) renewTimer = setTimeout(() => abort.abort(), this.s.renewAfterMs);
      for await (const ev of out.EventStream ?? []) {
        if (this.closed) return;
        const e = ev.SubscribeToShardEvent;
        if (!e) {
          const err = Object.values(ev).find((v) => v !== undefined);
          throw err ?? new Error("unknown SubscribeToShard event");
        }
        this.queue.push(e);
        this.eventsSeen++;
        this.queuedRecords += e.Records?.length ?? 0;
        if (e.Records && e.Records.length > 0) {
          this.lastRecordSeq = e.Records[e.Records.length - 1].SequenceNumber;
          this.s.onRecords?.();
        }
        if (e.ContinuationSequenceNumber) this.continuation = e.ContinuationSequenceNumber;
        this.signalReader();
        if (!e.ContinuationSequenceNumber) {
          this.ended = true; // shard end (AWS also sends ChildShards here)
          return;
        }
        while (this.queuedRecords >= this.s.queueCapacity && !this.closed) {
          await new Promise<void>((r) => (this.wakeWriter = r));
        }
      }
    } catch (error) {
      if (abort.signal.aborted && timer === undefined) return; // renewal or close: not an error
      if (abort.signal.aborted) {
        const e = new Error(`SubscribeToShard for ${this.shardId} not established within ${this.s.subscribeTimeoutMs} ms`);
        e.name = "SubscribeTimeout";
        throw e;
      }
      throw error;
    } finally {
      if (timer) clearTimeout(timer);
      if (renewTimer) clearTimeout(renewTimer);
    }
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.closed && !this.ended) {
      try {
        await this.subscribeOnce();
        failures = 0;
      } catch (error) {
        if (this.closed) return;
        if (!isSubscribeRetryable(error) || failures >= this.s.subscribeMaxRetries) {
          this.error =
            failures >= this.s.subscribeMaxRetries && isSubscribeRetryable(error)
              ? kinesisError(
                  "IllegalStateException",
                  `Maximum retries exceeded for SubscribeToShard on ${this.shardId} (${errorName(error)})`,
                  error,
                )
              : error;
          this.signalReader();
          return;
        }
        // The connector's EFO schedule (FullJitterBackoffManager: base 1 s, x1.5, max 3 s), not the client retry
        // options: ResourceInUse after a dropped subscription lasts ~5 s on kinesis-local, whatever the user set.
        const delay = Math.floor(Math.random() * Math.min(SUBSCRIBE_BACKOFF_MAX_MS, this.s.subscribeBackoffBaseMs * 1.5 ** failures));
        failures++;
        this.s.onLog?.(`SubscribeToShard ${this.shardId}: ${errorName(error)}, retry ${failures} in ${delay} ms`);
        await sleep(delay);
      }
    }
    this.signalReader();
  }

  async fetch(deadline: number): Promise<FetchResult> {
    if (!this.started) {
      this.started = true;
      void this.run();
    }
    // Before the first event we know nothing: wait for it (bounded). Afterwards, an empty queue means caught up.
    if (this.queue.length === 0 && !this.ended && this.error === undefined && (this.eventsSeen === 0 || this.lastBehind > 0)) {
      const wait = Math.max(0, Math.min(deadline, Date.now() + this.s.subscribeTimeoutMs) - Date.now());
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, wait);
        this.wakeReader = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
    if (this.error !== undefined && this.queue.length === 0) throw this.error;
    const events = this.queue.splice(0, this.queue.length);
    this.queuedRecords = 0;
    const w = this.wakeWriter;
    this.wakeWriter = undefined;
    w?.();
    const records = events.flatMap((e) => e.Records ?? []);
    if (events.length > 0) this.lastBehind = events[events.length - 1].MillisBehindLatest ?? 0;
    return { records, millisBehindLatest: this.lastBehind, ended: this.ended && this.queue.length === 0 };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.abort?.abort();
    this.wakeWriter?.();
    this.signalReader();
    this.onClose(this);
  }
}
