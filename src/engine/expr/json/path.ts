/**
 * get_json_object(json, path): Spark's JSONPath subset — `$`, `.name`, `['name']`, `[n]`,
 * `[*]` and `.*`. A string result is returned unquoted; anything else as compact JSON; several
 * wildcard matches as a JSON array. Invalid JSON, an invalid path or no match give null.
 */
import { isRawObject, parseLenient, type RawJson, RawNumber } from "./lenient-parser";
import { writeRawJson } from "./raw-writer";

type Step = { kind: "key"; name: string } | { kind: "index"; index: number } | { kind: "wildcard" };

const pathCache = new Map<string, Step[] | null>();

function parsePath(path: string): Step[] | null {
  const cached = pathCache.get(path);
  if (cached !== undefined) return cached;
  const steps: Step[] | null = parsePathUncached(path);
  if (pathCache.size > 1000) pathCache.clear();
  pathCache.set(path, steps);
  return steps;
}

function parsePathUncached(path: string): Step[] | null {
  if (!path.startsWith("$")) return null;
  const steps: Step[] = [];
  let i = 1;
  while (i < path.length) {
    const c = path[i];
    if (c === ".") {
      i++;
      if (path[i] === "*") {
        steps.push({ kind: "wildcard" });
        i++;
        continue;
      }
      let j = i;
      while (j < path.length && path[j] !== "." && path[j] !== "[") j++;
      if (j === i) return null;
      steps.push({ kind: "key", name: path.slice(i, j) });
      i = j;
    } else if (c === "[") {
      const close = path.indexOf("]", i);
      if (close < 0) return null;
      const inner = path.slice(i + 1, close);
      i = close + 1;
      if (inner === "*") steps.push({ kind: "wildcard" });
      else if (/^\d+$/.test(inner)) steps.push({ kind: "index", index: Number(inner) });
      else {
        const m = /^'([^']*)'$/.exec(inner);
        if (m === null) return null;
        steps.push({ kind: "key", name: m[1] });
      }
    } else return null;
  }
  return steps;
}

/** Evaluates steps; `multi` records whether a wildcard fanned out. */
function evaluate(v: RawJson, steps: Step[], at: number, out: RawJson[], state: { multi: boolean }): void {
  if (at === steps.length) {
    out.push(v);
    return;
  }
  const step = steps[at];
  if (step.kind === "key") {
    if (isRawObject(v) && Object.hasOwn(v, step.name)) evaluate(v[step.name], steps, at + 1, out, state);
  } else if (step.kind === "index") {
    if (Array.isArray(v) && step.index < v.length) evaluate(v[step.index], steps, at + 1, out, state);
  } else {
    if (Array.isArray(v)) {
      state.multi = true;
      for (const x of v) {
        // Spark flattens one level: a nested array matched by a wildcard contributes its elements
        evaluate(x, steps, at + 1, out, state);
      }
    } else if (isRawObject(v)) {
      state.multi = true;
      for (const k of Object.keys(v)) evaluate(v[k], steps, at + 1, out, state);
    }
  }
}

function render(v: RawJson): string | null {
  if (v === null) return null;
  if (typeof v === "string") return v;
  if (v instanceof RawNumber) return writeRawJson(v);
  return writeRawJson(v);
}

export function getJsonObject(json: string | null, path: string | null): string | null {
  if (json === null || path === null) return null;
  const steps = parsePath(path);
  if (steps === null) return null;
  let root: RawJson | undefined;
  try {
    root = parseLenient(json);
  } catch {
    return null;
  }
  if (root === undefined) return null;
  const out: RawJson[] = [];
  const state = { multi: false };
  evaluate(root, steps, 0, out, state);
  if (out.length === 0) return null;
  if (!state.multi) return render(out[0]);
  // Spark drops the brackets around a single wildcard match but keeps it as JSON (strings quoted).
  if (out.length === 1) return out[0] === null ? "null" : writeRawJson(out[0]);
  return writeRawJson(out);
}
