import { randomUUID } from "node:crypto";
import { promises as fs } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { StreamingFrame as DataFrame } from "./streaming-context";
import { StreamingQuery } from "../api/streaming-query";
import type { Trigger } from "../api/trigger";
import { CheckpointLock } from "../checkpoint/checkpoint-lock";
import { ChecksummedStore } from "../checkpoint/checksummed-store";
import { FencedStore, PrefixedStore } from "../checkpoint/fenced-store";
import { readOrCreateQueryId } from "../checkpoint/query-metadata";
import { resolveCheckpointStore } from "../checkpoint/resolve-store";
import { AnalysisException, IllegalArgumentException } from "../errors";
import { findSink, sinkNames } from "../registry";
import { type Clock, SystemClock } from "./clock";
import { createForeachBatchSink, type ForeachBatchFunction } from "./foreach-batch-sink";
import { type BoundSource, MicroBatchExecution } from "./micro-batch-execution";
import { checkOutputMode } from "./output-mode-checker";
import type { OutputMode, SinkProvider } from "./sink";
import { streamingContext } from "./streaming-context";
import { bindSources } from "./bind-sources";
import { createBatchRunner } from "./incremental-runner";

export type { ForeachBatchFunction };

export interface StartRequest {
  readonly df: DataFrame;
  readonly format: string;
  readonly outputMode: OutputMode;
  readonly trigger: Trigger;
  readonly queryName: string | undefined;
  readonly options: ReadonlyMap<string, string>;
  readonly partitionBy: readonly string[];
  readonly foreachBatch: ForeachBatchFunction | undefined;
  /** Test hook: the query's clock (Spark's StreamManualClock); the wall clock otherwise. */
  readonly clock?: Clock;
}

/**
 * Sinks that may run without a checkpointLocation: Spark's one-time queries (DataStreamWriter's
 * SOURCES_ALLOW_ONE_TIME_QUERY), which get a temporary checkpoint deleted when the query stops without error.
 */
const TEMP_CHECKPOINT_SINKS = new Set(["console", "memory", "noop", "foreach", "foreachbatch"]);

function option(opts: ReadonlyMap<string, string>, key: string): string | undefined {
  for (const [k, v] of opts) if (k.toLowerCase() === key.toLowerCase()) return v;
  return undefined;
}

function sinkProviderFor(req: StartRequest): SinkProvider {
  if (req.foreachBatch) return createForeachBatchSink(req.foreachBatch);
  const provider = findSink(req.format);
  if (!provider) {
    throw new AnalysisException(
      `[DATA_SOURCE_NOT_FOUND] Failed to find the data source: ${req.format}. Make sure the provider name is correct and ` +
        `the package is properly registered and compatible with your Spark version. SQLSTATE: 42K02 ` +
        `(streaming sinks here: ${sinkNames().join(", ")}, and foreachBatch)`,
      { errorClass: "DATA_SOURCE_NOT_FOUND", sqlState: "42K02", messageParameters: { provider: req.format } },
    );
  }
  return provider;
}

async function checkpointLocationFor(
  req: StartRequest,
  sinkName: string,
  confGet: (k: string) => string | undefined,
): Promise<{ location: string; temporary: boolean }> {
  const given = option(req.options, "checkpointLocation");
  if (given !== undefined && given !== "") return { location: given, temporary: false };
  const root = confGet("spark.sql.streaming.checkpointLocation");
  if (root) return { location: path.join(root, req.queryName ?? randomUUID()), temporary: false };
  if (TEMP_CHECKPOINT_SINKS.has(sinkName)) {
    return { location: await fs.mkdtemp(path.join(tmpdir(), "temporary-")), temporary: true };
  }
  throw new AnalysisException(
    'checkpointLocation must be specified either through option("checkpointLocation", ...) or ' +
      'SparkSession.conf.set("spark.sql.streaming.checkpointLocation", ...)',
  );
}

/**
 * DataStreamWriter.start(). The manager is told of the start while it is under way (it needs I/O), so that
 * a script whose code ended without awaiting start() still waits for, and reports, that query.
 */
export function startStreamingQuery(req: StartRequest): Promise<StreamingQuery> {
  const started = startQuery(req);
  try {
    streamingContext(req.df).manager.trackStart(started);
  } catch {
    // no manager: startQuery fails with the reason
  }
  return started;
}

/** Validate, resolve the checkpoint, wire sources, sink and execution, run. */
async function startQuery(req: StartRequest): Promise<StreamingQuery> {
  const ctx = streamingContext(req.df);
  const sinkName = req.foreachBatch ? "foreachbatch" : req.format.toLowerCase();
  const provider = sinkProviderFor(req);
  if (sinkName === "memory" && (req.queryName === undefined || req.queryName === "")) {
    throw new AnalysisException("queryName must be specified for memory sink");
  }
  checkOutputMode(req.df.plan, req.outputMode, req.df.session);
  if (provider.supportedOutputModes && !provider.supportedOutputModes.includes(req.outputMode)) {
    throw new AnalysisException(`Data source ${req.format} does not support ${capitalize(req.outputMode)} output mode`);
  }
  provider.validateOptions?.(req.options, req.df.schema, req.outputMode);
  const manager = ctx.manager;
  manager.checkNameFree(req.queryName ?? null);

  const rawRetention = ctx.conf("spark.sql.streaming.minBatchesToRetain") ?? "100";
  const retention = Number(rawRetention);
  if (!Number.isInteger(retention) || retention < 1) {
    throw new IllegalArgumentException(`spark.sql.streaming.minBatchesToRetain must be a positive integer, got '${rawRetention}'`);
  }
  const { location, temporary } = await checkpointLocationFor(req, sinkName, ctx.conf);
  // Layers: the raw store holds the lock; checksums cover the write-once files; once the lock is held, every
  // write is fenced by it (docs/reliability.md).
  const rawStore = await resolveCheckpointStore(location, req.options);
  const checked = new ChecksummedStore(rawStore);
  if (sinkName === "memory" && req.outputMode !== "complete" && !temporary && (await checked.list("offsets")).length > 0) {
    throw new AnalysisException(
      `This query does not support recovering from checkpoint location. Delete ${location}/offsets to start over.`,
    );
  }
  const queryId = await readOrCreateQueryId(checked);
  manager.checkNotActive(queryId);
  const runId = randomUUID();
  const lock = await CheckpointLock.acquire(rawStore, queryId, runId);
  lock.startHeartbeat();
  const store = new FencedStore(checked, lock);
  const clock = req.clock ?? new SystemClock();

  let sources: BoundSource[] = [];
  try {
    // Sources are bound before the execution exists; their data-arrived calls reach it once it does.
    let onData: (() => void) | null = null;
    sources = await bindSources(req.df.plan, { store, queryId, session: req.df.session, clock, dataArrived: () => onData?.() });
    const runner = await createBatchRunner(req.df, req.outputMode, store);
    const sink = await provider.createSink({
      options: req.options,
      outputMode: req.outputMode,
      queryName: req.queryName,
      queryId,
      checkpointPath: `${location.replace(/\/$/, "")}/sinks/0`,
      checkpointStore: new PrefixedStore(store, "sinks/0"),
      schema: runner.outputSchema,
      session: req.df.session,
      partitionBy: req.partitionBy,
    });
    const query = new StreamingQuery(queryId, runId, req.queryName ?? null, (q) => manager.notifyTerminated(q));
    const execution = new MicroBatchExecution({
      queryId,
      runId,
      name: req.queryName ?? null,
      store,
      sources,
      sink,
      runner,
      trigger: req.trigger,
      clock,
      conf: ctx.recordedConf(),
      minBatchesToRetain: retention,
      events: {
        onProgress: (p) => {
          query.recordProgress(p);
          manager.notifyProgress(p);
        },
        onIdle: () => manager.notifyIdle(query),
        onStatus: (s) => query.recordStatus(s),
      },
    });
    onData = () => execution.dataArrived();
    manager.notifyStarted(query);
    // Recovery happens before start() returns (AvailableNow fixes its targets now); its errors end the query
    // like any other failure. The loop itself starts on the next tick, after onQueryStarted.
    const prepared = execution.prepare();
    await prepared.catch(() => {});
    const done = prepared.then(() => new Promise<void>((resolve) => setImmediate(resolve))).then(() => execution.run());
    query.attach({
      execution,
      done,
      explain: (extended) => runner.explain(extended),
      cleanup: async (failed) => {
        const errors: unknown[] = [];
        for (const { source } of sources) await source.stop().catch((e: unknown) => errors.push(e));
        await sink.stop?.().catch((e: unknown) => errors.push(e));
        await lock.release().catch((e: unknown) => errors.push(e));
        // Spark keeps a failed one-time query's checkpoint for inspection unless forceDeleteTempCheckpointLocation.
        const force = ctx.conf("spark.sql.streaming.forceDeleteTempCheckpointLocation")?.toLowerCase() === "true";
        if (temporary && (!failed || force)) await fs.rm(location, { recursive: true, force: true }).catch(() => {});
        if (errors.length > 0) throw errors[0];
      },
    });
    return query;
  } catch (err) {
    for (const { source } of sources) await source.stop().catch(() => {});
    await lock.release().catch(() => {});
    if (temporary) await fs.rm(location, { recursive: true, force: true }).catch(() => {});
    throw err;
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
