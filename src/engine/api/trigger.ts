import { IllegalArgumentException } from "../errors";

/** When micro-batches run (Spark's Trigger). */
export type Trigger =
  | { readonly kind: "ProcessingTime"; readonly intervalMs: number }
  | { readonly kind: "Once" }
  | { readonly kind: "AvailableNow" };

/** The object forms PySpark users type: `trigger(processingTime="2 seconds")` → `{ processingTime: "2 seconds" }`. */
export interface TriggerOptions {
  processingTime?: string | number;
  once?: boolean;
  availableNow?: boolean;
  continuous?: string;
}

const UNIT_MS: Record<string, number> = {
  microsecond: 0.001,
  millisecond: 1,
  ms: 1,
  second: 1000,
  s: 1000,
  sec: 1000,
  minute: 60_000,
  min: 60_000,
  hour: 3_600_000,
  h: 3_600_000,
  day: 86_400_000,
  d: 86_400_000,
  week: 604_800_000,
};

/** "2 seconds", "interval 1 minute 30 seconds", "500 ms" → milliseconds. */
export function parseIntervalMs(text: string): number {
  const src = text.trim().replace(/^interval\s+/i, "");
  const re = /\s*(-?\d+(?:\.\d+)?)\s*([a-zA-Z]+)\s*/y;
  let total = 0;
  let matched = 0;
  let pos = 0;
  while (pos < src.length) {
    re.lastIndex = pos;
    const m = re.exec(src);
    if (!m) break;
    const unit = m[2]!.toLowerCase().replace(/s$/, "");
    const ms = UNIT_MS[unit] ?? UNIT_MS[m[2]!.toLowerCase()];
    if (ms === undefined) break;
    total += Number(m[1]) * ms;
    matched++;
    pos = re.lastIndex;
  }
  if (matched === 0 || pos < src.length) {
    throw new IllegalArgumentException(
      `Invalid interval: '${text}'. Use a number and a unit, e.g. "2 seconds", "1 minute", "500 milliseconds".`,
    );
  }
  return Math.round(total);
}

function processingTime(interval: string | number): Trigger {
  const intervalMs = typeof interval === "number" ? interval : parseIntervalMs(interval);
  if (!Number.isFinite(intervalMs) || intervalMs < 0) {
    throw new IllegalArgumentException(`Processing time interval cannot be negative: ${String(interval)}`);
  }
  return { kind: "ProcessingTime", intervalMs };
}

/** Spark's `Trigger` factory: `Trigger.ProcessingTime("2 seconds")`, `Trigger.Once()`, `Trigger.AvailableNow()`. */
export const Trigger = {
  ProcessingTime: processingTime,
  Once: (): Trigger => ({ kind: "Once" }),
  AvailableNow: (): Trigger => ({ kind: "AvailableNow" }),
  Continuous: (_interval: string | number): Trigger => {
    throw new IllegalArgumentException(
      "Continuous processing is not supported by tspark; use a micro-batch trigger (ProcessingTime, Once, AvailableNow).",
    );
  },
};

/** The default trigger: ProcessingTime(0), i.e. the next batch as soon as the last one ends and data is there. */
export const DEFAULT_TRIGGER: Trigger = { kind: "ProcessingTime", intervalMs: 0 };

function isTrigger(t: unknown): t is Trigger {
  return typeof t === "object" && t !== null && typeof (t as { kind?: unknown }).kind === "string";
}

/** Accepts a Trigger or the keyword form; exactly one keyword must be set (PySpark's rule and message). */
export function parseTrigger(t: Trigger | TriggerOptions): Trigger {
  if (isTrigger(t)) {
    if (t.kind === "ProcessingTime" || t.kind === "Once" || t.kind === "AvailableNow") return t;
  }
  const o = t as TriggerOptions;
  const set = (["processingTime", "once", "availableNow", "continuous"] as const).filter(
    (k) => o[k] !== undefined && o[k] !== false,
  );
  if (set.length !== 1) {
    throw new IllegalArgumentException(
      "Only one trigger can be set, and one must be set: processingTime, once, availableNow or continuous " +
        `(got ${set.length === 0 ? "none" : set.join(", ")}).`,
    );
  }
  switch (set[0]) {
    case "processingTime":
      return processingTime(o.processingTime!);
    case "once":
      return Trigger.Once();
    case "availableNow":
      return Trigger.AvailableNow();
    default:
      return Trigger.Continuous(o.continuous!);
  }
}

export function describeTrigger(t: Trigger): string {
  return t.kind === "ProcessingTime" ? `ProcessingTimeTrigger(${t.intervalMs})` : `${t.kind}Trigger`;
}
