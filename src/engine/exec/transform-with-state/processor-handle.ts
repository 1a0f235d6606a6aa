/**
 * Spark's StatefulProcessorHandleImpl: what a StatefulProcessor's init() gets. It declares state variables
 * (only in init, each name once), and manages the current grouping key's timers (only while rows or timers
 * are processed, and never in TimeMode.None), checking the lifecycle as Spark does, with Spark's errors.
 */
import { parseIntervalMs } from "../../api/trigger";
import type {
  ListState,
  MapState,
  QueryInfo,
  StatefulProcessorHandle,
  StateSchemaArg,
  TimeModeKind,
  TTLConfig,
  ValueState,
} from "../../plan/operators/group-state/transform-spec";
import type { DataType } from "../../types/data-types";
import { duplicateStateVariable, invalidHandleState, invalidTimeMode, TIME_MODE_NAME, ttlInWrongTimeMode, ttlMustBePositive } from "./errors";
import { stateSchema, type VariableKind, type VariableStore } from "./state-variables";

/** Spark's StatefulProcessorHandleState, in lifecycle order. */
const PHASES = ["CREATED", "PRE_INIT", "INITIALIZED", "DATA_PROCESSED", "TIMER_PROCESSED", "CLOSED"] as const;
export type HandlePhase = (typeof PHASES)[number];

/** What the operator lends the handle. */
export interface HandleHost {
  readonly timeMode: TimeModeKind;
  /** The variable's store, created or (after a restart, or in a later batch) found again. */
  variable(name: string, kind: VariableKind, valueSchema: DataType, keySchema: DataType | null, ttlMs: number): VariableStore;
  /** A state object of `store` bound to the current key (null on the driver-side discovery pass). */
  bind(store: VariableStore): ValueState | ListState | MapState;
  deleteVariable(name: string): void;
  registerTimer(ms: number): void;
  deleteTimer(ms: number): void;
  listTimers(): number[];
  queryInfo(): QueryInfo;
}

function ttlMs(ttl: TTLConfig | number | string | null | undefined): number {
  if (ttl === null || ttl === undefined) return 0;
  const d = typeof ttl === "object" ? ttl.ttlDuration : ttl;
  return typeof d === "string" ? parseIntervalMs(d) : d;
}

export class ProcessorHandleImpl implements StatefulProcessorHandle {
  private readonly declared = new Set<string>();

  constructor(
    private readonly host: HandleHost,
    public phase: HandlePhase,
    /** The phase state variables may be declared in: PRE_INIT on the driver pass, CREATED in a batch. */
    private readonly declarePhase: HandlePhase,
  ) {}

  private declare(op: string, name: string, kind: VariableKind, value: StateSchemaArg, key: StateSchemaArg | null, ttl: TTLConfig | number | null | undefined) {
    if (this.phase !== this.declarePhase) throw invalidHandleState(op, this.phase);
    if (typeof name !== "string" || name === "") throw invalidHandleState(op, this.phase);
    if (this.declared.has(name)) throw duplicateStateVariable(name);
    const ms = ttlMs(ttl);
    if (ms !== 0) {
      if (this.host.timeMode !== "ProcessingTime") throw ttlInWrongTimeMode(name, TIME_MODE_NAME[this.host.timeMode]);
      if (!(ms > 0)) throw ttlMustBePositive("update", name);
    }
    const valueSchema = stateSchema(value, `${op}(${name})`);
    const keySchema = key === null ? null : stateSchema(key, `${op}(${name})`);
    this.declared.add(name);
    return this.host.bind(this.host.variable(name, kind, valueSchema, keySchema, ms));
  }

  getValueState<S = unknown>(stateName: string, schema: StateSchemaArg, ttl?: TTLConfig | number | null): ValueState<S> {
    return this.declare("get_value_state", stateName, "value", schema, null, ttl) as ValueState<S>;
  }

  getListState<S = unknown>(stateName: string, schema: StateSchemaArg, ttl?: TTLConfig | number | null): ListState<S> {
    return this.declare("get_list_state", stateName, "list", schema, null, ttl) as ListState<S>;
  }

  getMapState<K = unknown, V = unknown>(stateName: string, userKeySchema: StateSchemaArg, valueSchema: StateSchemaArg, ttl?: TTLConfig | number | null): MapState<K, V> {
    return this.declare("get_map_state", stateName, "map", valueSchema, userKeySchema, ttl) as MapState<K, V>;
  }

  deleteIfExists(stateName: string): void {
    if (this.phase !== this.declarePhase) throw invalidHandleState("delete_if_exists", this.phase);
    this.host.deleteVariable(stateName);
  }

  private checkTimerOp(op: string): void {
    if (this.host.timeMode === "None") throw invalidTimeMode(op, TIME_MODE_NAME.None);
    if (PHASES.indexOf(this.phase) < PHASES.indexOf("INITIALIZED") || this.phase === "CLOSED") throw invalidHandleState(op, this.phase);
  }

  registerTimer(expiryTimestampMs: number): void {
    this.checkTimerOp("register_timer");
    this.host.registerTimer(Number(expiryTimestampMs));
  }

  deleteTimer(expiryTimestampMs: number): void {
    this.checkTimerOp("delete_timer");
    this.host.deleteTimer(Number(expiryTimestampMs));
  }

  listTimers(): IterableIterator<number> {
    this.checkTimerOp("list_timers");
    return this.host.listTimers()[Symbol.iterator]();
  }

  getQueryInfo(): QueryInfo {
    return this.host.queryInfo();
  }
}
