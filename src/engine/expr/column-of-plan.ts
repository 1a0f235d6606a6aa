import type { Attr } from "./analyze";

/**
 * The column `parts` names among the attributes that come from the DataFrame with plan id `planId`
 * (`df.col(name)`), or -1 when none or more than one does: then the name resolves as usual (a DataFrame derived
 * by an aggregation no longer carries its input's plan ids, and Spark resolves such a column by name too).
 * Qualified names (`t.name`) are left to the usual rules.
 */
export function columnOfPlan(attrs: readonly Attr[], parts: readonly string[], planId: number): number {
  const name = parts[0]!.toLowerCase();
  let hit = -1;
  for (let i = 0; i < attrs.length; i++) {
    const a = attrs[i]!;
    if (a.name.toLowerCase() !== name || a.planIds?.includes(planId) !== true) continue;
    if (hit >= 0) return -1;
    hit = i;
  }
  return hit;
}
