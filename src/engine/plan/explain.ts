/**
 * explain(): prints the logical plan tree in Spark's style ("== Physical Plan ==" plus an indented
 * operator tree; with `extended`, the parsed and analyzed forms too).
 */
import { describe } from "../api/column";
import type { StructTypeImpl } from "../types/struct-type";
import { JOIN_TYPE_NAME } from "./join-type";
import { children, type LogicalPlan } from "./nodes";
import type { PhysicalNode } from "./physical";

function line(p: LogicalPlan): string {
  switch (p.kind) {
    case "LocalRelation":
      return `LocalTableScan [${p.schema.fieldNames().join(", ")}]`;
    case "StreamingRelation":
      return `StreamingRelation ${p.format}, [${p.schema.fieldNames().join(", ")}]`;
    case "UnresolvedRelation":
      return `'UnresolvedRelation [${p.name}]`;
    case "OneRowRelation":
      return "OneRowRelation";
    case "Project":
      return `Project [${p.exprs.map(describe).join(", ")}]`;
    case "Filter":
      return `Filter ${describe(p.condition)}`;
    case "Aggregate":
      return `Aggregate [${p.grouping.map(describe).join(", ")}], [${p.aggregates.map(describe).join(", ")}]`;
    case "Sort":
      return `Sort [${p.orders.map(describe).join(", ")}]`;
    case "Limit":
      return `Limit ${p.n}`;
    case "Deduplicate":
      return `${p.withinWatermark === true ? "DeduplicateWithinWatermark" : "Deduplicate"} [${p.keys?.join(", ") ?? "*"}]`;
    case "EventTimeWatermark":
      return `EventTimeWatermark ${p.column}, ${p.delay}`;
    case "Union":
      return `Union${p.byName ? " (by name)" : ""}`;
    case "SubqueryAlias":
      return `SubqueryAlias ${p.alias}`;
    case "Expand":
      return `Generate ${describe(p.generator)}`;
    case "Join":
      return `Join ${JOIN_TYPE_NAME[p.joinType]}${p.using !== null ? `, [${p.using.join(", ")}]` : p.condition !== null ? `, ${describe(p.condition)}` : ""}`;
    case "ResolvedHint":
      return p.hint === "broadcast" ? `ResolvedHint (strategy=${p.hint})` : p.hint;
    case "CollectMetrics":
      return `CollectMetrics ${p.name}, [${p.metrics.map(describe).join(", ")}]`;
    case "FlatMapGroupsWithState":
      if (p.spec.transform !== undefined) return `TransformWithState ${p.spec.outputMode === "update" ? "Update" : "Append"}, ${p.spec.transform.timeMode}`;
      return `FlatMapGroupsWithState ${p.spec.isMapGroupsWithState ? "mapGroupsWithState" : "flatMapGroupsWithState"}, ${p.spec.outputMode === "update" ? "Update" : "Append"}, ${p.spec.timeout}`;
  }
}

export function treeString(p: LogicalPlan, depth = 0): string {
  const prefix = depth === 0 ? "" : `${"   ".repeat(depth - 1)}+- `;
  return [prefix + line(p), ...children(p).map((c) => treeString(c, depth + 1))].join("\n");
}

/** `physical`: the operator tree (physicalTreeString); without it the logical tree stands in for it. */
export function explainPlan(plan: LogicalPlan, schema: StructTypeImpl, extended: boolean, physical?: string): string {
  const tree = treeString(plan);
  const phys = physical ?? tree;
  if (!extended) return `== Physical Plan ==\n${phys}\n\n`;
  const out = schema.fields.map((f) => `${f.name}: ${f.dataType.simpleString()}`).join(", ");
  return `== Parsed Logical Plan ==\n${tree}\n\n== Analyzed Logical Plan ==\n${out}\n${tree}\n\n== Optimized Logical Plan ==\n${tree}\n\n== Physical Plan ==\n${phys}\n\n`;
}

/** One physical operator: its name, its detail (keys, state info) or else its output columns. */
function physicalLine(n: PhysicalNode): string {
  const detail = n.detail ?? `[${n.attrs.map((a) => a.name).join(", ")}]`;
  return `${n.kind} ${detail}`;
}

/**
 * The physical operator tree as explain prints it (stateful operators show their operator id and state); a node
 * with two children (a join) draws the first with `:-` as Spark does.
 */
export function physicalTreeString(root: PhysicalNode): string {
  const lines: string[] = [];
  const walk = (n: PhysicalNode, lead: string, childLead: string): void => {
    lines.push(lead + physicalLine(n));
    n.children.forEach((c, i) => {
      const last = i === n.children.length - 1;
      walk(c, childLead + (last ? "+- " : ":- "), childLead + (last ? "   " : ":  "));
    });
  };
  walk(root, "", "");
  return lines.join("\n");
}
