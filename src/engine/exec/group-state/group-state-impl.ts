/**
 * Spark's GroupStateImpl: the state handle one call of the user function gets. It records what the function
 * did (updated, removed, a new timeout) and the operator writes that back after the call. As in Spark, the
 * timeout starts unset on every call: a function that wants the key to time out again sets it again.
 */
import { parseIntervalMs } from "../../api/trigger";
import { IllegalArgumentException, SparkUnsupportedOperationException } from "../../errors";
import type { GroupState, GroupStateTimeoutKind } from "../../plan/operators/group-state/spec";

/** Spark's NO_TIMESTAMP: no timeout set / no watermark. */
export const NO_TIMESTAMP = -1;

/** Thrown by get() on an absent state: Spark throws java.util.NoSuchElementException (not a SparkThrowable). */
export class NoSuchElementException extends Error {
  override readonly name = "NoSuchElementException";
}

export interface GroupStateContext {
  readonly batchProcessingTimeMs: number;
  /** The eviction watermark, or NO_TIMESTAMP when the query has none. */
  readonly eventTimeWatermarkMs: number;
  readonly timeout: GroupStateTimeoutKind;
  readonly watermarkPresent: boolean;
}

function legacy(errorClass: string, message: string): SparkUnsupportedOperationException {
  return new SparkUnsupportedOperationException(message, { errorClass });
}

/**
 * Durations already parsed: a function sets the same duration text ("30 seconds") for every key of every batch,
 * and parsing it is a few regular expressions each time. Bounded, as the texts are the user's.
 */
const parsedDurations = new Map<string, number>();

/** Spark's parseDuration: an interval string ("30 seconds", "1 minute 5 seconds") in ms; negative is refused. */
function parseDuration(duration: string): number {
  let ms = parsedDurations.get(duration);
  if (ms === undefined) {
    ms = parseIntervalMs(duration);
    if (parsedDurations.size >= 256) parsedDurations.clear();
    parsedDurations.set(duration, ms);
  }
  if (ms < 0) throw new IllegalArgumentException(`Provided duration (${duration}) is negative`);
  return ms;
}

export class GroupStateImpl<S> implements GroupState<S> {
  private value: S | undefined;
  private defined: boolean;
  updated = false;
  removed = false;
  timeoutTimestamp = NO_TIMESTAMP;

  constructor(
    initial: S | undefined,
    private readonly ctx: GroupStateContext,
    private readonly timedOut: boolean,
    /** Checks a new state value against the state schema, if there is one. */
    private readonly check: (value: S) => void = () => {},
  ) {
    this.value = initial;
    this.defined = initial !== undefined;
  }

  exists(): boolean {
    return this.defined;
  }

  get(): S {
    if (!this.defined) throw new NoSuchElementException("State is either not defined or has already been removed");
    return this.value as S;
  }

  getOption(): S | undefined {
    return this.defined ? this.value : undefined;
  }

  update(newValue: S): void {
    if (newValue === null || newValue === undefined) throw new IllegalArgumentException("'null' is not a valid state value");
    this.check(newValue);
    this.value = newValue;
    this.defined = true;
    this.updated = true;
    this.removed = false;
  }

  remove(): void {
    this.value = undefined;
    this.defined = false;
    this.updated = false;
    this.removed = true;
  }

  hasTimedOut(): boolean {
    return this.timedOut;
  }

  setTimeoutDuration(duration: number | string): void {
    if (this.ctx.timeout !== "ProcessingTimeTimeout") {
      throw legacy(
        "_LEGACY_ERROR_TEMP_2203",
        "Cannot set timeout duration without enabling processing time timeout in [map|flatMap]GroupsWithState.",
      );
    }
    const ms = typeof duration === "string" ? parseDuration(duration) : duration;
    if (!(ms > 0)) throw new IllegalArgumentException("Timeout duration must be positive");
    this.timeoutTimestamp = ms + this.ctx.batchProcessingTimeMs;
  }

  setTimeoutTimestamp(timestamp: number | Date, additionalDuration?: string): void {
    this.checkTimeoutTimestampAllowed();
    const base = timestamp instanceof Date ? timestamp.getTime() : timestamp;
    const ms = additionalDuration === undefined ? base : base + parseDuration(additionalDuration);
    if (!(ms > 0)) throw new IllegalArgumentException("Timeout timestamp must be positive");
    const wm = this.ctx.eventTimeWatermarkMs;
    if (wm !== NO_TIMESTAMP && ms < wm) {
      throw new IllegalArgumentException(`Timeout timestamp (${ms}) cannot be earlier than the current watermark (${wm})`);
    }
    this.timeoutTimestamp = ms;
  }

  getCurrentWatermarkMs(): number {
    if (!this.ctx.watermarkPresent) {
      throw legacy(
        "_LEGACY_ERROR_TEMP_2204",
        "Cannot get event time watermark timestamp without setting watermark before [map|flatMap]GroupsWithState.",
      );
    }
    return this.ctx.eventTimeWatermarkMs;
  }

  getCurrentProcessingTimeMs(): number {
    return this.ctx.batchProcessingTimeMs;
  }

  toString(): string {
    return `GroupState(${this.defined ? String(this.value) : "<undefined>"})`;
  }

  private checkTimeoutTimestampAllowed(): void {
    if (this.ctx.timeout !== "EventTimeTimeout") {
      throw legacy(
        "_LEGACY_ERROR_TEMP_2205",
        "Cannot set timeout timestamp without enabling event time timeout in [map|flatMap]GroupsWithState.",
      );
    }
  }
}
