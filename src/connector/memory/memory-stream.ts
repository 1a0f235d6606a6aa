import type { DataFrame } from "../../engine/api/data-frame";
import { randomUUID } from "node:crypto";
import { streamingFrame } from "../../engine/exec/frame-factory";
import { parseDDLSchema } from "../../engine/types/ddl";
import type { StructType } from "../../engine/types/struct-type";
import type { Row } from "../../engine/types/values";
import { MEMORY_STREAM_FORMAT, MemoryStreamData, registerMemoryStream } from "./memory-stream-source";

let counter = 0;

/**
 * A stream fed from code, for tests and demos (Spark's MemoryStream):
 * ```
 * const input = new MemoryStream("word STRING", spark);
 * const counts = input.toDF().groupBy("word").count();
 * input.addData(["a"], ["b"]);
 * ```
 * Each `addData` call is one offset. Rows are positional arrays; with a one-column schema plain values work
 * too (`input.addData("a", "b")`).
 */
export class MemoryStream {
  readonly name: string;
  readonly schema: StructType;
  private readonly data: MemoryStreamData;

  constructor(
    schema: StructType | string,
    private readonly session: unknown,
  ) {
    this.schema = typeof schema === "string" ? parseDDLSchema(schema) : schema;
    this.name = `MemoryStream[${counter++}]`;
    this.data = new MemoryStreamData(randomUUID(), this.schema);
    registerMemoryStream(this.data);
  }

  /** Appends one batch of rows; returns its offset. */
  addData(...rows: unknown[]): number {
    return this.addRows(rows);
  }

  /** Like addData with the rows in one array (for large batches). */
  addRows(rows: readonly unknown[]): number {
    const width = this.schema.fields.length;
    const single = width === 1;
    // one loop, no closure per row: large batches are added in the timed part of benchmarks
    // (sized up front: a push per row regrows and copies the array several times on a large batch)
    const normalized: Row[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      const row = Array.isArray(r) && !(single && !isRowFor(r, 1)) ? (r as Row) : [r];
      if (row.length !== width) {
        throw new TypeError(
          `MemoryStream row ${JSON.stringify(row, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v))} has ${row.length} value(s); ` +
            `the schema ${this.schema.simpleString()} has ${width}`,
        );
      }
      normalized[i] = row;
    }
    return this.data.add(normalized);
  }

  /** The streaming DataFrame reading this stream. */
  toDF(): DataFrame {
    return streamingFrame(this.session, {
      format: MEMORY_STREAM_FORMAT,
      options: new Map([["id", this.data.id]]),
      schema: this.schema,
    });
  }

  toString(): string {
    return this.name;
  }
}

/** With one column, `[x]` is a row and a bare array value is also a row only when it has one element. */
function isRowFor(r: unknown[], width: number): boolean {
  return r.length === width;
}
