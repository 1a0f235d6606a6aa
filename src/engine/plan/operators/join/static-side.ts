/**
 * Whether a stream-static join may keep the static side's hash table for the whole query run (hash-join.ts
 * `cacheBuild`) instead of rebuilding it every micro-batch. Spark re-evaluates the static plan each batch, which
 * matters only when that plan can give other rows in another batch. In tspark every static leaf is rows held in
 * memory: `createDataFrame` / VALUES, and `spark.read` files, which are read once when the DataFrame is loaded (not
 * re-listed per batch as Spark's file scans are; docs/joins.md). So the static side can change between batches only
 * through what it evaluates: nondeterministic functions (rand(), uuid(), a UDF marked asNondeterministic()) and the
 * batch's own time (current_timestamp() and friends are the micro-batch's timestamp in a stream).
 */
import { children, type LogicalPlan } from "../../nodes";

const BATCH_TIME = new Set(["current_timestamp", "current_date", "now", "localtimestamp", "curdate", "unix_timestamp", "current_timezone"]);

function readsBatchTime(e: unknown): boolean {
  if (Array.isArray(e)) return e.some(readsBatchTime);
  if (typeof e !== "object" || e === null) return false;
  const rec = e as Record<string, unknown>;
  if ((rec.kind === "Call" || rec.kind === "ColumnRef") && typeof rec.name === "string" && BATCH_TIME.has(rec.name.toLowerCase())) return true;
  // CURRENT_TIMESTAMP without parentheses is a column reference until resolved
  if (rec.kind === "ColumnRef" && Array.isArray(rec.parts) && rec.parts.length === 1 && BATCH_TIME.has(String(rec.parts[0]).toLowerCase())) return true;
  return Object.values(rec).some((v) => typeof v === "object" && v !== null && readsBatchTime(v));
}

/**
 * True when the static plan gives the same rows in every batch of a query run. `deterministic` checks one node's
 * own expressions; the walk skips a LocalRelation's rows (data, possibly large, never expressions).
 */
export function staticSideIsImmutable(p: LogicalPlan, deterministic: (exprs: unknown) => boolean): boolean {
  if (p.kind === "LocalRelation" || p.kind === "OneRowRelation") return true;
  // a view is resolved when the query is planned, i.e. once per run, like the rows it names
  if (p.kind === "UnresolvedRelation") return true;
  const own = Object.entries(p)
    .filter(([k]) => k !== "child" && k !== "children" && k !== "left" && k !== "right")
    .map(([, v]) => v);
  if (!deterministic(own) || readsBatchTime(own)) return false;
  return children(p).every((c) => staticSideIsImmutable(c, deterministic));
}
