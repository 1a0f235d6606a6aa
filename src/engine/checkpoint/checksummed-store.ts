import { createHash } from "node:crypto";
import { IllegalStateException } from "../errors";
import type { CheckpointStore } from "./checkpoint-store";

/** `offsets/3` -> `offsets/.3.sha256`: hidden beside the file, as Hadoop keeps `.3.crc`. */
export function checksumPathOf(path: string): string {
  const cut = path.lastIndexOf("/");
  return cut < 0 ? `.${path}.sha256` : `${path.slice(0, cut)}/.${path.slice(cut + 1)}.sha256`;
}

export function isChecksumFile(name: string): boolean {
  return /^\..+\.sha256$/.test(name);
}

function sha256(data: string): string {
  return createHash("sha256").update(data, "utf8").digest("hex");
}

/**
 * Checksums for the write-once files of a checkpoint (offsets, commits, metadata, state snapshots, source files,
 * the sink's ledger): every file written with put-if-absent gets a sidecar `.<name>.sha256` holding
 * `<sha256 hex>  <name>` (the `sha256sum` format, so `cd offsets && sha256sum -c .3.sha256` checks it by hand),
 * and every read compares the file with it. A file that does not match is refused with an error naming both
 * files: an edited count in a state snapshot or an edited offset must not restart silently.
 *
 * Why a sidecar and not a line inside the file: Spark reads `offsets/N` line by line (one line per source), so
 * an extra line would change what Spark sees; a sidecar whose name is not a batch id is skipped by Spark's
 * HDFSMetadataLog and by ours, and it is not named `.N.crc`, which Hadoop's checksum file system would try to
 * verify as its own binary format.
 *
 * The sidecar is written after the file, only by the writer whose put-if-absent won (a losing writer must not
 * overwrite the winner's checksum). A file without a sidecar is accepted, as before checksums existed (older
 * checkpoints, or a crash between the two writes), and so is an empty one (the sidecar is not fsynced: a power cut
 * may leave it empty; this keeps the cost per batch down, see bench/checkpoint-overhead.ts). Files replaced with `put` (the lock's epoch records) carry no
 * checksum. The sidecar is deleted before its file, so a crash between leaves a file without a checksum, never
 * a checksum without its file.
 */
export class ChecksummedStore implements CheckpointStore {
  readonly location: string;

  constructor(private readonly inner: CheckpointStore) {
    this.location = inner.location;
  }

  private where(path: string): string {
    return `${this.location.replace(/\/+$/, "")}/${path}`;
  }

  async putIfAbsent(path: string, data: string): Promise<boolean> {
    if (!(await this.inner.putIfAbsent(path, data))) return false;
    const name = path.slice(path.lastIndexOf("/") + 1);
    // Not fsynced: after a power cut the sidecar may be missing or empty, which is accepted like no checksum.
    await this.inner.put(checksumPathOf(path), `${sha256(data)}  ${name}\n`, { durable: false });
    return true;
  }

  async put(path: string, data: string, opts?: { durable?: boolean }): Promise<void> {
    await this.inner.delete(checksumPathOf(path));
    await this.inner.put(path, data, opts);
  }

  async get(path: string): Promise<string | null> {
    const [data, sum] = await Promise.all([this.inner.get(path), this.inner.get(checksumPathOf(path))]);
    if (data === null || sum === null || sum === "") return data;
    const expected = /^([0-9a-f]{64})\b/.exec(sum.trim())?.[1];
    const actual = sha256(data);
    if (expected === actual) return data;
    const sidecar = this.where(checksumPathOf(path));
    throw new IllegalStateException(
      expected === undefined
        ? `Checkpoint checksum file ${sidecar} is malformed (expected "<sha256 hex>  <name>"), so ${this.where(path)} ` +
            `cannot be verified. Restore both files from a backup, delete ${sidecar} if the file is right, or start the ` +
            "query with a new checkpointLocation."
        : `Checkpoint file ${this.where(path)} does not match its checksum in ${sidecar} (sha256 ${actual}, recorded ` +
            `${expected}): it was changed after tspark wrote it (edited, truncated or damaged), and tspark will not use ` +
            `it. Restore the file from a backup; if you replaced it on purpose, delete ${sidecar} as well; or start the ` +
            "query with a new checkpointLocation.",
    );
  }

  async list(dir: string): Promise<string[]> {
    return (await this.inner.list(dir)).filter((n) => !isChecksumFile(n));
  }

  async delete(path: string): Promise<void> {
    await this.inner.delete(checksumPathOf(path));
    await this.inner.delete(path);
  }
}
