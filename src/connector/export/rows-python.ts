/**
 * In-memory rows (createDataFrame, a join's static side) as Python values for `spark.createDataFrame(rows, schema)`:
 * each engine value written as the Python object pyspark's schema check accepts for its type (an int, a float for
 * DOUBLE even when whole, a datetime for TIMESTAMP, a tuple for a struct ...). Types are read in their JSON form
 * (DataType.jsonValue), as schema-python.ts reads them. A value with no Python spelling is a problem, not a guess.
 */
import { pyLiteral, pyStr } from "./python-text";

/** Imports the values need beyond the program's standard header. */
export interface ValueImports {
  datetime: boolean;
  decimal: boolean;
}

const INTEGRAL = new Set(["byte", "short", "integer", "long"]);
const MS_PER_DAY = 86_400_000;

/** Python source for the rows of a struct type `schema` (its JSON form); undefined (and `problems` told) when a value has none. */
export function pyRows(rows: readonly (readonly unknown[])[], schema: unknown, imports: ValueImports, problems: string[]): string | undefined {
  const fields = (schema as { fields?: { type: unknown }[] }).fields ?? [];
  const out: string[] = [];
  for (const r of rows) {
    const vals = fields.map((f, i) => pyValue(r[i] ?? null, f.type, imports));
    if (vals.some((v) => v === undefined)) {
      problems.push(`a static side's value of type ${JSON.stringify(fields[vals.indexOf(undefined)]?.type)} has no Python spelling here`);
      return undefined;
    }
    out.push(`(${vals.join(", ")}${vals.length === 1 ? "," : ""})`);
  }
  return `[\n${out.map((r) => `    ${r},`).join("\n")}\n]`;
}

function pyValue(v: unknown, type: unknown, imports: ValueImports): string | undefined {
  if (v === null || v === undefined) return "None";
  if (typeof type === "string") {
    if (INTEGRAL.has(type)) return typeof v === "bigint" || typeof v === "number" ? String(v) : undefined;
    if (type === "double" || type === "float") {
      if (typeof v !== "number") return undefined;
      return Number.isInteger(v) ? `${v}.0` : pyLiteral(v);
    }
    if (type === "string") return typeof v === "string" ? pyStr(v) : undefined;
    if (type === "boolean") return pyLiteral(v);
    if (/^decimal\(/.test(type)) {
      imports.decimal = true;
      return `Decimal(${pyStr(String(v))})`;
    }
    if (type === "date" && typeof v === "number") {
      imports.datetime = true;
      const d = new Date(v * MS_PER_DAY);
      return `datetime.date(${d.getUTCFullYear()}, ${d.getUTCMonth() + 1}, ${d.getUTCDate()})`;
    }
    if ((type === "timestamp" || type === "timestamp_ntz") && typeof v === "bigint") {
      imports.datetime = true;
      const ms = Number(v / 1000n);
      const d = new Date(ms);
      const micros = Number(((v % 1_000_000n) + 1_000_000n) % 1_000_000n);
      const args = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), micros].join(", ");
      return type === "timestamp" ? `datetime.datetime(${args}, tzinfo=datetime.timezone.utc)` : `datetime.datetime(${args})`;
    }
    if (type === "binary" && v instanceof Uint8Array) return `bytearray(${pyStr(Buffer.from(v).toString("latin1"))}, "latin-1")`;
    return undefined;
  }
  const t = type as { type?: string; elementType?: unknown; keyType?: unknown; valueType?: unknown; fields?: { type: unknown }[] };
  if (t.type === "array" && Array.isArray(v)) {
    const items = v.map((x) => pyValue(x, t.elementType, imports));
    return items.includes(undefined) ? undefined : `[${items.join(", ")}]`;
  }
  if (t.type === "map" && v instanceof Map) {
    const items = [...v].map(([k, x]) => [pyValue(k, t.keyType, imports), pyValue(x, t.valueType, imports)]);
    return items.some(([k, x]) => k === undefined || x === undefined) ? undefined : `{${items.map(([k, x]) => `${k}: ${x}`).join(", ")}}`;
  }
  if (t.type === "struct" && Array.isArray(v)) {
    const items = (t.fields ?? []).map((f, i) => pyValue(v[i] ?? null, f.type, imports));
    return items.includes(undefined) ? undefined : `(${items.join(", ")}${items.length === 1 ? "," : ""})`;
  }
  return undefined;
}
