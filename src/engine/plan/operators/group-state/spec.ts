/**
 * What `df.groupByKey(...).mapGroupsWithState / flatMapGroupsWithState(...)` asks for, as the logical plan node
 * carries it (Spark's FlatMapGroupsWithState): how a row's key is found, the user's function, the output and
 * state schemas, the operator's output mode and its timeout. The planner (plan-group-state.ts) resolves it
 * against the child; the streaming operator lives in exec/group-state/.
 */
import type { RowImpl } from "../../../api/row";
import type { ColumnLayout, RowColumns } from "../../../api/row-columns";
import type { Row } from "../../../types/values";
import type { StructTypeImpl } from "../../../types/struct-type";
import type { TransformWithStateSpec } from "./transform-spec";

/** Spark's GroupStateTimeout, by the names PySpark's GroupStateTimeout uses. */
export type GroupStateTimeoutKind = "NoTimeout" | "ProcessingTimeTimeout" | "EventTimeTimeout";

/** The per-key state handle the user function gets (Spark's GroupState). */
export interface GroupState<S = unknown> {
  exists(): boolean;
  get(): S;
  getOption(): S | undefined;
  update(newState: S): void;
  remove(): void;
  hasTimedOut(): boolean;
  setTimeoutDuration(duration: number | string): void;
  setTimeoutTimestamp(timestamp: number | Date, additionalDuration?: string): void;
  getCurrentWatermarkMs(): number;
  getCurrentProcessingTimeMs(): number;
  toString(): string;
}

/**
 * `fn(key, values, state)`: values are the group's rows in the form collect() gives them (Rows). The key, row and
 * state types default to `any` so a function that declares its own (`(id: string, rows: Iterable<Click>,
 * state: GroupState<Session>)`) fits.
 */
// biome-ignore lint/suspicious/noExplicitAny: the user's function declares the key, row and state types
export type GroupsWithStateFunction<K = any, V = any, S = any> = (key: K, values: IterableIterator<V>, state: GroupState<S>) => unknown;

export interface GroupsWithStateSpec {
  /** A column name (its value is the key) or a function of the row (its result is the key). */
  readonly key: { readonly column: string } | { readonly fn: (row: RowImpl) => unknown };
  readonly func: GroupsWithStateFunction;
  readonly outputSchema: StructTypeImpl;
  /** When given, the state is a struct of this schema: checked on update and checkpointed in engine form. */
  readonly stateSchema: StructTypeImpl | null;
  /** The operator's output mode (Spark's `outputMode` argument of flatMapGroupsWithState). */
  readonly outputMode: "append" | "update";
  readonly timeout: GroupStateTimeoutKind;
  /** mapGroupsWithState: one output row per call, and Spark's stricter output-mode rule. */
  readonly isMapGroupsWithState: boolean;
  /** Set for Spark 4's transformWithState: a StatefulProcessor runs instead of `func` (exec/transform-with-state/). */
  readonly transform?: TransformWithStateSpec;
}

/** How the planner binds the spec to the child's rows (plan/operators/group-state/plan-group-state.ts). */
export interface GroupsWithStateBinding {
  readonly spec: GroupsWithStateSpec;
  /** The key of an engine row (`toUser`: makes the user-form row a key function takes). */
  readonly keyOf: (row: Row, toUser: (row: Row) => RowImpl) => unknown;
  /** An engine row in user form (what collect() gives). */
  readonly toUser: (row: Row) => RowImpl;
  /** How a batch's rows are held between grouping and the function's calls (api/row-columns.ts). */
  readonly layout: ColumnLayout;
  /**
   * With a key column whose user form the layout stores as it is: the layout's put that also returns that key
   * (the key is then converted once per row, not twice). Absent: keyOf, then put.
   */
  readonly putKeyed?: (c: RowColumns, r: Row, j: number) => unknown;
  /** One value the function produced, as an engine row of the output schema. */
  readonly toOutput: (value: unknown, key: unknown) => Row;
  /** Checks a new state value against the state schema (no-op without one). */
  readonly checkState: (value: unknown) => void;
  /** Index of the watermarked event-time column in the child's output, or -1. */
  readonly eventTimeIndex: number;
}

