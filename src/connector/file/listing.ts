/**
 * Which files a read covers: glob patterns, hidden files (names starting with "_" or "." are not data, except
 * `col=value` folders), the `_spark_metadata` log of a streaming sink's output folder (only committed files are
 * read), PATH_NOT_FOUND for a path that does not exist, and the base folder partition discovery starts from.
 */
import { resolveCheckpointStore } from "../../engine/checkpoint/resolve-store";
import { pathNotFound } from "./errors";
import type { FileStatus, FileSystem } from "./fs/file-system";
import { joinLocation, parseFileLocation } from "./fs/location";
import { resolveFileSystem } from "./fs/resolve-file-system";
import { FileStreamSinkLog, SINK_METADATA_DIR } from "./sink-log";

export interface InputFile extends FileStatus {
  /** Folder partition values are read relative to ("" parts when none). */
  readonly basePath: string;
}

const GLOB = /[*?[{]/;

export function isGlob(path: string): boolean {
  return GLOB.test(path);
}

/** A glob as a RegExp over whole paths; `*` and `?` stay within one folder level. */
export function globToRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else if (c === "{") {
      const end = glob.indexOf("}", i);
      if (end < 0) re += "\\{";
      else {
        re += `(?:${glob
          .slice(i + 1, end)
          .split(",")
          .map((s) => s.replace(/[.+^$()|\\]/g, "\\$&").replace(/\*/g, "[^/]*").replace(/\?/g, "[^/]"))
          .join("|")})`;
        i = end;
      }
    } else if (c === "[") {
      const end = glob.indexOf("]", i);
      if (end < 0) re += "\\[";
      else {
        re += `[${glob.slice(i + 1, end).replace(/^\^|^!/, "^")}]`;
        i = end;
      }
    } else re += c.replace(/[.+^$()|\\/]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

function isHidden(name: string): boolean {
  return (name.startsWith("_") && !name.includes("=")) || name.startsWith(".");
}

/** True when no folder or file name between `base` and the file is hidden. */
function visibleUnder(base: string, path: string): boolean {
  const rel = path.slice(base.length).replace(/^\/+/, "");
  return rel.split("/").every((seg) => seg === "" || !isHidden(seg));
}

function parentOf(path: string): string {
  const i = path.lastIndexOf("/");
  return i <= 0 ? path.slice(0, i + 1) || "/" : path.slice(0, i);
}

/** Live files of a streaming sink's output, from its `_spark_metadata` log; null when there is no log. */
export async function sinkLogFiles(dir: string, fs: FileSystem, options: ReadonlyMap<string, string>): Promise<FileStatus[] | null> {
  const logDir = joinLocation(dir, SINK_METADATA_DIR);
  const st = await fs.stat(logDir);
  if (st === null || !st.isDir) return null;
  const loc = parseFileLocation(dir);
  const storeLocation = loc.scheme === "s3" ? `s3://${loc.bucket}/${loc.path}` : loc.path;
  const log = new FileStreamSinkLog(await resolveCheckpointStore(storeLocation, options), SINK_METADATA_DIR);
  const entries = await log.allFiles();
  return entries.map((e) => ({ path: fromLogPath(e.path, loc.userScheme), size: e.size, modificationTime: e.modificationTime }));
}

/** A log path (file:///x, s3a://b/k) -> a location our file systems take. */
export function fromLogPath(path: string, s3Scheme = "s3"): string {
  const loc = parseFileLocation(path);
  return loc.scheme === "file" ? loc.path : `${s3Scheme}://${loc.bucket}/${loc.path}`;
}

export interface ListOptions {
  readonly options: ReadonlyMap<string, string>;
  readonly pathGlobFilter?: RegExp;
  readonly basePath?: string;
}

/** The data files under `paths` (sorted within each path), each with the base folder for partition discovery. */
export async function listInputFiles(paths: readonly string[], opts: ListOptions): Promise<InputFile[]> {
  const out: InputFile[] = [];
  for (const raw of paths) {
    const fs = await resolveFileSystem(raw, opts.options);
    const loc = parseFileLocation(raw);
    const path = loc.scheme === "file" ? loc.path : raw.replace(/\/+$/, "");
    const keep = (f: FileStatus) => opts.pathGlobFilter === undefined || opts.pathGlobFilter.test(f.path.slice(f.path.lastIndexOf("/") + 1));
    if (isGlob(path)) {
      // List from the deepest folder without a pattern, then keep files under a match.
      const fixed = path.slice(0, path.search(GLOB));
      const root = fixed.endsWith("/") ? fixed.slice(0, -1) : parentOf(fixed);
      const re = globToRegExp(path);
      const matched: InputFile[] = [];
      for (const f of await fs.listFiles(root)) {
        const parts = f.path.split("/");
        for (let n = parts.length; n > 0; n--) {
          const prefix = parts.slice(0, n).join("/");
          if (re.test(prefix)) {
            if (visibleUnder(prefix, f.path) && keep(f)) matched.push({ ...f, basePath: opts.basePath ?? (n === parts.length ? parentOf(f.path) : prefix) });
            break;
          }
        }
      }
      if (matched.length === 0) throw pathNotFound(raw);
      out.push(...matched);
      continue;
    }
    const st = await fs.stat(path);
    if (st === null) throw pathNotFound(raw);
    if (!st.isDir) {
      out.push({ path: st.path === path ? path : st.path, size: st.size, modificationTime: st.modificationTime, basePath: opts.basePath ?? parentOf(path) });
      continue;
    }
    const logged = await sinkLogFiles(path, fs, opts.options);
    const files = logged ?? (await fs.listFiles(path)).filter((f) => visibleUnder(path, f.path));
    for (const f of files) if (keep(f)) out.push({ ...f, basePath: opts.basePath ?? path });
  }
  return out;
}
