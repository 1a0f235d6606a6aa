import { IllegalStateException } from "../errors";
import type { CheckpointStore } from "./checkpoint-store";

/**
 * A log of one value per batch id under `<checkpoint>/<dir>/<batchId>`, written once and never replaced
 * (Spark's HDFSMetadataLog). Every file starts with a version line `v<N>`; a file whose version line is missing,
 * unreadable or newer than this engine understands is an error naming the file: the log is never rewritten to
 * "repair" it, because the file is the only record of what a batch read.
 */
export abstract class MetadataLog<T> {
  constructor(
    protected readonly store: CheckpointStore,
    readonly dir: string,
    /** Highest format version this engine reads and the one it writes. */
    protected readonly version = 1,
  ) {}

  /** Body of the file after the version line. */
  protected abstract serialize(value: T): string;
  /** Parse the body (after the version line); throw a plain Error on malformed text, it gets the file name. */
  protected abstract deserialize(body: string, version: number): T;

  pathOf(batchId: number): string {
    return `${this.dir}/${batchId}`;
  }

  /** Record `value` for `batchId`. Returns false (and writes nothing) when the batch already has an entry. */
  async add(batchId: number, value: T): Promise<boolean> {
    if (!Number.isInteger(batchId) || batchId < 0) {
      throw new IllegalStateException(`Batch id must be a non-negative integer, got ${batchId}`);
    }
    return this.store.putIfAbsent(this.pathOf(batchId), `v${this.version}\n${this.serialize(value)}`);
  }

  async get(batchId: number): Promise<T | null> {
    const file = this.pathOf(batchId);
    const text = await this.store.get(file);
    if (text === null) return null;
    return this.parse(text, file);
  }

  /** Batch ids present, ascending. Names that are not batch ids (temp files, `.crc`) are ignored. */
  async batchIds(): Promise<number[]> {
    const names = await this.store.list(this.dir);
    return names
      .filter((n) => /^\d+$/.test(n))
      .map(Number)
      .sort((a, b) => a - b);
  }

  async getLatestBatchId(): Promise<number | null> {
    const ids = await this.batchIds();
    return ids.length === 0 ? null : ids[ids.length - 1]!;
  }

  async getLatest(): Promise<{ batchId: number; value: T } | null> {
    const id = await this.getLatestBatchId();
    if (id === null) return null;
    const value = await this.get(id);
    return value === null ? null : { batchId: id, value };
  }

  /** Delete every entry with a batch id below `thresholdBatchId` (retention). */
  async purge(thresholdBatchId: number): Promise<void> {
    for (const id of await this.batchIds()) {
      if (id < thresholdBatchId) await this.store.delete(this.pathOf(id));
    }
  }

  /** How to get past a damaged entry of this log: what `damaged` (a sentence) is followed by. */
  recoveryAdvice(batchId: string): string {
    return (
      `tspark never rewrites a checkpoint file. To recover: restore ${this.dir}/${batchId} from a backup; or, when it ` +
      `is the newest entry of ${this.dir}/, delete it (and its checksum file ${this.dir}/.${batchId}.sha256 if present) ` +
      "so that the batch is planned or run again; or start the query with a new checkpointLocation."
    );
  }

  private parse(text: string, file: string): T {
    const where = `${this.store.location.replace(/\/$/, "")}/${file}`;
    const batchId = file.slice(file.lastIndexOf("/") + 1);
    const nl = text.indexOf("\n");
    const first = (nl < 0 ? text : text.slice(0, nl)).trim();
    const m = /^v(\d+)$/.exec(first);
    if (!m) {
      throw new IllegalStateException(
        `Log file was malformed: failed to detect the log file version line in ${where}. ${this.recoveryAdvice(batchId)}`,
      );
    }
    const version = Number(m[1]);
    if (version < 1 || version > this.version) {
      throw new IllegalStateException(
        `UnsupportedLogVersion: maximum supported log version is v${this.version}, but encountered v${version} in ${where}. ` +
          "The log file was produced by a newer version and cannot be read by this version. Please upgrade.",
      );
    }
    try {
      return this.deserialize(nl < 0 ? "" : text.slice(nl + 1), version);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new IllegalStateException(`Log file was malformed: ${where}: ${reason}. ${this.recoveryAdvice(batchId)}`);
    }
  }
}
