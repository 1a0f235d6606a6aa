/**
 * Spark 4's `transformWithState` in both of Spark's shapes: `df.groupByKey(fn).transformWithState(processor,
 * timeMode, outputMode, outputSchema?)` (Scala) and `df.groupBy("col").transformWithState(processor,
 * outputStructType, outputMode, timeMode)` (PySpark 4's GroupedData). Both build the group-state plan node with a
 * StatefulProcessor in it (docs/stateful.md); the operator is exec/transform-with-state/.
 */
import { AnalysisException, IllegalArgumentException } from "../errors";
import { unknownTimeMode } from "../exec/transform-with-state/errors";
import type { Expr } from "../expr/ast";
import { node } from "../plan/nodes";
import type { GroupsWithStateSpec } from "../plan/operators/group-state/spec";
import type { StatefulProcessor, StateSchemaArg, TimeModeKind } from "../plan/operators/group-state/transform-spec";
import { parseDDLSchema } from "../types/ddl";
import { StructTypeImpl } from "../types/struct-type";
import type { DataFrame } from "./data-frame";
import { notInTspark } from "./missing-api";

export type {
  ExpiredTimerInfo,
  ListState,
  MapState,
  QueryInfo,
  StatefulProcessor,
  StatefulProcessorHandle,
  TimeModeKind,
  TimerValues,
  ValueState,
} from "../plan/operators/group-state/transform-spec";

/** Spark's TimeMode: `TimeMode.None()`, `.ProcessingTime()`, `.EventTime()` (PySpark's strings work too). */
export const TimeMode = Object.freeze({
  None: (): TimeModeKind => "None",
  ProcessingTime: (): TimeModeKind => "ProcessingTime",
  EventTime: (): TimeModeKind => "EventTime",
});

/** Spark's TTLConfig: `new TTLConfig(ms | "30 minutes")`; `TTLConfig.NONE` (no TTL). */
export class TTLConfig {
  static readonly NONE = new TTLConfig(0);
  constructor(readonly ttlDuration: number | string) {}
}

const TIME_MODES: Readonly<Record<string, TimeModeKind>> = { none: "None", notime: "None", processingtime: "ProcessingTime", eventtime: "EventTime" };

/** A TimeMode as a function, a Spark name or PySpark's string; undefined when `v` is not one. */
function timeModeOf(v: unknown): TimeModeKind | undefined {
  const x = typeof v === "function" ? (v as () => unknown)() : v;
  return typeof x === "string" ? TIME_MODES[x.toLowerCase()] : undefined;
}

function outputModeOf(v: unknown): "append" | "update" | undefined {
  if (typeof v !== "string") return undefined;
  const m = v.toLowerCase();
  if (m === "complete") {
    // Spark fails a transformWithState query in Complete mode: it is not a streaming aggregation
    throw new AnalysisException("Complete output mode not supported when there are no streaming aggregations on streaming DataFrames/Datasets", {
      errorClass: "_LEGACY_ERROR_TEMP_3102",
    });
  }
  return m === "append" || m === "update" ? m : undefined;
}

function schemaOf(v: StateSchemaArg): StructTypeImpl {
  if (v instanceof StructTypeImpl) return v;
  try {
    return parseDDLSchema(v);
  } catch (err) {
    throw new IllegalArgumentException(`transformWithState: '${v}' is not an output schema (a StructType or DDL such as "id LONG, count LONG"): ${(err as Error).message}`);
  }
}

function checkProcessor(p: unknown): StatefulProcessor {
  const proc = p as StatefulProcessor | null;
  if (proc === null || typeof proc !== "object" || typeof proc.init !== "function" || typeof proc.handleInputRows !== "function") {
    throw new IllegalArgumentException("transformWithState needs a StatefulProcessor: an object (or class instance) with init(handle) and handleInputRows(key, rows, timerValues)");
  }
  return proc;
}

/** Builds the plan: the group-state node with the processor in place of a function. */
export function transformWithStatePlan(
  df: DataFrame,
  key: GroupsWithStateSpec["key"],
  processor: unknown,
  timeMode: TimeModeKind,
  outputMode: "append" | "update",
  outputSchema: StateSchemaArg | undefined,
): DataFrame {
  const proc = checkProcessor(processor);
  const schemaArg = outputSchema ?? proc.outputSchema;
  if (schemaArg === undefined) {
    throw new IllegalArgumentException(
      'transformWithState needs the schema of the rows the processor returns (TypeScript has no encoders): pass a StructType or a DDL string such as "id LONG, count LONG"',
    );
  }
  const spec: GroupsWithStateSpec = {
    key,
    func: () => [],
    outputSchema: schemaOf(schemaArg),
    stateSchema: null,
    outputMode,
    timeout: "NoTimeout",
    isMapGroupsWithState: false,
    transform: { processor: proc, timeMode },
  };
  const out = df.withPlan(node({ kind: "FlatMapGroupsWithState", child: df.plan, spec }));
  out.schema; // resolve now: a wrong key column fails here, as in Spark
  return out;
}

/** Scala's shape `(processor, timeMode, outputMode, outputSchema?)`; the arguments after the processor in any order. */
export function keyedTransformWithState(df: DataFrame, key: GroupsWithStateSpec["key"], processor: unknown, args: readonly unknown[]): DataFrame {
  let timeMode: TimeModeKind | undefined;
  let outputMode: "append" | "update" | undefined;
  let schema: StateSchemaArg | undefined;
  for (const a of args) {
    if (a === undefined || a === null) continue;
    const t = timeModeOf(a);
    if (t !== undefined) timeMode = t;
    else if (outputModeOf(a) !== undefined) outputMode = outputModeOf(a);
    else if (a instanceof StructTypeImpl || typeof a === "string") schema = a;
    else throw new IllegalArgumentException(`transformWithState: unexpected argument ${String(a)}: pass a TimeMode, an output mode and the output schema`);
  }
  if (timeMode === undefined) throw new IllegalArgumentException('transformWithState needs a TimeMode: TimeMode.None(), TimeMode.ProcessingTime() or TimeMode.EventTime() ("None" etc. work too)');
  if (outputMode === undefined) throw new IllegalArgumentException('transformWithState needs the output mode: "append" or "update"');
  return transformWithStatePlan(df, key, processor, timeMode, outputMode, schema);
}

/** PySpark's shape `(processor, outputStructType, outputMode, timeMode, initialState?, eventTimeColumnName?)`. */
export function groupedTransformWithState(
  df: DataFrame,
  grouping: readonly Expr[],
  processor: unknown,
  outputStructType: StateSchemaArg,
  outputMode: string,
  timeMode: string | (() => TimeModeKind),
  initialState?: unknown,
  eventTimeColumnName?: string,
): DataFrame {
  const names = grouping.map((e) => (e.kind === "ColumnRef" ? e.parts.join(".") : null));
  if (names.length === 0 || names.some((n) => n === null)) {
    throw new IllegalArgumentException('transformWithState groups by columns: df.groupBy("col", ...).transformWithState(...)');
  }
  if (initialState !== undefined && initialState !== null) throw notInTspark("GroupedData", "transformWithState(initialState)");
  if (eventTimeColumnName !== undefined && eventTimeColumnName !== "") throw notInTspark("GroupedData", "transformWithState(eventTimeColumnName)");
  const tm = timeModeOf(timeMode);
  if (tm === undefined) throw unknownTimeMode(String(timeMode));
  const om = outputModeOf(outputMode);
  if (om === undefined) throw new IllegalArgumentException(`transformWithState: unknown output mode ${String(outputMode)}: use "Append" or "Update"`);
  const cols = names as string[];
  // one column: its value is the key; several: an array of their values (PySpark passes a tuple)
  const key: GroupsWithStateSpec["key"] = cols.length === 1 ? { column: cols[0]! } : { fn: (row) => cols.map((c) => row.get(c)) };
  return transformWithStatePlan(df, key, processor, tm, om, outputStructType);
}
