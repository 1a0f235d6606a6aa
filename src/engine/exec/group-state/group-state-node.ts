/**
 * `[flat]MapGroupsWithState` as a node of a streaming query's tree: the operator (flat-map-groups-with-state.ts)
 * in a StatefulNode, with its own store `state/<operatorId>/0` and Spark's progress name
 * `flatMapGroupsWithState` (for mapGroupsWithState too, as in Spark).
 */
import type { Attr } from "../../expr/analyze";
import type { GroupsWithStateBinding } from "../../plan/operators/group-state/spec";
import type { PhysicalNode } from "../../plan/physical";
import type { StructTypeImpl } from "../../types/struct-type";
import { type StatefulNode, statefulNode } from "../stateful";
import { TransformWithStateOperator } from "../transform-with-state/transform-with-state";
import { FlatMapGroupsWithStateOperator } from "./flat-map-groups-with-state";

export function groupsWithStateNode(binding: GroupsWithStateBinding, child: PhysicalNode, output: readonly Attr[], schema: StructTypeImpl): StatefulNode {
  const { spec } = binding;
  if (spec.transform !== undefined) {
    // Spark 4's transformWithState: its own operator, progress name transformWithStateExec
    const detail = `transformWithState, key = [${"column" in spec.key ? spec.key.column : "<key function>"}], output = [${output.map((a) => a.name).join(", ")}], ${spec.outputMode === "update" ? "Update" : "Append"}, ${spec.transform.timeMode}`;
    return statefulNode("TransformWithState", "transformWithStateExec", child, new TransformWithStateOperator(binding), output, schema, detail);
  }
  const key = "column" in spec.key ? spec.key.column : "<key function>";
  const detail = `${spec.isMapGroupsWithState ? "mapGroupsWithState" : "flatMapGroupsWithState"}, key = [${key}], output = [${output
    .map((a) => a.name)
    .join(", ")}], ${spec.outputMode === "update" ? "Update" : "Append"}, ${spec.timeout}`;
  const op = new FlatMapGroupsWithStateOperator(binding);
  return statefulNode("FlatMapGroupsWithState", "flatMapGroupsWithState", child, op, output, schema, detail);
}
