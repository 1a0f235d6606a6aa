import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import "../../../src/connector/register";
import { SparkSession } from "../../../src/engine/session";

/** A fresh session in UTC (so timestamps print the same everywhere) and a fresh temp folder. */
export function fileTestSession(): { spark: SparkSession; dir: string } {
  const spark = SparkSession.builder.config("spark.sql.session.timeZone", "UTC").create();
  spark.print = () => undefined;
  return { spark, dir: mkdtempSync(path.join(tmpdir(), "tspark-files-")) };
}

/** Rows as plain JSON-able arrays (bigint and Decimal as text) for comparisons. */
export function plain(rows: readonly unknown[][]): unknown[] {
  return JSON.parse(JSON.stringify(rows, (_k, v) => (typeof v === "bigint" ? `${v}n` : v instanceof Uint8Array ? [...v] : v)));
}
