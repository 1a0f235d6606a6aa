/**
 * `+` and `-` with a DATE, TIMESTAMP or TIMESTAMP_NTZ operand, resolved as Spark's
 * BinaryArithmeticWithDatetimeResolver does, with its types and names:
 * - date ± integral number: date_add / date_sub;
 * - date - date (or string or NULL): a day interval `(a - b)`; timestamp - timestamp (or date or NULL): a
 *   day-to-second interval, computed on local date-times;
 * - datetime ± interval: the datetime moved, named `ts + INTERVAL '1' DAY` / `ts - INTERVAL '02' HOUR` without
 *   parentheses (Spark's TimeAdd and DatetimeSub print so), the datetime first even when written second;
 *   a date plus a whole-day interval stays a date (`date_add(dt, extractansiintervaldays(INTERVAL '1' DAY))`);
 * - datetime + NULL: the NULL is taken as an interval, so DATE + NULL is a NULL TIMESTAMP named `dt + NULL`
 *   (Spark's NULL coercion), while datetime - NULL is the difference of two datetimes.
 */
import {
  CalendarIntervalType,
  type DataType,
  DateType,
  DayTimeIntervalType,
  NullType,
  TimestampNTZType,
  TimestampType,
} from "../types/data-types";
import { type Bound, type Eval, analyzeCallBound, coerce, type Scope, typeMismatch, unexpectedInputType } from "./analyze";
import { isIntegralType, isStringType } from "./coercion";
import * as dt from "./datetime";
import { yearMonthArithmetic } from "./year-month-interval";

const DAY_MICROS = 86400000000n;

function mk(dataType: DataType, name: string, foldable: boolean, evalFn: Eval): Bound {
  return { dataType, nullable: true, name, eval: evalFn, foldable };
}

const isDate = (t: DataType): boolean => t instanceof DateType;
const isTs = (t: DataType): boolean => t instanceof TimestampType || t instanceof TimestampNTZType;
const isNull = (t: DataType): boolean => t instanceof NullType;
const isInterval = (t: DataType): boolean => t instanceof DayTimeIntervalType || t instanceof CalendarIntervalType;

/** `l op r` when an operand is a date or timestamp; null when the operator is not datetime arithmetic. */
export function datetimeArithmetic(op: "+" | "-", l: Bound, r: Bound, scope: Scope, name: string): Bound | null {
  const lt = l.dataType;
  const rt = r.dataType;
  const ctx = scope.ctx;
  // year-month intervals (INTERVAL '1-2' YEAR TO MONTH) have their own rules: year-month-interval.ts
  const ym = yearMonthArithmetic(op, l, r, scope, name);
  if (ym !== undefined) return ym;
  // date +/- integral -> date_add / date_sub
  if (isDate(lt) && isIntegralType(rt)) {
    return analyzeCallBound(op === "+" ? "date_add" : "date_sub", [l, r], scope);
  }
  if (op === "+" && isIntegralType(lt) && isDate(rt)) return analyzeCallBound("date_add", [r, l], scope);
  if (isDate(lt) && isStringType(rt) && op === "+") {
    throw unexpectedInputType(`date_add(${l.name}, ${r.name})`, 1, '("INT" or "SMALLINT" or "TINYINT")', r);
  }
  // datetime + NULL (either side): NULL as an interval
  if (op === "+" && ((isDate(lt) || isTs(lt)) && isNull(rt))) return plusInterval(l, coerce(r, DayTimeIntervalType(0, 3), ctx), "+", scope);
  if (op === "+" && isNull(lt) && (isDate(rt) || isTs(rt))) return plusInterval(r, coerce(l, DayTimeIntervalType(0, 3), ctx), "+", scope);
  // date - date / string / NULL: a day interval
  if (op === "-" && ((isDate(lt) && (isDate(rt) || isStringType(rt) || isNull(rt))) || ((isStringType(lt) || isNull(lt)) && isDate(rt)))) {
    const a = coerce(l, DateType(), ctx).eval;
    const b = coerce(r, DateType(), ctx).eval;
    return mk(DayTimeIntervalType(0, 0), name, l.foldable && r.foldable, (row) => {
      const x = a(row) as number | null;
      const y = b(row) as number | null;
      return x === null || y === null ? null : BigInt(x - y) * DAY_MICROS;
    });
  }
  if ((isTs(lt) && (isStringType(rt) || isIntegralType(rt))) || ((isStringType(lt) || isIntegralType(lt)) && isTs(rt))) {
    const str = isTs(lt) ? r : l;
    if (op === "-" && isStringType(str.dataType)) {
      throw unexpectedInputType(name, isTs(lt) ? 1 : 0, '("TIMESTAMP" or "TIMESTAMP WITHOUT TIME ZONE")', str);
    }
    throw typeMismatch(
      name,
      `BINARY_OP_DIFF_TYPES: the left and right operands of the binary operator have incompatible types ("${lt.sql()}" and "${rt.sql()}")`,
    );
  }
  if ((isDate(lt) || isTs(lt) || isNull(lt)) && (isDate(rt) || isTs(rt) || isNull(rt)) && op === "-") {
    if (isNull(lt) && isNull(rt)) return null;
    const t = isTs(lt) ? lt : isTs(rt) ? rt : TimestampType();
    const a = coerce(l, t, ctx).eval;
    const b = coerce(r, t, ctx).eval;
    // Spark subtracts local date-times (so a DST change inside the range does not count)
    const local = t instanceof TimestampType ? (x: bigint) => dt.timestampToTimestampNtz(x, ctx.timeZone) : (x: bigint) => x;
    return mk(DayTimeIntervalType(0, 3), name, l.foldable && r.foldable, (row) => {
      const x = a(row) as bigint | null;
      const y = b(row) as bigint | null;
      return x === null || y === null ? null : local(x) - local(y);
    });
  }
  // datetime +/- interval; interval + datetime
  if ((isTs(lt) || isDate(lt) || isStringType(lt)) && isInterval(rt)) return plusInterval(l, r, op, scope);
  if (op === "+" && isInterval(lt) && (isTs(rt) || isDate(rt))) return plusInterval(r, l, "+", scope);
  // interval +/- NULL: the NULL takes the interval's type
  if (lt instanceof DayTimeIntervalType && isNull(rt)) return datetimeArithmetic(op, l, coerce(r, lt, ctx), scope, name);
  if (isNull(lt) && rt instanceof DayTimeIntervalType) return datetimeArithmetic(op, coerce(l, rt, ctx), r, scope, name);
  if (lt instanceof DayTimeIntervalType && rt instanceof DayTimeIntervalType) {
    const a = l.eval;
    const b = r.eval;
    const sign = op === "+" ? 1n : -1n;
    return mk(DayTimeIntervalType(Math.min(lt.startField, rt.startField), Math.max(lt.endField, rt.endField)), name, l.foldable && r.foldable, (row) => {
      const x = a(row) as bigint | null;
      const y = b(row) as bigint | null;
      return x === null || y === null ? null : x + sign * y;
    });
  }
  return null;
}

/** A datetime moved by an interval (day-time micros or a calendar interval). */
function plusInterval(l: Bound, r: Bound, op: "+" | "-", scope: Scope): Bound {
  const ctx = scope.ctx;
  const name = `${l.name} ${op} ${r.name}`;
  const sign = op === "+" ? 1n : -1n;
  const rt = r.dataType;
  const foldable = l.foldable && r.foldable;
  // a date plus whole days stays a date (Spark's DateAdd over ExtractANSIIntervalDays)
  if (l.dataType instanceof DateType && rt instanceof DayTimeIntervalType && rt.startField === 0 && rt.endField === 0) {
    const a = l.eval;
    const b = r.eval;
    const shown = op === "+" ? `date_add(${l.name}, extractansiintervaldays(${r.name}))` : name;
    return mk(DateType(), shown, foldable, (row) => {
      const x = a(row) as number | null;
      const y = b(row) as bigint | null;
      return x === null || y === null ? null : x + Number(sign) * Number(y / DAY_MICROS);
    });
  }
  // a date moved by years, months or days stays a date (Spark's DateAddYMInterval / DateAddInterval)
  if (l.dataType instanceof DateType && rt instanceof CalendarIntervalType && r.foldable) {
    const iv = r.eval([]) as { months: number; days: number; micros: bigint } | null;
    if (iv === null || iv.micros === 0n) {
      const a = l.eval;
      return mk(DateType(), name, foldable, (row) => {
        const x = a(row) as number | null;
        if (x === null || iv === null) return null;
        return dt.addMonths(x, Number(sign) * iv.months) + Number(sign) * iv.days;
      });
    }
  }
  const base = isTs(l.dataType) ? l : coerce(l, TimestampType(), ctx);
  const a = base.eval;
  const b = r.eval;
  return mk(base.dataType, name, foldable, (row) => {
    const x = a(row) as bigint | null;
    const y = b(row);
    if (x === null || y === null) return null;
    if (typeof y === "bigint") return x + sign * y;
    const iv = y as { months: number; days: number; micros: bigint };
    let res = x;
    if (iv.months !== 0 || iv.days !== 0) {
      const days = dt.timestampToDate(res, ctx.timeZone);
      const local = res - dt.dateToTimestamp(days, ctx.timeZone);
      let nd = days;
      if (iv.months !== 0) nd = dt.addMonths(nd, Number(sign) * iv.months);
      nd += Number(sign) * iv.days;
      res = dt.dateToTimestamp(nd, ctx.timeZone) + local;
    }
    return res + sign * iv.micros;
  });
}
