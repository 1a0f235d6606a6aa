import { IllegalArgumentException } from "../errors";
import { findCheckpointStore } from "../registry";
import type { CheckpointStore } from "./checkpoint-store";
import { LocalFileStore } from "./local-file-store";

/**
 * A checkpointLocation to its store: `scheme://...` goes to the factory registered for that scheme (s3,
 * dynamodb from the connector), `file://` and plain paths are local files.
 */
export async function resolveCheckpointStore(
  location: string,
  options: ReadonlyMap<string, string> = new Map(),
): Promise<CheckpointStore> {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(location);
  if (!m || m[1]!.toLowerCase() === "file") {
    return new LocalFileStore(m ? location.slice("file://".length) : location);
  }
  const factory = findCheckpointStore(m[1]!);
  if (!factory) {
    throw new IllegalArgumentException(
      `No checkpoint store for scheme '${m[1]}' in checkpointLocation ${location}. ` +
        "Use a local path, or a scheme registered by a connector (e.g. s3://, dynamodb://).",
    );
  }
  return factory.create(location, options);
}
