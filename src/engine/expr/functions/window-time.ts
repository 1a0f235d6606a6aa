/**
 * `window_time(window)` (Spark 3.4+): the event time of a time window, its end minus one microsecond, so a
 * second windowed aggregation can group the windows of a first one (`groupBy(window(window_time("window"), "1 hour"))`).
 * As Spark's ResolveWindowTime keeps the window column's watermark metadata on the result, the result carries the
 * window column's event-time tag: `eventTimeSourceOf` tells the plan layer which input column that is.
 */
import { TimestampNTZType, TimestampType } from "../../types/data-types";
import { StructTypeImpl } from "../../types/struct-type";
import { type Bound, type FunctionDef, unexpectedInputType } from "../analyze";
import { checkArity, def } from "./helpers";

/** eval function of a window_time(...) -> the input column (ordinal) whose window it reads. */
const sources = new WeakMap<object, number>();

/** True for a `struct<start, end>` of timestamps: what window() returns. */
export function isWindowStruct(b: Bound): boolean {
  const t = b.dataType;
  if (!(t instanceof StructTypeImpl) || t.fields.length !== 2) return false;
  const [s, e] = t.fields;
  const ts = (x: unknown) => x instanceof TimestampType || x instanceof TimestampNTZType;
  return s!.name === "start" && e!.name === "end" && ts(s!.dataType) && ts(e!.dataType);
}

/** The event time of a window value: its end minus one microsecond (null for a null window). */
export function windowTimeMicros(v: unknown): bigint | null {
  const end = Array.isArray(v) ? v[1] : null;
  return typeof end === "bigint" ? end - 1n : null;
}

/** The input column whose event-time tag a window_time(...) result carries, if `b` is one over a plain column. */
export function eventTimeSourceOf(b: Bound): number | undefined {
  return sources.get(b.eval);
}

export function windowTimeDef(): FunctionDef {
  return def("window_time", (f) => {
    checkArity("window_time", f.args, 1);
    const w = f.args[0]!;
    if (!isWindowStruct(w)) {
      // Spark 4.3's text names only "STRUCT" (the oracle's sql-expressions/session-windows entry checks it).
      throw unexpectedInputType(`window_time(${w.name})`, 0, '"STRUCT"', w);
    }
    const we = w.eval;
    const eval_ = (row: readonly unknown[]) => windowTimeMicros(we(row as never));
    if (w.ordinal !== undefined) sources.set(eval_, w.ordinal);
    const type = (w.dataType as StructTypeImpl).fields[1]!.dataType;
    return { dataType: type, name: `window_time(${w.name})`, eval: eval_ };
  });
}
