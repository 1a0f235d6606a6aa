/**
 * What each engine answered for one corpus program, in one comparable shape, and the exact comparison.
 * Cells are Hive strings (Spark's HiveResult: what its SQL golden files print), so a type or null difference
 * shows; the schema is `catalogString`. Unordered results are stored sorted, so answers are deterministic.
 */
import type { ObservedBatch, SparkResult } from "./oracle";

export interface ErrorInfo {
  readonly condition: string | null;
  /** Spark: the Java class; tspark: the error's class name. Compared only when Spark gives no condition. */
  readonly class: string;
  readonly message: string;
}

export interface TableAnswer {
  readonly schema?: string;
  readonly rows?: readonly (readonly string[])[];
  readonly sorted?: boolean;
  readonly show?: string;
  readonly error?: ErrorInfo;
}

export interface StreamAnswer {
  readonly batches?: readonly { readonly batchId: number; readonly rows: readonly (readonly string[])[] }[];
  /** Field names and JSON types of lastProgress after each step. */
  readonly progress?: readonly unknown[];
  /** Console sink output of each step, byte for byte. */
  readonly console?: readonly string[];
  /** Each batch's progress `observedMetrics` as the progress JSON writes them (present when some batch has any). */
  readonly observed?: readonly ObservedBatch[];
  readonly error?: ErrorInfo;
}

export type Answer = TableAnswer & StreamAnswer;

const rowKey = (r: readonly string[]) => JSON.stringify(r);

export function sortRows(rows: readonly (readonly string[])[]): string[][] {
  return rows.map((r) => [...r]).sort((a, b) => (rowKey(a) < rowKey(b) ? -1 : rowKey(a) > rowKey(b) ? 1 : 0));
}

export function tableAnswer(schema: string, rows: readonly (readonly string[])[], sorted: boolean, show?: string): TableAnswer {
  return { schema, sorted, rows: sorted ? rows.map((r) => [...r]) : sortRows(rows), ...(show !== undefined ? { show } : {}) };
}

export function firstLine(s: string): string {
  return (s.split("\n")[0] ?? "").slice(0, 300);
}

/** Spark's answer from a driver result. */
export function sparkAnswer(r: SparkResult, withProgress: boolean): Answer {
  if (!r.ok) {
    const e = r.error!;
    return { error: { condition: e.condition, class: e.javaClass, message: firstLine(e.message) } };
  }
  if (r.batches !== undefined || r.console !== undefined) {
    return {
      batches: (r.batches ?? []).map((b) => ({ batchId: b.batchId, rows: sortRows(b.rows) })),
      ...(withProgress ? { progress: (r.progress ?? []).map((p) => shapeOf(p)) } : {}),
      ...(r.console?.some((c) => c !== "") ? { console: r.console } : {}),
      ...(r.observed !== undefined && r.observed.length > 0 ? { observed: r.observed } : {}),
    };
  }
  return tableAnswer(r.schema!, r.rows!, r.sorted!, r.show);
}

/**
 * Field names and JSON types of a value, recursively (lastProgress is compared by shape, not values). Offsets are
 * the source's own format (a file source's {"logOffset":n}, a MemoryStream's n), so they are compared only as
 * "present"; customMetrics holds the state store's own counters (Spark's HDFS store has some, tspark's none, and an
 * empty map is left out of the JSON), so it is not compared.
 */
export function shapeOf(v: unknown, key = "", inSource = false): unknown {
  if (inSource && /^(startOffset|endOffset|latestOffset)$/.test(key)) return "offset";
  if (v === null) return "null";
  if (Array.isArray(v)) return v.map((x) => shapeOf(x, "", key === "sources"));
  if (typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v as object).sort()) if (k !== "customMetrics") out[k] = shapeOf((v as Record<string, unknown>)[k], k, inSource);
    return out;
  }
  return typeof v;
}

/**
 * The rates (input/processedRowsPerSecond) are left out of the JSON by both engines when a duration is 0 ms, which
 * a fast tspark batch can take: their presence depends on the clock, so the shape comparison ignores them (unit
 * tests in test/engine/streaming pin tspark's rates).
 */
function withoutRates(shape: unknown): unknown {
  if (Array.isArray(shape)) return shape.map(withoutRates);
  if (shape !== null && typeof shape === "object") {
    return Object.fromEntries(
      Object.entries(shape)
        .filter(([k]) => !k.endsWith("RowsPerSecond"))
        .map(([k, v]) => [k, withoutRates(v)]),
    );
  }
  return shape;
}

const simple = (c: string) => (c.split(".").pop() ?? c).replace(/^Extended/, "").replace(/^Spark/, "");

/** null when tspark's answer equals Spark's, else the first difference. */
export function compareAnswers(spark: Answer, ours: Answer): string | null {
  if (spark.error) {
    if (!ours.error) return `Spark raises ${spark.error.condition ?? spark.error.class} (${spark.error.message}); tspark returned a result`;
    if (spark.error.condition !== null) {
      return ours.error.condition === spark.error.condition ? null : `error class ${ours.error.condition ?? ours.error.class} != Spark's ${spark.error.condition} (${spark.error.message})`;
    }
    return simple(ours.error.class) === simple(spark.error.class) ? null : `error ${ours.error.class} != Spark's ${spark.error.class}`;
  }
  if (ours.error) return `tspark raises ${ours.error.condition ?? ours.error.class}: ${ours.error.message}`;
  if (spark.schema !== undefined && spark.schema !== ours.schema) return `schema ${ours.schema} != Spark's ${spark.schema}`;
  if (spark.rows !== undefined) {
    const a = JSON.stringify(spark.sorted ? ours.rows : sortRows(ours.rows ?? []));
    const b = JSON.stringify(spark.rows);
    if (a !== b) return `rows ${a.slice(0, 300)} != Spark's ${b.slice(0, 300)}`;
  }
  if (spark.show !== undefined && spark.show !== ours.show) return `show() text differs:\n${ours.show}\n-- Spark --\n${spark.show}`;
  if (spark.batches !== undefined) {
    const a = JSON.stringify(ours.batches);
    const b = JSON.stringify(spark.batches);
    if (a !== b) return `batches ${a.slice(0, 400)} != Spark's ${b.slice(0, 400)}`;
  }
  if (spark.progress !== undefined) {
    for (let i = 0; i < spark.progress.length; i++) {
      const a = JSON.stringify(withoutRates(ours.progress?.[i]));
      const b = JSON.stringify(withoutRates(spark.progress[i]));
      if (a !== b) return `lastProgress shape after step ${i}: ${a} != Spark's ${b}`;
    }
  }
  if (spark.observed !== undefined || ours.observed !== undefined) {
    // values as JSON values: Spark writes 2.0 where JavaScript writes 2, which JSON.parse reads alike
    const a = JSON.stringify(JSON.parse(JSON.stringify(ours.observed ?? [])));
    const b = JSON.stringify(JSON.parse(JSON.stringify(spark.observed ?? [])));
    if (a !== b) return `observedMetrics per batch ${a.slice(0, 400)} != Spark's ${b.slice(0, 400)}`;
  }
  if (spark.console !== undefined) {
    for (let i = 0; i < spark.console.length; i++) {
      if (ours.console?.[i] !== spark.console[i]) return `console text of step ${i}:\n${JSON.stringify(ours.console?.[i])}\n-- Spark --\n${JSON.stringify(spark.console[i])}`;
    }
  }
  return null;
}
