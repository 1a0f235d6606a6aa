/**
 * Observed metrics (`df.observe(name, ...)`) of one run: each CollectMetrics node records its row here by name, and
 * the progress record gets them as Rows (`lastProgress.observedMetrics.name.rows`, `.get(0)`, `.asDict()`), names
 * sorted as Spark's progress JSON writes its maps. A metrics Row serializes as Spark's `Row.jsonValue`: numbers as
 * numbers, timestamps and dates as text in the session time zone, maps with string keys as objects.
 */
import { RowImpl, toRow } from "../api/row";
import { toHiveString } from "../expr/format";
import type { MetricsSink } from "../plan/physical";
import {
  ArrayType,
  BinaryType,
  type DataType,
  DateType,
  DayTimeIntervalType,
  MapType,
  StringType,
  TimestampNTZType,
  TimestampType,
} from "../types/data-types";
import { Decimal } from "../types/decimal";
import { StructTypeImpl } from "../types/struct-type";
import type { Row } from "../types/values";

/** The metrics rows one run (a micro-batch, a batch action) recorded, by observation name. */
export class ObservedMetricsCollector implements MetricsSink {
  private readonly byName = new Map<string, { values: Row; schema: StructTypeImpl }>();

  record(name: string, values: Row, schema: StructTypeImpl): void {
    this.byName.set(name, { values, schema });
  }

  /** The recorded rows as the user reads them, by name in sorted order. */
  rows(timeZone: string): Record<string, RowImpl> {
    const out: Record<string, RowImpl> = {};
    for (const name of [...this.byName.keys()].sort()) {
      const m = this.byName.get(name)!;
      out[name] = metricsRow(m.values, m.schema, timeZone);
    }
    return out;
  }
}

const JSON_FORMS = new WeakMap<RowImpl, Record<string, unknown>>();

/** A Row whose JSON is Spark's Row.jsonValue (what the progress JSON holds), not the collect() Row's ISO dates. */
class MetricsRow extends RowImpl {
  override toJSON(): Record<string, unknown> {
    return JSON_FORMS.get(this) ?? super.toJSON();
  }
}

export function metricsRow(values: Row, schema: StructTypeImpl, timeZone: string): RowImpl {
  const external = toRow(values, schema);
  const row = new MetricsRow(external.toArray(), schema.fieldNames());
  JSON_FORMS.set(row, structJson(values, schema, timeZone));
  return row;
}

function structJson(values: Row, schema: StructTypeImpl, timeZone: string): Record<string, unknown> {
  return Object.fromEntries(schema.fields.map((f, i) => [f.name, jsonValue(values[i] ?? null, f.dataType, timeZone)]));
}

/** One engine value as Spark's Row.jsonValue writes it. */
function jsonValue(v: unknown, t: DataType, timeZone: string): unknown {
  if (v === null || v === undefined) return null;
  if (t instanceof StructTypeImpl) return structJson(v as Row, t, timeZone);
  if (t instanceof ArrayType) return (v as unknown[]).map((x) => jsonValue(x, t.elementType, timeZone));
  if (t instanceof MapType) {
    const entries = [...(v as Map<unknown, unknown>)];
    if (t.keyType instanceof StringType) {
      return Object.fromEntries(entries.sort(([a], [b]) => (String(a) < String(b) ? -1 : 1)).map(([k, x]) => [String(k), jsonValue(x, t.valueType, timeZone)]));
    }
    return entries.map(([k, x]) => ({ key: jsonValue(k, t.keyType, timeZone), value: jsonValue(x, t.valueType, timeZone) }));
  }
  if (t instanceof TimestampType || t instanceof TimestampNTZType || t instanceof DateType || t instanceof DayTimeIntervalType) {
    return toHiveString(v, t, { timeZone });
  }
  if (t instanceof BinaryType) return Buffer.from(v as Uint8Array).toString("base64");
  if (typeof v === "bigint") return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (v instanceof Decimal) return Number(v.toString());
  return v;
}
