/**
 * Datetime functions beyond datetime.ts: dayname/monthname, convert_timezone, make_timestamp_ntz/_ltz,
 * the try_ forms (try_make_timestamp*, try_to_date, try_make_interval: NULL instead of an error),
 * make_dt_interval and make_interval. Built on the existing definitions where Spark's are aliases.
 */
import { AnalysisException } from "../../errors";
import { CalendarIntervalType, DateType, DayTimeIntervalType, DecimalType, IntegerType, LongType, StringType, TimestampNTZType, TimestampType } from "../../types/data-types";
import type * as A from "../ast";
import { Decimal } from "../../types/decimal";
import { analyzeCallBound, analyzeExpr, type Bound, type FunctionArgs, type FunctionDef, type Resolved, literal } from "../analyze";
import * as dt from "../datetime";
import { checkArity, coerceArg, def, nullPropagating } from "./helpers";

const S = StringType();
const I = IntegerType();
const DAYS = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** `name` as another function's result, under its own name. */
function alias(name: string, target: string, wrap: (r: Bound, f: FunctionArgs) => Resolved = (r) => ({ dataType: r.dataType, eval: r.eval })): FunctionDef {
  return def(name, (f) => wrap(analyzeCallBound(target, f.args, f.scope), f));
}

/** NULL instead of an error (the try_ functions), with ANSI checks on so invalid fields are errors first. */
function tryOf(name: string, target: string): FunctionDef {
  return def(name, (f) => {
    const r = analyzeCallBound(target, f.args, { ...f.scope, ctx: { ...f.scope.ctx, ansi: true } });
    const e = r.eval;
    return {
      dataType: r.dataType,
      eval: (row) => {
        try {
          return e(row);
        } catch {
          return null;
        }
      },
    };
  });
}


function intervalArgs(name: string, f: FunctionArgs, count: number): { evals: Bound["eval"][]; shown: string } {
  checkArity(name, f.args, 0, count);
  const filled = [...f.args];
  while (filled.length < count) filled.push(filled.length === count - 1 ? literal(new Decimal(0n, 6), DecimalType(18, 6), "0.000000") : literal(0, I, "0"));
  const fa = { ...f, args: filled };
  const evals = filled.map((_, i) => (i === count - 1 ? coerceArg(fa, i, DecimalType(18, 6), name) : coerceArg(fa, i, I, name)).eval);
  return { evals, shown: `${name}(${filled.map((a) => a.name).join(", ")})` };
}

const secsMicros = (d: Decimal): bigint => d.setScale(6).unscaled;

const FIXED_UNIT: Readonly<Record<string, bigint>> = { MICROSECOND: 1n, MILLISECOND: 1_000n, SECOND: 1_000_000n, MINUTE: 60_000_000n, HOUR: 3_600_000_000n, DAY: 86_400_000_000n, DAYOFYEAR: 86_400_000_000n, WEEK: 604_800_000_000n };
const MONTH_UNIT: Readonly<Record<string, number>> = { MONTH: 1, QUARTER: 3, YEAR: 12 };

/** The unit of timestampadd/timestampdiff: an identifier (HOUR) or a string ('HOUR'), upper-cased. */
function unitOf(name: string, e: A.Expr | undefined): string {
  const u = e?.kind === "ColumnRef" ? e.parts.join(".") : e?.kind === "Literal" ? String(e.value) : "";
  const unit = u.toUpperCase();
  if (FIXED_UNIT[unit] === undefined && MONTH_UNIT[unit] === undefined) {
    throw new AnalysisException(`[INVALID_PARAMETER_VALUE.DATETIME_UNIT] The value of parameter(s) \`unit\` in \`${name}\` is invalid: expects one of the units without quotes YEAR, QUARTER, MONTH, WEEK, DAY, DAYOFYEAR, HOUR, MINUTE, SECOND, MILLISECOND, MICROSECOND, but got the string literal '${u}'. SQLSTATE: 22023`, {
      errorClass: "INVALID_PARAMETER_VALUE.DATETIME_UNIT",
      sqlState: "22023",
    });
  }
  return unit;
}

/** Wall-clock microseconds split into a UTC calendar date and the time of day. */
function splitLocal(local: bigint): { y: number; m: number; d: number; tod: bigint } {
  const day = local >= 0n ? local / 86_400_000_000n : -((-local + 86_400_000_000n - 1n) / 86_400_000_000n);
  const date = new Date(Number(day) * 86_400_000);
  return { y: date.getUTCFullYear(), m: date.getUTCMonth(), d: date.getUTCDate(), tod: local - day * 86_400_000_000n };
}
function addMonthsLocal(local: bigint, months: number): bigint {
  const { y, m, d, tod } = splitLocal(local);
  const last = new Date(Date.UTC(y, m + months + 1, 0)).getUTCDate();
  return BigInt(Date.UTC(y, m + months, Math.min(d, last))) * 1000n + tod;
}

/** timestampadd / timestampdiff: the unit keyword as written (not an expression), then the two operands analyzed. */
function unitAndOperands(name: string, f: FunctionArgs): { unit: string; args: Bound[]; fa: FunctionArgs } {
  checkArity(name, f.call.args, 3);
  const unit = unitOf(name, f.call.args[0]);
  const args = f.call.args.slice(1).map((a) => analyzeExpr(a, f.scope));
  return { unit, args, fa: { ...f, args } };
}

export function moreDatetimeFunctions(): Record<string, FunctionDef> {
  // timestampadd(unit, n, ts) / timestampdiff(unit, start, end): calendar units on the session-zone wall clock
  const tsAdd = (name: string): FunctionDef => ({
    name,
    rawArgs: true,
    resolve: (f) => {
      const { unit, args, fa } = unitAndOperands(name, f);
      const n = coerceArg(fa, 0, LongType(), name);
      const ts = args[1]!.dataType instanceof TimestampNTZType ? args[1]! : coerceArg(fa, 1, TimestampType(), name);
      const ntz = ts.dataType instanceof TimestampNTZType;
      const tz = f.scope.ctx.timeZone;
      return {
        dataType: ts.dataType,
        name: `timestampadd(${unit}, ${args[0]!.name}, ${args[1]!.name})`,
        eval: nullPropagating([n.eval, ts.eval], (q, t) => {
          const local = ntz ? (t as bigint) : dt.fromUtcTimestamp(t as bigint, tz);
          const months = MONTH_UNIT[unit];
          const moved = months !== undefined ? addMonthsLocal(local, Number(q) * months) : local + BigInt(q as bigint) * FIXED_UNIT[unit]!;
          if (ntz) return moved;
          // units below a day move the instant; calendar units move the wall clock
          return unit === "DAY" || unit === "DAYOFYEAR" || unit === "WEEK" || months !== undefined ? dt.toUtcTimestamp(moved, tz) : (t as bigint) + BigInt(q as bigint) * FIXED_UNIT[unit]!;
        }, false),
      };
    },
  });
  const tsDiff = (name: string): FunctionDef => ({
    name,
    rawArgs: true,
    resolve: (f) => {
      const { unit, args, fa } = unitAndOperands(name, f);
      const ntz = args.every((a) => a.dataType instanceof TimestampNTZType);
      const a = ntz ? args[0]! : coerceArg(fa, 0, TimestampType(), name);
      const b = ntz ? args[1]! : coerceArg(fa, 1, TimestampType(), name);
      const tz = f.scope.ctx.timeZone;
      return {
        dataType: LongType(),
        name: `timestampdiff(${unit}, ${args[0]!.name}, ${args[1]!.name})`,
        eval: nullPropagating([a.eval, b.eval], (x, y) => {
          const months = MONTH_UNIT[unit];
          if (months === undefined) {
            const la = ntz ? (x as bigint) : dt.fromUtcTimestamp(x as bigint, tz);
            const lb = ntz ? (y as bigint) : dt.fromUtcTimestamp(y as bigint, tz);
            // every unit is measured on the wall clock, as Spark's LocalDateTime.until
            return (lb - la) / FIXED_UNIT[unit]!;
          }
          const s = splitLocal(ntz ? (x as bigint) : dt.fromUtcTimestamp(x as bigint, tz));
          const e = splitLocal(ntz ? (y as bigint) : dt.fromUtcTimestamp(y as bigint, tz));
          let m = (e.y - s.y) * 12 + (e.m - s.m);
          // a month counts once the end reaches the start's day and time of day (LocalDateTime.until)
          const later = e.d > s.d || (e.d === s.d && e.tod >= s.tod);
          const earlier = e.d < s.d || (e.d === s.d && e.tod <= s.tod);
          if (m > 0 && !later) m--;
          if (m < 0 && !earlier) m++;
          return BigInt(Math.trunc(m / months));
        }, false),
      };
    },
  });
  const dayname = def("dayname", (f) => {
    checkArity("dayname", f.args, 1);
    const d = coerceArg(f, 0, DateType(), "dayname");
    return { dataType: S, eval: nullPropagating([d.eval], (v) => DAYS[(((v as number) % 7) + 7) % 7]!, false) };
  });
  const monthname = def("monthname", (f) => {
    checkArity("monthname", f.args, 1);
    const d = coerceArg(f, 0, DateType(), "monthname");
    return { dataType: S, eval: nullPropagating([d.eval], (v) => MONTHS[new Date((v as number) * 86_400_000).getUTCMonth()]!, false) };
  });
  const convertTimezone = def("convert_timezone", (f) => {
    checkArity("convert_timezone", f.args, 2, 3);
    const two = f.args.length === 2;
    const src = two ? null : coerceArg(f, 0, S, "convert_timezone");
    const tgt = coerceArg(f, two ? 0 : 1, S, "convert_timezone");
    const ts = coerceArg(f, two ? 1 : 2, TimestampNTZType(), "convert_timezone");
    const session = f.scope.ctx.timeZone;
    return {
      dataType: TimestampNTZType(),
      name: `convert_timezone(${src?.name ?? "current_timezone()"}, ${tgt.name}, ${ts.name})`,
      eval: (row) => {
        const from = src === null ? session : (src.eval(row) as string | null);
        const to = tgt.eval(row) as string | null;
        const t = ts.eval(row) as bigint | null;
        if (from === null || to === null || t === null) return null;
        return dt.fromUtcTimestamp(dt.toUtcTimestamp(t, from), to);
      },
    };
  });
  const makeTimestampNtz = def("make_timestamp_ntz", (f) => {
    checkArity("make_timestamp_ntz", f.args, 6);
    const r = analyzeCallBound("make_timestamp", [...f.args, literal("UTC", S, "UTC")], f.scope);
    return { dataType: TimestampNTZType(), eval: r.eval };
  });
  const makeDt = def("make_dt_interval", (f) => {
    const { evals, shown } = intervalArgs("make_dt_interval", f, 4);
    return {
      dataType: DayTimeIntervalType(0, 3),
      name: shown,
      eval: nullPropagating(evals, (d, h, m, s) => BigInt(d as number) * 86_400_000_000n + BigInt(h as number) * 3_600_000_000n + BigInt(m as number) * 60_000_000n + secsMicros(s as Decimal), false),
    };
  });
  const makeInterval = (name: string, tolerant: boolean) =>
    def(name, (f) => {
      const { evals, shown } = intervalArgs(name, f, 7);
      return {
        dataType: CalendarIntervalType(),
        name: shown,
        eval: nullPropagating(evals, (y, mo, w, d, h, mi, s) => {
          try {
            const months = (y as number) * 12 + (mo as number);
            if (!Number.isSafeInteger(months) || Math.abs(months) > 2147483647) throw new RangeError("interval overflow");
            return { months, days: (w as number) * 7 + (d as number), micros: BigInt(h as number) * 3_600_000_000n + BigInt(mi as number) * 60_000_000n + secsMicros(s as Decimal) };
          } catch (e) {
            if (tolerant) return null;
            throw e;
          }
        }, false),
      };
    });
  return {
    timestampadd: tsAdd("timestampadd"),
    timestampdiff: tsDiff("timestampdiff"),
    dayname,
    monthname,
    convert_timezone: convertTimezone,
    make_timestamp_ntz: makeTimestampNtz,
    make_timestamp_ltz: alias("make_timestamp_ltz", "make_timestamp", (r) => ({ dataType: TimestampType(), eval: r.eval })),
    try_make_timestamp: tryOf("try_make_timestamp", "make_timestamp"),
    try_make_timestamp_ltz: tryOf("try_make_timestamp_ltz", "make_timestamp"),
    try_make_timestamp_ntz: tryOf("try_make_timestamp_ntz", "make_timestamp_ntz"),
    try_to_date: tryOf("try_to_date", "to_date"),
    make_dt_interval: makeDt,
    make_interval: makeInterval("make_interval", false),
    try_make_interval: makeInterval("try_make_interval", true),
  };
}
