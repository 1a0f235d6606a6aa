/**
 * The state files of one stateful operator. Most operators keep one store, `state/<op>/0/<version>.snapshot`.
 * An operator that names its stores (a stream-stream join: Spark's `left-keyToNumValues`,
 * `left-keyWithIndexToValue`, `right-keyToNumValues`, `right-keyWithIndexToValue`) keeps one directory per store,
 * `state/<op>/0/<storeName>/<version>.snapshot`, as Spark's SymmetricHashJoinStateManager lays them out; its
 * snapshot is a record by store name.
 *
 * A checkpoint written before the operator named its stores has the whole state in the single store: when no named
 * store has a version, that file is read instead (the operator's restore takes both forms) and the next commit
 * writes the named stores.
 */
import type { CheckpointStore } from "../checkpoint/checkpoint-store";
import { crashPoint } from "../checkpoint/crash-point";
import { StateStoreFiles } from "../checkpoint/state-store";
import { IllegalStateException } from "../errors";

export class OperatorStateFiles {
  private readonly single: StateStoreFiles;
  private readonly named: readonly StateStoreFiles[];

  constructor(
    private readonly store: CheckpointStore,
    operatorId: number,
    readonly storeNames: readonly string[] | undefined,
  ) {
    this.single = new StateStoreFiles(store, operatorId);
    this.named = (storeNames ?? []).map((n) => new StateStoreFiles(store, operatorId, 0, n));
  }

  async load(version: number): Promise<unknown> {
    if (this.named.length === 0) return this.single.load(version);
    if (version === 0) return null;
    const parts = await Promise.all(this.named.map((s) => s.loadIfPresent(version)));
    const missing = this.named.filter((_, i) => parts[i] === undefined);
    if (missing.length === 0) return Object.fromEntries(this.named.map((s, i) => [s.storeName!, parts[i]]));
    if (missing.length === this.named.length) {
      // a checkpoint from before the named stores: the whole state in state/<op>/0
      const legacy = await this.single.loadIfPresent(version);
      if (legacy !== undefined) return legacy;
    }
    const where = `${this.store.location.replace(/\/$/, "")}/${missing[0]!.pathOf(version)}`;
    throw new IllegalStateException(
      `Error reading state store: ${where} does not exist. The checkpoint is incomplete; restore it or use a new checkpointLocation.`,
    );
  }

  async commit(version: number, snapshot: unknown): Promise<void> {
    if (this.named.length === 0) return this.single.commit(version, snapshot);
    const parts = snapshot as Record<string, unknown>;
    for (const [i, s] of this.named.entries()) {
      await s.commit(version, parts[s.storeName!] ?? null);
      // a kill here leaves the version in some stores only: the batch re-runs and writes the others (put-if-absent)
      if (i === 0) crashPoint("midStateCommit", version - 1);
    }
  }

  /** Retention: also the single store's old versions, left by a checkpoint from before the named stores. */
  async purge(minVersion: number): Promise<void> {
    await this.single.purge(minVersion);
    for (const s of this.named) await s.purge(minVersion);
  }
}
