import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import type { CheckpointStore } from "./checkpoint-store";

/** Temp files start with this prefix so `list` never shows a half-written entry. */
const TEMP_PREFIX = ".tmp-";

function isErrno(err: unknown, code: string): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === code;
}

/**
 * A checkpoint on the local file system. Every write goes to a temp file first and is then published in one
 * step: `link` for put-if-absent (fails with EEXIST, so two writers cannot both win and a reader never sees a
 * partial file) and `rename` for plain puts. This is what HDFS's `rename`-based FileContextManager gives Spark.
 */
export class LocalFileStore implements CheckpointStore {
  readonly location: string;
  private readonly root: string;

  constructor(location: string) {
    this.location = location;
    this.root = path.resolve(location);
  }

  private resolve(rel: string): string {
    const full = path.resolve(this.root, rel);
    if (full !== this.root && !full.startsWith(this.root + path.sep)) {
      throw new Error(`Checkpoint path '${rel}' escapes the checkpoint location ${this.location}`);
    }
    return full;
  }

  private async writeTemp(full: string, data: string, durable = true): Promise<string> {
    const tmp = path.join(path.dirname(full), `${TEMP_PREFIX}${path.basename(full)}-${randomBytes(6).toString("hex")}`);
    const handle = await this.openNew(tmp);
    try {
      await handle.writeFile(data, "utf8");
      if (durable) await handle.sync();
    } finally {
      await handle.close();
    }
    return tmp;
  }

  /**
   * Opens a new file, creating its folder only when it is missing: after the first batch every folder exists, and
   * a `mkdir -p` before each of a batch's writes was one more round trip through libuv's thread pool per file.
   */
  private async openNew(file: string): Promise<fs.FileHandle> {
    try {
      return await fs.open(file, "wx");
    } catch (err) {
      if (!isErrno(err, "ENOENT")) throw err;
      await fs.mkdir(path.dirname(file), { recursive: true });
      return fs.open(file, "wx");
    }
  }

  async putIfAbsent(rel: string, data: string): Promise<boolean> {
    const full = this.resolve(rel);
    const tmp = await this.writeTemp(full, data);
    try {
      await fs.link(tmp, full);
      return true;
    } catch (err) {
      if (isErrno(err, "EEXIST")) return false;
      throw err;
    } finally {
      await fs.rm(tmp, { force: true });
    }
  }

  async put(rel: string, data: string, opts?: { durable?: boolean }): Promise<void> {
    const full = this.resolve(rel);
    const tmp = await this.writeTemp(full, data, opts?.durable !== false);
    try {
      await fs.rename(tmp, full);
    } catch (err) {
      await fs.rm(tmp, { force: true });
      throw err;
    }
  }

  async get(rel: string): Promise<string | null> {
    try {
      return await fs.readFile(this.resolve(rel), "utf8");
    } catch (err) {
      if (isErrno(err, "ENOENT") || isErrno(err, "EISDIR")) return null;
      throw err;
    }
  }

  async list(dir: string): Promise<string[]> {
    try {
      const names = await fs.readdir(this.resolve(dir));
      return names.filter((n) => !n.startsWith(TEMP_PREFIX)).sort();
    } catch (err) {
      if (isErrno(err, "ENOENT") || isErrno(err, "ENOTDIR")) return [];
      throw err;
    }
  }

  async delete(rel: string): Promise<void> {
    await fs.rm(this.resolve(rel), { force: true, recursive: true });
  }
}
