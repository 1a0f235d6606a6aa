/**
 * `format("aws-kinesis")` for writeStream. Options, the output mode and the input columns are checked at start()
 * without loading the AWS SDK (registering the sink must not slow the shell's start-up); the Kinesis client and the
 * batch ledger (under `<checkpoint>/sinks/0`) are made in createSink.
 */
import { resolveCheckpointStore } from "../../../engine/checkpoint/resolve-store";
import { IllegalStateException } from "../../../engine/errors";
import type { OutputMode, SinkContext, SinkProvider, StreamSink } from "../../../engine/exec/sink";
import type { StructType } from "../../../engine/types/struct-type";
import { KinesisOptions } from "../options";
import { announceServedLocally } from "../local-notice";
import { resolveConnection } from "../resolve-connection";
import { BatchLedger } from "./batch-ledger";
import type { KinesisSink } from "./kinesis-sink";
import { parseSinkOptions, withAliases } from "./sink-options";
import { checkSinkTarget } from "./sink-target";
import { resolveSinkColumns } from "./sink-records";

export function checkSinkOutputMode(mode: OutputMode): void {
  if (mode === "append") return;
  const name = mode.charAt(0).toUpperCase() + mode.slice(1);
  throw new IllegalStateException(
    `OutputMode ${name} not supported. The aws-kinesis sink appends every result row as a Kinesis record and cannot update or ` +
      'replace earlier ones: use .outputMode("append") (for an aggregation, add a watermark so each window is appended once it is final).',
  );
}

/** spark.sql.streaming.minBatchesToRetain from the session, read structurally (the engine owns the session). */
function sessionMinBatchesToRetain(session: unknown): number {
  const conf = (session as { conf?: { get?: (key: string) => unknown } } | undefined)?.conf;
  try {
    const v = typeof conf?.get === "function" ? conf.get("spark.sql.streaming.minBatchesToRetain") : undefined;
    const n = Number(v);
    return Number.isInteger(n) && n > 0 ? n : 100;
  } catch {
    return 100;
  }
}

const debug = process.env.TSPARK_DEBUG ? (m: string) => process.stderr.write(`[aws-kinesis sink] ${m}\n`) : undefined;

export const kinesisSinkProvider: SinkProvider = {
  name: "aws-kinesis",

  validateOptions(options: ReadonlyMap<string, string>, schema: StructType, outputMode: OutputMode): void {
    checkSinkOutputMode(outputMode);
    parseSinkOptions(options);
    resolveConnection(new KinesisOptions(withAliases(options)));
    resolveSinkColumns(schema);
  },

  async createSink(ctx: SinkContext): Promise<StreamSink> {
    return createKinesisSink(ctx);
  },
};

export async function createKinesisSink(
  ctx: Pick<SinkContext, "options" | "outputMode" | "checkpointPath" | "checkpointStore" | "session">,
  log: ((message: string) => void) | undefined = debug,
  /** Where warnings go (a batch reconciled with the target, an unverifiable skip); stderr when not given. */
  warn?: (message: string) => void,
): Promise<KinesisSink> {
  checkSinkOutputMode(ctx.outputMode);
  const opts = parseSinkOptions(ctx.options, sessionMinBatchesToRetain(ctx.session));
  const conn = resolveConnection(new KinesisOptions(withAliases(ctx.options)));
  announceServedLocally(conn, ctx.session);
  // The query's fenced store when it gives one (a run that lost the checkpoint lock cannot write the ledger).
  const store = ctx.checkpointStore ?? (ctx.checkpointPath ? await resolveCheckpointStore(ctx.checkpointPath, ctx.options) : undefined);
  const ledger = new BatchLedger(store, opts.minBatchesToRetain);
  if (store) {
    // Refuse a checkpoint whose sink wrote to another stream before anything is read or written.
    const last = await ledger.lastCommitted();
    const newest = last === undefined ? null : await ledger.entry(last);
    await checkSinkTarget(store, { streamName: opts.streamName, region: conn.region, endpoint: conn.endpoint }, newest?.stream);
  }
  const [{ createKinesisClient }, sinkModule] = await Promise.all([import("../connection"), import("./kinesis-sink")]);
  return new sinkModule.KinesisSink(opts, conn, createKinesisClient(conn), ledger, log, warn);
}
