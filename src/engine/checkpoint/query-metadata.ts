import { randomUUID } from "node:crypto";
import { IllegalStateException } from "../errors";
import type { CheckpointStore } from "./checkpoint-store";

/**
 * `<checkpoint>/metadata`: `{"id":"<query uuid>"}` (Spark's StreamMetadata, no version line). The id is what
 * makes `query.id` stable across restarts. Written once with put-if-absent so two starters agree on one id.
 */
export async function readOrCreateQueryId(store: CheckpointStore): Promise<string> {
  const existing = await readQueryId(store);
  if (existing !== null) return existing;
  const id = randomUUID();
  if (await store.putIfAbsent("metadata", JSON.stringify({ id }) + "\n")) return id;
  const raced = await readQueryId(store);
  if (raced === null) throw new IllegalStateException(`Could not create ${store.location}/metadata`);
  return raced;
}

export async function readQueryId(store: CheckpointStore): Promise<string | null> {
  const text = await store.get("metadata");
  if (text === null) return null;
  let id: unknown;
  try {
    id = (JSON.parse(text.split("\n")[0] ?? "") as { id?: unknown }).id;
  } catch {
    id = undefined;
  }
  if (typeof id !== "string" || id === "") {
    throw new IllegalStateException(
      `Checkpoint metadata file ${store.location.replace(/\/$/, "")}/metadata is corrupt (expected {"id":"<uuid>"}). ` +
        "Restore it or use a new checkpointLocation.",
    );
  }
  return id;
}
