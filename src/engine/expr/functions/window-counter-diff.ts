/**
 * counter_diff(value [, startTime]) OVER (PARTITION BY ... ORDER BY ...) (Spark 4.3): turns a cumulative counter
 * into deltas. Each row gets its value minus the previous non-null value of the partition; the first value, a
 * value lower than the previous one (a counter reset) and a row whose startTime differs from the last non-null
 * one (the counter restarted) give NULL. A null value gives NULL and is skipped. The result has the value's type.
 */
import { TimestampNTZType, TimestampType } from "../../types/data-types";
import { Decimal } from "../../types/decimal";
import { unexpectedInputType } from "../analyze";
import { isNumericType } from "../coercion";
import { comparatorFor } from "../compare";
import { requireOrdered, type WindowBindContext, type WindowFunction, type WindowPartition } from "./window-spec";
import { wrongArgs } from "./helpers";

function minus(a: unknown, b: unknown): unknown {
  if (typeof a === "bigint") return a - (b as bigint);
  if (a instanceof Decimal) return a.sub(b as Decimal);
  return (a as number) - (b as number);
}

export function bindCounterDiff(c: WindowBindContext): WindowFunction | null {
  if (c.call.name.toLowerCase() !== "counter_diff") return null;
  const args = c.call.args;
  if (args.length < 1 || args.length > 2) throw wrongArgs("counter_diff", "[1, 2]", args.length);
  const value = c.analyze(args[0]!);
  const start = args[1] === undefined ? null : c.analyze(args[1]);
  const shown = `counter_diff(${[value, ...(start ? [start] : [])].map((b) => b.name).join(", ")})`;
  if (!isNumericType(value.dataType)) throw unexpectedInputType(shown, 0, '"NUMERIC"', value);
  if (start !== null && !(start.dataType instanceof TimestampType) && !(start.dataType instanceof TimestampNTZType)) {
    throw unexpectedInputType(shown, 1, '("TIMESTAMP" or "TIMESTAMP_NTZ")', start);
  }
  requireOrdered(c, "counter_diff");
  const ve = value.eval;
  const se = start?.eval ?? (() => null);
  const cmp = comparatorFor(value.dataType);
  return {
    name: shown,
    frame: { type: "rows", lower: Number.NEGATIVE_INFINITY, upper: 0 },
    dataType: value.dataType,
    nullable: true,
    evaluate: (p: WindowPartition) => {
      let prev: unknown = null;
      let prevStart: unknown = null;
      return p.rows.map((row) => {
        const v = ve(row);
        if (v === null) return null;
        const s = se(row);
        // a null startTime is no restart (Spark 4.3: the delta is taken across it)
        const restarted = s !== null && prevStart !== null && s !== prevStart;
        const out = prev === null || restarted || cmp(v, prev) < 0 ? null : minus(v, prev);
        prev = v;
        if (s !== null) prevStart = s;
        return out;
      });
    },
  };
}
