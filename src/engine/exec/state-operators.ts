import type { LogicalPlan } from "../plan/nodes";
import type { StructType } from "../types/struct-type";
import { AggregateState } from "./aggregate-state";
import { DeduplicateState } from "./deduplicate-state";
import type { StateOperator } from "./state-operator";

function sessionTimeZone(session: unknown): string | undefined {
  const conf = (session as { conf?: { get?: (k: string) => unknown } } | null)?.conf;
  try {
    const tz = conf?.get?.("spark.sql.session.timeZone");
    return typeof tz === "string" && tz !== "" ? tz : undefined;
  } catch {
    return undefined;
  }
}

/** The state operator for a plan's Aggregate or Deduplicate node. */
export function createStateOperator(
  node: Extract<LogicalPlan, { kind: "Aggregate" | "Deduplicate" }>,
  inputSchema: StructType,
  session: unknown,
  eventTimeColumn: string | undefined,
): StateOperator {
  if (node.kind === "Deduplicate") return new DeduplicateState(inputSchema, node.keys, eventTimeColumn);
  return new AggregateState(node, inputSchema, { timeZone: sessionTimeZone(session) }, eventTimeColumn);
}
