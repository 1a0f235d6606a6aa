import { IllegalStateException } from "../errors";
import type { CheckpointStore } from "./checkpoint-store";
import { decodeState } from "./state-codec";
import { stateJson } from "./state-json";

/** A state snapshot is the only record of the state: there is no batch to re-plan it from. */
const STATE_ADVICE =
  "tspark never rewrites a checkpoint file. Restore it from a backup, or start the query with a new checkpointLocation " +
  "(deleting the snapshot would restart the operator from empty state and give wrong results).";

/**
 * State of one stateful operator, one full snapshot per version:
 * `state/<operatorId>/<partition>/<version>.snapshot` = `v1\n<tagged JSON>`.
 * Version V is the state after batch V-1 (Spark's convention: state version = batchId + 1; version 0 is empty).
 * Spark writes deltas plus periodic snapshots; a full snapshot per version is simpler and fine for the state
 * sizes a micro-batch shell holds. Files are written with put-if-absent: a re-run batch finds its version
 * already there and must produce the same state, so the first write stands.
 */
export class StateStoreFiles {
  /**
   * `storeName`: one of several stores of an operator (Spark's stream-stream join keeps four,
   * `state/<op>/<partition>/left-keyToNumValues/...`); absent: the operator's only store.
   */
  constructor(
    private readonly store: CheckpointStore,
    readonly operatorId: number,
    readonly partition = 0,
    readonly storeName?: string,
  ) {}

  private dir(): string {
    const base = `state/${this.operatorId}/${this.partition}`;
    return this.storeName === undefined ? base : `${base}/${this.storeName}`;
  }

  /** The state at `version`, or undefined when that version's file does not exist. */
  async loadIfPresent(version: number): Promise<unknown | undefined> {
    if (version === 0) return null;
    if ((await this.store.get(this.pathOf(version))) === null) return undefined;
    return this.load(version);
  }

  pathOf(version: number): string {
    return `${this.dir()}/${version}.snapshot`;
  }

  /** The state at `version`, or null for version 0 / no state yet. A missing non-zero version is an error. */
  async load(version: number): Promise<unknown | null> {
    if (version === 0) return null;
    const file = this.pathOf(version);
    const text = await this.store.get(file);
    const where = `${this.store.location.replace(/\/$/, "")}/${file}`;
    if (text === null) {
      throw new IllegalStateException(
        `Error reading state store: ${where} does not exist. The checkpoint is incomplete; restore it or use a new checkpointLocation.`,
      );
    }
    const nl = text.indexOf("\n");
    const head = nl < 0 ? text : text.slice(0, nl);
    if (head !== "v1") {
      const m = /^v(\d+)$/.exec(head);
      throw new IllegalStateException(
        m
          ? `UnsupportedLogVersion: maximum supported state version is v1, but encountered ${head} in ${where}. Please upgrade.`
          : `State file was malformed: failed to detect the version line in ${where}. ${STATE_ADVICE}`,
      );
    }
    try {
      return decodeState(JSON.parse(text.slice(nl + 1)));
    } catch (err) {
      throw new IllegalStateException(
        `State file was malformed: ${where}: ${(err as Error).message} (is the file truncated?). ${STATE_ADVICE}`,
      );
    }
  }

  async commit(version: number, snapshot: unknown): Promise<void> {
    await this.store.putIfAbsent(this.pathOf(version), `v1\n${stateJson(snapshot)}`);
  }

  async versions(): Promise<number[]> {
    const names = await this.store.list(this.dir());
    return names
      .map((n) => /^(\d+)\.snapshot$/.exec(n))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
  }

  /** Remove versions below `minVersion` (retention). */
  async purge(minVersion: number): Promise<void> {
    for (const v of await this.versions()) if (v < minVersion) await this.store.delete(this.pathOf(v));
  }

  /** Remove versions above `maxVersion`: left by a batch that was never committed and will be re-run. */
  async discardAfter(maxVersion: number): Promise<void> {
    for (const v of await this.versions()) if (v > maxVersion) await this.store.delete(this.pathOf(v));
  }
}
