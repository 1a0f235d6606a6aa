/**
 * ANSI year-month intervals (INTERVAL YEAR, INTERVAL MONTH, INTERVAL YEAR TO MONTH; values are whole months):
 * their text forms, literals, date/timestamp arithmetic and make_ym_interval, as Spark 4.3 gives them.
 *
 * CAST(... AS STRING) and show() print the ANSI form (`INTERVAL '1-2' YEAR TO MONTH`, `INTERVAL '3' YEAR`,
 * `INTERVAL '14' MONTH`), golden files the Hive form (`1-2`). A date or timestamp plus an interval moves by whole
 * months and keeps the day when the month has it (else the month's last day), like add_months.
 */
import { ArithmeticException } from "../errors";
import { DateType, IntegerType, NullType, TimestampNTZType, TimestampType, YearMonthIntervalType } from "../types/data-types";
import { type Bound, coerce, type FunctionDef, type Scope } from "./analyze";
import * as dt from "./datetime";
import { ymIntervalToString } from "./datetime/interval-text";

export { ymIntervalToString };
import { checkArity, coerceArg, def, intLit } from "./functions/helpers";

const INT_MAX = 2147483647;
const INT_MIN = -2147483648;

function checked(months: number, what: string): number {
  void what;
  if (months > INT_MAX || months < INT_MIN) {
    throw new ArithmeticException(
      "[INTERVAL_ARITHMETIC_OVERFLOW.WITHOUT_SUGGESTION] Integer overflow while operating with intervals. Try devising appropriate values for the interval parameters. SQLSTATE: 22015",
      { errorClass: "INTERVAL_ARITHMETIC_OVERFLOW.WITHOUT_SUGGESTION", sqlState: "22015" },
    );
  }
  return months;
}

/**
 * An INTERVAL literal's text when it is a year-month one: `'1-2' YEAR TO MONTH`, `'3' YEAR`, `'14' MONTH`,
 * `3 YEARS`, `1 YEAR 2 MONTHS`. null when the text names other units (day-time or calendar intervals).
 */
export function parseYearMonthLiteral(text: string): { value: number; type: YearMonthIntervalType } | null {
  const clean = text.replace(/'/g, "").trim();
  const to = /^([+-]?)(\d+)-(\d+)\s+year\s+to\s+month$/i.exec(clean);
  if (to) {
    const months = Number(to[2]) * 12 + Number(to[3]);
    if (Number(to[3]) > 11) return null;
    return { value: checked(to[1] === "-" ? -months : months, "integer"), type: YearMonthIntervalType(0, 1) };
  }
  const parts = clean.split(/\s+/);
  if (parts.length % 2 !== 0 || parts.length === 0) return null;
  let months = 0;
  const units = new Set<string>();
  for (let i = 0; i < parts.length; i += 2) {
    const unit = parts[i + 1]!.toLowerCase().replace(/s$/, "");
    if (unit !== "year" && unit !== "month") return null;
    if (!/^[+-]?\d+$/.test(parts[i]!)) return null;
    units.add(unit);
    months += Number(parts[i]) * (unit === "year" ? 12 : 1);
  }
  const type = units.size === 2 ? YearMonthIntervalType(0, 1) : units.has("year") ? YearMonthIntervalType(0, 0) : YearMonthIntervalType(1, 1);
  return { value: checked(months, "integer"), type };
}

function mk(b: Bound["dataType"], name: string, foldable: boolean, evalFn: Bound["eval"]): Bound {
  return { dataType: b, nullable: true, name, eval: evalFn, foldable };
}

/**
 * `+`/`-` where one side is a year-month interval: date ± ym is a date, timestamp(_ntz) ± ym a timestamp of the
 * same type, ym ± ym an interval with the wider fields. undefined when neither side is a year-month interval.
 */
export function yearMonthArithmetic(op: "+" | "-", l: Bound, r: Bound, scope: Scope, name: string): Bound | null | undefined {
  const lt = l.dataType;
  const rt = r.dataType;
  const lym = lt instanceof YearMonthIntervalType;
  const rym = rt instanceof YearMonthIntervalType;
  if (!lym && !rym) return undefined;
  const foldable = l.foldable && r.foldable;
  if (lym && rym) {
    const a = l.eval;
    const b = r.eval;
    const sign = op === "+" ? 1 : -1;
    const t = YearMonthIntervalType(Math.min(lt.startField, rt.startField), Math.max(lt.endField, rt.endField));
    return mk(t, name, foldable, (row) => {
      const x = a(row) as number | null;
      const y = b(row) as number | null;
      return x === null || y === null ? null : checked(x + sign * y, "integer");
    });
  }
  if (lym && op === "+") return yearMonthArithmetic("+", r, l, scope, `${r.name} + ${l.name}`);
  if (!rym) return undefined;
  const sign = op === "+" ? 1 : -1;
  const b = r.eval;
  const ctx = scope.ctx;
  // Spark names date/timestamp ± interval without parentheses, the date or timestamp first
  const shown = `${l.name} ${op} ${r.name}`;
  if (lt instanceof DateType || lt instanceof NullType) {
    const a = coerce(l, DateType(), ctx).eval;
    return mk(DateType(), shown, foldable, (row) => {
      const x = a(row) as number | null;
      const y = b(row) as number | null;
      return x === null || y === null ? null : dt.addMonths(x, sign * y);
    });
  }
  if (lt instanceof TimestampType || lt instanceof TimestampNTZType) {
    const a = l.eval;
    const zone = lt instanceof TimestampType ? ctx.timeZone : "UTC";
    return mk(lt, shown, foldable, (row) => {
      const x = a(row) as bigint | null;
      const y = b(row) as number | null;
      if (x === null || y === null) return null;
      // move the local date by whole months, keep the local time of day
      const days = dt.timestampToDate(x, zone);
      const timeOfDay = x - dt.dateToTimestamp(days, zone);
      return dt.dateToTimestamp(dt.addMonths(days, sign * y), zone) + timeOfDay;
    });
  }
  return undefined;
}

export function yearMonthIntervalFunctions(): Record<string, FunctionDef> {
  return {
    make_ym_interval: def("make_ym_interval", (f) => {
      checkArity("make_ym_interval", f.args, 0, 2);
      const args = [...f.args, ...[intLit(0), intLit(0)].slice(f.args.length)];
      const fa = { ...f, args };
      const y = coerceArg(fa, 0, IntegerType(), "make_ym_interval").eval;
      const m = coerceArg(fa, 1, IntegerType(), "make_ym_interval").eval;
      return {
        dataType: YearMonthIntervalType(0, 1),
        name: `make_ym_interval(${args.map((a) => a.name).join(", ")})`,
        foldable: args.every((a) => a.foldable),
        eval: (row) => {
          const years = y(row) as number | null;
          const months = m(row) as number | null;
          return years === null || months === null ? null : checked(years * 12 + months, "integer");
        },
      };
    }),
  };
}

