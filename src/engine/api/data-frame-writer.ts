import { AnalysisException, IllegalArgumentException } from "../errors";
import type { SaveMode } from "../io/batch-data-source";
import type { DataFrame } from "./data-frame";
import { batchSourceFor, ioSession } from "./data-frame-reader";
import { OptionSetters, optionValue } from "./option-setters";

/** Spark's SaveMode names (DataFrameWriter.mode), case-insensitive; "error" is "errorifexists". */
export function parseSaveMode(mode: string): SaveMode {
  const m = mode.toLowerCase();
  if (m === "append" || m === "overwrite" || m === "ignore" || m === "errorifexists") return m;
  if (m === "error" || m === "default") return "errorifexists";
  throw new IllegalArgumentException(
    `[INVALID_SAVE_MODE] The specified save mode "${mode}" is invalid. Valid save modes include "append", "overwrite", "ignore", "error", "errorifexists", and "default". SQLSTATE: 42000`,
    { errorClass: "INVALID_SAVE_MODE", sqlState: "42000" },
  );
}

/**
 * `df.write` (Spark's DataFrameWriter): setters store and return `this`; `save(path)` collects the DataFrame
 * and writes it, returning a Promise (the shell awaits it; in foreachBatch, return or await it).
 */
export class DataFrameWriter extends OptionSetters {
  private sinkFormat = "parquet";
  private saveMode: SaveMode = "errorifexists";
  private partitionColumns: string[] = [];

  constructor(private readonly df: DataFrame) {
    super();
  }

  format(source: string): this {
    this.sinkFormat = source;
    return this;
  }

  mode(saveMode: string): this {
    this.saveMode = parseSaveMode(saveMode);
    return this;
  }

  partitionBy(...cols: (string | string[])[]): this {
    this.partitionColumns = cols.flat();
    return this;
  }

  save(path?: string): Promise<void> {
    return this.saveAsync(path);
  }
  json(path: string): Promise<void> {
    return this.format("json").save(path);
  }
  csv(path: string): Promise<void> {
    return this.format("csv").save(path);
  }
  text(path: string): Promise<void> {
    return this.format("text").save(path);
  }
  parquet(path: string): Promise<void> {
    return this.format("parquet").save(path);
  }

  private async saveAsync(path?: string): Promise<void> {
    const target = path ?? optionValue(this.opts, "path");
    if (target === undefined) {
      throw new IllegalArgumentException("'path' is not specified: call save(path) or .parquet(path) (or option('path', ...)).");
    }
    if (this.df.isStreaming) {
      throw new AnalysisException("'write' can not be called on streaming Dataset/DataFrame: use writeStream.", {
        errorClass: "_LEGACY_ERROR_TEMP_1224",
      });
    }
    const source = batchSourceFor(this.sinkFormat, "df.write");
    const schema = this.df.schema;
    const names = schema.fieldNames();
    for (const c of this.partitionColumns) {
      if (!names.some((n) => n.toLowerCase() === c.toLowerCase())) {
        throw new AnalysisException(
          `Partition column \`${c}\` not found in schema ${schema.simpleString()}.`,
          { errorClass: "_LEGACY_ERROR_TEMP_1137" },
        );
      }
    }
    await source.write({
      format: source.name,
      path: target,
      mode: this.saveMode,
      partitionBy: [...this.partitionColumns],
      options: new Map(this.opts),
      schema,
      rows: this.df.collectValues(),
      session: ioSession(this.df.session),
    });
  }
}
