import * as api from "../index";

/**
 * The names every shell input and script sees without importing: `spark`, everything `tspark` exports
 * (SparkSession, the types and their factories, Row, Trigger, functions, col, expr, lit ...), every function
 * of `functions` as a plain name (pyspark's `from pyspark.sql.functions import *`), and `F` for `functions`.
 */
export function preloadedNames(session: unknown): Record<string, unknown> {
  const exported = api as Record<string, unknown>;
  const names: Record<string, unknown> = {};
  const functions = exported.functions;
  if (typeof functions === "object" && functions !== null) {
    for (const [k, v] of Object.entries(functions)) names[k] = v;
    names.F = functions;
  }
  // Exports win over same-named functions (a class `Row` is more useful than a helper of that name).
  for (const [k, v] of Object.entries(exported)) names[k] = v;
  if (names.types === undefined) names.types = typeNamespace(exported);
  names.spark = session;
  return names;
}

/** `types` as pyspark's `pyspark.sql.types`: the exports whose names end in Type or are StructField/Row. */
function typeNamespace(exported: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(exported)) {
    if (/Type$/.test(k) || k === "StructField" || k === "Row") out[k] = v;
  }
  return out;
}

/**
 * Names that must not become real globals even though user code sees them: `window` (pyspark's window
 * function) would make libraries believe they run in a browser, and a name Node already defines (`crypto`,
 * `escape` ...) must keep its meaning for library code. These reach user code as wrapper parameters.
 */
const BROWSER_PROBES = new Set(["window", "self", "document", "navigator", "global", "globalThis"]);

export function splitNames(names: Record<string, unknown>): {
  globals: Record<string, unknown>;
  scoped: Record<string, unknown>;
} {
  const globals: Record<string, unknown> = {};
  const scoped: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(names)) {
    if (!/^[A-Za-z_$][\w$]*$/.test(k)) continue;
    const builtin = k in globalThis && k !== "spark";
    if (BROWSER_PROBES.has(k) || builtin) scoped[k] = v;
    else globals[k] = v;
  }
  return { globals, scoped };
}

/**
 * Put names on globalThis (user code runs in this realm, see evaluate.ts) and give back a function that
 * restores what was there before, so a closed shell leaves the process as it found it.
 */
export function installGlobals(names: Record<string, unknown>): () => void {
  const g = globalThis as Record<string, unknown>;
  const saved = new Map<string, PropertyDescriptor | undefined>();
  for (const [k, v] of Object.entries(names)) {
    saved.set(k, Object.getOwnPropertyDescriptor(g, k));
    Object.defineProperty(g, k, { value: v, writable: true, configurable: true, enumerable: false });
  }
  return () => {
    for (const [k, d] of saved) {
      if (d) Object.defineProperty(g, k, d);
      else delete g[k];
    }
  };
}
