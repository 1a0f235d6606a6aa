/** json_tuple, json_array_length, json_object_keys over JSON text. */
import { isRawObject, parseLenient, parseLenientStrict, type RawJson } from "./lenient-parser";
import { writeRawJson } from "./raw-writer";

function parseOrUndefined(json: string, strict: boolean): RawJson | undefined {
  try {
    return strict ? parseLenientStrict(json) : parseLenient(json);
  } catch {
    return undefined;
  }
}

/**
 * json_tuple(json, f1, f2, ...): one string per field (strings unquoted, other values as JSON
 * text); null for missing fields, null field names, non-object or invalid JSON.
 */
export function jsonTuple(json: string | null, fields: readonly (string | null)[]): (string | null)[] {
  const nulls = () => fields.map(() => null);
  if (json === null) return nulls();
  const root = parseOrUndefined(json, false);
  if (root === undefined || root === null || !isRawObject(root)) return nulls();
  return fields.map((f) => {
    if (f === null || !Object.hasOwn(root, f)) return null;
    const v = root[f];
    if (v === null) return null;
    return typeof v === "string" ? v : writeRawJson(v);
  });
}

/** json_array_length(json): elements of the outermost array; null for anything else or invalid JSON. */
export function jsonArrayLength(json: string | null): number | null {
  if (json === null) return null;
  const root = parseOrUndefined(json, true);
  return Array.isArray(root) ? root.length : null;
}

/** json_object_keys(json): keys of the outermost object; null for anything else or invalid JSON. */
export function jsonObjectKeys(json: string | null): string[] | null {
  if (json === null) return null;
  const root = parseOrUndefined(json, true);
  if (root === undefined || root === null || !isRawObject(root)) return null;
  return Object.keys(root);
}
