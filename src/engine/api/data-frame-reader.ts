import { AnalysisException } from "../errors";
import { type BatchDataSource, batchSourceNames, findBatchSource, type IoSession } from "../io/batch-data-source";
import { node } from "../plan/nodes";
import type { StructType, } from "../types/struct-type";
import { DataFrame, type SessionLike } from "./data-frame";
import { type Pending, pending } from "./pending";
import { OptionSetters, optionValue, userSchema } from "./option-setters";

/** The session's conf as the connector sees it. */
export function ioSession(session: SessionLike): IoSession {
  return {
    timeZone: session.conf.get("spark.sql.session.timeZone"),
    conf: (key) => {
      const v = session.conf.get(key, null);
      return v === null ? undefined : v;
    },
  };
}

export function batchSourceFor(format: string, op: string): BatchDataSource {
  const source = findBatchSource(format);
  if (source) return source;
  throw new AnalysisException(
    `[DATA_SOURCE_NOT_FOUND] Failed to find the data source: ${format}. Make sure the provider name is correct and the ` +
      `package is properly registered and compatible with your Spark version. SQLSTATE: 42K02 ` +
      `(file formats for ${op}: ${batchSourceNames().join(", ") || "none registered"})`,
    { errorClass: "DATA_SOURCE_NOT_FOUND", sqlState: "42K02", messageParameters: { provider: format } },
  );
}

/**
 * `spark.read` (Spark's DataFrameReader): setters store options and return `this`; `load(path)` reads the files
 * now (all of them: tspark's DataFrames hold their rows) and returns a Pending<DataFrame> (see pending.ts), so
 * `await spark.read.parquet(p)` gives the DataFrame and chains work in the shell without `await`.
 */
export class DataFrameReader extends OptionSetters {
  private sourceFormat = "parquet";
  private userSchema: StructType | undefined;

  constructor(private readonly session: SessionLike) {
    super();
  }

  /** Spark's spark.sql.sources.default is parquet. */
  format(source: string): this {
    this.sourceFormat = source;
    return this;
  }

  schema(schema: StructType | string): this {
    this.userSchema = userSchema(schema);
    return this;
  }

  load(...paths: (string | string[])[]): Pending<DataFrame> {
    return pending(this.loadAsync(paths.flat()));
  }

  json(...paths: (string | string[])[]): Pending<DataFrame> {
    return this.format("json").load(...paths);
  }
  csv(...paths: (string | string[])[]): Pending<DataFrame> {
    return this.format("csv").load(...paths);
  }
  text(...paths: (string | string[])[]): Pending<DataFrame> {
    return this.format("text").load(...paths);
  }
  parquet(...paths: (string | string[])[]): Pending<DataFrame> {
    return this.format("parquet").load(...paths);
  }

  private async loadAsync(paths: string[]): Promise<DataFrame> {
    const optionPath = optionValue(this.opts, "path");
    const all = paths.length > 0 ? paths : optionPath !== undefined ? [optionPath] : [];
    if (all.length === 0) {
      throw new AnalysisException(
        `Unable to infer schema for ${this.sourceFormat}: no path given. Call load(path) or .${this.sourceFormat}(path).`,
      );
    }
    const source = batchSourceFor(this.sourceFormat, "spark.read");
    const { schema, rows } = await source.read({
      format: source.name,
      paths: all,
      options: new Map(this.opts),
      userSchema: this.userSchema,
      session: ioSession(this.session),
    });
    return DataFrame.ofPlan(this.session, node({ kind: "LocalRelation", schema, rows }));
  }
}
