/**
 * The whole differential corpus as runnable entries: the committed corpus files plus every case of the public
 * SQL conformance file (run with its time zone America/Los_Angeles and its ANSI mode, as Spark's golden files were).
 */
import { DEFAULT_CASES, loadCases } from "../conformance";
import { type Entry, loadCorpus } from "./corpus";

export interface SuiteFile {
  readonly name: string;
  readonly entries: readonly Entry[];
  /** Session time zone of the file's SQL entries. */
  readonly timeZone: string;
}

export const CONFORMANCE_TZ = "America/Los_Angeles";

export function conformanceEntries(): Entry[] {
  return loadCases(DEFAULT_CASES).map((c) => ({
    kind: "sql" as const,
    id: c.id,
    sql: c.sql,
    setup: c.setup,
    // Mode "unknown" (not recorded in the old golden file) runs with Spark 4's default: ANSI on.
    conf: { "spark.sql.ansi.enabled": c.mode !== "nonansi", "spark.sql.shuffle.partitions": 4 },
  }));
}

export function loadSuite(): SuiteFile[] {
  return [
    { name: "conformance", entries: conformanceEntries(), timeZone: CONFORMANCE_TZ },
    ...loadCorpus().map((f) => ({ ...f, timeZone: "UTC" })),
  ];
}

/** The request that runs an entry on the Spark driver. */
export function sparkRequest(e: Entry, timeZone: string): Record<string, unknown> {
  const conf = { "spark.sql.session.timeZone": timeZone, ...(e.conf ?? {}) };
  switch (e.kind) {
    case "sql":
      return { op: "sql", sql: e.sql, setup: e.setup ?? [], udfs: e.udfs ?? [], conf };
    case "frame":
      return { op: "frame", source: e.source, program: e.program, show: e.show ?? false, conf };
    case "stream":
      return { op: "stream", schema: e.schema, batches: e.batches, program: e.program, mode: e.mode, sink: e.sink ?? "foreachBatch", truncate: e.truncate ?? true, numRows: e.numRows, oneTime: e.oneTime ?? false, trigger: e.trigger ?? null, ...(e.stream2 ? { stream2: e.stream2 } : {}), conf };
    case "slot":
      throw new Error(`slot ${e.id} has no program`);
  }
}
