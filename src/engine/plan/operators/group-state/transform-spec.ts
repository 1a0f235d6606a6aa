/**
 * Spark 4's `transformWithState` API as TypeScript sees it: the StatefulProcessor a user writes, the handle it
 * gets in init(), its state variables (ValueState, ListState, MapState), timers, TimeMode and TTLConfig, and the
 * spec the logical plan carries. The operator lives in exec/transform-with-state/.
 */
import type { StructTypeImpl } from "../../../types/struct-type";

/** Spark's TimeMode, by the names Scala's `TimeMode.None()` etc. and PySpark's strings use. */
export type TimeModeKind = "None" | "ProcessingTime" | "EventTime";

/** Spark's TTLConfig: a state variable's values expire this long (processing time) after their last write. */
export interface TTLConfig {
  /** Milliseconds, or an interval string such as "30 minutes". */
  readonly ttlDuration: number | string;
}

/** Spark's TimerValues: the clocks of the current batch. */
export interface TimerValues {
  /** The batch timestamp (processing time), -1 when none. */
  getCurrentProcessingTimeInMs(): number;
  /** The event-time watermark for eviction, -1 when the query has none. */
  getCurrentWatermarkInMs(): number;
}

/** Spark's ExpiredTimerInfo: the timer handleExpiredTimer was called for. */
export interface ExpiredTimerInfo {
  getExpiryTimeInMs(): number;
}

/** Spark's QueryInfo. */
export interface QueryInfo {
  getQueryId(): string;
  getRunId(): string;
  getBatchId(): number;
}

export interface ValueState<S = unknown> {
  exists(): boolean;
  /** The value, or undefined when absent (Spark's get() returns null). */
  get(): S | undefined;
  update(value: S): void;
  clear(): void;
}

export interface ListState<S = unknown> {
  exists(): boolean;
  get(): IterableIterator<S>;
  put(values: readonly S[]): void;
  appendValue(value: S): void;
  appendList(values: readonly S[]): void;
  clear(): void;
}

export interface MapState<K = unknown, V = unknown> {
  exists(): boolean;
  getValue(key: K): V | undefined;
  containsKey(key: K): boolean;
  updateValue(key: K, value: V): void;
  iterator(): IterableIterator<[K, V]>;
  keys(): IterableIterator<K>;
  values(): IterableIterator<V>;
  removeKey(key: K): void;
  clear(): void;
}

/** A schema of a state variable: a StructType or a DDL string ("count LONG"). */
export type StateSchemaArg = StructTypeImpl | string;

/** Spark's StatefulProcessorHandle. */
export interface StatefulProcessorHandle {
  getValueState<S = unknown>(stateName: string, schema: StateSchemaArg, ttl?: TTLConfig | number | null): ValueState<S>;
  getListState<S = unknown>(stateName: string, schema: StateSchemaArg, ttl?: TTLConfig | number | null): ListState<S>;
  getMapState<K = unknown, V = unknown>(stateName: string, userKeySchema: StateSchemaArg, valueSchema: StateSchemaArg, ttl?: TTLConfig | number | null): MapState<K, V>;
  registerTimer(expiryTimestampMs: number): void;
  deleteTimer(expiryTimestampMs: number): void;
  listTimers(): IterableIterator<number>;
  deleteIfExists(stateName: string): void;
  getQueryInfo(): QueryInfo;
}

/**
 * Spark's StatefulProcessor. `handleInputRows` and `handleExpiredTimer` return the output rows (an array or a
 * generator; a Row, an array in schema order or an object with the output schema's fields each).
 */
// biome-ignore lint/suspicious/noExplicitAny: the user's processor declares its own key and row types
export interface StatefulProcessor<K = any, V = any> {
  init(handle: StatefulProcessorHandle, outputMode?: string, timeMode?: TimeModeKind): void;
  handleInputRows(key: K, rows: IterableIterator<V>, timerValues: TimerValues): Iterable<unknown> | undefined | null;
  handleExpiredTimer?(key: K, timerValues: TimerValues, expiredTimerInfo: ExpiredTimerInfo): Iterable<unknown> | undefined | null;
  close?(): void;
  /** Optional: the output rows' schema, when transformWithState is not given one. */
  readonly outputSchema?: StateSchemaArg;
}

/** What transformWithState adds to the group-state spec (spec.ts `transform`). */
export interface TransformWithStateSpec {
  readonly processor: StatefulProcessor;
  readonly timeMode: TimeModeKind;
}
