/**
 * Datetime SQL functions: thin wiring of the pure library in ../datetime onto Spark's signatures,
 * argument coercions and auto-generated names. Also typed literals (DATE '..', TIMESTAMP '..',
 * X'..', INTERVAL ..) and window().
 */
import { parseYearMonthLiteral, ymIntervalToString } from "../year-month-interval";
import { AnalysisException, IllegalArgumentException } from "../../errors";
import {
  BinaryType,
  BooleanType,
  CalendarIntervalType,
  type DataType,
  DateType,
  DayTimeIntervalType,
  DecimalType,
  DoubleType,
  IntegerType,
  LongType,
  StringType,
  TimestampNTZType,
  TimestampType,
} from "../../types/data-types";
import { Decimal } from "../../types/decimal";
import type { StructTypeImpl } from "../../types/struct-type";
import { type Bound, coerce, type FunctionArgs, type FunctionDef, literal, literalName, structOf } from "../analyze";
import { isIntegralType, isStringType } from "../coercion";
import * as dt from "../datetime";
import { checkArity, coerceArg, constant, def, nullPropagating, simple } from "./helpers";
import { isWindowStruct, windowTimeDef, windowTimeMicros } from "./window-time";

const S = StringType();
const I = IntegerType();
const L = LongType();
const DATE = DateType();
const TS = TimestampType();

/** A DATE-typed view of an argument (timestamps and strings convert as Spark's implicit casts). */
function asDate(f: FunctionArgs, i: number, name: string): Bound {
  return coerceArg(f, i, DATE, name);
}
function asTs(f: FunctionArgs, i: number, name: string): Bound {
  const b = f.args[i]!;
  if (b.dataType instanceof TimestampNTZType) return b;
  return coerceArg(f, i, TS, name);
}

function dateField(name: string, fn: (days: number) => number): FunctionDef {
  return def(name, (f) => {
    checkArity(name, f.args, 1);
    const d = asDate(f, 0, name);
    return { dataType: I, eval: nullPropagating([d.eval], (v) => fn(v as number), false) };
  });
}
function timeField(name: string, fn: (micros: bigint, ctx: dt.DateTimeContext) => number): FunctionDef {
  return def(name, (f) => {
    checkArity(name, f.args, 1);
    const t = asTs(f, 0, name);
    const ctx = f.scope.ctx;
    const ntz = t.dataType instanceof TimestampNTZType;
    const utc = { ...ctx, timeZone: "UTC" };
    return { dataType: I, eval: nullPropagating([t.eval], (v) => fn(v as bigint, ntz ? utc : ctx), false) };
  });
}

function optPattern(f: FunctionArgs, i: number, name: string): Bound | null {
  return f.args.length > i ? coerceArg(f, i, S, name) : null;
}

function toTimestampDef(name: string, ntz: boolean): FunctionDef {
  return def(name, (f) => {
    checkArity(name, f.args, 1, 2);
    const ctx = f.scope.ctx;
    const a = f.args[0]!;
    const pat = optPattern(f, 1, name);
    const pe = pat?.eval ?? (() => null);
    const rt = ntz ? TimestampNTZType() : TS;
    if (!isStringType(a.dataType)) {
      if (a.dataType instanceof DateType || a.dataType instanceof TimestampType || a.dataType instanceof TimestampNTZType || isIntegralType(a.dataType) || a.dataType.typeName() === "double" || a.dataType instanceof DecimalType || a.dataType.typeName() === "void") {
        const c = coerce(a, rt, ctx);
        return { dataType: rt, eval: c.eval };
      }
    }
    const s = coerceArg(f, 0, S, name);
    const se = s.eval;
    return {
      dataType: rt,
      eval: (row) => {
        const v = se(row) as string | null;
        if (v === null) return null;
        const p = pe(row) as string | null;
        if (pat !== null && p === null) return null;
        return ntz ? dt.toTimestampNtz(v, p, ctx) : dt.toTimestamp(v, p, ctx, ctx.nowMicros);
      },
    };
  });
}

function unixTimestampDef(name: string): FunctionDef {
  return def(name, (f) => {
    checkArity(name, f.args, 0, 2);
    const ctx = f.scope.ctx;
    if (f.args.length === 0) {
      const now = dt.unixTimestampFromTimestamp(ctx.nowMicros);
      return { dataType: L, eval: () => now, name: `${name}(current_timestamp(), yyyy-MM-dd HH:mm:ss)`, foldable: false };
    }
    const a = f.args[0]!;
    const pat = optPattern(f, 1, name);
    const pe = pat?.eval ?? (() => dt.DEFAULT_TIMESTAMP_PATTERN);
    const nm = `${name}(${a.name}, ${pat?.name ?? dt.DEFAULT_TIMESTAMP_PATTERN})`;
    if (a.dataType instanceof TimestampType || a.dataType instanceof TimestampNTZType) {
      return { dataType: L, name: nm, eval: nullPropagating([a.eval], (v) => dt.unixTimestampFromTimestamp(v as bigint), false) };
    }
    if (a.dataType instanceof DateType) {
      return { dataType: L, name: nm, eval: nullPropagating([a.eval], (v) => dt.unixTimestampFromDate(v as number, ctx), false) };
    }
    const s = coerceArg(f, 0, S, name).eval;
    return {
      dataType: L,
      name: nm,
      eval: (row) => {
        const v = s(row) as string | null;
        const p = pe(row) as string | null;
        return v === null || p === null ? null : dt.unixTimestampFromString(v, p, ctx);
      },
    };
  });
}

function dateArith(name: string, fn: (d: number, n: number) => number): FunctionDef {
  return def(name, (f) => {
    checkArity(name, f.args, 2);
    const d = asDate(f, 0, name);
    const nArg = f.args[1]!;
    const tn = nArg.dataType.typeName();
    if (isStringType(nArg.dataType) && nArg.foldable) {
      const v = constant(nArg);
      if (v !== null && !/^\s*[+-]?\d+\s*$/.test(String(v))) {
        throw new AnalysisException(
          `[SECOND_FUNCTION_ARGUMENT_NOT_INTEGER] The second argument of \`${name}\` function needs to be an integer. SQLSTATE: 22023`,
          { errorClass: "SECOND_FUNCTION_ARGUMENT_NOT_INTEGER", sqlState: "22023" },
        );
      }
    } else if (!["integer", "short", "byte", "void"].includes(tn)) {
      throw new AnalysisException(
        `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "${name}(${f.args.map((a) => a.name).join(", ")})" due to data type mismatch: The second parameter requires the ("INT" or "SMALLINT" or "TINYINT") type, however "${nArg.name}" has the type "${nArg.dataType.sql()}". SQLSTATE: 42K09`,
        { errorClass: "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE", sqlState: "42K09" },
      );
    }
    const n = coerceArg(f, 1, I, name);
    return { dataType: DATE, eval: nullPropagating([d.eval, n.eval], (a, b) => fn(a as number, b as number), false) };
  });
}

const utf8 = new TextEncoder();

/** DATE '...', TIMESTAMP '...', X'..', INTERVAL '...' literals (folded at analysis). */
function typedLiteral(f: FunctionArgs): { dataType: DataType; eval: () => unknown; name: string; foldable: boolean } {
  const kind = f.call.syntax ?? "";
  const text = f.args[0]!.eval([]) as string;
  const ctx = f.scope.ctx;
  const bad = (typeName: string): never => {
    throw new AnalysisException(
      `[INVALID_TYPED_LITERAL] The value of the typed literal "${typeName}" is invalid: '${text}'. SQLSTATE: 42604`,
      { errorClass: "INVALID_TYPED_LITERAL", sqlState: "42604" },
    );
  };
  let value: unknown;
  let t: DataType;
  switch (kind) {
    case "DATE":
      value = dt.stringToDate(text) ?? bad("DATE");
      t = DATE;
      break;
    case "TIMESTAMP":
    case "TIMESTAMP_LTZ":
      value = dt.stringToTimestamp(text, ctx.timeZone) ?? bad("TIMESTAMP");
      t = TS;
      break;
    case "TIMESTAMP_NTZ":
      value = dt.stringToTimestampNtz(text) ?? bad("TIMESTAMP_NTZ");
      t = TimestampNTZType();
      break;
    case "X": {
      const h = text.length % 2 === 1 ? `0${text}` : text;
      if (!/^[0-9a-fA-F]*$/.test(h)) bad("X");
      value = new Uint8Array(Buffer.from(h, "hex"));
      t = BinaryType();
      break;
    }
    default: {
      const ym = parseYearMonthLiteral(text);
      if (ym !== null) return { dataType: ym.type, eval: () => ym.value, name: ymIntervalToString(ym.value, ym.type), foldable: true };
      const iv = parseIntervalLiteral(text);
      value = iv.value;
      t = iv.type;
      return { dataType: t, eval: () => value, name: iv.display, foldable: true };
    }
  }
  const name = literalName(value, t, ctx);
  void utf8;
  return { dataType: t, eval: () => value, name, foldable: true };
}

const UNIT_MICROS: Readonly<Record<string, bigint>> = {
  week: 604800000000n,
  day: 86400000000n,
  hour: 3600000000n,
  minute: 60000000n,
  second: 1000000n,
  millisecond: 1000n,
  microsecond: 1n,
};

/** INTERVAL literal text ("1 day 2 hours", "'1' DAY", "'2 10:00:00' DAY TO SECOND"). */
function parseIntervalLiteral(text: string): { value: unknown; type: DataType; display: string } {
  const clean = text.replace(/'/g, "").trim();
  const to = /^(-?[\d:. ]+)\s+(day|hour|minute|second)\s+to\s+(day|hour|minute|second)$/i.exec(clean);
  const fields = ["day", "hour", "minute", "second"];
  if (to) {
    const start = fields.indexOf(to[2]!.toLowerCase());
    const end = fields.indexOf(to[3]!.toLowerCase());
    const neg = to[1]!.trim().startsWith("-");
    const nums = to[1]!.replace("-", "").trim().split(/[ :]/);
    let micros = 0n;
    const unitOrder = fields.slice(start, end + 1);
    unitOrder.forEach((u, i) => {
      const v = nums[i] ?? "0";
      micros += u === "second" ? BigInt(Math.round(Number(v) * 1e6)) : BigInt(v) * UNIT_MICROS[u]!;
    });
    const value = neg ? -micros : micros;
    const type = DayTimeIntervalType(start, end);
    return { value, type, display: dt.dayTimeIntervalToAnsiString(value, start as dt.DayTimeField, end as dt.DayTimeField) };
  }
  const ymTo = /^(-?)(\d+)-(\d+)\s+year\s+to\s+month$/i.exec(clean);
  if (ymTo) {
    const months = (Number(ymTo[2]) * 12 + Number(ymTo[3])) * (ymTo[1] === "-" ? -1 : 1);
    return { value: { months, days: 0, micros: 0n }, type: CalendarIntervalType(), display: ymDisplay(months, new Set(["year", "month"])) };
  }
  const parts = clean.split(/\s+/);
  let months = 0;
  let days = 0;
  let micros = 0n;
  let onlyDayTime = true;
  let hasDayTime = false;
  let first = 3;
  let last = 0;
  const ym = new Set<string>();
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const n = Number(parts[i]);
    const unit = parts[i + 1]!.toLowerCase().replace(/s$/, "");
    if (unit === "year" || unit === "month") {
      months += unit === "year" ? n * 12 : n;
      ym.add(unit);
      onlyDayTime = false;
      continue;
    }
    if (unit === "week") days += n * 7;
    else if (unit === "day") days += n;
    else if (UNIT_MICROS[unit] !== undefined) micros += BigInt(Math.round(n * Number(UNIT_MICROS[unit])));
    else throw new IllegalArgumentException(`Error parsing interval '${text}'`);
    // the interval's type spans the units written: INTERVAL 1 DAY 2 HOURS is a DAY TO HOUR interval
    const field = unit === "week" || unit === "day" ? 0 : unit === "hour" ? 1 : unit === "minute" ? 2 : 3;
    first = Math.min(first, field);
    last = Math.max(last, field);
    hasDayTime = true;
  }
  if (onlyDayTime) {
    const total = BigInt(days) * 86400000000n + micros;
    const type = DayTimeIntervalType(first, last);
    return { value: total, type, display: dt.dayTimeIntervalToAnsiString(total, first as dt.DayTimeField, last as dt.DayTimeField) };
  }
  // Spark types these as YEAR/MONTH intervals (tspark keeps a calendar interval) and prints them so
  const display = hasDayTime ? `INTERVAL '${clean}'` : ymDisplay(months, ym);
  return { value: { months, days, micros }, type: CalendarIntervalType(), display };
}

/** How Spark prints a year-month interval literal: INTERVAL '3' MONTH, INTERVAL '1' YEAR, INTERVAL '1-2' YEAR TO MONTH. */
function ymDisplay(months: number, units: ReadonlySet<string>): string {
  const sign = months < 0 ? "-" : "";
  const m = Math.abs(months);
  if (units.size === 2) return `INTERVAL '${sign}${Math.floor(m / 12)}-${m % 12}' YEAR TO MONTH`;
  if (units.has("year")) return `INTERVAL '${sign}${Math.floor(m / 12)}' YEAR`;
  return `INTERVAL '${sign}${m}' MONTH`;
}

function windowDef(): FunctionDef {
  return def("window", (f) => {
    checkArity("window", f.args, 2, 4);
    const arg = f.args[0]!;
    // window() over a window column groups by its window_time (Spark 3.4+: chained time windows)
    const ts: Bound = isWindowStruct(arg)
      ? { ...arg, dataType: (arg.dataType as StructTypeImpl).fields[1]!.dataType, eval: (r) => windowTimeMicros(arg.eval(r)), ordinal: undefined }
      : arg;
    if (!(ts.dataType instanceof TimestampType) && !(ts.dataType instanceof TimestampNTZType)) {
      throw new AnalysisException(
        `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "window(${ts.name})" due to data type mismatch: The first parameter requires the ("TIMESTAMP" or "TIMESTAMP_NTZ") type, however "${ts.name}" has the type "${ts.dataType.sql()}". SQLSTATE: 42K09`,
        { errorClass: "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE", sqlState: "42K09" },
      );
    }
    const dur = (i: number): bigint | null => {
      const b = f.args[i];
      if (b === undefined) return null;
      const v = constant(b);
      if (typeof v === "bigint") return v;
      return dt.parseIntervalString(String(v));
    };
    const w = dur(1)!;
    const slide = dur(2) ?? w;
    const start = dur(3) ?? 0n;
    const te = ts.eval;
    const type = structOf(["start", "end"], [ts.dataType, ts.dataType]);
    const sliding = slide !== w;
    return {
      dataType: type,
      name: "window",
      eval: (row) => {
        const t = te(row) as bigint | null;
        if (t === null) return null;
        const starts = dt.windowStarts(t, w, slide, start);
        // Sliding windows are planned as an Expand step (plan/time-window.ts) that supplies each window; evaluated
        // directly, the last window is returned (tumbling: the only one).
        const s = sliding ? starts[starts.length - 1]! : starts[0]!;
        return [s, s + w];
      },
      // Marker read by the plan layer to expand sliding windows into several rows.
      ...(sliding ? { windowSpec: { w, slide, start, eval: te } } : {}),
    };
  });
}

export function datetimeFunctions(): Record<string, FunctionDef> {
  const ctxFns = {
    // "now" is read when evaluated, not when analyzed: a streaming query's context moves it to each
    // micro-batch's timestamp (Spark evaluates current_timestamp() once per batch); in a batch query it is fixed.
    current_timestamp: def("current_timestamp", (f) => {
      const ctx = f.scope.ctx;
      return { dataType: TS, nullable: false, eval: () => ctx.nowMicros, foldable: false };
    }),
    current_date: def("current_date", (f) => {
      const ctx = f.scope.ctx;
      let at: bigint | null = null;
      let d = 0;
      return {
        dataType: DATE,
        nullable: false,
        eval: () => {
          if (ctx.nowMicros !== at) {
            at = ctx.nowMicros;
            d = dt.currentDate(at, ctx);
          }
          return d;
        },
        foldable: false,
      };
    }),
  };
  return {
    ...ctxFns,
    now: { ...ctxFns.current_timestamp, name: "now" },
    localtimestamp: def("localtimestamp", (f) => {
      const v = dt.timestampToTimestampNtz(f.scope.ctx.nowMicros, f.scope.ctx.timeZone);
      return { dataType: TimestampNTZType(), eval: () => v, foldable: false };
    }),
    // Spark prints curdate() as current_date()
    curdate: ctxFns.current_date,
    __typed_literal: def("__typed_literal", (f) => typedLiteral(f)),
    to_timestamp: toTimestampDef("to_timestamp", false),
    to_timestamp_ntz: toTimestampDef("to_timestamp_ntz", true),
    to_timestamp_ltz: toTimestampDef("to_timestamp_ltz", false),
    try_to_timestamp: def("try_to_timestamp", (f) => {
      const r = toTimestampDef("try_to_timestamp", false).resolve({ ...f, scope: { ...f.scope, ctx: { ...f.scope.ctx, ansi: false } } });
      return r;
    }),
    to_date: def("to_date", (f) => {
      checkArity("to_date", f.args, 1, 2);
      const ctx = f.scope.ctx;
      const a = f.args[0]!;
      if (f.args.length === 1 && !isStringType(a.dataType)) {
        return { dataType: DATE, eval: coerceArg(f, 0, DATE, "to_date").eval };
      }
      const s = coerceArg(f, 0, S, "to_date").eval;
      const pat = optPattern(f, 1, "to_date");
      const pe = pat?.eval ?? (() => null);
      return {
        dataType: DATE,
        eval: (row) => {
          const v = s(row) as string | null;
          if (v === null) return null;
          const p = pe(row) as string | null;
          if (pat !== null && p === null) return null;
          return dt.toDate(v, p, ctx);
        },
      };
    }),
    date_format: def("date_format", (f) => {
      checkArity("date_format", f.args, 2);
      const ctx = f.scope.ctx;
      const t = asTs(f, 0, "date_format");
      const p = coerceArg(f, 1, S, "date_format");
      const pc = constant(p);
      if (typeof pc === "string") dt.compilePattern(pc, false);
      const ntz = t.dataType instanceof TimestampNTZType;
      const c = ntz ? { ...ctx, timeZone: "UTC" } : ctx;
      return { dataType: S, eval: nullPropagating([t.eval, p.eval], (v, pat) => dt.dateFormat(v as bigint, pat as string, c), false) };
    }),
    year: dateField("year", dt.year),
    quarter: dateField("quarter", dt.quarter),
    month: dateField("month", dt.month),
    day: dateField("day", dt.dayOfMonth),
    dayofmonth: dateField("dayofmonth", dt.dayOfMonth),
    dayofweek: dateField("dayofweek", dt.dayOfWeek),
    weekday: dateField("weekday", dt.weekday),
    dayofyear: dateField("dayofyear", dt.dayOfYear),
    weekofyear: dateField("weekofyear", dt.weekOfYear),
    hour: timeField("hour", dt.hour),
    minute: timeField("minute", dt.minute),
    second: timeField("second", dt.second),
    unix_timestamp: unixTimestampDef("unix_timestamp"),
    to_unix_timestamp: unixTimestampDef("to_unix_timestamp"),
    from_unixtime: def("from_unixtime", (f) => {
      checkArity("from_unixtime", f.args, 1, 2);
      const ctx = f.scope.ctx;
      const s = coerceArg(f, 0, L, "from_unixtime");
      const p = f.args.length > 1 ? coerceArg(f, 1, S, "from_unixtime") : null;
      const pe = p?.eval ?? (() => dt.DEFAULT_TIMESTAMP_PATTERN);
      const se = s.eval;
      return {
        dataType: S,
        name: `from_unixtime(${f.args[0]!.name}, ${p?.name ?? dt.DEFAULT_TIMESTAMP_PATTERN})`,
        eval: (row) => {
          const v = se(row) as bigint | null;
          const pat = pe(row) as string | null;
          return v === null || pat === null ? null : dt.fromUnixtime(v, pat, ctx);
        },
      };
    }),
    date_add: dateArith("date_add", dt.dateAdd),
    dateadd: dateArith("date_add", dt.dateAdd),
    date_sub: dateArith("date_sub", dt.dateSub),
    datediff: simple("datediff", [DATE, DATE], I, () => (a: number, b: number) => dt.dateDiff(a, b)),
    date_diff: simple("date_diff", [DATE, DATE], I, () => (a: number, b: number) => dt.dateDiff(a, b)),
    add_months: simple("add_months", [DATE, I], DATE, () => (a: number, b: number) => dt.addMonths(a, b)),
    last_day: simple("last_day", [DATE], DATE, () => (a: number) => dt.lastDay(a)),
    next_day: def("next_day", (f) => {
      checkArity("next_day", f.args, 2);
      const d = asDate(f, 0, "next_day");
      const w = coerceArg(f, 1, S, "next_day");
      const ansi = f.scope.ctx.ansi;
      return { dataType: DATE, eval: nullPropagating([d.eval, w.eval], (a, b) => dt.nextDay(a as number, b as string, ansi), false) };
    }),
    trunc: simple("trunc", [DATE, S], DATE, () => (d: number, fmt: string) => dt.trunc(d, fmt)),
    date_trunc: def("date_trunc", (f) => {
      checkArity("date_trunc", f.args, 2);
      const fmt = coerceArg(f, 0, S, "date_trunc");
      const t = asTs(f, 1, "date_trunc");
      const ctx = f.scope.ctx;
      return { dataType: TS, eval: nullPropagating([fmt.eval, t.eval], (a, b) => dt.dateTrunc(a as string, b as bigint, ctx), false) };
    }),
    months_between: def("months_between", (f) => {
      checkArity("months_between", f.args, 2, 3);
      const a = asTs(f, 0, "months_between");
      const b = asTs(f, 1, "months_between");
      const r = f.args.length > 2 ? coerceArg(f, 2, "any", "months_between") : literal(true, BooleanType(), "true");
      const ctx = f.scope.ctx;
      return {
        dataType: DoubleType(),
        name: `months_between(${[a, b, r].map((x) => x.name).join(", ")})`,
        eval: nullPropagating([a.eval, b.eval, r.eval], (x, y, z) => dt.monthsBetween(x as bigint, y as bigint, z as boolean, ctx), false),
      };
    }),
    make_date: def("make_date", (f) => {
      checkArity("make_date", f.args, 3);
      const args = [0, 1, 2].map((i) => coerceArg(f, i, I, "make_date"));
      const ansi = f.scope.ctx.ansi;
      return { dataType: DATE, eval: nullPropagating(args.map((a) => a.eval), (y, m, d) => dt.makeDate(y as number, m as number, d as number, ansi), false) };
    }),
    make_timestamp: def("make_timestamp", (f) => {
      checkArity("make_timestamp", f.args, 6, 7);
      const ints = [0, 1, 2, 3, 4].map((i) => coerceArg(f, i, I, "make_timestamp"));
      const sec = coerceArg(f, 5, DecimalType(16, 6), "make_timestamp");
      const tz = f.args.length > 6 ? coerceArg(f, 6, S, "make_timestamp") : null;
      const ctx = f.scope.ctx;
      const ev = [...ints, sec].map((a) => a.eval);
      const tze = tz?.eval ?? (() => null);
      return {
        dataType: TS,
        eval: (row) => {
          const vs = ev.map((e) => e(row));
          if (vs.includes(null)) return null;
          const z = tze(row) as string | null;
          if (tz !== null && z === null) return null;
          const [y, mo, d, h, mi] = vs as number[];
          return dt.makeTimestamp(y!, mo!, d!, h!, mi!, vs[5] as Decimal, z, ctx);
        },
      };
    }),
    timestamp_seconds: def("timestamp_seconds", (f) => {
      checkArity("timestamp_seconds", f.args, 1);
      const a = f.args[0]!;
      const b = isIntegralType(a.dataType) ? coerce(a, L, f.scope.ctx) : a.dataType instanceof DecimalType || a.dataType.typeName() === "double" || a.dataType.typeName() === "float" ? a : coerceArg(f, 0, DoubleType(), "timestamp_seconds");
      return { dataType: TS, eval: nullPropagating([b.eval], (v) => dt.timestampSeconds(v as bigint), false) };
    }),
    timestamp_millis: simple("timestamp_millis", [L], TS, () => (v: bigint) => dt.timestampMillis(v)),
    timestamp_micros: simple("timestamp_micros", [L], TS, () => (v: bigint) => dt.timestampMicros(v)),
    unix_seconds: simple("unix_seconds", [TS], L, () => (v: bigint) => dt.unixSeconds(v)),
    unix_millis: simple("unix_millis", [TS], L, () => (v: bigint) => dt.unixMillis(v)),
    unix_micros: simple("unix_micros", [TS], L, () => (v: bigint) => dt.unixMicros(v)),
    unix_date: simple("unix_date", [DATE], I, () => (v: number) => dt.unixDate(v)),
    date_from_unix_date: simple("date_from_unix_date", [I], DATE, () => (v: number) => dt.dateFromUnixDate(v)),
    to_utc_timestamp: def("to_utc_timestamp", (f) => {
      const t = asTs(f, 0, "to_utc_timestamp");
      const z = coerceArg(f, 1, S, "to_utc_timestamp");
      return { dataType: TS, eval: nullPropagating([t.eval, z.eval], (a, b) => dt.toUtcTimestamp(a as bigint, b as string), false) };
    }),
    from_utc_timestamp: def("from_utc_timestamp", (f) => {
      const t = asTs(f, 0, "from_utc_timestamp");
      const z = coerceArg(f, 1, S, "from_utc_timestamp");
      return { dataType: TS, eval: nullPropagating([t.eval, z.eval], (a, b) => dt.fromUtcTimestamp(a as bigint, b as string), false) };
    }),
    date_part: datePartDef("date_part"),
    datepart: datePartDef("datepart"),
    extract: datePartDef("extract"),
    window: windowDef(),
    window_time: windowTimeDef(),
  };
}

function datePartDef(name: string): FunctionDef {
  return def(name, (f) => {
    checkArity(name, f.args, 2);
    const field = String(constant(f.args[0]) ?? "");
    const src = f.args[1]!;
    const ctx = f.scope.ctx;
    let b = src;
    let kind: "date" | "timestamp" | "timestamp_ntz";
    if (src.dataType instanceof DateType) kind = "date";
    else if (src.dataType instanceof TimestampNTZType) kind = "timestamp_ntz";
    else {
      b = coerceArg(f, 1, TS, name);
      kind = "timestamp";
    }
    const pt = dt.datePartType(field);
    const rt = pt === "int" ? I : DecimalType(8, 6);
    // Spark prints datepart(f, x) as `datepart(f FROM x)`, date_part(f, x) as is
    const nm = f.call.syntax === "EXTRACT" ? `extract(${field} FROM ${src.name})` : name === "datepart" ? `datepart(${f.args[0]!.name} FROM ${src.name})` : `${name}(${f.args[0]!.name}, ${src.name})`;
    return {
      dataType: rt,
      name: nm,
      eval: nullPropagating([b.eval], (v) => {
        const r = dt.datePart(field, v as number | bigint, kind, ctx);
        return r instanceof Decimal ? r : typeof r === "object" ? new Decimal((r as { unscaled: bigint }).unscaled, 6) : r;
      }, false),
    };
  });
}
