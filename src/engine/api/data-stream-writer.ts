import { AnalysisException, IllegalArgumentException } from "../errors";
import type { StreamingFrame as DataFrame } from "../exec/streaming-context";
import { startStreamingQuery, type ForeachBatchFunction } from "../exec/query-starter";
import type { Clock } from "../exec/clock";
import type { OutputMode } from "../exec/sink";
import type { StructTypeImpl } from "../types/struct-type";
import { type RowImpl, toRow } from "./row";
import { type StartingQuery, startingQuery } from "./starting-query";
import type { StreamingQuery } from "./streaming-query";
import { DEFAULT_TRIGGER, parseTrigger, type Trigger, type TriggerOptions } from "./trigger";
import { rememberQueryDefinition } from "../plan/to-pyspark";
import { findSink } from "../registry";
import { OptionSetters, optionValue } from "./option-setters";

function parseOutputMode(mode: string): OutputMode {
  const m = mode.toLowerCase();
  if (m === "append" || m === "update" || m === "complete") return m;
  throw new IllegalArgumentException(
    `Unknown output mode ${mode}. Accepted output modes are 'append', 'complete', 'update'`,
  );
}

/**
 * `df.writeStream` (Spark's DataStreamWriter): setters store and return `this`; `start()` freezes them.
 */
export class DataStreamWriter extends OptionSetters {
  private sinkFormat: string | undefined;
  private mode: OutputMode = "append";
  private trig: Trigger = DEFAULT_TRIGGER;
  private name: string | undefined;
  private partitionColumns: string[] = [];
  private batchFn: ForeachBatchFunction | undefined;
  private clockOverride: Clock | undefined;

  constructor(private readonly df: DataFrame) {
    super();
  }

  format(source: string): this {
    this.sinkFormat = source;
    return this;
  }

  outputMode(mode: string): this {
    this.mode = parseOutputMode(mode);
    return this;
  }

  trigger(trigger: Trigger | TriggerOptions): this {
    this.trig = parseTrigger(trigger);
    return this;
  }

  queryName(name: string): this {
    this.name = name;
    return this;
  }

  /** Accepted for Spark compatibility; sinks that partition (files) read it, others ignore it. */
  partitionBy(...cols: string[]): this {
    this.partitionColumns = cols.flat();
    return this;
  }

  /** Calls `fn(batchDf, batchId)` for every micro-batch; async functions are awaited before the commit. */
  foreachBatch(fn: ForeachBatchFunction): this {
    if (typeof fn !== "function") throw new IllegalArgumentException("foreachBatch expects a function (batchDF, batchId) => void | Promise<void>");
    this.batchFn = fn;
    this.sinkFormat = "foreachBatch";
    return this;
  }

  /**
   * Calls a function per row, or a writer object per batch: `open(partitionId, epochId)` (return false to skip
   * the batch), `process(row)` for each row, `close(error)` (Spark's ForeachWriter). At-least-once, like Spark.
   */
  foreach(writer: ForeachWriter | ((row: RowImpl) => void | Promise<void>)): this {
    const w: ForeachWriter = typeof writer === "function" ? { process: writer } : writer;
    if (typeof w.process !== "function") {
      throw new IllegalArgumentException("foreach expects a function (row) => void or an object with process(row)");
    }
    this.batchFn = async (batchDf, batchId) => {
      const df = batchDf as { schema: StructTypeImpl; collectValues(): unknown[][] };
      const open = w.open ? await w.open(0, batchId) : true;
      if (open === false) return;
      let error: Error | null = null;
      try {
        for (const values of df.collectValues()) await w.process(toRow(values, df.schema));
      } catch (err) {
        error = err instanceof Error ? err : new Error(String(err));
      }
      await w.close?.(error);
      if (error) throw error;
    };
    this.sinkFormat = "foreachBatch";
    return this;
  }

  /** Test hook: run the query on this clock (Spark's StreamManualClock in StreamTest). */
  triggerClock(clock: Clock): this {
    this.clockOverride = clock;
    return this;
  }

  /**
   * Starts the query; `path` sets option("path"). Returns a Promise of the query that also answers the query's
   * methods, so Spark-style chains work without `await` (see starting-query.ts).
   */
  start(path?: string): StartingQuery {
    return startingQuery(this.startAsync(path));
  }

  private async startAsync(path?: string): Promise<StreamingQuery> {
    if (path !== undefined) this.opts.set("path", path);
    if (!this.df.isStreaming) {
      throw new AnalysisException("'writeStream' can be called only on streaming Dataset/DataFrame");
    }
    const queryName = this.name ?? optionValue(this.opts, "queryName");
    const query = await startStreamingQuery({
      df: this.df,
      format: this.sinkFormat ?? defaultSinkFormat(this.df),
      outputMode: this.mode,
      trigger: this.trig,
      queryName,
      options: new Map(this.opts),
      partitionBy: [...this.partitionColumns],
      foreachBatch: this.batchFn,
      clock: this.clockOverride,
    });
    // Kept beside the query for query.toPySpark() / .export (src/engine/plan/to-pyspark.ts).
    rememberQueryDefinition(query, this.df.plan, {
      format: this.batchFn ? "foreachBatch" : (this.sinkFormat ?? defaultSinkFormat(this.df)),
      outputMode: this.mode,
      trigger: this.trig,
      queryName: queryName ?? null,
      options: [...this.opts.entries()],
      partitionBy: [...this.partitionColumns],
    });
    return query;
  }

  /** Starts the query writing to the memory table `tableName` (tspark has no catalog of file tables). */
  toTable(tableName: string): StartingQuery {
    if (this.sinkFormat !== undefined && this.sinkFormat.toLowerCase() !== "memory") {
      return startingQuery(Promise.reject(new AnalysisException(
        `toTable('${tableName}') writes to an in-memory table in tspark; format('${this.sinkFormat}') cannot be combined with it.`,
      )));
    }
    this.sinkFormat = "memory";
    this.name = this.name ?? tableName;
    if (this.name !== tableName) {
      return startingQuery(
        Promise.reject(new AnalysisException(`toTable('${tableName}') names the table; remove queryName('${this.name}') or use the same name.`)),
      );
    }
    return this.start();
  }
}

/** Spark's ForeachWriter: open per partition and epoch (batch), process per row, close with the error or null. */
export interface ForeachWriter {
  open?(partitionId: number, epochId: number): boolean | Promise<boolean>;
  process(row: RowImpl): void | Promise<void>;
  close?(error: Error | null): void | Promise<void>;
}

/** Spark's default sink format is spark.sql.sources.default (parquet), a file sink that needs option("path"). */
function defaultSinkFormat(_df: DataFrame): string {
  if (findSink("parquet")) return "parquet";
  throw new AnalysisException(
    "No sink format given: call .format(\"console\" | \"memory\" | \"aws-kinesis\" | \"parquet\" | ...) or .foreachBatch(fn) before start().",
  );
}
