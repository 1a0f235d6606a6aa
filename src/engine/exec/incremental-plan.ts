/**
 * Incremental planning (Spark's IncrementalExecution): plans a streaming query into one physical tree in
 * which the stateful operators and the watermarks are nodes like any other, then numbers the stateful
 * operators as Spark does (pre-order from the root: the operator nearest the sink is 0, so a lone operator is
 * 0 and its state stays at `state/0/0`) and lists the watermark nodes.
 */
import { parseIntervalMs } from "../api/trigger";
import { AnalysisException } from "../errors";
import { builtinFunctions } from "../expr/functions/registry";
import { aggregatorFor, defaultQueryContext } from "../plan/aggregation";
import { compilePlan, type PlanEnv } from "../plan/analyzer";
import type { LogicalPlan } from "../plan/nodes";
import type { ExecContext, PhysicalNode, StatefulPlanner } from "../plan/physical";
import { passThroughNode, walkPhysical } from "../plan/physical";
import { FAST_MICROS, INT64_HIGH, INT64_LOW, INT64_WORD, int64ToNumber, MINUS_FAST_MICROS } from "../types/int64";
import type { Row } from "../types/values";
import { AggregateState } from "./aggregate-state";
import type { EventTimeStats } from "./batch-runner";
import { DeduplicateState } from "./deduplicate-state";
import { groupsWithStateNode } from "./group-state/group-state-node";
import { streamStreamJoinNode } from "./join/stream-stream-join";
import { sessionWindowNode } from "./session/session-window-node";
import type { OutputMode } from "./sink";
import { isStatefulNode, type StatefulNode, statefulBase, statefulNode } from "./stateful";

/** A `withWatermark` in the tree: passes rows on and records the event times it sees in the current batch. */
export interface WatermarkNode extends PhysicalNode {
  readonly watermarkId: number;
  readonly delayMs: number;
  /** This batch's event times (ms); count 0 when none was seen. */
  readonly stats: EventTimeStats;
  resetStats(): void;
}

export interface IncrementalPlan {
  readonly root: PhysicalNode;
  /** Stateful operators by operator id. */
  readonly operators: readonly StatefulNode[];
  /** Watermark nodes by watermark id. */
  readonly watermarks: readonly WatermarkNode[];
}

// (within 2^42 ms of 1970 a double division truncates to the same millisecond as BigInt division)


function eventTimeMs(v: unknown): number | null {
  // Spark's eventTime / 1000 (a truncating long division); a BigInt division allocates, per row of the batch
  if (typeof v === "bigint") return v > MINUS_FAST_MICROS && v < FAST_MICROS ? Math.trunc(int64ToNumber(v) / 1000) + 0 : Number(v / 1000n); // (+ 0: no -0)
  if (typeof v === "number") return v * 86_400_000; // DATE: days
  return null;
}

export /** The session's plan environment (temp views, functions, time zone, ANSI), or the engine defaults. */
function planEnvOf(session: unknown): PlanEnv {
  const s = session as { planEnv?: unknown } | null;
  const env = typeof s?.planEnv === "function" ? (s.planEnv as () => PlanEnv).call(s) : (s?.planEnv as PlanEnv | undefined);
  if (env && typeof env === "object" && "functions" in env) return env;
  return { ctx: defaultQueryContext(), functions: builtinFunctions(), lookupRelation: () => undefined };
}

const MODE_NAME: Record<OutputMode, string> = { append: "Append", update: "Update", complete: "Complete" };

function watermarkNode(id: number, delayMs: number, column: string, child: PhysicalNode, idx: number): WatermarkNode {
  const attrs = child.attrs.map((a, i) => (i === idx ? { ...a, eventTime: { watermarkId: id, delayMs } } : a));
  // The batch's figures live in a typed array, read through `stats`: a number written per row into an object
  // field or a closure variable is boxed anew each time (V8 keeps doubles in typed arrays unboxed).
  const acc = new Float64Array(4); // min, max, sum, count
  const stats: EventTimeStats = {
    get minMs() {
      return acc[3]! > 0 ? acc[0]! : Number.POSITIVE_INFINITY;
    },
    get maxMs() {
      return acc[3]! > 0 ? acc[1]! : Number.NEGATIVE_INFINITY;
    },
    get avgMs() {
      return acc[3]! > 0 ? Math.round(acc[2]! / acc[3]!) : 0;
    },
    get count() {
      return acc[3]!;
    },
  };
  const observe = (r: Row): void => {
    const v = r[idx];
    // (the common case inline: an in-range TIMESTAMP; eventTimeMs has the rest)
    // (always a number, NaN for none: a variable that is a number or null holds its number boxed)
    let ms: number;
    if (typeof v === "bigint" && v > MINUS_FAST_MICROS && v < FAST_MICROS) {
      INT64_WORD[0] = v;
      ms = Math.trunc((INT64_HIGH[1]! * 4_294_967_296 + INT64_LOW[0]!) / 1000) + 0;
    } else ms = eventTimeMs(v) ?? Number.NaN;
    if (Number.isNaN(ms)) return;
    if (acc[3] === 0) {
      acc[0] = ms;
      acc[1] = ms;
    } else {
      if (ms < acc[0]!) acc[0] = ms;
      if (ms > acc[1]!) acc[1] = ms;
    }
    acc[2] += ms;
    acc[3]++;
  };
  const produce = (ctx: ExecContext, emit: (r: Row) => void): void =>
    child.produce(ctx, (r) => {
      observe(r);
      emit(r);
    });
  return {
    ...passThroughNode("EventTimeWatermark", `${column}, ${delayMs} ms, watermarkId = ${id}`, child, produce, attrs),
    watermarkId: id,
    delayMs,
    stats,
    resetStats() {
      acc.fill(0);
    },
  };
}

/**
 * dropDuplicatesWithinWatermark needs the input's watermarked event-time column (Spark's
 * UnsupportedOperationChecker rejects the query without one); each key lives until event time + that delay.
 */
function withinWatermarkDeduplicate(child: PhysicalNode, keyIndexes: readonly number[]): DeduplicateState {
  const time = child.attrs.findIndex((a) => a.eventTime !== undefined);
  if (time < 0) {
    // Spark 4's UnsupportedOperationChecker raises this one with the legacy error class (seen on Spark 4.3).
    throw new AnalysisException("dropDuplicatesWithinWatermark is not supported on streaming DataFrames/DataSets without watermark", {
      errorClass: "_LEGACY_ERROR_TEMP_3102",
    });
  }
  return new DeduplicateState(child.schema, keyIndexes, time, { expireAfterMs: child.attrs[time]!.eventTime!.delayMs });
}

/** Plans `plan` for streaming with the session's environment `env`. */
export function planIncremental(plan: LogicalPlan, env: PlanEnv, mode: OutputMode): IncrementalPlan {
  const watermarks: WatermarkNode[] = [];
  const planner: StatefulPlanner = {
    aggregate(p, child, planned) {
      const agg = aggregatorFor(planned.compiled, p.grouping.length === 0);
      const op = new AggregateState(agg, planned.eventTimeGroup);
      const detail = `keys = [${agg.groupingNames.join(", ")}], output = [${planned.output.map((a) => a.name).join(", ")}], ${MODE_NAME[mode]}`;
      return statefulNode("StateStoreSave", "stateStoreSave", child, op, planned.output, agg.outputSchema, detail);
    },
    deduplicate(p, child, keyIndexes) {
      const keys = `[${keyIndexes.map((i) => child.attrs[i]!.name).join(", ")}]`;
      if (p.withinWatermark === true) {
        const op = withinWatermarkDeduplicate(child, keyIndexes);
        return statefulNode("StreamingDeduplicateWithinWatermark", "dedupeWithinWatermark", child, op, child.attrs, child.schema, keys);
      }
      const time = keyIndexes.find((i) => child.attrs[i]?.eventTime !== undefined) ?? -1;
      const op = new DeduplicateState(child.schema, keyIndexes, time);
      return statefulNode("StreamingDeduplicate", "dedupe", child, op, child.attrs, child.schema, keys);
    },
    streamStreamJoin(spec, info) {
      return streamStreamJoinNode(spec, info);
    },
    sessionWindowAggregate(spec, child) {
      return sessionWindowNode(spec, child, mode);
    },
    groupsWithState: groupsWithStateNode,
    watermark(p, child, columnIndex) {
      const w = watermarkNode(watermarks.length, parseIntervalMs(p.delay), p.column, child, columnIndex);
      watermarks.push(w);
      return w;
    },
  };
  const root = compilePlan(plan, { ...env, stateful: planner });
  const operators: StatefulNode[] = [];
  walkPhysical(root, (n) => {
    if (isStatefulNode(n) && !operators.includes(n)) {
      statefulBase(n).operatorId = operators.length;
      operators.push(n);
    }
  });
  return { root, operators, watermarks };
}
