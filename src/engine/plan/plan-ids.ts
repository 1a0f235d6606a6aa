/**
 * Plan ids (Spark Connect's plan_id): a DataFrame's plan gets a number the first time one of its columns is
 * referenced as `df.col(name)`; planning stamps that number on the plan's output attributes, and a reference
 * carrying it resolves to them. Kept beside the frozen plan nodes, not in them, so building plans is unchanged.
 */
import type { LogicalPlan } from "./nodes";

const ids = new WeakMap<LogicalPlan, number>();
let next = 1;

/** The plan id of `plan`, assigned on first use. */
export function planIdOf(plan: LogicalPlan): number {
  let id = ids.get(plan);
  if (id === undefined) {
    id = next++;
    ids.set(plan, id);
  }
  return id;
}

/** The plan id of `plan` when one was assigned. */
export function assignedPlanId(plan: LogicalPlan): number | undefined {
  return ids.get(plan);
}

/** A plan id for a column the planner adds (a sliding window's Expand), referenced by that id only. */
export function freshPlanId(): number {
  return next++;
}
