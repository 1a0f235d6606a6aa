/**
 * Spark's WatermarkTracker: one watermark per `withWatermark` node (max event time seen there minus its delay,
 * never moving back), and one global watermark chosen across them by `spark.sql.streaming.multipleWatermarkPolicy`:
 * `min` (the default: the slowest stream decides, no row of any stream is dropped too early) or `max`. A node
 * that has seen no event time yet counts as 0 once a batch ran (Spark's "populate 0"), so under `min` one idle
 * stream holds the global watermark back. The global watermark never moves back either;
 * a restart restores only it (from the commit log), the per-node values start again empty, as in Spark.
 */
export type MultipleWatermarkPolicy = "min" | "max";

export function parseWatermarkPolicy(value: string | undefined): MultipleWatermarkPolicy {
  const v = (value ?? "min").trim().toLowerCase();
  if (v === "min" || v === "max") return v;
  throw new Error(
    `spark.sql.streaming.multipleWatermarkPolicy must be "min" or "max", not "${value}"; set it to one of them or leave it unset (min).`,
  );
}

export class WatermarkTracker {
  /** Per watermark node: its watermark so far, or undefined before it saw an event time. */
  private readonly perNode: (number | undefined)[];
  private globalMs = 0;

  constructor(
    private readonly delaysMs: readonly number[],
    private readonly policy: MultipleWatermarkPolicy = "min",
  ) {
    this.perNode = delaysMs.map(() => undefined);
  }

  get hasWatermark(): boolean {
    return this.delaysMs.length > 0;
  }

  get currentMs(): number {
    return this.globalMs;
  }

  /** Recovery: the watermark recorded in the checkpoint. */
  restore(ms: number): void {
    this.globalMs = ms;
  }

  /** Folds one batch's max event time per watermark node (null: the node saw none) into the watermarks. */
  observe(maxEventTimeMs: readonly (number | null)[]): void {
    for (const [i, max] of maxEventTimeMs.entries()) {
      if (i >= this.delaysMs.length) continue;
      if (max === null) {
        this.perNode[i] ??= 0;
        continue;
      }
      const wm = max - this.delaysMs[i]!;
      const prev = this.perNode[i];
      if (prev === undefined || wm > prev) this.perNode[i] = wm;
    }
  }

  /** The global watermark the next batch would run with (never below the current one). */
  next(): number {
    const known = this.perNode.filter((w): w is number => w !== undefined);
    if (known.length === 0) return this.globalMs;
    const chosen = this.policy === "min" ? Math.min(...known) : Math.max(...known);
    return Math.max(this.globalMs, chosen);
  }

  /** Moves the global watermark to `next()`. */
  advance(): number {
    this.globalMs = this.next();
    return this.globalMs;
  }
}
