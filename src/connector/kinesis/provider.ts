/**
 * `format("aws-kinesis")` for readStream. Options are validated at load() without loading the AWS SDK; the SDK
 * clients, the shard listing and (for SubscribeToShard) the consumer registration happen in createSource, at start.
 */
import type { SourceContext, SourceProvider, StreamSource } from "../../engine/exec/source";
import type { StructType } from "../../engine/types/struct-type";
import type { FanOutConsumer as FanOutConsumerType } from "./fan-out";
import type { KinesisSource } from "./kinesis-source";
import { announceServedLocally } from "./local-notice";
import { KinesisOptionError, KinesisOptions } from "./options";
import { resolveConnection } from "./resolve-connection";
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
    const o = new KinesisOptions(options);
    parseSourceOptions(o);
    resolveConnection(o);
  },

  async createSource(ctx: SourceContext): Promise<StreamSource> {
    return createKinesisSource(ctx.options, debug, ctx.dataArrived, ctx.session);
  },
};

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
