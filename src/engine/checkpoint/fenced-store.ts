import type { CheckpointStore } from "./checkpoint-store";

/** What a fenced store asks before each write: throws when this run no longer holds the checkpoint. */
export interface WriteFence {
  assertHeld(what: string): Promise<void>;
}

/**
 * The query's view of its checkpoint once it holds the lock: every write (log entries, state snapshots, source
 * files, the sink's ledger, retention deletes) first asks the lock whether this run still holds the checkpoint,
 * so a run that lost the lock to another one stops before it writes. Reads pass straight through.
 *
 * The check and the write are two calls: the residual window is a run that stalls between them for longer than
 * the lock's write margin (see docs/reliability.md, "Fencing").
 */
export class FencedStore implements CheckpointStore {
  readonly location: string;

  constructor(
    private readonly inner: CheckpointStore,
    private readonly fence: WriteFence,
  ) {
    this.location = inner.location;
  }

  private where(path: string): string {
    return `${this.location.replace(/\/+$/, "")}/${path}`;
  }

  async putIfAbsent(path: string, data: string): Promise<boolean> {
    await this.fence.assertHeld(this.where(path));
    return this.inner.putIfAbsent(path, data);
  }

  async put(path: string, data: string, opts?: { durable?: boolean }): Promise<void> {
    await this.fence.assertHeld(this.where(path));
    await this.inner.put(path, data, opts);
  }

  get(path: string): Promise<string | null> {
    return this.inner.get(path);
  }

  list(dir: string): Promise<string[]> {
    return this.inner.list(dir);
  }

  async delete(path: string): Promise<void> {
    await this.fence.assertHeld(`(deleting) ${this.where(path)}`);
    await this.inner.delete(path);
  }
}

/** A sub-directory of a store seen as a store of its own (the sink's `sinks/0`), writes still going through it. */
export class PrefixedStore implements CheckpointStore {
  readonly location: string;

  constructor(
    private readonly inner: CheckpointStore,
    private readonly prefix: string,
  ) {
    this.location = `${inner.location.replace(/\/+$/, "")}/${prefix}`;
  }

  private p(path: string): string {
    return path === "" ? this.prefix : `${this.prefix}/${path}`;
  }

  putIfAbsent(path: string, data: string): Promise<boolean> {
    return this.inner.putIfAbsent(this.p(path), data);
  }
  put(path: string, data: string, opts?: { durable?: boolean }): Promise<void> {
    return this.inner.put(this.p(path), data, opts);
  }
  get(path: string): Promise<string | null> {
    return this.inner.get(this.p(path));
  }
  list(dir: string): Promise<string[]> {
    return this.inner.list(this.p(dir));
  }
  delete(path: string): Promise<void> {
    return this.inner.delete(this.p(path));
  }
}
