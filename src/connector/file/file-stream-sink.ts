/**
 * Spark's FileStreamSink: each batch writes new part files (fresh names, so a re-run never overwrites what a
 * reader may hold), then records them in `<path>/_spark_metadata/<batchId>` with a put-if-absent. The log entry
 * is the commit: a batch whose process died before it is invisible (its files are orphans no reader lists), and
 * a batch already in the log is skipped when the engine offers it again after a restart. Append mode only.
 */
import { IllegalArgumentException, IllegalStateException } from "../../engine/errors";
import { resolveCheckpointStore } from "../../engine/checkpoint/resolve-store";
import type { SinkProvider, StreamSink } from "../../engine/exec/sink";
import type { StructType } from "../../engine/types/struct-type";
import type { Row } from "../../engine/types/values";
import { partitionIndexes, writePartFiles } from "./file-writer";
import { type FileFormat, FormatOptions } from "./formats/file-format";
import { logPath, parseFileLocation } from "./fs/location";
import { resolveFileSystem } from "./fs/resolve-file-system";
import { fileSinkCrashPoint } from "./sink-crash-point";
import { FileStreamSinkLog, SINK_METADATA_DIR, type SinkFileEntry } from "./sink-log";

/** Spark records the HDFS block size; the value Spark writes for local files and S3A. */
const BLOCK_SIZE = 33554432;

function optionOf(options: ReadonlyMap<string, string>, key: string): string | undefined {
  for (const [k, v] of options) if (k.toLowerCase() === key.toLowerCase()) return v;
  return undefined;
}

/** Where the sink's log lives as a checkpoint-store location (s3a:// is s3:// to the S3 store). */
export function sinkLogStoreLocation(path: string): string {
  const loc = parseFileLocation(path);
  return loc.scheme === "s3" ? `s3://${loc.bucket}/${loc.path}` : loc.path;
}

function sessionTimeZone(session: unknown): string {
  const conf = (session as { conf?: { get(k: string, d?: string | null): string } } | null)?.conf;
  return conf?.get("spark.sql.session.timeZone", "UTC") ?? "UTC";
}

export function fileSinkProvider(format: FileFormat): SinkProvider {
  return {
    name: format.name,
    supportedOutputModes: ["append"],
    validateOptions(options) {
      if (optionOf(options, "path") === undefined || optionOf(options, "path") === "") {
        throw new IllegalArgumentException(`'path' is not specified: call .option("path", dir) or .start(dir) for the ${format.name} sink.`);
      }
    },
    async createSink(ctx): Promise<StreamSink> {
      const raw = optionOf(ctx.options, "path")!;
      const loc = parseFileLocation(raw);
      const path = loc.scheme === "file" ? loc.path : raw.replace(/\/+$/, "");
      const partitionBy = ctx.partitionBy ?? [];
      partitionIndexes(ctx.schema, partitionBy);
      const fs = await resolveFileSystem(path, ctx.options);
      await fs.prepareForWrite?.(path);
      const log = new FileStreamSinkLog(await resolveCheckpointStore(sinkLogStoreLocation(path), ctx.options), SINK_METADATA_DIR);
      const options = new FormatOptions(ctx.options, sessionTimeZone(ctx.session));
      return {
        description: `FileSink[${path}]`,
        async addBatch(batchId: number, rows: Row[], schema: StructType): Promise<void> {
          const latest = await log.getLatestBatchId();
          if (latest !== null && batchId <= latest) return; // Spark: "Skipping already committed batch"
          const files = await writePartFiles(fs, path, rows, schema, partitionBy, format, options, false);
          const entries: SinkFileEntry[] = files.map((f) => ({
            path: logPath(f.path),
            size: f.size,
            isDir: false,
            modificationTime: f.modificationTime,
            blockReplication: 1,
            blockSize: BLOCK_SIZE,
            action: "add",
          }));
          fileSinkCrashPoint("fileSinkBeforeLog", batchId);
          if (!(await log.addBatch(batchId, entries))) {
            throw new IllegalStateException(
              `Race while writing batch ${batchId}: another query wrote ${path}/${SINK_METADATA_DIR}/${batchId} first. ` +
                "Two queries must not share one output path.",
            );
          }
          fileSinkCrashPoint("fileSinkAfterLog", batchId);
        },
      };
    },
  };
}
