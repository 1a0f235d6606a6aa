/**
 * Spark's PropagateWatermarkSimulator (spark.sql.streaming.statefulOperator.allowMultiple, on by default): the
 * input watermark of each stateful operator of a chain. A `withWatermark` node outputs the global watermark; a
 * stateful operator takes the smallest watermark of its inputs and outputs what it can still emit (an aggregation
 * or deduplication: its input watermark; a stream-stream join: the smallest state watermark of its sides, as it may
 * still emit a row that old); any other node passes the smallest of its inputs on; a node below which there is no
 * watermark has none. So `join -> groupBy(window)` evicts windows only once the join can no longer emit into them.
 *
 * Each operator drops late input by the propagation of the previous batch's global watermark and evicts by the
 * propagation of the current one (Spark's eventTimeWatermarkForLateEvents / ForEviction).
 */
import type { OperatorWatermarks, PhysicalNode } from "../plan/physical";
import { isStatefulNode, type StatefulNode } from "./stateful";

function isWatermarkNode(n: PhysicalNode): boolean {
  return typeof (n as { watermarkId?: unknown }).watermarkId === "number";
}

/** Input watermark of every stateful operator for the global watermark `globalMs` (undefined: none below it). */
export function operatorInputWatermarks(root: PhysicalNode, globalMs: number): Map<StatefulNode, number | undefined> {
  const inputs = new Map<StatefulNode, number | undefined>();
  const visit = (n: PhysicalNode): number | undefined => {
    const below = n.children.map(visit).filter((w): w is number => w !== undefined);
    const input = below.length === 0 ? undefined : Math.min(...below);
    if (isWatermarkNode(n)) return globalMs;
    if (!isStatefulNode(n)) return input;
    inputs.set(n, input);
    if (input === undefined) return undefined;
    return n.outputWatermark ? n.outputWatermark(input) : input;
  };
  visit(root);
  return inputs;
}

/**
 * Per operator id: late rows by the previous batch's global watermark, eviction by this batch's, both propagated.
 * An operator with no watermark below it keeps the global values (it neither drops nor evicts by time).
 */
export function propagateWatermarks(
  root: PhysicalNode,
  operators: readonly StatefulNode[],
  lateRowsGlobalMs: number,
  evictionGlobalMs: number,
): Map<number, OperatorWatermarks> {
  const late = operatorInputWatermarks(root, lateRowsGlobalMs);
  const evict = operatorInputWatermarks(root, evictionGlobalMs);
  const out = new Map<number, OperatorWatermarks>();
  for (const op of operators) {
    // Spark: an event-time watermark never goes below 0
    out.set(op.operatorId, {
      lateRowsMs: Math.max(0, late.get(op) ?? lateRowsGlobalMs),
      evictionMs: Math.max(0, evict.get(op) ?? evictionGlobalMs),
    });
  }
  return out;
}
