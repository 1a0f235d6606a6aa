import { AnalysisException } from "../errors";
import { streamingFrame } from "../exec/frame-factory";
import { USER_SCHEMA_OPTION } from "../exec/streaming-context";
import { findBatchSource } from "../io/batch-data-source";
import { findSource, sourceNames } from "../registry";
import type { StructType } from "../types/struct-type";
import type { SessionLike } from "./data-frame";
import { DataFrameReader } from "./data-frame-reader";
import { pending } from "./pending";
import { OptionSetters, optionValue, userSchema } from "./option-setters";

/**
 * `spark.readStream` (Spark's DataStreamReader): setters store string options and return `this`; `load()`
 * checks the format and its options now (so bad options fail before `start()`) and returns a streaming
 * DataFrame over a StreamingRelation leaf.
 */
export class DataStreamReader extends OptionSetters {
  private sourceFormat: string | undefined;
  private userSchema: StructType | undefined;

  constructor(private readonly session: unknown) {
    super();
  }

  format(source: string): this {
    this.sourceFormat = source;
    return this;
  }

  /** A StructType or a DDL string such as "id INT, data STRING". */
  schema(schema: StructType | string): this {
    this.userSchema = userSchema(schema);
    return this;
  }

  /** `readStream.json(dir)`: files arriving in a folder (src/connector/file); a schema is required. */
  json(path: string): unknown {
    return this.format("json").load(path);
  }
  csv(path: string): unknown {
    return this.format("csv").load(path);
  }
  text(path: string): unknown {
    return this.format("text").load(path);
  }
  parquet(path: string): unknown {
    return this.format("parquet").load(path);
  }

  /**
   * Freezes the reader into a streaming DataFrame; `path` sets option("path"). A file format without a schema,
   * with spark.sql.streaming.schemaInference on, first infers the schema from the files already there (I/O), so
   * it returns a Pending of the streaming DataFrame (see pending.ts) instead.
   */
  load(path?: string): unknown {
    if (path !== undefined) this.opts.set("path", path);
    const fmt = this.sourceFormat;
    if (this.userSchema === undefined && fmt !== undefined && fmt.toLowerCase() !== "text" && findBatchSource(fmt) && this.inferStreamingSchema()) {
      const dir = optionValue(this.opts, "path");
      if (dir !== undefined) {
        const batch = new DataFrameReader(this.session as SessionLike).format(fmt).options(this.opts);
        return pending(
          (async () => {
            this.userSchema = (await batch.load(dir)).schema;
            return this.loadNow();
          })(),
        );
      }
    }
    return this.loadNow();
  }

  private inferStreamingSchema(): boolean {
    const conf = (this.session as Partial<SessionLike> | null)?.conf;
    return (conf?.get("spark.sql.streaming.schemaInference", "false") ?? "false").toLowerCase() === "true";
  }

  private loadNow(): unknown {
    const format = this.sourceFormat;
    if (format === undefined) {
      throw new AnalysisException(
        'No source format given: call .format("aws-kinesis" | "rate" | "rate-micro-batch" | ...) before load().',
      );
    }
    const provider = findSource(format);
    if (!provider) {
      throw new AnalysisException(
        `[DATA_SOURCE_NOT_FOUND] Failed to find the data source: ${format}. Make sure the provider name is correct and the ` +
          `package is properly registered and compatible with your Spark version. SQLSTATE: 42K02 ` +
          `(streaming sources here: ${sourceNames().join(", ")})`,
        { errorClass: "DATA_SOURCE_NOT_FOUND", sqlState: "42K02", messageParameters: { provider: format } },
      );
    }
    const options = new Map(this.opts);
    provider.validateOptions?.(options);
    const schema = provider.sourceSchema(options, this.userSchema);
    // A user schema is recorded as an option so the provider sees it again at start().
    if (this.userSchema) options.set(USER_SCHEMA_OPTION, this.userSchema.json());
    return streamingFrame(this.session, { format: provider.name, options, schema });
  }

  /** Streams a table: in tspark, a MemoryStream registered under that name (spark.readStream.table). */
  table(tableName: string): unknown {
    throw new AnalysisException(
      `[TABLE_OR_VIEW_NOT_FOUND] The table or view \`${tableName}\` cannot be found as a streaming source. ` +
        "tspark streams from formats (readStream.format(...).load()); tables are batch-only.",
      { errorClass: "TABLE_OR_VIEW_NOT_FOUND", sqlState: "42P01" },
    );
  }
}
