/**
 * The timers of a StatefulProcessor (Spark's TimerStateImpl): per grouping key a set of expiry timestamps.
 * Expired timers come out ordered by timestamp across keys, those strictly below the threshold (the batch
 * timestamp in processing time, the watermark in event time), as Spark's range scan gives them.
 */
import { keyText } from "../group-state/group-state-store";

export class TimerStore {
  readonly byKey = new Map<string, { readonly key: unknown; readonly times: Set<number> }>();

  /** False when the key already had that timer (Spark logs and skips it). */
  register(kt: string, key: unknown, ms: number): boolean {
    let e = this.byKey.get(kt);
    if (e === undefined) {
      e = { key, times: new Set() };
      this.byKey.set(kt, e);
    }
    if (e.times.has(ms)) return false;
    e.times.add(ms);
    return true;
  }

  /** False when there was no such timer. */
  delete(kt: string, ms: number): boolean {
    const e = this.byKey.get(kt);
    if (e === undefined || !e.times.delete(ms)) return false;
    if (e.times.size === 0) this.byKey.delete(kt);
    return true;
  }

  list(kt: string): number[] {
    return [...(this.byKey.get(kt)?.times ?? [])].sort((a, b) => a - b);
  }

  /** Every timer strictly below `thresholdMs`, earliest first (ties in key order). */
  expired(thresholdMs: number): { kt: string; key: unknown; ms: number }[] {
    const out: { kt: string; key: unknown; ms: number }[] = [];
    for (const [kt, e] of this.byKey) for (const ms of e.times) if (ms < thresholdMs) out.push({ kt, key: e.key, ms });
    return out.sort((a, b) => a.ms - b.ms);
  }

  /** The earliest timer, or undefined. */
  earliest(): number | undefined {
    let min: number | undefined;
    for (const e of this.byKey.values()) for (const ms of e.times) if (min === undefined || ms < min) min = ms;
    return min;
  }

  get size(): number {
    let n = 0;
    for (const e of this.byKey.values()) n += e.times.size;
    return n;
  }

  snapshot(): [unknown, number[]][] {
    return [...this.byKey.values()].map((e) => [e.key, [...e.times]]);
  }

  restore(rows: readonly [unknown, number[]][] | null): void {
    this.byKey.clear();
    for (const [key, times] of rows ?? []) this.byKey.set(keyText(key), { key, times: new Set(times) });
  }
}
