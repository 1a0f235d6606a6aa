/**
 * `session_window(timeColumn, gapDuration)` as Spark 4 defines it (`window_time` is in window-time.ts).
 *
 * session_window evaluated on one row is Spark's initial session of that row, `[t, t + gap]`; the plan
 * (plan/operators/session/) puts it in a column of its own below the operator that reads it, drops the rows whose
 * time is null or whose gap is null or not positive (Spark's SessionWindowing filter), and an aggregation grouped
 * by it merges overlapping sessions (MergingSessionsExec, or the session state of a streaming query).
 */
import { AnalysisException } from "../../errors";
import {
  CalendarIntervalType,
  DayTimeIntervalType,
  NullType,
  StringType,
  TimestampNTZType,
  TimestampType,
} from "../../types/data-types";
import type { CalendarInterval, Row } from "../../types/values";
import { type Bound, coerce, type FunctionDef, structOf, unexpectedInputType } from "../analyze";
import * as dt from "../datetime";
import { checkArity, def } from "./helpers";

type Gap = (row: Row) => CalendarInterval | bigint | null;

const UNIT_MICROS: Readonly<Record<string, bigint>> = {
  week: 604_800_000_000n,
  day: 86_400_000_000n,
  hour: 3_600_000_000n,
  minute: 60_000_000n,
  second: 1_000_000n,
  millisecond: 1000n,
  microsecond: 1n,
};

/**
 * A gap string as Spark casts it to a CalendarInterval ("5 minutes", "interval 1 hour 30 minutes", "-1 minute",
 * "1 month"): null when it is not an interval (the row is then dropped, as Spark's cast gives null).
 */
export function parseGapInterval(text: string): CalendarInterval | null {
  let rest = text.trim().toLowerCase();
  if (rest.startsWith("interval")) rest = rest.slice(8).trim();
  const parts = rest.split(/\s+/);
  if (rest === "" || parts.length % 2 !== 0) return null;
  let months = 0;
  let days = 0;
  let micros = 0n;
  for (let i = 0; i < parts.length; i += 2) {
    const num = parts[i]!;
    const unit = parts[i + 1]!.replace(/s$/, "");
    if (!/^[+-]?\d+(\.\d+)?$/.test(num)) return null;
    const n = Number(num);
    if (unit === "year" || unit === "month") {
      if (!Number.isInteger(n)) return null;
      months += unit === "year" ? n * 12 : n;
    } else if (unit === "day" && Number.isInteger(n)) days += n;
    else if (unit === "week" && Number.isInteger(n)) days += n * 7;
    else if (UNIT_MICROS[unit] !== undefined) {
      const [whole, frac = ""] = num.replace(/^[+-]/, "").split(".");
      const per = UNIT_MICROS[unit]!;
      let v = BigInt(whole!) * per + (frac === "" ? 0n : (BigInt(frac.padEnd(6, "0").slice(0, 6)) * per) / 1_000_000n);
      if (num.startsWith("-")) v = -v;
      micros += v;
    } else return null;
  }
  return { months, days, micros };
}

/** The gap of each row: strings parsed (cached: a gap column has few distinct values), intervals as they are. */
function gapOf(b: Bound): Gap {
  const t = b.dataType;
  const ev = b.eval;
  if (t instanceof CalendarIntervalType || t instanceof NullType) return ev as Gap;
  if (t instanceof DayTimeIntervalType) return ev as Gap;
  if (t instanceof StringType) {
    const cache = new Map<string, CalendarInterval | null>();
    return (row) => {
      const s = ev(row) as string | null;
      if (s === null) return null;
      let g = cache.get(s);
      if (g === undefined && !cache.has(s)) {
        g = parseGapInterval(s);
        if (cache.size < 1024) cache.set(s, g);
      }
      return g ?? null;
    };
  }
  throw new AnalysisException(`Gap duration expression used in session window must be CalendarIntervalType, but got ${t.typeName() === "integer" ? "IntegerType" : `${t.constructor.name.replace(/Impl$/, "")}`}.`, {
    errorClass: "_LEGACY_ERROR_TEMP_1040",
  });
}

/** `t + gap` in the session time zone (months and days move the local date, as Spark's TimeAdd). */
function endOf(t: bigint, gap: CalendarInterval | bigint, ctx: dt.DateTimeContext): bigint {
  if (typeof gap === "bigint") return t + gap;
  return dt.timestampAddInterval(t, gap.months, gap.days, gap.micros, ctx);
}

function sessionWindowDef(): FunctionDef {
  return def("session_window", (f) => {
    checkArity("session_window", f.args, 2);
    const arg = f.args[0]!;
    // a string time column is cast to TIMESTAMP, as Spark's implicit cast of the input does
    const ts = arg.dataType instanceof StringType ? coerce(arg, TimestampType(), f.scope.ctx) : arg;
    if (!(ts.dataType instanceof TimestampType) && !(ts.dataType instanceof TimestampNTZType)) {
      throw unexpectedInputType(`session_window(${ts.name}, ${f.args[1]!.name})`, 0, '("TIMESTAMP" or "TIMESTAMP_NTZ")', ts);
    }
    const gap = gapOf(f.args[1]!);
    const te = ts.eval;
    // TIMESTAMP_NTZ is wall-clock time: months and days move it without a time zone
    const ctx = ts.dataType instanceof TimestampNTZType ? { ...f.scope.ctx, timeZone: "UTC" } : f.scope.ctx;
    return {
      dataType: structOf(["start", "end"], [ts.dataType, ts.dataType]),
      name: "session_window",
      // Spark filters the rows this gives null for below the operator that reads the column (the plan's job)
      eval: (row) => {
        const t = te(row) as bigint | null;
        if (t === null) return null;
        const g = gap(row);
        if (g === null) return null;
        const end = endOf(t, g, ctx);
        return end > t ? [t, end] : null;
      },
    };
  });
}

export function sessionWindowFunctions(): Record<string, FunctionDef> {
  // window_time lives with the time windows (window-time.ts): it serves window() and session_window() columns.
  return { session_window: sessionWindowDef() };
}
