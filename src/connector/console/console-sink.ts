import { IllegalArgumentException } from "../../engine/errors";
import type { SinkProvider, StreamSink } from "../../engine/exec/sink";
import type { StructType } from "../../engine/types/struct-type";
import type { Row } from "../../engine/types/values";
import kleur from "kleur";
import { showString } from "../../engine/api/data-frame";

/** Where console output goes: the session's output hook (the shell prints above its prompt) or stdout. */
export interface ConsoleOutput {
  write(text: string): unknown;
  /** A batch with the query it belongs to (the shell draws the latest table per query in place). */
  writeBatch?(info: { queryId: string; queryName?: string | null; batchId: number }, text: string): unknown;
  readonly isTTY?: boolean;
}

function optionOf(options: ReadonlyMap<string, string>, key: string): string | undefined {
  for (const [k, v] of options) if (k.toLowerCase() === key.toLowerCase()) return v;
  return undefined;
}

interface ConsoleOptions {
  numRows: number;
  truncate: number;
}

function parseOptions(options: ReadonlyMap<string, string>): ConsoleOptions {
  const rawRows = optionOf(options, "numRows") ?? "20";
  const numRows = Number(rawRows);
  if (!/^\d+$/.test(rawRows.trim()) || numRows < 0) {
    throw new IllegalArgumentException(`Invalid value '${rawRows}' for option 'numRows': expected a non-negative integer`);
  }
  const rawTruncate = (optionOf(options, "truncate") ?? "true").trim().toLowerCase();
  let truncate: number;
  if (rawTruncate === "true") truncate = 20;
  else if (rawTruncate === "false") truncate = 0;
  else if (/^\d+$/.test(rawTruncate)) truncate = Number(rawTruncate);
  else throw new IllegalArgumentException(`Invalid value '${rawTruncate}' for option 'truncate': expected true, false or a width`);
  return { numRows, truncate };
}

function outputOf(session: unknown): ConsoleOutput {
  const out = (session as { output?: ConsoleOutput } | null)?.output;
  return out && typeof out.write === "function" ? out : process.stdout;
}

function timeZoneOf(session: unknown): string {
  const conf = (session as { conf?: { get?: (k: string) => unknown } } | null)?.conf;
  try {
    const tz = conf?.get?.("spark.sql.session.timeZone");
    if (typeof tz === "string" && tz !== "") return tz;
  } catch {
    // unset
  }
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

const RULE = "-------------------------------------------";

/** Terminal colours for a show() table: borders dim, header bold (layout untouched). */
function colourTable(table: string): string {
  let seenHeader = false;
  return table
    .split("\n")
    .map((line) => {
      if (line.startsWith("+")) return kleur.dim(line);
      if (line.startsWith("|") && !seenHeader) {
        seenHeader = true;
        return kleur.bold(line);
      }
      return line;
    })
    .join("\n");
}

/** Spark's `Batch: N` banner then the batch as `show(numRows, truncate)` prints it (the core's showString). */
export function renderConsoleBatch(
  batchId: number,
  rows: readonly Row[],
  schema: StructType,
  opts: { numRows: number; truncate: number; timeZone: string; colors: boolean },
): string {
  const table = showString(rows, schema, opts.numRows, opts.truncate, false, opts.timeZone);
  const banner = `${RULE}\nBatch: ${batchId}\n${RULE}\n`;
  // show() ends with println(showString), hence the blank line after the table.
  return opts.colors ? `${kleur.dim(banner)}${colourTable(table)}\n` : `${banner}${table}\n`;
}

class ConsoleSink implements StreamSink {
  readonly description: string;

  constructor(
    private readonly opts: ConsoleOptions,
    private readonly session: unknown,
    private readonly query: { queryId: string; queryName?: string | null } = { queryId: "" },
  ) {
    this.description = `org.apache.spark.sql.execution.streaming.ConsoleTable$@tspark[numRows=${opts.numRows}, truncate=${opts.truncate}]`;
  }

  async addBatch(batchId: number, rows: Row[], schema: StructType): Promise<void> {
    const out = outputOf(this.session);
    const colors = out.isTTY === true && !process.env.NO_COLOR;
    const text = renderConsoleBatch(batchId, rows, schema, { ...this.opts, timeZone: timeZoneOf(this.session), colors });
    if (typeof out.writeBatch === "function") out.writeBatch({ ...this.query, batchId }, text);
    else out.write(text);
  }
}

export const consoleSinkProvider: SinkProvider = {
  name: "console",
  validateOptions(options) {
    parseOptions(options);
  },
  async createSink(ctx) {
    return new ConsoleSink(parseOptions(ctx.options), ctx.session, { queryId: ctx.queryId, queryName: ctx.queryName ?? null });
  },
};
