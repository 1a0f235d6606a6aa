/**
 * Every aggregate function (sum, avg, min, max, count, first/last with ignorenulls, collect_list...) over a
 * window frame. A running frame (UNBOUNDED PRECEDING to CURRENT ROW / n FOLLOWING, Spark's default with ORDER BY)
 * folds each row once and reads the buffer as the frame end moves; any other frame folds its rows afresh, reusing
 * the value while consecutive rows share a frame (peers in a RANGE frame, a whole-partition frame).
 */
import type { WindowBindContext, WindowFunction, WindowPartition } from "./window-spec";

/** Arrays a buffer hands out (collect_list) keep growing in a running frame: each row gets its own copy. */
function snapshot(v: unknown): unknown {
  return Array.isArray(v) ? [...v] : v;
}

export function bindAggregateWindowFunction(c: WindowBindContext): WindowFunction | null {
  const agg = c.aggregate(c.call);
  if (agg === null) return null;
  return {
    name: agg.name,
    dataType: agg.dataType,
    nullable: agg.nullable,
    evaluate: (p: WindowPartition) => {
      const n = p.rows.length;
      const out = new Array<unknown>(n);
      if (p.runningFrame) {
        const acc = agg.fresh();
        let added = 0;
        for (let i = 0; i < n; i++) {
          const hi = p.frameEnd(i);
          while (added < hi) acc.add(p.rows[added++]!);
          out[i] = snapshot(acc.value());
        }
        return out;
      }
      let lastLo = -1;
      let lastHi = -1;
      let last: unknown = null;
      for (let i = 0; i < n; i++) {
        const lo = p.frameStart(i);
        const hi = p.frameEnd(i);
        if (lo !== lastLo || hi !== lastHi) {
          const acc = agg.fresh();
          for (let k = lo; k < hi; k++) acc.add(p.rows[k]!);
          last = acc.value();
          lastLo = lo;
          lastHi = hi;
        }
        out[i] = snapshot(last);
      }
      return out;
    },
  };
}
