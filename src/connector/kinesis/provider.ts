/**
 * `format("aws-kinesis")` for readStream. Options are validated at load() without loading the AWS SDK; the SDK
 * clients, the shard listing and (for SubscribeToShard) the consumer registration happen in createSource, at start.
 * `kinesis.streamName` may name several streams, comma-separated: one source per stream (multi-stream-source.ts).
 */
import type { SourceContext, SourceProvider, StreamSource } from "../../engine/exec/source";
import type { StructType } from "../../engine/types/struct-type";
import type { FanOutConsumer as FanOutConsumerType } from "./fan-out";
import type { KinesisSource } from "./kinesis-source";
import { announceServedLocally } from "./local-notice";
import { KinesisOptionError, KinesisOptions } from "./options";
import { resolveConnection } from "./resolve-connection";
import { streamNames } from "./multi-stream-source";
import { kinesisSourceSchema } from "./schema";
import { parseSourceOptions } from "./source-options";

export const kinesisSourceProvider: SourceProvider = {
  name: "aws-kinesis",

  sourceSchema(_options: ReadonlyMap<string, string>, userSchema?: StructType): StructType {
    if (userSchema !== undefined) {
      throw new KinesisOptionError("The aws-kinesis source has a fixed schema: a user-specified schema is not supported.");
    }
    return kinesisSourceSchema();
  },

  validateOptions(options: ReadonlyMap<string, string>): void {
    for (const one of perStream(options)) {
      const o = new KinesisOptions(one);
      parseSourceOptions(o);
      resolveConnection(o);
    }
  },

  async createSource(ctx: SourceContext): Promise<StreamSource> {
    const each = perStream(ctx.options);
    if (each.length === 1) return createKinesisSource(ctx.options, debug, ctx.dataArrived, ctx.session);
    // Several streams in one reader (the connector's #16): one source per stream, read together.
    const { MultiStreamSource } = await import("./multi-stream-source");
    const sources = new Map<string, StreamSource>();
    try {
      for (const one of each) sources.set(new KinesisOptions(one).required("kinesis.streamName"), await createKinesisSource(one, debug, ctx.dataArrived, ctx.session));
    } catch (error) {
      await Promise.all([...sources.values()].map((x) => x.stop()));
      throw error;
    }
    return new MultiStreamSource(sources);
  },
};

/**
 * The options once per stream of a comma-separated `kinesis.streamName` (just `options` for one stream). The same
 * stream twice would be read twice: refused.
 */
function perStream(options: ReadonlyMap<string, string>): ReadonlyMap<string, string>[] {
  const key = [...options.keys()].find((k) => k.toLowerCase() === "kinesis.streamname");
  const names = streamNames(key === undefined ? undefined : options.get(key));
  if (key === undefined || names.length <= 1) return [options];
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) throw new KinesisOptionError(`kinesis.streamName names stream '${n}' twice: each stream once, e.g. "orders,returns"`);
    seen.add(n);
  }
  return names.map((n) => new Map([...options].map(([k, v]) => [k, k === key ? n : v])));
}

const debug = process.env.TSPARK_DEBUG ? (m: string) => process.stderr.write(`[aws-kinesis] ${m}\n`) : undefined;

export async function createKinesisSource(
  options: ReadonlyMap<string, string>,
  log: ((message: string) => void) | undefined = debug,
  dataArrived?: () => void,
  session?: unknown,
): Promise<KinesisSource> {
  const o = new KinesisOptions(options);
  const opts = parseSourceOptions(o);
  const conn = resolveConnection(o);
  announceServedLocally(conn, session);
  const [{ createKinesisClient }, { FanOutConsumer }, { KinesisSource }, { explainKinesisError }] = await Promise.all([
    import("./connection"),
    import("./fan-out"),
    import("./kinesis-source"),
    import("./errors"),
  ]);
  const client = createKinesisClient(conn);
  let fanOut: FanOutConsumerType | undefined;
  if (opts.consumerType === "SubscribeToShard") {
    try {
      fanOut = await FanOutConsumer.create({
        client,
        streamClient: createKinesisClient(conn, { requestTimeoutMs: 0, eventStream: true }),
        streamName: opts.streamName,
        consumerName: opts.consumerName,
        consumerArn: opts.consumerArn,
        deregisterOnStop: opts.deregisterConsumerOnStop,
        retry: opts.retry,
        subscribeTimeoutMs: opts.subscribeTimeoutMs,
        subscribeMaxRetries: opts.subscribeMaxRetries,
        queueCapacity: opts.dataQueueCapacity,
        renewAfterMs: opts.subscriptionRenewalMs,
        subscribeBackoffBaseMs: 1000,
        onLog: log,
        onRecords: dataArrived,
      });
    } catch (error) {
      client.destroy();
      throw explainKinesisError(error, conn, opts.streamName, "setting up the fan-out consumer");
    }
  }
  return new KinesisSource({ conn, opts, client, fanOut, log });
}
