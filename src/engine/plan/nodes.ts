/**
 * Logical plan nodes: frozen data with a `kind`. DataFrame methods and `spark.sql` both build these;
 * `compilePlan` (analyzer.ts) resolves names and types against each child's output and returns the physical
 * tree (physical.ts). `StreamingRelation` is the leaf a streaming reader produces (`isStreamingPlan` finds it);
 * in a streaming query `Aggregate`, `Deduplicate` and `EventTimeWatermark` become stateful / watermark nodes of
 * that tree (exec/incremental-plan.ts); in a batch query the watermark is a no-op.
 */
import type { Expr, SortOrder } from "../expr/ast";
import type { GroupsWithStateSpec } from "./operators/group-state/spec";
import type { StructType } from "../types/struct-type";
import type { Row } from "../types/values";

export type LogicalPlan =
  | LocalRelation
  | StreamingRelation
  | UnresolvedRelation
  | OneRowRelation
  | Project
  | Filter
  | Aggregate
  | Sort
  | Limit
  | Deduplicate
  | EventTimeWatermark
  | Union
  | SubqueryAlias
  | Expand
  | Join
  | ResolvedHint
  | FlatMapGroupsWithState
  | CollectMetrics;

export type PlanKind = LogicalPlan["kind"];

export interface LocalRelation {
  readonly kind: "LocalRelation";
  readonly schema: StructType;
  readonly rows: readonly Row[];
}
export interface StreamingRelation {
  readonly kind: "StreamingRelation";
  readonly id: number;
  readonly format: string;
  readonly options: ReadonlyMap<string, string>;
  readonly schema: StructType;
}
/** A temp view / table name, looked up in the session catalog at analysis. */
export interface UnresolvedRelation {
  readonly kind: "UnresolvedRelation";
  readonly name: string;
}
/** SELECT without FROM: one empty row. */
export interface OneRowRelation {
  readonly kind: "OneRowRelation";
}
export interface Project {
  readonly kind: "Project";
  readonly child: LogicalPlan;
  readonly exprs: readonly Expr[];
}
export interface Filter {
  readonly kind: "Filter";
  readonly child: LogicalPlan;
  readonly condition: Expr;
}
export interface Aggregate {
  readonly kind: "Aggregate";
  readonly child: LogicalPlan;
  readonly grouping: readonly Expr[];
  readonly aggregates: readonly Expr[];
  /** SQL HAVING: evaluated over groups, may use aggregate functions. */
  readonly having?: Expr;
}
export interface Sort {
  readonly kind: "Sort";
  readonly child: LogicalPlan;
  readonly orders: readonly SortOrder[];
}
export interface Limit {
  readonly kind: "Limit";
  readonly child: LogicalPlan;
  readonly n: number;
}
/** dropDuplicates(keys) / DISTINCT (keys null = all columns). */
export interface Deduplicate {
  readonly kind: "Deduplicate";
  readonly child: LogicalPlan;
  readonly keys: readonly string[] | null;
  /**
   * dropDuplicatesWithinWatermark: in a streaming query each key is kept only until the watermark passes its
   * event time plus the watermark delay (Spark's DeduplicateWithinWatermark); a batch query ignores it.
   */
  readonly withinWatermark?: boolean;
}
export interface EventTimeWatermark {
  readonly kind: "EventTimeWatermark";
  readonly child: LogicalPlan;
  readonly column: string;
  readonly delay: string;
}
export interface Union {
  readonly kind: "Union";
  readonly children: readonly LogicalPlan[];
  readonly byName: boolean;
  /** UNION (not ALL) in SQL removes duplicates. */
  readonly distinct: boolean;
}
export interface SubqueryAlias {
  readonly kind: "SubqueryAlias";
  readonly child: LogicalPlan;
  readonly alias: string;
  /** `AS t(a, b)` renames the columns. */
  readonly columnNames?: readonly string[];
}
/** Generator output (explode): one input row becomes several (used for sliding windows). */
export interface Expand {
  readonly kind: "Expand";
  readonly child: LogicalPlan;
  readonly generator: Expr;
  readonly outer: boolean;
  readonly names: readonly string[];
  /** The generator function (plan/generate.ts) and all its arguments; absent: explode(generator). */
  readonly fn?: string;
  readonly args?: readonly Expr[];
  /** LATERAL VIEW's table name, or the alias of a FROM-clause table function (`LATERAL variant_explode(t.v) e`): qualifies the generated columns (`t.col`). */
  readonly qualifier?: string;
  /** From a LATERAL VIEW: only generators are allowed (expr/lateral-view-parser.ts). */
  readonly lateral?: boolean;
}

/** Spark's join types after `how` is normalised (plan/join-type.ts). */
export type JoinType = "inner" | "cross" | "left" | "right" | "full" | "semi" | "anti";

/**
 * `left.join(right, on, how)` / SQL JOIN. `using` (a list of names, `USING (...)`) and `condition` exclude each
 * other; neither is a cross product. The analyzer (plan/operators/join/) resolves both against the two sides.
 */
export interface Join {
  readonly kind: "Join";
  readonly left: LogicalPlan;
  readonly right: LogicalPlan;
  readonly joinType: JoinType;
  readonly condition: Expr | null;
  readonly using: readonly string[] | null;
  /** SQL NATURAL JOIN: USING every column name both sides have. */
  readonly natural?: true;
}
/**
 * `broadcast(df)`: a hint that `child` is small; a hash join builds its table from it when it can. The other
 * hints (cache, persist, repartition, coalesce: accepted, nothing to do for a one-process engine) only show in
 * explain, as the text `hint`.
 */
export interface ResolvedHint {
  readonly kind: "ResolvedHint";
  readonly child: LogicalPlan;
  readonly hint: string;
}

/** `groupByKey(...).mapGroupsWithState / flatMapGroupsWithState(...)` (plan/operators/group-state/). */
export interface FlatMapGroupsWithState {
  readonly kind: "FlatMapGroupsWithState";
  readonly child: LogicalPlan;
  readonly spec: GroupsWithStateSpec;
}

/**
 * `df.observe(name, ...aggregates)` (Spark's CollectMetrics): rows pass through unchanged while the named
 * aggregate metrics are computed over them; each run reports them (a streaming query: per batch, in progress
 * `observedMetrics`; a batch action: to the `observation`, when one was given). plan/operators/observe/.
 */
export interface CollectMetrics {
  readonly kind: "CollectMetrics";
  readonly child: LogicalPlan;
  readonly name: string;
  readonly metrics: readonly Expr[];
  /** pyspark's Observation: receives the metrics of each batch action that runs this node. */
  readonly observation?: MetricsReceiver;
}

/** What an Observation offers the plan: the metrics row of a run, as the user reads it. */
export interface MetricsReceiver {
  deliver(metrics: Readonly<Record<string, unknown>>): void;
}

export function node<T extends LogicalPlan>(n: T): T {
  return Object.freeze(n);
}

export function children(p: LogicalPlan): readonly LogicalPlan[] {
  switch (p.kind) {
    case "LocalRelation":
    case "StreamingRelation":
    case "UnresolvedRelation":
    case "OneRowRelation":
      return [];
    case "Union":
      return p.children;
    case "Join":
      return [p.left, p.right];
    default:
      return [p.child];
  }
}

export function isStreamingPlan(p: LogicalPlan): boolean {
  return p.kind === "StreamingRelation" || children(p).some(isStreamingPlan);
}

/** Statements `spark.sql` accepts besides queries. */
export type Statement =
  | { readonly kind: "Query"; readonly plan: LogicalPlan }
  | { readonly kind: "SetConf"; readonly key: string | null; readonly value: string | null }
  | { readonly kind: "ResetConf"; readonly key: string | null }
  | { readonly kind: "CreateView"; readonly name: string; readonly plan: LogicalPlan; readonly replace: boolean; readonly ifNotExists: boolean }
  | { readonly kind: "DropView"; readonly name: string; readonly ifExists: boolean };
