/**
 * Spark's time strings (JavaUtils.timeStringAs), shared by the connectors' options: Kinesis intervals and the
 * file source's maxFileAge.
 */
const TIME_UNITS: Record<string, number> = {
  us: 0.001,
  micro: 0.001,
  micros: 0.001,
  microsecond: 0.001,
  microseconds: 0.001,
  ms: 1,
  milli: 1,
  millis: 1,
  millisecond: 1,
  milliseconds: 1,
  s: 1000,
  sec: 1000,
  secs: 1000,
  second: 1000,
  seconds: 1000,
  m: 60_000,
  min: 60_000,
  mins: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
};

/** Spark's JavaUtils.timeStringAs: "<number><unit>" or a bare number in the default unit. */
export function parseTimeString(text: string, bareUnit: "ms" | "s" = "ms"): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(text);
  if (!m) return undefined;
  const unit = m[2].toLowerCase() || bareUnit;
  const factor = TIME_UNITS[unit];
  if (factor === undefined) return undefined;
  return Math.round(Number(m[1]) * factor);
}
