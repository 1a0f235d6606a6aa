/**
 * Offset window functions: lag / lead read the row `offset` rows before / after the current one in the sorted
 * partition (the frame does not apply; the default is evaluated on the current row, as Spark's Lag/Lead do);
 * first_value / last_value / nth_value read a row of the current row's frame, optionally skipping nulls.
 */
import { coerce } from "../analyze";
import { boolArg, intArg, requireOrdered, type WindowBindContext, type WindowFunction, type WindowPartition } from "./window-spec";

function bindLagLead(c: WindowBindContext, lead: boolean): WindowFunction {
  const name = lead ? "lead" : "lag";
  const args = c.call.args;
  if (args.length < 1 || args.length > 4) {
    throw new RangeError(`${name} takes 1 to 4 arguments (input, offset, default, ignoreNulls), got ${args.length}`);
  }
  const ignoreNulls = boolArg(c, 3);
  const input = c.analyze(args[0]!);
  const offset = intArg(c, 1, 1);
  const dflt = args[2] === undefined ? null : coerce(c.analyze(args[2]), input.dataType, c.ctx);
  const shift = lead ? offset : -offset;
  const ie = input.eval;
  const de = dflt?.eval ?? null;
  requireOrdered(c, name);
  return {
    name: `${name}(${input.name}, ${offset}, ${dflt?.name ?? "NULL"})`,
    // Spark prints lag(x, 1) over ROWS BETWEEN -1 FOLLOWING AND -1 FOLLOWING
    frame: { type: "rows", lower: shift, upper: shift },
    dataType: input.dataType,
    nullable: true,
    evaluate: (p: WindowPartition) =>
      p.rows.map((row, i) => {
        if (ignoreNulls) {
          // the offset counts only rows whose input is not null
          let seen = 0;
          const step = lead ? 1 : -1;
          for (let j = i + step; j >= 0 && j < p.rows.length; j += step) {
            const v = ie(p.rows[j]!);
            if (v !== null && ++seen === Math.abs(offset)) return v;
          }
          return de === null ? null : de(row);
        }
        const j = i + shift;
        if (j >= 0 && j < p.rows.length) return ie(p.rows[j]!);
        return de === null ? null : de(row);
      }),
  };
}

/** The `nth` (1-based) row of each frame, counting only non-null values when `ignoreNulls`; `fromEnd` reads backwards. */
function bindFrameValue(c: WindowBindContext, label: string, nth: number, fromEnd: boolean, ignoreNulls: boolean): WindowFunction {
  const input = c.analyze(c.call.args[0]!);
  const ie = input.eval;
  return {
    name: `${label}(${input.name})`,
    dataType: input.dataType,
    nullable: true,
    evaluate: (p: WindowPartition) =>
      p.rows.map((_, i) => {
        const lo = p.frameStart(i);
        const hi = p.frameEnd(i);
        let seen = 0;
        for (let k = 0; k < hi - lo; k++) {
          const v = ie(p.rows[fromEnd ? hi - 1 - k : lo + k]!);
          if (ignoreNulls && v === null) continue;
          if (++seen === nth) return v;
        }
        return null;
      }),
  };
}

export function bindOffsetFunction(c: WindowBindContext): WindowFunction | null {
  const name = c.call.name.toLowerCase();
  switch (name) {
    case "lag":
      return bindLagLead(c, false);
    case "lead":
      return bindLagLead(c, true);
    case "first_value":
      return bindFrameValue(c, name, 1, false, boolArg(c, 1));
    case "last_value":
      return bindFrameValue(c, name, 1, true, boolArg(c, 1));
    case "nth_value": {
      const n = intArg(c, 1, 1);
      if (n <= 0) throw new RangeError(`nth_value: the offset must be a positive integer, got ${n}`);
      return bindFrameValue(c, name, n, false, boolArg(c, 2));
    }
    default:
      return null;
  }
}
