/**
 * Parsing of the checkpoint locations this folder owns: `s3://bucket/prefix` and `dynamodb://table[/prefix]`.
 * Paths inside a store are "/"-separated and relative; they are joined and normalised here so no store can be
 * pointed outside its prefix with "..".
 */
import { KinesisOptionError } from "../kinesis/options";

export interface ParsedLocation {
  readonly scheme: "s3" | "dynamodb";
  /** Bucket or table name. */
  readonly container: string;
  /** Normalised prefix without leading/trailing "/", "" for the root. */
  readonly prefix: string;
}

export function parseLocation(location: string, scheme: "s3" | "dynamodb"): ParsedLocation {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/]*)(\/.*)?$/.exec(location.trim());
  if (!m || m[1]!.toLowerCase() !== scheme) {
    throw new KinesisOptionError(
      `'${location}' is not a ${scheme}:// location: use ${scheme === "s3" ? "s3://bucket/prefix" : "dynamodb://table/prefix"}`,
    );
  }
  const container = m[2]!;
  if (container === "") {
    throw new KinesisOptionError(
      `'${location}' names no ${scheme === "s3" ? "bucket" : "table"}: use ${scheme === "s3" ? "s3://bucket/prefix" : "dynamodb://table/prefix"}`,
    );
  }
  if (scheme === "dynamodb" && !/^[a-zA-Z0-9_.-]{3,255}$/.test(container)) {
    throw new KinesisOptionError(
      `'${container}' in ${location} is not a valid DynamoDB table name (3-255 characters from a-z A-Z 0-9 _ . -)`,
    );
  }
  return { scheme, container, prefix: normalisePath(m[3] ?? "", location) };
}

/** "a//b/./c/" -> "a/b/c"; throws on ".." that would leave the root. */
export function normalisePath(path: string, context = path): string {
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (out.length === 0) throw new KinesisOptionError(`Checkpoint path '${context}' escapes its location`);
      out.pop();
      continue;
    }
    out.push(part);
  }
  return out.join("/");
}

/** prefix + relative path, both normalised ("" joins to the other). */
export function joinPath(prefix: string, rel: string): string {
  const r = normalisePath(rel);
  if (prefix === "") return r;
  return r === "" ? prefix : `${prefix}/${r}`;
}
