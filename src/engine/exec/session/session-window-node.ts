/**
 * The session-window aggregation's place in a streaming query's tree: a stateful node over SessionWindowState,
 * named as Spark names it in explain (SessionWindowStateStoreSave) and in progress (`operatorName`
 * sessionWindowStateStoreSaveExec).
 */
import type { SessionAggregateSpec } from "../../plan/operators/session/plan-session";
import type { PhysicalNode } from "../../plan/physical";
import type { OutputMode } from "../sink";
import { type StatefulNode, statefulNode } from "../stateful";
import { SessionWindowState } from "./session-window-state";

const MODE_NAME: Record<OutputMode, string> = { append: "Append", update: "Update", complete: "Complete" };

export function sessionWindowNode(spec: SessionAggregateSpec, child: PhysicalNode, mode: OutputMode): StatefulNode {
  const detail = `keys = [${spec.keyNames.join(", ")}], session = session_window, output = [${spec.output.map((a) => a.name).join(", ")}], ${MODE_NAME[mode]}`;
  return statefulNode("SessionWindowStateStoreSave", "sessionWindowStateStoreSaveExec", child, new SessionWindowState(spec), spec.output, spec.schema, detail);
}
