/**
 * Option access for the aws-kinesis source and sink, shared by both.
 *
 * Spark reads data source options through a CaseInsensitiveStringMap and trims values; we do the same, and add
 * what the connector lacks: a "did you mean" for misspelled `kinesis.*` keys, an error for placeholders left in a
 * value (`<aws-region>`), and Spark time strings ("1s", "500ms") wherever the connector took a duration.
 */
import { IllegalArgumentException } from "../../engine/errors";
import { parseTimeString } from "../time-string";

/** Bad option: Spark's IllegalArgumentException (the engine's class, so callers can test with instanceof). */
export class KinesisOptionError extends IllegalArgumentException {
  constructor(message: string) {
    super(message);
    this.name = "IllegalArgumentException";
  }
}

/** Case-insensitive, trimmed view over the options the user gave. */
export class KinesisOptions {
  private readonly map = new Map<string, { key: string; value: string }>();

  constructor(options: ReadonlyMap<string, string> | Record<string, string>) {
    const entries = options instanceof Map ? [...options.entries()] : Object.entries(options);
    for (const [key, value] of entries) {
      this.map.set(key.toLowerCase(), { key, value: String(value).trim() });
    }
  }

  /** The value as given (trimmed), or undefined. Throws when a placeholder like `<aws-region>` is left in it. */
  get(key: string): string | undefined {
    const entry = this.map.get(key.toLowerCase());
    if (entry === undefined) return undefined;
    if (entry.value === "") return undefined;
    const placeholder = /<[A-Za-z][A-Za-z0-9 _-]*>/.exec(entry.value);
    if (placeholder) {
      throw new KinesisOptionError(
        `Option ${entry.key} still contains the placeholder '${placeholder[0]}': replace it with a real value.`,
      );
    }
    return entry.value;
  }

  /** The value as given (trimmed, placeholders kept), or undefined: for the local-mode check in resolve-connection.ts. */
  raw(key: string): string | undefined {
    const value = this.map.get(key.toLowerCase())?.value;
    return value === "" ? undefined : value;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** Keys exactly as the user typed them. */
  keys(): string[] {
    return [...this.map.values()].map((e) => e.key);
  }

  required(key: string): string {
    const value = this.get(key);
    if (value === undefined) throw new KinesisOptionError(`${key} is not specified`);
    return value;
  }

  string(key: string, fallback: string): string {
    return this.get(key) ?? fallback;
  }

  /**
   * Integer option; `min` is inclusive. The messages are KinesisOptions.scala's (parameterGetPositiveIntOrElse,
   * parameterGetNonNegativeIntOrElse): "Invalid value 'x' for option 'k', must be a positive integer" / "... must be
   * zero or a positive integer"; other minimums say "must be an integer of at least N" in the same shape.
   */
  int(key: string, fallback: number, min = Number.MIN_SAFE_INTEGER): number {
    const raw = this.get(key);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^[+-]?\d+$/.test(raw) || value < min) {
      const must =
        min === 1 ? "a positive integer" : min === 0 ? "zero or a positive integer" : min > Number.MIN_SAFE_INTEGER ? `an integer of at least ${min}` : "an integer";
      throw new KinesisOptionError(`Invalid value '${raw}' for option '${key}', must be ${must}`);
    }
    return value;
  }

  optionalInt(key: string, min = Number.MIN_SAFE_INTEGER): number | undefined {
    return this.has(key) ? this.int(key, 0, min) : undefined;
  }

  bool(key: string, fallback: boolean): boolean {
    const raw = this.get(key);
    if (raw === undefined) return fallback;
    const lower = raw.toLowerCase();
    if (lower === "true") return true;
    if (lower === "false") return false;
    // KinesisOptions.scala parameterGetBooleanOrElse's message.
    throw new KinesisOptionError(`Invalid value '${raw}' for option '${key}', must be true or false`);
  }

  /** Duration in ms from a Spark time string ("1s", "500ms", "2 minutes") or a bare number in `bareUnit`. */
  durationMs(key: string, fallbackMs: number, bareUnit: "ms" | "s" = "ms"): number {
    const raw = this.get(key);
    if (raw === undefined) return fallbackMs;
    const ms = parseTimeString(raw, bareUnit);
    if (ms === undefined || ms < 0) {
      throw new KinesisOptionError(
        `Invalid value '${raw}' for option ${key}: use a non-negative duration such as 1s, 500ms or 2min.`,
      );
    }
    return ms;
  }

  /** Keys starting with `prefix` (e.g. "kinesis.") that are not in `known`, each with a suggestion if one is close. */
  unknownKeys(prefix: string, known: readonly string[]): { key: string; suggestion?: string }[] {
    const knownLower = new Set(known.map((k) => k.toLowerCase()));
    const out: { key: string; suggestion?: string }[] = [];
    for (const { key } of this.map.values()) {
      const lower = key.toLowerCase();
      if (!lower.startsWith(prefix) || knownLower.has(lower)) continue;
      out.push({ key, suggestion: suggest(key, known) });
    }
    return out;
  }
}

export { parseTimeString };

/** The closest known key within a small edit distance, for "did you mean". */
export function suggest(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const d = editDistance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  const tolerance = Math.max(2, Math.floor(lower.length / 5));
  return bestDistance <= tolerance ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

/** Throws for unknown `kinesis.*` keys, naming the closest known key. */
export function rejectUnknownKeys(options: KinesisOptions, known: readonly string[], what: string): void {
  const unknown = options.unknownKeys("kinesis.", known);
  if (unknown.length === 0) return;
  const parts = unknown.map((u) => (u.suggestion ? `${u.key} (did you mean ${u.suggestion}?)` : u.key));
  throw new KinesisOptionError(`Unknown ${what} option${unknown.length > 1 ? "s" : ""}: ${parts.join(", ")}.`);
}
