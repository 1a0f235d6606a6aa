/**
 * A streaming test DSL after Spark's StreamTest:
 * ```
 * await testStream(df, "update",
 *   AddData(input, ["a"], ["b"]), CheckAnswer(["a", 1n], ["b", 1n]),
 *   StopStream(), AddData(input, ["a"]), StartStream(), CheckNewAnswer(["a", 2n]));
 * ```
 * The query writes into an in-process test sink (append/update: all rows so far; complete: the last batch).
 * On a failed action the error shows the action, the committed offsets, the sink rows and the plan.
 */
import { promises as fs } from "node:fs";
import Module from "node:module";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { MemoryStream } from "../../src/connector/memory/memory-stream";
import * as dataFrameModule from "../../src/engine/api/data-frame";
import * as writerModule from "../../src/engine/api/data-stream-writer";
import type { StreamingFrame as DataFrame } from "../../src/engine/exec/streaming-context";
import { DataStreamReader } from "../../src/engine/api/data-stream-reader";
import { DataStreamWriter } from "../../src/engine/api/data-stream-writer";
import { StreamingQueryManager } from "../../src/engine/api/query-manager";
import type { StreamingQuery } from "../../src/engine/api/streaming-query";
import type { Trigger, TriggerOptions } from "../../src/engine/api/trigger";
import type { ManualClock } from "../../src/engine/exec/clock";
import type { OutputMode, SinkProvider } from "../../src/engine/exec/sink";
import { registerSink } from "../../src/engine/registry";
import type { Row } from "../../src/engine/types/values";

const TEST_SINK = "tspark-test-sink";

/**
 * The engine breaks import cycles with lazy `require("./data-frame")`-style calls. Under vitest, Node's require
 * cannot load .ts files, so map those few modules to the instances vitest already loaded (same classes, same
 * registries). Harmless outside vitest, where ts-node handles .ts itself.
 */
function shareModulesWithRequire(): void {
  const exts = (Module as unknown as { _extensions: Record<string, (m: { exports: unknown }, file: string) => void> })._extensions;
  if (exts[".ts"]) return;
  const known = new Map<string, unknown>([
    [path.resolve("src/engine/api/data-frame.ts"), dataFrameModule],
    [path.resolve("src/engine/api/data-stream-writer.ts"), writerModule],
  ]);
  exts[".ts"] = (m, file) => {
    const mod = known.get(file);
    if (mod === undefined) throw new Error(`tspark tests: cannot require ${file} under vitest`);
    m.exports = mod;
  };
}
shareModulesWithRequire();

/**
 * A session whose `streams` / `readStream` work under vitest: session.ts loads them with a lazy `require`,
 * which vitest's module runner cannot resolve for .ts files, so the test installs them up front.
 */
export function streamingSession<S extends object>(session: S): S & { streams: StreamingQueryManager; readStream: DataStreamReader } {
  const manager = new StreamingQueryManager(session);
  Object.defineProperty(session, "streams", { get: () => manager, configurable: true });
  Object.defineProperty(session, "readStream", { get: () => new DataStreamReader(session), configurable: true });
  return session as S & { streams: StreamingQueryManager; readStream: DataStreamReader };
}

interface SinkData {
  batches: Map<number, Row[]>;
  mode: OutputMode;
}

const sinks = new Map<string, SinkData>();

const testSinkProvider: SinkProvider = {
  name: TEST_SINK,
  async createSink(ctx) {
    const data = sinks.get(ctx.options.get("sinkId")!)!;
    data.mode = ctx.outputMode;
    return {
      description: "TestSink",
      async addBatch(batchId, rows) {
        // Spark's MemorySink contract: a replayed batch id is ignored.
        if (!data.batches.has(batchId)) data.batches.set(batchId, [...rows]);
      },
    };
  },
};
registerSink(testSinkProvider);

export interface StreamTestState {
  readonly df: DataFrame;
  readonly outputMode: OutputMode;
  readonly sinkId: string;
  checkpointLocation: string;
  query: StreamingQuery | null;
  clock: ManualClock | null;
  /** Rows already returned by CheckNewAnswer. */
  seenBatches: number;
  readonly log: string[];
}

export type StreamAction = { readonly describe: string; run(state: StreamTestState): Promise<void> };

function sinkData(s: StreamTestState): SinkData {
  return sinks.get(s.sinkId)!;
}

function allRows(s: StreamTestState): Row[] {
  const d = sinkData(s);
  const ids = [...d.batches.keys()].sort((a, b) => a - b);
  if (d.mode === "complete") return ids.length === 0 ? [] : d.batches.get(ids[ids.length - 1]!)!;
  return ids.flatMap((id) => d.batches.get(id)!);
}

/** Stable text of a row for order-insensitive comparison (bigint keeps its `n`). */
export function rowKey(row: unknown): string {
  return JSON.stringify(row, (_k, v: unknown) => {
    if (typeof v === "bigint") return `${v}n`;
    if (v instanceof Uint8Array) return `bytes:${Buffer.from(v).toString("hex")}`;
    if (v instanceof Map) return { map: [...v.entries()] };
    return v;
  });
}

function sameRows(actual: readonly Row[], expected: readonly Row[], ordered: boolean): boolean {
  const a = actual.map(rowKey);
  const e = expected.map(rowKey);
  if (!ordered) {
    a.sort();
    e.sort();
  }
  return a.length === e.length && a.every((x, i) => x === e[i]);
}

async function waitProcessed(s: StreamTestState): Promise<void> {
  if (!s.query) throw new Error("the stream is not running (add StartStream())");
  await s.query.processAllAvailable();
}

async function start(s: StreamTestState, opts: StartOptions): Promise<void> {
  if (s.query?.isActive) throw new Error("StartStream: the stream is already running");
  if (opts.checkpointLocation !== undefined) s.checkpointLocation = opts.checkpointLocation;
  if (opts.clock) s.clock = opts.clock;
  const writer = new DataStreamWriter(s.df)
    .format(TEST_SINK)
    .outputMode(s.outputMode)
    .option("sinkId", s.sinkId)
    .option("checkpointLocation", s.checkpointLocation);
  if (opts.trigger) writer.trigger(opts.trigger);
  if (s.clock) writer.triggerClock(s.clock);
  s.query = await writer.start();
}

export interface StartOptions {
  checkpointLocation?: string;
  trigger?: Trigger | TriggerOptions;
  clock?: ManualClock;
}

export const StartStream = (opts: StartOptions = {}): StreamAction => ({
  describe: `StartStream(${JSON.stringify({ ...opts, clock: opts.clock ? "ManualClock" : undefined })})`,
  run: (s) => start(s, opts),
});

export const StopStream = (): StreamAction => ({
  describe: "StopStream",
  async run(s) {
    await s.query?.stop();
  },
});

export const AddData = (stream: MemoryStream, ...rows: unknown[]): StreamAction => ({
  describe: `AddData(${stream.name}, ${rows.map(rowKey).join(", ")})`,
  async run() {
    stream.addData(...rows);
  },
});

/** Everything the sink holds (append/update: all rows so far; complete: the last batch), in any order. */
export const CheckAnswer = (...expected: Row[]): StreamAction => ({
  describe: `CheckAnswer(${expected.map(rowKey).join(", ")})`,
  async run(s) {
    await waitProcessed(s);
    const actual = allRows(s);
    if (!sameRows(actual, expected, false)) throw new Error(`expected ${expected.map(rowKey).join(", ") || "(none)"}`);
    s.seenBatches = sinkData(s).batches.size;
  },
});

/** Rows of the batches written since the previous check, in any order. */
export const CheckNewAnswer = (...expected: Row[]): StreamAction => ({
  describe: `CheckNewAnswer(${expected.map(rowKey).join(", ")})`,
  async run(s) {
    await waitProcessed(s);
    const d = sinkData(s);
    const ids = [...d.batches.keys()].sort((a, b) => a - b).slice(s.seenBatches);
    const actual = ids.flatMap((id) => d.batches.get(id)!);
    s.seenBatches = d.batches.size;
    if (!sameRows(actual, expected, false)) {
      throw new Error(`expected new rows ${expected.map(rowKey).join(", ") || "(none)"}, got ${actual.map(rowKey).join(", ") || "(none)"}`);
    }
  },
});

/** Rows of the last batch only. */
export const CheckLastBatch = (...expected: Row[]): StreamAction => ({
  describe: `CheckLastBatch(${expected.map(rowKey).join(", ")})`,
  async run(s) {
    await waitProcessed(s);
    const d = sinkData(s);
    const ids = [...d.batches.keys()].sort((a, b) => a - b);
    const actual = ids.length === 0 ? [] : d.batches.get(ids[ids.length - 1]!)!;
    if (!sameRows(actual, expected, false)) throw new Error(`expected last batch ${expected.map(rowKey).join(", ")}`);
  },
});

export const AdvanceClock = (ms: number): StreamAction => ({
  describe: `AdvanceClock(${ms})`,
  async run(s) {
    if (!s.clock) throw new Error("AdvanceClock needs StartStream({ clock: new ManualClock() })");
    s.clock.advance(ms);
  },
});

/** The query fails; `check` sees the StreamingQueryException (its `cause` is the original error). */
export const ExpectFailure = (check: (err: Error) => void = () => {}): StreamAction => ({
  describe: "ExpectFailure",
  async run(s) {
    if (!s.query) throw new Error("ExpectFailure: the stream is not running");
    let failure: unknown = null;
    try {
      await s.query.awaitTermination();
    } catch (err) {
      failure = err;
    }
    if (!(failure instanceof Error)) throw new Error("expected the query to fail, but it ended normally");
    check(failure);
  },
});

export const AssertOnQuery = (check: (q: StreamingQuery) => boolean | Promise<boolean>, what = "assertion"): StreamAction => ({
  describe: `AssertOnQuery(${what})`,
  async run(s) {
    if (!s.query) throw new Error("the stream is not running");
    if (!(await check(s.query))) throw new Error(`${what} failed`);
  },
});

export const Execute = (fn: (s: StreamTestState) => void | Promise<void>, what = "execute"): StreamAction => ({
  describe: `Execute(${what})`,
  async run(s) {
    await fn(s);
  },
});

function report(s: StreamTestState, failed: StreamAction, err: unknown): string {
  const q = s.query;
  const p = q?.lastProgress;
  const lines = [
    `Streaming test failed at ${failed.describe}: ${err instanceof Error ? err.message : String(err)}`,
    "",
    "== Actions ==",
    ...s.log,
    "",
    "== Progress ==",
    `query active: ${q?.isActive ?? false}${q?.exception ? `, exception: ${q.exception.message}` : ""}`,
    `last batch: ${p ? p.batchId : "(none)"}`,
    ...(p?.sources.map((src) => `  ${src.description}: ${JSON.stringify(src.startOffset)} -> ${JSON.stringify(src.endOffset)}`) ?? []),
    "",
    "== Sink ==",
    ...[...sinkData(s).batches.entries()].map(([id, rows]) => `  batch ${id}: ${rows.map(rowKey).join(", ")}`),
    "",
    "== Plan ==",
    q ? q.explain(true) : "(no query)",
  ];
  return lines.join("\n");
}

let sinkCounter = 0;

/**
 * Runs the actions in order. Starts the query first unless the first action is StartStream; stops it at the end.
 */
export async function testStream(df: DataFrame, outputMode: OutputMode, ...actions: StreamAction[]): Promise<void> {
  const sinkId = `sink-${process.pid}-${sinkCounter++}`;
  sinks.set(sinkId, { batches: new Map(), mode: outputMode });
  const state: StreamTestState = {
    df,
    outputMode,
    sinkId,
    checkpointLocation: await fs.mkdtemp(path.join(tmpdir(), "tspark-streamtest-")),
    query: null,
    clock: null,
    seenBatches: 0,
    log: [],
  };
  const all = actions[0]?.describe.startsWith("StartStream") ? actions : [StartStream(), ...actions];
  try {
    for (const action of all) {
      state.log.push(`  ${action.describe}`);
      try {
        await action.run(state);
      } catch (err) {
        const e = new Error(report(state, action, err));
        if (err instanceof Error) e.cause = err;
        throw e;
      }
    }
  } finally {
    await state.query?.stop().catch(() => {});
    sinks.delete(sinkId);
  }
}
