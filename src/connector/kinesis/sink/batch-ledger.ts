/**
 * The sink's memory of the batches it wrote, so a batch the engine re-runs after a crash is neither skipped when it
 * differs nor written twice when it does not.
 *
 * Under the sink's checkpoint directory (`<checkpoint>/sinks/0`), on whatever store the checkpoint lives (local,
 * s3://, dynamodb://):
 *   intent/<batchId>     written (put-if-absent) before the first PutRecords of the batch: when it started (the
 *                        time to read the target stream back from on recovery) and a digest of every record.
 *   committed/<batchId>  written after every PutRecords of the batch succeeded: the target stream, the record count,
 *                        the batch's content digest and when it started.
 * A batch whose entry matches the re-run's content is skipped; one whose content differs, or whose intent exists
 * without an entry (a crash in the middle of PutRecords), is reconciled with the target stream (kinesis-sink.ts).
 * Entries and intents older than the newest `minBatchesToRetain` are deleted as new ones are written. Without a
 * checkpoint directory the ledger lives in memory only (protects against re-runs within one run, not restarts).
 */
import type { CheckpointStore } from "../../../engine/checkpoint/checkpoint-store";
import { IllegalStateException } from "../../../engine/errors";

const COMMITTED = "committed";
const INTENT = "intent";

export interface LedgerEntry {
  readonly batchId: number;
  readonly stream: string;
  /** Input rows written. */
  readonly rows: number;
  /** Kinesis records (aggregates count once). */
  readonly kinesisRecords: number;
  /** User records of the batch and their order-independent digest (record-digest.ts); absent in older entries. */
  readonly records?: number;
  readonly digest?: string;
  /** Epoch ms before the batch's first PutRecords (its intent's time); absent in older entries. */
  readonly startedAt?: number;
  readonly committedAt: string;
}

export interface BatchIntent {
  readonly batchId: number;
  readonly stream: string;
  /** Epoch ms taken before the first PutRecords; recovery reads the target from here (AT_TIMESTAMP). */
  readonly startedAt: number;
  readonly digest: string;
  /** One digest per user record (partition key + data), in batch order. */
  readonly recordDigests: readonly string[];
}

export class BatchLedger {
  private ids: number[] | undefined;
  private readonly memory = new Map<string, string>();

  constructor(
    private readonly store: CheckpointStore | undefined,
    private readonly retain: number,
  ) {}

  /** Where it is kept, for logs. */
  get location(): string {
    return this.store ? this.store.location.replace(/\/$/, "") : "memory";
  }

  private async load(): Promise<number[]> {
    if (this.ids === undefined) {
      const names = this.store ? await this.store.list(COMMITTED) : [];
      this.ids = names
        .filter((n) => /^\d+$/.test(n))
        .map(Number)
        .sort((a, b) => a - b);
    }
    return this.ids;
  }

  async lastCommitted(): Promise<number | undefined> {
    const ids = await this.load();
    return ids.length === 0 ? undefined : ids[ids.length - 1];
  }

  /** Ids of the retained entries, oldest first. */
  async committedIds(): Promise<readonly number[]> {
    return this.load();
  }

  private async read(path: string): Promise<string | null> {
    return this.store ? this.store.get(path) : (this.memory.get(path) ?? null);
  }

  private parse<T>(path: string, text: string): T {
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new IllegalStateException(
        `The sink ledger file ${this.location}/${path} is not valid JSON (truncated or edited). Restore it from a copy; ` +
          "deleting it makes the sink reconcile that batch with the target stream on the next run.",
      );
    }
  }

  /** The entry of `batchId`, or null when there is none (never written, or older than the retained ones). */
  async entry(batchId: number): Promise<LedgerEntry | null> {
    const path = `${COMMITTED}/${batchId}`;
    const text = await this.read(path);
    return text === null ? null : this.parse<LedgerEntry>(path, text);
  }

  /**
   * Records the intent to write a batch, unless one is there already (an earlier attempt that did not finish):
   * then returns that one, whose time is where the target must be read back from.
   */
  async beginIntent(intent: BatchIntent): Promise<BatchIntent | null> {
    const path = `${INTENT}/${intent.batchId}`;
    const text = `${JSON.stringify(intent)}\n`;
    if (this.store) {
      if (await this.store.putIfAbsent(path, text)) return null;
    } else if (!this.memory.has(path)) {
      this.memory.set(path, text);
      return null;
    }
    const existing = await this.read(path);
    return existing === null ? null : this.parse<BatchIntent>(path, existing);
  }

  /** Records the batch as written; `replace` overwrites an entry that described other content. */
  async commit(entry: LedgerEntry, replace = false): Promise<void> {
    const ids = await this.load();
    const path = `${COMMITTED}/${entry.batchId}`;
    const text = `${JSON.stringify(entry)}\n`;
    // putIfAbsent false = another run of this query recorded it first; either way the batch is written.
    if (this.store) await (replace ? this.store.put(path, text) : this.store.putIfAbsent(path, text));
    else this.memory.set(path, text);
    if (!ids.includes(entry.batchId)) {
      ids.push(entry.batchId);
      ids.sort((a, b) => a - b);
    }
    while (ids.length > this.retain) {
      const old = ids.shift()!;
      if (this.store) {
        await this.store.delete(`${COMMITTED}/${old}`);
        await this.store.delete(`${INTENT}/${old}`);
      } else {
        this.memory.delete(`${COMMITTED}/${old}`);
        this.memory.delete(`${INTENT}/${old}`);
      }
    }
  }
}
