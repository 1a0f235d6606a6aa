/**
 * `df.groupByKey(fn)`: Spark's KeyValueGroupedDataset, for arbitrary stateful processing with
 * `mapGroupsWithState` / `flatMapGroupsWithState` (docs/stateful.md). The key function gets each row in the form
 * collect() gives (a Row: `row.id`, `row.get(0)`); a column name works too. As TypeScript has no encoders, the
 * output rows' schema is given as a StructType or DDL string, and optionally the state's.
 */
import { IllegalArgumentException } from "../errors";
import { node } from "../plan/nodes";
import type { GroupStateTimeoutKind, GroupsWithStateFunction, GroupsWithStateSpec } from "../plan/operators/group-state/spec";
import { parseDDLSchema } from "../types/ddl";
import { StructTypeImpl } from "../types/struct-type";
import type { DataFrame } from "./data-frame";
import type { RowImpl } from "./row";
import { keyedTransformWithState, type StatefulProcessor } from "./transform-with-state";

export type { GroupState, GroupStateTimeoutKind, GroupsWithStateFunction } from "../plan/operators/group-state/spec";

/** Spark's GroupStateTimeout (the values are PySpark's strings; Scala's `GroupStateTimeout.NoTimeout()` works too). */
export const GroupStateTimeout = Object.freeze({
  NoTimeout: "NoTimeout" as const,
  ProcessingTimeTimeout: "ProcessingTimeTimeout" as const,
  EventTimeTimeout: "EventTimeTimeout" as const,
  noTimeout: (): GroupStateTimeoutKind => "NoTimeout",
  processingTimeTimeout: (): GroupStateTimeoutKind => "ProcessingTimeTimeout",
  eventTimeTimeout: (): GroupStateTimeoutKind => "EventTimeTimeout",
});

const TIMEOUTS = new Set<string>(["NoTimeout", "ProcessingTimeTimeout", "EventTimeTimeout"]);
const MODES = new Set<string>(["append", "update", "complete"]);

type SchemaArg = StructTypeImpl | string;
/** What may follow the function: schemas (output first, then state), a GroupStateTimeout and, for flatMap, an output mode. */
export type GroupsWithStateArg = SchemaArg | GroupStateTimeoutKind | "append" | "update" | "Append" | "Update" | (() => GroupStateTimeoutKind) | null | undefined;

export type KeyFunction = (row: RowImpl) => unknown;

interface ParsedArgs {
  schemas: StructTypeImpl[];
  timeout: GroupStateTimeoutKind | undefined;
  outputMode: string | undefined;
}

function parseArgs(method: string, args: readonly GroupsWithStateArg[]): ParsedArgs {
  const out: ParsedArgs = { schemas: [], timeout: undefined, outputMode: undefined };
  for (const a of args) {
    if (a === null || a === undefined) continue;
    const v = typeof a === "function" ? a() : a;
    if (v instanceof StructTypeImpl) out.schemas.push(v);
    else if (typeof v === "string" && TIMEOUTS.has(v)) out.timeout = v as GroupStateTimeoutKind;
    else if (typeof v === "string" && MODES.has(v.toLowerCase())) out.outputMode = v.toLowerCase();
    else if (typeof v === "string") {
      try {
        out.schemas.push(parseDDLSchema(v));
      } catch (err) {
        throw new IllegalArgumentException(
          `${method}: '${v}' is neither a schema (a StructType or DDL such as "id LONG, count INT"), a GroupStateTimeout nor an output mode: ${(err as Error).message}`,
        );
      }
    } else {
      throw new IllegalArgumentException(`${method}: unexpected argument ${String(v)}: pass schemas, a GroupStateTimeout and an output mode`);
    }
  }
  if (out.schemas.length === 0) {
    throw new IllegalArgumentException(
      `${method} needs the schema of the rows the function returns (TypeScript has no encoders): pass a StructType or a DDL string such as "id LONG, events INT"`,
    );
  }
  if (out.schemas.length > 2) throw new IllegalArgumentException(`${method} takes at most two schemas: the output's, then the state's`);
  return out;
}

export class KeyValueGroupedDataset {
  constructor(
    private readonly df: DataFrame,
    private readonly key: GroupsWithStateSpec["key"],
  ) {}

  private build(func: GroupsWithStateFunction, p: ParsedArgs, outputMode: "append" | "update", isMap: boolean): DataFrame {
    if (typeof func !== "function") {
      throw new IllegalArgumentException(`${isMap ? "mapGroupsWithState" : "flatMapGroupsWithState"} needs a function (key, values, state) => ...`);
    }
    const spec: GroupsWithStateSpec = {
      key: this.key,
      func,
      outputSchema: p.schemas[0]!,
      stateSchema: p.schemas[1] ?? null,
      outputMode,
      timeout: p.timeout ?? "NoTimeout",
      isMapGroupsWithState: isMap,
    };
    const df = this.df.withPlan(node({ kind: "FlatMapGroupsWithState", child: this.df.plan, spec }));
    df.schema; // resolve now: a wrong key column fails here, as in Spark
    return df;
  }

  /**
   * `mapGroupsWithState(fn, outputSchema, stateSchema?, timeoutConf?)`: `fn(key, values, state)` returns one row
   * per call. Streaming queries run it in update mode only (Spark's rule).
   */
  mapGroupsWithState(func: GroupsWithStateFunction, ...args: GroupsWithStateArg[]): DataFrame {
    const p = parseArgs("mapGroupsWithState", args);
    return this.build(func, p, "update", true);
  }

  /**
   * `flatMapGroupsWithState(fn, outputMode, timeoutConf, outputSchema, stateSchema?)` (any order):
   * `fn(key, values, state)` returns an iterable of rows (an array or a generator).
   */
  flatMapGroupsWithState(func: GroupsWithStateFunction, ...args: GroupsWithStateArg[]): DataFrame {
    const p = parseArgs("flatMapGroupsWithState", args);
    if (p.outputMode === undefined) {
      throw new IllegalArgumentException('flatMapGroupsWithState needs the output mode of the function: "append" or "update"');
    }
    if (p.outputMode !== "append" && p.outputMode !== "update") throw new IllegalArgumentException("The output mode of function should be append or update");
    return this.build(func, p, p.outputMode, false);
  }

  /**
   * Spark 4's `transformWithState(processor, timeMode, outputMode, outputSchema?)` with a StatefulProcessor
   * (api/transform-with-state.ts; the arguments after the processor in any order).
   */
  transformWithState(processor: StatefulProcessor, ...args: unknown[]): DataFrame {
    return keyedTransformWithState(this.df, this.key, processor, args);
  }
}

/** `df.groupByKey(fn | column)`. */
export function groupByKey(df: DataFrame, key: KeyFunction | string): KeyValueGroupedDataset {
  if (typeof key === "string") return new KeyValueGroupedDataset(df, { column: key });
  if (typeof key === "function") return new KeyValueGroupedDataset(df, { fn: key });
  throw new IllegalArgumentException("groupByKey needs a function of the row (row) => key, or a column name");
}
