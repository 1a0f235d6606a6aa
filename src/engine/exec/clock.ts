/** Time source of a query: the wall clock, or a manual clock a test advances (Spark's StreamManualClock). */
export interface Clock {
  now(): number;
  /** Resolve at `timeMs` (or earlier if `signal` fires). */
  waitUntil(timeMs: number, signal: AbortSignal): Promise<void>;
}

export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }

  waitUntil(timeMs: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const timer = setTimeout(done, Math.max(0, timeMs - Date.now()));
      function done(): void {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        resolve();
      }
      signal.addEventListener("abort", done);
    });
  }
}

/** A clock that only moves when told; waiters wake when the time passes their target. */
export class ManualClock implements Clock {
  private time: number;
  private waiters: { at: number; wake: () => void }[] = [];

  constructor(startMs = 0) {
    this.time = startMs;
  }

  now(): number {
    return this.time;
  }

  advance(ms: number): void {
    this.time += ms;
    const due = this.waiters.filter((w) => w.at <= this.time);
    this.waiters = this.waiters.filter((w) => w.at > this.time);
    for (const w of due) w.wake();
  }

  /** True when some query waits on this clock (the test can advance it). */
  isWaiting(): boolean {
    return this.waiters.length > 0;
  }

  waitUntil(timeMs: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal.aborted || timeMs <= this.time) return resolve();
      const waiter = {
        at: timeMs,
        wake: () => {
          signal.removeEventListener("abort", onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve();
      };
      this.waiters.push(waiter);
      signal.addEventListener("abort", onAbort);
    });
  }
}
