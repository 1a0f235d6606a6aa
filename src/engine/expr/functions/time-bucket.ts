/**
 * time_bucket(bucketSize, ts [, origin]) (Spark 4.2+): the start of the fixed-size bucket `ts` falls in, buckets
 * laid from `origin` (default 1970-01-01 00:00:00, shown in the column name as Spark does). The size is a constant
 * positive interval: a day-time one steps in microseconds (whole days step on the session time zone's wall clock
 * for TIMESTAMP, so a day bucket starts at local midnight), a year-month one in whole months from origin's wall
 * clock. TIMESTAMP_NTZ buckets on its own wall clock. The result has the type of `ts`.
 */
import { AnalysisException } from "../../errors";
import { DayTimeIntervalType, NullType, TimestampNTZType, TimestampType, YearMonthIntervalType } from "../../types/data-types";
import { type Bound, type FunctionDef, literal, literalName, unexpectedInputType } from "../analyze";
import * as dt from "../datetime";
import { checkArity, def } from "./helpers";

const DAY = 86_400_000_000n;

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

function mismatch(name: string, cls: string, detail: string): AnalysisException {
  return new AnalysisException(`[DATATYPE_MISMATCH.${cls}] Cannot resolve "${name}" due to data type mismatch: ${detail}. SQLSTATE: 42K09`, {
    errorClass: `DATATYPE_MISMATCH.${cls}`,
    sqlState: "42K09",
  });
}

/** Whole months from origin's wall clock to ts's, counting a month only once its day and time are reached. */
function monthsBetweenWall(origin: bigint, ts: bigint): number {
  const o = dt.civilFromDays(Number(floorDiv(origin, DAY)));
  const t = dt.civilFromDays(Number(floorDiv(ts, DAY)));
  let months = (t.year - o.year) * 12 + (t.month - o.month);
  const oRest = BigInt(o.day) * DAY + (origin - floorDiv(origin, DAY) * DAY);
  const tRest = BigInt(t.day) * DAY + (ts - floorDiv(ts, DAY) * DAY);
  if (tRest < oRest) months -= 1;
  return months;
}

export const timeBucket: FunctionDef = def("time_bucket", (f) => {
  checkArity("time_bucket", f.args, 2, 3);
  const [size, ts] = f.args as [Bound, Bound];
  const tsType = ts.dataType instanceof TimestampNTZType ? TimestampNTZType() : TimestampType();
  const originDefault = literal(0n, tsType, undefined, f.scope.ctx);
  const origin = f.args[2] ?? { ...originDefault, name: literalName(0n, tsType, f.scope.ctx) };
  const name = `time_bucket(${[size, ts, origin].map((a) => a.name).join(", ")})`;
  const isDT = size.dataType instanceof DayTimeIntervalType;
  const isYM = size.dataType instanceof YearMonthIntervalType;
  if (!isDT && !isYM) {
    throw unexpectedInputType(name, 0, '("INTERVAL DAY TO SECOND" or "INTERVAL YEAR TO MONTH")', size);
  }
  if (!(ts.dataType instanceof TimestampType) && !(ts.dataType instanceof TimestampNTZType) && !(ts.dataType instanceof NullType)) {
    throw unexpectedInputType(name, 1, '"(TIMESTAMP OR TIMESTAMP WITHOUT TIME ZONE)"', ts);
  }
  if (!size.foldable) {
    throw mismatch(name, "NON_FOLDABLE_INPUT", `the input \`bucketSize\` should be a foldable "${size.dataType.sql()}" expression; however, got "${size.name}"`);
  }
  const sz = size.eval([]) as bigint | number | null;
  if (sz !== null && (typeof sz === "bigint" ? sz <= 0n : sz <= 0)) {
    throw mismatch(name, "VALUE_OUT_OF_RANGE", `The \`bucketSize\` must be between (0, inf) (current value = ${size.name})`);
  }
  const ntz = tsType instanceof TimestampNTZType;
  const zone = f.scope.ctx.timeZone;
  // the wall clock buckets are laid on: TIMESTAMP_NTZ's own, TIMESTAMP's in the session zone (days and months)
  const wallClock = ntz || isYM || (typeof sz === "bigint" && sz % DAY === 0n);
  const toWall = (x: bigint) => (ntz || !wallClock ? x : dt.timestampToTimestampNtz(x, zone));
  const fromWall = (x: bigint) => (ntz || !wallClock ? x : dt.timestampNtzToTimestamp(x, zone));
  const te = ts.eval;
  const oe = origin.eval;
  return {
    dataType: tsType,
    name,
    foldable: size.foldable && ts.foldable && origin.foldable,
    eval: (row) => {
      const t = te(row) as bigint | null;
      const o = oe(row) as bigint | null;
      if (t === null || o === null || sz === null) return null;
      const wt = toWall(t);
      const wo = toWall(o);
      if (typeof sz === "bigint") return fromWall(wo + floorDiv(wt - wo, sz) * sz);
      const k = Math.floor(monthsBetweenWall(wo, wt) / sz) * sz;
      const oDays = Number(floorDiv(wo, DAY));
      return fromWall(BigInt(dt.addMonths(oDays, k)) * DAY + (wo - BigInt(oDays) * DAY));
    },
  };
});
