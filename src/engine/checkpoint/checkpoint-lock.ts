import { hostname } from "node:os";
import { IllegalStateException } from "../errors";
import type { CheckpointStore } from "./checkpoint-store";
import { crashPoint } from "./crash-point";

/**
 * Lock epochs under the checkpoint root (not part of Spark's layout: Spark relies on its cluster manager).
 * `locks/<epoch>` holds the record of the run that took epoch `<epoch>`; the highest epoch is the lock.
 */
export const LOCKS_DIR = "locks";
/** The single lock file of tspark before epochs: still honoured when live, never written. */
export const LEGACY_LOCK_FILE = "lock";

export interface LockTiming {
  /** Another host's lock counts as live while its heartbeat is younger than this. */
  readonly ttlMs: number;
  /** How often a holder renews its heartbeat. */
  readonly heartbeatMs: number;
  /** A fenced write needs at least this much of the lease left; otherwise the lease is renewed first. */
  readonly writeMarginMs: number;
}

export const DEFAULT_LOCK_TIMING: LockTiming = { ttlMs: 30_000, heartbeatMs: 10_000, writeMarginMs: 10_000 };

interface LockRecord {
  runId: string;
  queryId: string;
  pid: number;
  host: string;
  heartbeatMs: number;
  epoch: number;
  released?: boolean;
}

/** Locations held by queries of this process (a second query must be refused even with the same pid). */
const heldInProcess = new Map<string, string>();

function lockKey(store: CheckpointStore): string {
  return store.location.replace(/\/+$/, "");
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return typeof err === "object" && err !== null && (err as { code?: unknown }).code === "EPERM";
  }
}

function parseLock(text: string | null): LockRecord | null {
  if (text === null) return null;
  try {
    const r = JSON.parse(text) as Partial<LockRecord>;
    if (typeof r.pid !== "number" || typeof r.host !== "string") return null;
    return {
      runId: String(r.runId),
      queryId: String(r.queryId),
      pid: r.pid,
      host: r.host,
      heartbeatMs: Number(r.heartbeatMs ?? 0),
      epoch: Number(r.epoch ?? -1),
      released: r.released === true,
    };
  } catch {
    return null;
  }
}

function isLive(lock: LockRecord, nowMs: number, timing: LockTiming): boolean {
  if (lock.released) return false;
  if (lock.host === hostname()) {
    if (lock.pid === process.pid) return [...heldInProcess.values()].includes(lock.runId);
    return pidAlive(lock.pid);
  }
  return nowMs - lock.heartbeatMs < timing.ttlMs;
}

async function listEpochs(store: CheckpointStore): Promise<number[]> {
  return (await store.list(LOCKS_DIR))
    .filter((n) => /^\d+$/.test(n))
    .map(Number)
    .sort((a, b) => a - b);
}

function epochPath(epoch: number): string {
  return `${LOCKS_DIR}/${epoch}`;
}

function heldMessage(queryId: string, location: string, holder: LockRecord): string {
  return (
    `Cannot start query with id ${queryId}: checkpoint ${location} is held by a live query ` +
    `(runId ${holder.runId}, pid ${holder.pid} on ${holder.host}). Stop that query first or use another checkpointLocation.`
  );
}

/**
 * Exclusive hold of a checkpoint by one running query, with a fencing token.
 *
 * The lock is the highest epoch file `locks/<e>`. A run takes the lock by creating `locks/<e+1>` with
 * put-if-absent, and only after it judged `locks/<e>` released or stale (same host: the pid is gone; another host:
 * no heartbeat for `ttlMs`). Put-if-absent is atomic on every store (link on local disk, a conditional PutItem on
 * DynamoDB, If-None-Match on S3), so of any number of runs that saw the same stale epoch, exactly one creates the
 * next: taking over is a conditional replace of that exact stale entry, never a delete. The epoch is the fencing
 * token: before each checkpoint write (see FencedStore) the holder checks that its epoch is still the highest,
 * and renews its heartbeat when less than `writeMarginMs` of the lease is left, so a run that lost the lock
 * cannot write. Epoch files are never deleted while they can matter (only those below the previous one), so
 * epochs only grow.
 */
export class CheckpointLock {
  private timer: NodeJS.Timeout | undefined;
  private lostTo: LockRecord | "unknown" | undefined;
  private lastRenewMs: number;

  private constructor(
    private readonly store: CheckpointStore,
    private readonly record: LockRecord,
    private readonly timing: LockTiming,
  ) {
    this.lastRenewMs = record.heartbeatMs;
  }

  /** The fencing token: grows with every run that takes the checkpoint. */
  get epoch(): number {
    return this.record.epoch;
  }

  get runId(): string {
    return this.record.runId;
  }

  static async acquire(
    store: CheckpointStore,
    queryId: string,
    runId: string,
    timing: LockTiming = DEFAULT_LOCK_TIMING,
  ): Promise<CheckpointLock> {
    const key = lockKey(store);
    const holder = heldInProcess.get(key);
    if (holder !== undefined) {
      throw new IllegalStateException(
        `Cannot start query with id ${queryId} as another query (runId ${holder}) is already active on checkpoint ` +
          `${store.location}. Perhaps you are attempting to restart a query from checkpoint that is already active; ` +
          "stop it first or use another checkpointLocation.",
      );
    }
    const legacy = parseLock(await store.get(LEGACY_LOCK_FILE));
    if (legacy !== null && isLive(legacy, Date.now(), timing)) throw new IllegalStateException(heldMessage(queryId, store.location, legacy));
    for (let attempt = 0; attempt < 5; attempt++) {
      const epochs = await listEpochs(store);
      const top = epochs.length === 0 ? undefined : epochs[epochs.length - 1]!;
      let takeover = false;
      if (top !== undefined) {
        const current = parseLock(await store.get(epochPath(top)));
        if (current !== null && isLive(current, Date.now(), timing)) {
          throw new IllegalStateException(heldMessage(queryId, store.location, current));
        }
        // Released, stale (dead pid / silent host) or unreadable: the next epoch takes it over.
        takeover = current === null || !current.released;
      }
      const epoch = top === undefined ? 0 : top + 1;
      if (takeover) crashPoint("lockTakeover", epoch);
      const record: LockRecord = { runId, queryId, pid: process.pid, host: hostname(), heartbeatMs: Date.now(), epoch };
      if (!(await store.putIfAbsent(epochPath(epoch), JSON.stringify(record)))) continue; // another run won it
      // A run that listed long ago may re-create a purged lower epoch; only the highest one holds.
      const after = await listEpochs(store);
      if (after[after.length - 1] !== epoch) continue;
      heldInProcess.set(key, runId);
      if (takeover) crashPoint("afterLockTakeover", epoch);
      const lock = new CheckpointLock(store, record, timing);
      // Keep the previous epoch (a run that saw it may still be deciding); older ones only cost listing time.
      for (const old of after) if (old < epoch - 1) await store.delete(epochPath(old)).catch(() => {});
      return lock;
    }
    throw new IllegalStateException(
      `Could not take the lock on checkpoint ${store.location}: other runs kept taking it. Retry the start.`,
    );
  }

  /** Renew the heartbeat every `heartbeatMs` until released (the timer does not keep the process alive). */
  startHeartbeat(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => void this.renew().catch(() => {}), this.timing.heartbeatMs);
    this.timer.unref();
  }

  /**
   * Throws unless this run still holds the lock with at least `writeMarginMs` of lease left (renewing it when
   * less is left). Called before every checkpoint write; `what` names the write for the error.
   */
  async assertHeld(what: string): Promise<void> {
    await this.checkTop(what);
    if (Date.now() - this.lastRenewMs > this.timing.ttlMs - this.timing.writeMarginMs) await this.renew(what);
  }

  private async checkTop(what: string): Promise<void> {
    if (this.lostTo === undefined) {
      const epochs = await listEpochs(this.store);
      const top = epochs[epochs.length - 1];
      if (top === this.record.epoch) return;
      this.lostTo = top === undefined ? "unknown" : (parseLock(await this.store.get(epochPath(top))) ?? "unknown");
    }
    const by =
      this.lostTo === "unknown"
        ? "its lock entry is gone"
        : `run ${this.lostTo.runId} (pid ${this.lostTo.pid} on ${this.lostTo.host}) took it over as epoch ${this.lostTo.epoch}`;
    throw new IllegalStateException(
      `This query (runId ${this.record.runId}) lost the lock on checkpoint ${this.store.location}: ${by}, ` +
        `after this run looked dead or sent no heartbeat for ${this.timing.ttlMs / 1000} s. It stops without writing ` +
        `${what}, so that two runs never write one checkpoint.`,
    );
  }

  /** Refresh the heartbeat (only the holder ever writes its own epoch file). */
  async renew(what = "its heartbeat"): Promise<void> {
    await this.checkTop(what);
    const now = Date.now();
    this.record.heartbeatMs = now;
    await this.store.put(epochPath(this.record.epoch), JSON.stringify(this.record));
    this.lastRenewMs = now;
  }

  async release(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    const key = lockKey(this.store);
    if (heldInProcess.get(key) === this.record.runId) heldInProcess.delete(key);
    const epochs = await listEpochs(this.store);
    if (this.lostTo !== undefined || epochs[epochs.length - 1] !== this.record.epoch) return;
    // Marked, not deleted: deleting the top epoch would let a lower (fenced-out) one look current again.
    this.record.released = true;
    await this.store.put(epochPath(this.record.epoch), JSON.stringify(this.record));
  }
}
