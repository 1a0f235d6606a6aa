import { hostname } from "node:os";
import { IllegalStateException } from "../errors";
import type { CheckpointStore } from "./checkpoint-store";

/** Lock file under the checkpoint root (not part of Spark's layout: Spark relies on its cluster manager). */
export const LOCK_FILE = "lock";
/** Another host's lock counts as live while its heartbeat is younger than this. */
const REMOTE_LOCK_TTL_MS = 30_000;

interface LockRecord {
  runId: string;
  queryId: string;
  pid: number;
  host: string;
  heartbeatMs: number;
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

function parseLock(text: string): LockRecord | null {
  try {
    const r = JSON.parse(text) as Partial<LockRecord>;
    if (typeof r.pid !== "number" || typeof r.host !== "string") return null;
    return {
      runId: String(r.runId),
      queryId: String(r.queryId),
      pid: r.pid,
      host: r.host,
      heartbeatMs: Number(r.heartbeatMs ?? 0),
    };
  } catch {
    return null;
  }
}

function isLive(lock: LockRecord, nowMs: number): boolean {
  if (lock.host === hostname()) {
    if (lock.pid === process.pid) return [...heldInProcess.values()].includes(lock.runId);
    return pidAlive(lock.pid);
  }
  return nowMs - lock.heartbeatMs < REMOTE_LOCK_TTL_MS;
}

/**
 * Exclusive hold of a checkpoint by one running query. Taken with put-if-absent; a lock left by a dead process
 * (same host, pid gone) or a silent remote host (no heartbeat for 30 s) is taken over.
 */
export class CheckpointLock {
  private constructor(
    private readonly store: CheckpointStore,
    private readonly record: LockRecord,
  ) {}

  static async acquire(store: CheckpointStore, queryId: string, runId: string): Promise<CheckpointLock> {
    const key = lockKey(store);
    const holder = heldInProcess.get(key);
    if (holder !== undefined) {
      throw new IllegalStateException(
        `Cannot start query with id ${queryId} as another query (runId ${holder}) is already active on checkpoint ` +
          `${store.location}. Perhaps you are attempting to restart a query from checkpoint that is already active; ` +
          "stop it first or use another checkpointLocation.",
      );
    }
    const record: LockRecord = { runId, queryId, pid: process.pid, host: hostname(), heartbeatMs: Date.now() };
    for (let attempt = 0; attempt < 3; attempt++) {
      if (await store.putIfAbsent(LOCK_FILE, JSON.stringify(record))) {
        heldInProcess.set(key, runId);
        return new CheckpointLock(store, record);
      }
      const text = await store.get(LOCK_FILE);
      const existing = text === null ? null : parseLock(text);
      if (existing !== null && isLive(existing, Date.now())) {
        throw new IllegalStateException(
          `Cannot start query with id ${queryId}: checkpoint ${store.location} is held by a live query ` +
            `(runId ${existing.runId}, pid ${existing.pid} on ${existing.host}). Stop that query first or use another checkpointLocation.`,
        );
      }
      // Stale (dead pid / no heartbeat / unreadable): remove and retry; put-if-absent settles any race.
      await store.delete(LOCK_FILE);
    }
    throw new IllegalStateException(`Could not take the lock on checkpoint ${store.location}; retry the start.`);
  }

  /** Refresh the heartbeat so other hosts keep seeing this lock as live. */
  async heartbeat(): Promise<void> {
    this.record.heartbeatMs = Date.now();
    await this.store.put(LOCK_FILE, JSON.stringify(this.record));
  }

  async release(): Promise<void> {
    const key = lockKey(this.store);
    if (heldInProcess.get(key) === this.record.runId) heldInProcess.delete(key);
    const text = await this.store.get(LOCK_FILE);
    const current = text === null ? null : parseLock(text);
    if (current !== null && current.runId === this.record.runId) await this.store.delete(LOCK_FILE);
  }
}
