/**
 * Spark's JSON options as users write them (`map('timestampFormat', 'dd/MM/yyyy')`,
 * `.option("mode", "FAILFAST")`): case-insensitive keys, string values. Turns them into the typed
 * reader/writer options, rejecting what Spark rejects.
 */
import { jsonError, parseModeUnsupported } from "./errors";
import type { SchemaInferenceOptions } from "./infer";
import type { JsonReaderOptions, ParseMode } from "./reader";
import type { JsonWriterOptions } from "./writer";

type OptionSource = ReadonlyMap<string, string | null> | Readonly<Record<string, string | null | undefined>>;

function entries(src: OptionSource | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (src === undefined) return out;
  const it = src instanceof Map ? src.entries() : Object.entries(src);
  for (const [k, v] of it) if (v !== null && v !== undefined) out.set(k.toLowerCase(), String(v));
  return out;
}

function bool(m: Map<string, string>, key: string): boolean | undefined {
  const v = m.get(key.toLowerCase());
  if (v === undefined) return undefined;
  const t = v.trim().toLowerCase();
  if (t === "true") return true;
  if (t === "false") return false;
  throw jsonError(
    "INVALID_OPTIONS",
    "42K06",
    "AnalysisException",
    `${key} flag can be true or false, got ${JSON.stringify(v)}.`,
  );
}

const FEATURES = [
  "allowSingleQuotes",
  "allowNonNumericNumbers",
  "allowNumericLeadingZeros",
  "allowComments",
  "allowUnquotedFieldNames",
  "allowBackslashEscapingAnyCharacter",
  "allowUnquotedControlChars",
] as const;

/**
 * Reader options for from_json (`functionName` set: DROPMALFORMED is refused like Spark) or a
 * JSON source (`functionName` null). A `timeZone` option overrides the session zone.
 */
export function jsonReaderOptions(
  options: OptionSource | undefined,
  sessionTimeZone: string,
  functionName: string | null = "from_json",
): JsonReaderOptions {
  const m = entries(options);
  const rawMode = (m.get("mode") ?? "PERMISSIVE").toUpperCase();
  if (rawMode !== "PERMISSIVE" && rawMode !== "FAILFAST" && rawMode !== "DROPMALFORMED") {
    throw jsonError("INVALID_OPTIONS", "42K06", "AnalysisException", `Unknown parse mode: ${m.get("mode")}.`);
  }
  const mode = rawMode as ParseMode;
  if (functionName !== null && mode === "DROPMALFORMED") throw parseModeUnsupported(functionName, mode);
  const features: Record<string, boolean> = {};
  for (const f of FEATURES) {
    const v = bool(m, f);
    if (v !== undefined) features[f] = v;
  }
  return {
    ...features,
    mode,
    timeZone: m.get("timezone") ?? sessionTimeZone,
    timestampFormat: m.get("timestampformat"),
    timestampNTZFormat: m.get("timestampntzformat"),
    dateFormat: m.get("dateformat"),
    columnNameOfCorruptRecord: m.get("columnnameofcorruptrecord"),
  };
}

/** Writer options for to_json / a JSON sink. */
export function jsonWriterOptions(options: OptionSource | undefined, sessionTimeZone: string): JsonWriterOptions {
  const m = entries(options);
  return {
    timeZone: m.get("timezone") ?? sessionTimeZone,
    timestampFormat: m.get("timestampformat"),
    timestampNTZFormat: m.get("timestampntzformat"),
    dateFormat: m.get("dateformat"),
    ignoreNullFields: bool(m, "ignoreNullFields"),
  };
}

/** Options for schema_of_json. */
export function schemaInferenceOptions(options: OptionSource | undefined): SchemaInferenceOptions {
  const m = entries(options);
  const out: Record<string, boolean> = {};
  for (const f of [...FEATURES, "prefersDecimal"]) {
    const v = bool(m, f);
    if (v !== undefined) out[f] = v;
  }
  return out;
}
