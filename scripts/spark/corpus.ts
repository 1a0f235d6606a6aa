/**
 * The differential corpus (test/spark/corpus/*.json): programs written once in a neutral form that both engines
 * run — Spark through scripts/spark/driver.py, tspark through scripts/spark/tspark-side.ts. Expressions are Spark
 * SQL text; DataFrame programs are lists of steps (selectExpr, filter, groupBy/agg, orderBy, union, ...); input
 * rows are JSON values read with the given DDL schema (Spark's JSON reader on one side, tspark's from_json on the
 * other). See docs/spark-oracle.md for how to add an entry.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";

export const CORPUS_DIR = resolve(__dirname, "../../test/spark/corpus");
export const GOLDENS_DIR = resolve(__dirname, "../../test/spark/goldens");
export const KNOWN_FILE = resolve(__dirname, "../../test/spark/known-differences.json");

export interface SourceSpec {
  readonly schema: string;
  readonly rows: readonly unknown[][];
}

export type Step =
  | { readonly op: "selectExpr"; readonly exprs: readonly string[] }
  | { readonly op: "filter"; readonly cond: string }
  | { readonly op: "withColumn"; readonly name: string; readonly expr: string }
  | { readonly op: "withColumnRenamed"; readonly from: string; readonly to: string }
  | { readonly op: "drop"; readonly cols: readonly string[] }
  | { readonly op: "groupBy"; readonly keys: readonly string[]; readonly aggs?: readonly string[] }
  | { readonly op: "agg"; readonly aggs: readonly string[] }
  | { readonly op: "orderBy"; readonly by: readonly { expr: string; desc?: boolean; nulls?: "first" | "last" }[] }
  | { readonly op: "limit"; readonly n: number }
  | { readonly op: "distinct" }
  | { readonly op: "dropDuplicates"; readonly cols?: readonly string[] }
  | { readonly op: "union" | "unionByName"; readonly other: SourceSpec; readonly otherSteps?: readonly Step[] }
  | { readonly op: "toDF"; readonly names: readonly string[] }
  | { readonly op: "withWatermark"; readonly col: string; readonly delay: string }
  | { readonly op: "dropDuplicatesWithinWatermark"; readonly cols?: readonly string[] }
  /** df.observe(name, expr(e1), ...): a stream's answer then carries each batch's progress observedMetrics. */
  | { readonly op: "observe"; readonly name: string; readonly exprs: readonly string[] }
  /**
   * PySpark methods by name, applied in turn (`calls`: `stat.crosstab`, `offset`, `groupingSets` then `agg` ...).
   * Arguments are JSON values; `{"$col": "sql"}` is a Column (F.expr), `{"$schema": "ddl"}` a StructType. The last
   * result is the step's frame: a DataFrame as is; a number (or null) a one-row frame `value DOUBLE`; a list of
   * numbers or of lists `posexplode` rows (pos, value) of a double array, written as SQL text on both sides.
   */
  | { readonly op: "call"; readonly calls: readonly { readonly method: string; readonly args?: readonly unknown[] }[] }
  /**
   * A join with a static frame (batch, or stream-static when the left side streams), or with `stream: true` with
   * the entry's second stream (`stream2`: a stream-stream join). `using`: column names (USING); `cond`: a SQL
   * condition over the aliases `l` (this side) and `r` (the other); neither: a cross join.
   */
  | {
      readonly op: "join";
      readonly other?: SourceSpec;
      readonly stream?: boolean;
      readonly otherSteps?: readonly Step[];
      readonly using?: readonly string[];
      readonly cond?: string;
      readonly how?: string;
    };

/** A UDF registered with spark.udf.register before a SQL entry runs: a Python lambda for Spark, a JS one for tspark. */
export interface UdfSpec {
  readonly name: string;
  readonly returnType: string;
  readonly py: string;
  readonly js: string;
}

interface Base {
  readonly id: string;
  readonly conf?: Readonly<Record<string, string | boolean | number>>;
  readonly note?: string;
}

export type Entry =
  | (Base & { readonly kind: "sql"; readonly sql: string; readonly setup?: readonly string[]; readonly udfs?: readonly UdfSpec[] })
  | (Base & { readonly kind: "frame"; readonly source: SourceSpec; readonly program: readonly Step[]; readonly show?: boolean })
  | (Base & {
      readonly kind: "stream";
      readonly schema: string;
      readonly batches: readonly (readonly unknown[][])[];
      readonly program: readonly Step[];
      readonly mode: "append" | "update" | "complete";
      readonly sink?: "foreachBatch" | "console";
      readonly truncate?: boolean;
      readonly numRows?: number;
      /** Also compare lastProgress field names and JSON types after every step. */
      readonly progress?: boolean;
      /**
       * A one-time query: no checkpointLocation (a temporary checkpoint); with trigger "once", every batch's input
       * is there before start and the query runs one batch and stops.
       */
      readonly oneTime?: boolean;
      readonly trigger?: "once";
      /**
       * A second input stream (stream-stream joins), as many batches as `batches` (an empty batch is an empty
       * file). Both streams are files written before start and read one file per trigger from each folder, so
       * batch i holds step i of both; the whole input runs in one step (see docs/spark-oracle.md).
       */
      readonly stream2?: { readonly schema: string; readonly batches: readonly (readonly unknown[][])[] };
    })
  | (Base & { readonly kind: "slot"; readonly what: string });

/** A corpus file: entries, or groups of SQL queries sharing a setup. */
interface FileEntry {
  readonly group?: string;
  readonly setup?: readonly string[];
  readonly conf?: Readonly<Record<string, string | boolean | number>>;
  readonly queries?: readonly string[];
  readonly udfs?: readonly UdfSpec[];
}

export interface CorpusFile {
  readonly name: string;
  readonly entries: readonly Entry[];
}

export function loadCorpus(dir = CORPUS_DIR): CorpusFile[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => {
      const raw = JSON.parse(readFileSync(join(dir, f), "utf8")) as (Entry | FileEntry)[];
      const name = f.replace(/\.json$/, "");
      const entries: Entry[] = [];
      for (const e of raw) {
        if ("kind" in e) entries.push(e);
        else {
          const g = e as FileEntry;
          (g.queries ?? []).forEach((sql, i) => {
            entries.push({ kind: "sql", id: `${g.group}#${i}`, sql, setup: g.setup, conf: g.conf, ...(g.udfs ? { udfs: g.udfs } : {}) });
          });
        }
      }
      const ids = new Set<string>();
      for (const e of entries) {
        if (ids.has(e.id)) throw new Error(`corpus ${f}: duplicate id ${e.id}`);
        ids.add(e.id);
      }
      return { name, entries };
    });
}

export function goldenPath(file: string): string {
  return join(GOLDENS_DIR, `${file}.json`);
}

export interface KnownDifference {
  readonly id: string;
  readonly reason: string;
}

export function loadKnown(): Map<string, string> {
  const list = JSON.parse(readFileSync(KNOWN_FILE, "utf8")) as KnownDifference[];
  return new Map(list.map((k) => [k.id, k.reason]));
}
