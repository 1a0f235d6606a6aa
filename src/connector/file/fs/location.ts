/**
 * File locations: which file system a path belongs to and how to join and print it. Local paths are kept
 * absolute; `file:` URIs become plain paths; `s3a://` and `s3n://` (Hadoop's names) are S3 as `s3://` is.
 */
import * as nodePath from "node:path";

export interface ParsedFileLocation {
  readonly scheme: "file" | "s3";
  /** Bucket for S3, "" for local files. */
  readonly bucket: string;
  /** Local: absolute path without trailing "/". S3: key prefix without leading or trailing "/". */
  readonly path: string;
  /** The scheme as the user wrote it ("s3a"), kept when printing S3 paths back. */
  readonly userScheme: string;
}

export function parseFileLocation(location: string): ParsedFileLocation {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):(.*)$/.exec(location.trim());
  const scheme = m?.[1]?.toLowerCase();
  if (m && (scheme === "s3" || scheme === "s3a" || scheme === "s3n")) {
    const rest = m[2]!.replace(/^\/\//, "");
    const slash = rest.indexOf("/");
    const bucket = slash < 0 ? rest : rest.slice(0, slash);
    const key = slash < 0 ? "" : rest.slice(slash + 1);
    return { scheme: "s3", bucket, path: key.replace(/^\/+|\/+$/g, ""), userScheme: scheme };
  }
  if (m && scheme === "file") {
    // file:/x, file:///x and file://localhost/x are the same local path.
    const rest = m[2]!.replace(/^\/\/(localhost)?(?=\/)/, "");
    return { scheme: "file", bucket: "", path: stripSlash(nodePath.resolve(decodeURIComponent(rest))), userScheme: "file" };
  }
  if (m && scheme !== undefined && scheme.length > 1) {
    throw new Error(`No file system for scheme '${m[1]}' in ${location}: use a local path, file:, s3:// or s3a://`);
  }
  return { scheme: "file", bucket: "", path: stripSlash(nodePath.resolve(location)), userScheme: "file" };
}

function stripSlash(p: string): string {
  return p.length > 1 ? p.replace(/\/+$/, "") : p;
}

export function formatFileLocation(loc: ParsedFileLocation): string {
  if (loc.scheme === "s3") return `${loc.userScheme}://${loc.bucket}${loc.path === "" ? "" : `/${loc.path}`}`;
  return loc.path;
}

/** `base` + "/" + relative parts. */
export function joinLocation(base: string, ...parts: string[]): string {
  const rel = parts.filter((p) => p !== "").join("/");
  if (rel === "") return base;
  return `${base.replace(/\/+$/, "")}/${rel}`;
}

/** How Spark prints a path in messages and logs: `file:/tmp/x` for local paths, the URI for S3. */
export function qualifiedPath(location: string): string {
  const loc = parseFileLocation(location);
  return loc.scheme === "file" ? `file:${loc.path}` : formatFileLocation(loc);
}

/** The URI Spark's FileStreamSinkLog records for a file: `file:///tmp/x` locally, `s3a://b/k` on S3. */
export function logPath(location: string): string {
  const loc = parseFileLocation(location);
  return loc.scheme === "file" ? `file://${loc.path}` : formatFileLocation(loc);
}
