import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import * as nodePath from "node:path";
import type { FileStatus, FileSystem } from "./file-system";
import { parseFileLocation } from "./location";

function local(path: string): string {
  return parseFileLocation(path).path;
}

function isErrno(err: unknown, code: string): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === code;
}

/**
 * Local disk. Writes go to a hidden temp file first and are renamed into place, so a reader (or a listing after
 * kill -9) never sees half a file under its final name.
 */
export class LocalFileSystem implements FileSystem {
  readonly scheme = "file";

  async stat(path: string): Promise<(FileStatus & { isDir: boolean }) | null> {
    const p = local(path);
    try {
      const s = await fs.stat(p);
      return { path: p, size: s.size, modificationTime: Math.floor(s.mtimeMs), isDir: s.isDirectory() };
    } catch (err) {
      if (isErrno(err, "ENOENT") || isErrno(err, "ENOTDIR")) return null;
      throw err;
    }
  }

  async listFiles(dir: string): Promise<FileStatus[]> {
    const root = local(dir);
    const out: FileStatus[] = [];
    const walk = async (d: string): Promise<void> => {
      let entries: import("node:fs").Dirent[];
      try {
        entries = await fs.readdir(d, { withFileTypes: true });
      } catch (err) {
        if (isErrno(err, "ENOENT") || isErrno(err, "ENOTDIR")) return;
        throw err;
      }
      for (const e of entries) {
        const full = nodePath.join(d, e.name);
        if (e.isDirectory()) await walk(full);
        else if (e.isFile()) {
          const s = await fs.stat(full).catch(() => null);
          if (s) out.push({ path: full, size: s.size, modificationTime: Math.floor(s.mtimeMs) });
        }
      }
    };
    await walk(root);
    return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  async read(path: string): Promise<Uint8Array> {
    return fs.readFile(local(path));
  }

  async write(path: string, data: Uint8Array | string): Promise<void> {
    const p = local(path);
    await fs.mkdir(nodePath.dirname(p), { recursive: true });
    const tmp = nodePath.join(nodePath.dirname(p), `.${nodePath.basename(p)}.${randomBytes(6).toString("hex")}.tmp`);
    await fs.writeFile(tmp, data);
    await fs.rename(tmp, p);
  }

  async delete(path: string): Promise<void> {
    await fs.rm(local(path), { force: true });
  }

  async deleteRecursively(dir: string): Promise<void> {
    await fs.rm(local(dir), { recursive: true, force: true });
  }

  async rename(from: string, to: string): Promise<void> {
    const t = local(to);
    await fs.mkdir(nodePath.dirname(t), { recursive: true });
    await fs.rename(local(from), t);
  }
}
