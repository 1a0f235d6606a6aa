/** Typed literals (DATE '...', TIMESTAMP '...') with Spark's special values. */
import { dateToTimestamp, timestampToDate, timestampToTimestampNtz } from "./cast";
import type { DateTimeContext } from "./context";
import { stringToDate, stringToTimestamp, stringToTimestampNtz } from "./string-grammar";

/**
 * Special values Spark accepts in typed literals (`DATE 'today'`, `TIMESTAMP 'now'`): epoch, now,
 * today, yesterday, tomorrow (case-insensitive, trimmed). Returns days for dates.
 */
export function specialDate(text: string, ctx: DateTimeContext, nowMicros: bigint): number | null {
  const t = text.trim().toLowerCase();
  if (t === "epoch") return 0;
  const today = timestampToDate(nowMicros, ctx.timeZone);
  if (t === "now" || t === "today") return today;
  if (t === "yesterday") return today - 1;
  if (t === "tomorrow") return today + 1;
  return null;
}

/** Special timestamp values: epoch, now, today/yesterday/tomorrow (local midnight). */
export function specialTimestamp(text: string, ctx: DateTimeContext, nowMicros: bigint): bigint | null {
  const t = text.trim().toLowerCase();
  if (t === "epoch") return 0n;
  if (t === "now") return nowMicros;
  const d = specialDate(t, ctx, nowMicros);
  return d === null ? null : dateToTimestamp(d, ctx.timeZone);
}

/** DATE 'text' literal value (cast grammar or a special value); null means INVALID_TYPED_LITERAL. */
export function dateLiteral(text: string, ctx: DateTimeContext, nowMicros: bigint): number | null {
  return stringToDate(text) ?? specialDate(text, ctx, nowMicros);
}

/** TIMESTAMP 'text' literal value; null means INVALID_TYPED_LITERAL. */
export function timestampLiteral(text: string, ctx: DateTimeContext, nowMicros: bigint): bigint | null {
  return stringToTimestamp(text, ctx.timeZone, nowMicros) ?? specialTimestamp(text, ctx, nowMicros);
}

/** TIMESTAMP_NTZ 'text' literal value; null means INVALID_TYPED_LITERAL. */
export function timestampNtzLiteral(text: string, ctx: DateTimeContext, nowMicros: bigint): bigint | null {
  const v = stringToTimestampNtz(text);
  if (v !== null) return v;
  const special = specialTimestamp(text, ctx, nowMicros);
  return special === null ? null : timestampToTimestampNtz(special, ctx.timeZone);
}

