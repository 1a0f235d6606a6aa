/**
 * Spark's FileStreamSource over a folder (or glob) of json / csv / text / parquet files. Each trigger lists the
 * folder, takes the files not seen before (oldest first, or newest with latestFirst; capped by
 * maxFilesPerTrigger / maxBytesPerTrigger; files older than maxFileAge behind the newest seen are skipped),
 * records them as batch N of its own log under `sources/<i>/` and answers `{"logOffset":N}`. `getBatch` reads
 * the files the log names, so a re-run batch reads exactly the same files. After a commit, cleanSource archives
 * or deletes the files of committed batches.
 */
import { resolveCheckpointStore } from "../../engine/checkpoint/resolve-store";
import { AnalysisException, IllegalArgumentException } from "../../engine/errors";
import type { ReadLimit, SourceContext, SourceOffset, SourceProvider, StreamSource } from "../../engine/exec/source";
import { StringType } from "../../engine/types/data-types";
import { StructFieldImpl, type StructType, StructTypeImpl } from "../../engine/types/struct-type";
import type { Row } from "../../engine/types/values";
import { discoverPartitions, loadFiles, planRead, readPlannedFiles } from "./file-data-source";
import { type FileFormat, FormatOptions } from "./formats/file-format";
import { joinLocation, logPath, parseFileLocation } from "./fs/location";
import { resolveFileSystem } from "./fs/resolve-file-system";
import { fromLogPath, type InputFile, isGlob, listInputFiles } from "./listing";
import { FileStreamSourceLog, formatSourceOffset, parseSourceOffset, type SourceFileEntry } from "./source-log";
import { type FileStreamOptions, fileStreamOptions } from "./source-options";

function optionOf(options: ReadonlyMap<string, string>, key: string): string | undefined {
  for (const [k, v] of options) if (k.toLowerCase() === key.toLowerCase()) return v;
  return undefined;
}

function sessionTimeZone(session: unknown): string {
  const conf = (session as { conf?: { get(k: string, d?: string | null): string } } | null)?.conf;
  return conf?.get("spark.sql.session.timeZone", "UTC") ?? "UTC";
}

export function schemaRequired(): AnalysisException {
  return new AnalysisException(
    "Schema must be specified when creating a streaming source DataFrame. If some files already exist in the directory, " +
      "then depending on the file format you may be able to create a static DataFrame on that directory with " +
      "'spark.read.load(directory)' and infer schema from it. (Or set spark.sql.streaming.schemaInference to true.)",
  );
}

class FileStreamSource implements StreamSource {
  readonly description: string;
  private readonly seen = new Map<string, number>();
  private maxSeenTimestamp = 0;
  private logOffset = -1;
  private cleanedThrough = -1;

  constructor(
    readonly schema: StructType,
    private readonly path: string,
    private readonly format: FileFormat,
    private readonly log: FileStreamSourceLog,
    private readonly options: ReadonlyMap<string, string>,
    private readonly fo: FormatOptions,
    private readonly so: FileStreamOptions,
  ) {
    this.description = `FileStreamSource[${logPath(path)}]`;
  }

  async init(): Promise<void> {
    for (const id of await this.log.batchIds()) {
      for (const e of (await this.log.get(id)) ?? []) this.markSeen(fromLogPath(e.path), e.timestamp);
      this.logOffset = Math.max(this.logOffset, id);
    }
  }

  private markSeen(path: string, ts: number): void {
    this.seen.set(path, ts);
    if (ts > this.maxSeenTimestamp) this.maxSeenTimestamp = ts;
  }

  private async newFiles(): Promise<InputFile[]> {
    let files: InputFile[];
    try {
      files = await listInputFiles([this.path], { options: this.options });
    } catch (err) {
      // A folder that does not exist yet is an empty folder to a stream (Spark lists nothing).
      if ((err as { errorClass?: string }).errorClass === "PATH_NOT_FOUND") return [];
      throw err;
    }
    const ignoreAge = this.so.latestFirst && this.so.maxFilesPerTrigger !== undefined;
    const oldest = this.maxSeenTimestamp - this.so.maxFileAgeMs;
    const fresh = files.filter((f) => !this.seen.has(f.path) && (ignoreAge || f.modificationTime >= oldest));
    fresh.sort((a, b) => a.modificationTime - b.modificationTime || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    if (this.so.latestFirst) fresh.reverse();
    let take = fresh;
    if (this.so.maxFilesPerTrigger !== undefined) take = take.slice(0, this.so.maxFilesPerTrigger);
    if (this.so.maxBytesPerTrigger !== undefined) {
      let bytes = 0;
      let n = 0;
      while (n < take.length && (n === 0 || bytes + take[n]!.size <= this.so.maxBytesPerTrigger)) bytes += take[n++]!.size;
      take = take.slice(0, n);
    }
    return take;
  }

  async latestOffset(start: SourceOffset | null, _limit: ReadLimit): Promise<SourceOffset | null> {
    const files = await this.newFiles();
    if (files.length > 0) {
      const batchId = this.logOffset + 1;
      const entries: SourceFileEntry[] = files.map((f) => ({ path: logPath(f.path), timestamp: f.modificationTime, batchId }));
      await this.log.add(batchId, entries);
      for (const f of files) this.markSeen(f.path, f.modificationTime);
      this.logOffset = batchId;
    }
    // A batch logged before a crash but never planned is taken by the next batch, so nothing is lost.
    if (this.logOffset > parseSourceOffset(start)) return formatSourceOffset(this.logOffset);
    return start;
  }

  async getBatch(start: SourceOffset | null, end: SourceOffset): Promise<Row[]> {
    const entries = await this.log.entriesBetween(parseSourceOffset(start), parseSourceOffset(end));
    if (entries.length === 0) return [];
    const base = isGlob(this.path) ? undefined : this.path;
    const files: InputFile[] = entries.map((e) => {
      const p = fromLogPath(e.path, parseFileLocation(this.path).userScheme);
      return { path: p, size: 0, modificationTime: e.timestamp, basePath: base ?? p.slice(0, p.lastIndexOf("/")) };
    });
    const partitioning = discoverPartitions(files, this.fo, this.schema, true);
    const plan = planRead(this.schema, partitioning, this.schema);
    const loaded = await loadFiles(files, this.options);
    return readPlannedFiles(this.format, loaded, loaded.map((_, i) => i), plan, this.fo);
  }

  async commit(end: SourceOffset): Promise<void> {
    if (this.so.cleanSource === "off") return;
    const through = parseSourceOffset(end);
    const entries = await this.log.entriesBetween(this.cleanedThrough, through);
    this.cleanedThrough = through;
    for (const e of entries) {
      const p = fromLogPath(e.path, parseFileLocation(this.path).userScheme);
      const fs = await resolveFileSystem(p, this.options);
      if (this.so.cleanSource === "delete") await fs.delete(p);
      else {
        // Spark keeps the file's full path below the archive folder.
        const loc = parseFileLocation(p);
        const rel = loc.scheme === "file" ? loc.path.replace(/^\/+/, "") : `${loc.bucket}/${loc.path}`;
        await fs.rename(p, joinLocation(this.so.sourceArchiveDir!, rel)).catch(() => undefined);
      }
    }
  }

  async stop(): Promise<void> {}

  // No metrics(): Spark's FileStreamSource reports none, so its `sources[i]` progress entry has no `metrics` field
  // (checked by the Spark oracle's stream-stream join entries, which read two file sources).
}

export function fileSourceProvider(format: FileFormat): SourceProvider {
  return {
    name: format.name,
    sourceSchema(_options, userSchema) {
      if (userSchema) return userSchema;
      if (format.name === "text") return new StructTypeImpl([new StructFieldImpl("value", StringType(), true)]);
      throw schemaRequired();
    },
    validateOptions(options) {
      if (optionOf(options, "path") === undefined) {
        throw new IllegalArgumentException(`'path' is not specified: call .${format.name}(dir) or .load(dir) on spark.readStream.`);
      }
      fileStreamOptions(new FormatOptions(options, "UTC"));
    },
    async createSource(ctx: SourceContext): Promise<StreamSource> {
      const raw = optionOf(ctx.options, "path")!;
      const loc = parseFileLocation(raw);
      const path = loc.scheme === "file" && !isGlob(raw) ? loc.path : raw.replace(/\/+$/, "");
      const fo = new FormatOptions(ctx.options, sessionTimeZone(ctx.session));
      const store = ctx.checkpointStore ?? (await resolveCheckpointStore(ctx.metadataPath, ctx.options));
      const dir = ctx.checkpointStore ? (ctx.metadataDir ?? "sources/0") : ".";
      const schema = ctx.userSchema ?? (await format.inferSchema([], fo));
      const source = new FileStreamSource(schema, path, format, new FileStreamSourceLog(store, dir), ctx.options, fo, fileStreamOptions(fo));
      await source.init();
      return source;
    },
  };
}
