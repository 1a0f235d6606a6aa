/**
 * Text forms of day-time and year-month intervals (DayTimeIntervalType values are bigint micros): the Hive form
 * show()/golden files print (`3 00:00:00.000000000`) and the ANSI form CAST(... AS STRING) gives
 * (`INTERVAL '3 04:05:06.789' DAY TO SECOND`).
 */

/** DayTimeIntervalType fields, numbered like Spark: 0 DAY, 1 HOUR, 2 MINUTE, 3 SECOND. */
export type DayTimeField = 0 | 1 | 2 | 3;

const FIELD_NAMES = ["DAY", "HOUR", "MINUTE", "SECOND"] as const;
const MICROS = [86_400_000_000n, 3_600_000_000n, 60_000_000n, 1_000_000n] as const;

function pad2(n: bigint): string {
  return n < 10n ? `0${n}` : String(n);
}

/** HiveResult.toHiveString for DayTimeIntervalType: `[-]d hh:mm:ss.nnnnnnnnn`, whatever the fields. */
export function dayTimeIntervalToHiveString(micros: bigint): string {
  const sign = micros < 0n ? "-" : "";
  let rest = micros < 0n ? -micros : micros;
  const days = rest / MICROS[0];
  rest %= MICROS[0];
  const hours = rest / MICROS[1];
  rest %= MICROS[1];
  const minutes = rest / MICROS[2];
  rest %= MICROS[2];
  const seconds = rest / MICROS[3];
  const nanos = (rest % MICROS[3]) * 1000n;
  return `${sign}${days} ${pad2(hours)}:${pad2(minutes)}:${pad2(seconds)}.${String(nanos).padStart(9, "0")}`;
}

/** CAST(interval AS STRING): Spark's ANSI interval literal for the type's start/end fields. */
export function dayTimeIntervalToAnsiString(micros: bigint, startField: DayTimeField = 0, endField: DayTimeField = 3): string {
  const sign = micros < 0n ? "-" : "";
  let rest = micros < 0n ? -micros : micros;
  const parts: string[] = [];
  for (let f = startField; f <= endField; f++) {
    if (f === 3) {
      // seconds keep their fraction, trailing zeros stripped (BigDecimal.stripTrailingZeros)
      const whole = rest / MICROS[3];
      const frac = String(rest % MICROS[3])
        .padStart(6, "0")
        .replace(/0+$/, "");
      const secText = `${pad2(whole)}${frac === "" ? "" : `.${frac}`}`;
      parts.push(secText);
      break;
    }
    const v = rest / MICROS[f];
    rest %= MICROS[f];
    // the leading field is unpadded only for days: INTERVAL '1' DAY, INTERVAL '02' HOUR, INTERVAL '01.5' SECOND
    parts.push(f === 0 ? String(v) : pad2(v));
  }
  let body = parts[0];
  for (let i = 1; i < parts.length; i++) body += (startField === 0 && i === 1 ? " " : ":") + parts[i];
  const fields = startField === endField ? FIELD_NAMES[startField] : `${FIELD_NAMES[startField]} TO ${FIELD_NAMES[endField]}`;
  return `INTERVAL '${sign}${body}' ${fields}`;
}

const YM_FIELD_NAMES = ["YEAR", "MONTH"] as const;

/** The ANSI text: `INTERVAL '-1-2' YEAR TO MONTH`, `INTERVAL '3' YEAR`, `INTERVAL '14' MONTH`. */
export function ymIntervalToString(months: number, t: { readonly startField: number; readonly endField: number }): string {
  const sign = months < 0 ? "-" : "";
  const abs = Math.abs(months);
  const y = Math.trunc(abs / 12);
  const m = abs % 12;
  const s = t.startField;
  const e = t.endField;
  const body = s === e ? (s === 0 ? `${sign}${y}` : `${sign}${abs}`) : `${sign}${y}-${m}`;
  return `INTERVAL '${body}' ${YM_FIELD_NAMES[s]}${s === e ? "" : ` TO ${YM_FIELD_NAMES[e]}`}`;
}

/** HiveResult's form (golden files): `[-]y-m` whatever the fields. */
export function ymIntervalToHiveString(months: number): string {
  const abs = Math.abs(months);
  return `${months < 0 ? "-" : ""}${Math.trunc(abs / 12)}-${abs % 12}`;
}
