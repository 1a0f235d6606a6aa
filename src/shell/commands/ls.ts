import { resolveFileSystem } from "../../connector/file/fs/resolve-file-system";
import { parseFileLocation } from "../../connector/file/fs/location";
import { sinkLogFiles } from "../../connector/file/listing";
import { type ShellCommand, textTable } from "./types";

const MAX_ROWS = 200;

function human(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let v = bytes / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(1)} ${units[u]}`;
}

/**
 * `.ls <path>`: the files below a local folder or an S3 prefix with sizes and times; for a streaming file sink's
 * output, which files its `_spark_metadata` log commits (the others are orphans of a crashed batch that no reader sees).
 */
export const lsCommand: ShellCommand = {
  name: "ls",
  usage: ".ls <path | s3://bucket/prefix>",
  help: "List files (local or S3) with sizes; marks the files a file sink committed",
  async run(args, deps) {
    const raw = args.trim();
    if (raw === "") {
      deps.print("Usage: .ls <path>   e.g. .ls /tmp/lake/events   or   .ls s3://tspark-lake/events/");
      return;
    }
    const loc = parseFileLocation(raw);
    const path = loc.scheme === "file" ? loc.path : raw.replace(/\/+$/, "");
    const fs = await resolveFileSystem(path);
    const st = await fs.stat(path);
    if (st === null) {
      deps.print(`${raw}: no such file or folder`);
      return;
    }
    const files = st.isDir ? await fs.listFiles(path) : [{ path, size: st.size, modificationTime: st.modificationTime }];
    const committed = st.isDir ? await sinkLogFiles(path, fs, new Map()) : null;
    const inLog = committed === null ? null : new Set(committed.map((f) => f.path));
    const rows = files.slice(0, MAX_ROWS).map((f) => {
      const rel = f.path.startsWith(`${path}/`) ? f.path.slice(path.length + 1) : f.path;
      const row = [rel, human(f.size), new Date(f.modificationTime).toISOString()];
      if (inLog) row.push(rel.startsWith("_spark_metadata/") ? "log" : inLog.has(f.path) ? "yes" : "NO (orphan)");
      return row;
    });
    const header = inLog ? ["file", "size", "modified", "committed"] : ["file", "size", "modified"];
    const total = files.reduce((n, f) => n + f.size, 0);
    const more = files.length > MAX_ROWS ? ` (first ${MAX_ROWS} shown)` : "";
    deps.print(`${raw}: ${files.length} file(s), ${human(total)}${more}\n${textTable(header, rows)}`);
  },
};
