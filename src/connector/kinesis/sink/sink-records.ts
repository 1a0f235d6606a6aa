/**
 * From the sink's input rows to Kinesis user records: column lookup with the connector's messages, and per-row
 * checks (nulls, partition key length, explicit hash key range, record size) done for the whole batch BEFORE
 * anything is sent, so a bad row fails the batch without a single record of it written: nothing lost, nothing
 * half-written. The error names every bad row (position in the batch, 0-based, and its partition key).
 */
import { IllegalArgumentException, IllegalStateException } from "../../../engine/errors";
import type { StructType } from "../../../engine/types/struct-type";
import type { Row } from "../../../engine/types/values";

export interface SinkColumns {
  readonly data: number;
  readonly partitionKey: number;
  readonly explicitHashKey?: number;
}

/** One record to put, with the input row it came from (for errors). */
export interface SinkRecord {
  readonly partitionKey: string;
  readonly explicitHashKey?: string;
  readonly data: Uint8Array;
  readonly row: number;
}

interface FieldView {
  readonly name: string;
  readonly typeName: string;
}

/** Field names and type names ("string", "binary", "integer" ...) of the input schema. */
export function schemaFields(schema: StructType): FieldView[] {
  return schema.fields.map((f) => ({ name: f.name, typeName: f.dataType.typeName() }));
}

const STRING_OR_BINARY = new Set(["string", "binary"]);

function find(fields: FieldView[], name: string, required: boolean): number | undefined {
  const i = fields.findIndex((f) => f.name === name);
  if (i >= 0) {
    if (!STRING_OR_BINARY.has(fields[i]!.typeName)) {
      throw new IllegalStateException(
        `${name} attribute type must be a String or BinaryType (it is ${fields[i]!.typeName}): cast it, e.g. col("${name}").cast("string"), or to_json(...) for a struct`,
      );
    }
    return i;
  }
  if (!required) return undefined;
  const near = fields.find((f) => f.name.toLowerCase() === name.toLowerCase());
  const hint = near
    ? `: found '${near.name}', rename it with .withColumnRenamed("${near.name}", "${name}")`
    : `: the input has ${fields.map((f) => f.name).join(", ") || "no columns"}; select or alias a column as '${name}'`;
  throw new IllegalStateException(`Required attribute '${name}' not found${hint}`);
}

/** Column positions of `data`, `partitionKey` and optional `explicitHashKey` (names are case-sensitive, as in the connector). */
export function resolveSinkColumns(schema: StructType): SinkColumns {
  const fields = schemaFields(schema);
  const partitionKey = find(fields, "partitionKey", true)!;
  const data = find(fields, "data", true)!;
  const explicitHashKey = find(fields, "explicitHashKey", false);
  return explicitHashKey === undefined ? { data, partitionKey } : { data, partitionKey, explicitHashKey };
}

const MAX_HASH_KEY = (1n << 128n) - 1n;
const MAX_PARTITION_KEY_CHARS = 256;
const MAX_REPORTED = 5;

function text(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === "string") return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("utf8");
  return String(value);
}

function bytes(value: unknown): Uint8Array | undefined {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Uint8Array) return value;
  return Buffer.from(typeof value === "string" ? value : String(value), "utf8");
}

function quote(s: string): string {
  return s.length > 40 ? `'${s.slice(0, 40)}…'` : `'${s}'`;
}

/** Why a row cannot be sent, or undefined. */
function rowProblem(
  partitionKey: string | undefined,
  data: Uint8Array | undefined,
  ehk: string | undefined,
  recordLimit: number,
): string | undefined {
  if (partitionKey === undefined) return "partitionKey is null";
  if (partitionKey.length === 0) return "partitionKey is empty (Kinesis needs 1 to 256 characters)";
  const chars = [...partitionKey].length;
  if (chars > MAX_PARTITION_KEY_CHARS) return `partitionKey has ${chars} characters, over Kinesis's 256`;
  if (data === undefined) return "data is null";
  if (ehk !== undefined && ehk !== "" && (!/^\d{1,39}$/.test(ehk) || BigInt(ehk) > MAX_HASH_KEY)) {
    return `explicitHashKey ${quote(ehk)} is not a decimal integer between 0 and 2^128-1`;
  }
  const size = data.byteLength + Buffer.byteLength(partitionKey, "utf8");
  if (size > recordLimit) {
    return `the record is ${size} bytes (data ${data.byteLength} + partition key ${size - data.byteLength}), over the ${recordLimit}-byte Kinesis record limit`;
  }
  return undefined;
}

/**
 * Records for every row, or an IllegalArgumentException naming the bad rows (up to 5, with the count) when any row
 * cannot be sent. `recordLimit` is the stream's max record size in bytes (data + partition key, as Kinesis counts).
 */
export function buildSinkRecords(
  rows: readonly Row[],
  cols: SinkColumns,
  batchId: number,
  streamName: string,
  recordLimit: number,
): SinkRecord[] {
  const out: SinkRecord[] = [];
  const problems: string[] = [];
  let bad = 0;
  for (let row = 0; row < rows.length; row++) {
    const r = rows[row]!;
    const partitionKey = text(r[cols.partitionKey]);
    const data = bytes(r[cols.data]);
    const ehk = cols.explicitHashKey === undefined ? undefined : text(r[cols.explicitHashKey]);
    const problem = rowProblem(partitionKey, data, ehk, recordLimit);
    if (problem !== undefined) {
      bad++;
      if (problems.length < MAX_REPORTED) {
        problems.push(`row ${row}${partitionKey === undefined ? "" : ` (partitionKey ${quote(partitionKey)})`}: ${problem}`);
      }
      continue;
    }
    out.push(
      ehk !== undefined && ehk !== ""
        ? { partitionKey: partitionKey!, explicitHashKey: ehk, data: data!, row }
        : { partitionKey: partitionKey!, data: data!, row },
    );
  }
  if (bad > 0) {
    const more = bad > problems.length ? `; and ${bad - problems.length} more` : "";
    throw new IllegalArgumentException(
      `Batch ${batchId}: ${bad} of ${rows.length} row${rows.length === 1 ? "" : "s"} cannot be written to Kinesis stream '${streamName}', ` +
        `so no record of this batch was sent (row numbers are 0-based positions in the batch): ${problems.join("; ")}${more}. ` +
        "Filter or fix these rows before the sink (e.g. .where(\"length(data) < 1000000\")), or raise kinesis.sink.maxRecordSizeBytes " +
        "if the stream's maximum record size was raised.",
    );
  }
  return out;
}
