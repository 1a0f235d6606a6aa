/**
 * schema_of_variant and schema_of_variant_agg: the SQL type of a variant value, and the merge of several
 * (Spark's SchemaOfVariant.mergeSchema). Measured on Spark 4.3: every integer is BIGINT; a decimal is
 * DECIMAL(max(precision, scale), scale); objects print as OBJECT<k: T, ...> with keys sorted; an empty array is
 * ARRAY<VOID>; BIGINT and DECIMAL merge to the wider decimal (a BIGINT counts as DECIMAL(20,0)), any of them with
 * DOUBLE to DOUBLE; nulls (VOID) merge into anything; any other mix is VARIANT.
 */
import { Decimal } from "../../types/decimal";
import { quoteIfNeeded } from "../../types/ddl";
import {
  VARIANT_NULL,
  VariantDate,
  VariantFloat,
  type VariantNode,
  VariantObject,
  VariantTimestamp,
} from "../../types/variant";

export type VariantSchema =
  | { readonly k: "VOID" | "BOOLEAN" | "BIGINT" | "DOUBLE" | "FLOAT" | "STRING" | "DATE" | "TIMESTAMP" | "TIMESTAMP_NTZ" | "BINARY" | "VARIANT" }
  | { readonly k: "DECIMAL"; readonly p: number; readonly s: number }
  | { readonly k: "ARRAY"; readonly e: VariantSchema }
  | { readonly k: "OBJECT"; readonly fields: ReadonlyMap<string, VariantSchema> };

const simple = (k: "VOID" | "BOOLEAN" | "BIGINT" | "DOUBLE" | "FLOAT" | "STRING" | "DATE" | "TIMESTAMP" | "TIMESTAMP_NTZ" | "BINARY" | "VARIANT"): VariantSchema => ({ k });
const VARIANT = simple("VARIANT");

export function schemaOfNode(n: VariantNode): VariantSchema {
  if (n === VARIANT_NULL) return simple("VOID");
  if (typeof n === "boolean") return simple("BOOLEAN");
  if (typeof n === "bigint") return simple("BIGINT");
  if (typeof n === "number") return simple("DOUBLE");
  if (typeof n === "string") return simple("STRING");
  if (n instanceof Decimal) return { k: "DECIMAL", p: Math.max(n.precision(), n.scale), s: n.scale };
  if (n instanceof VariantFloat) return simple("FLOAT");
  if (n instanceof VariantDate) return simple("DATE");
  if (n instanceof VariantTimestamp) return simple(n.ntz ? "TIMESTAMP_NTZ" : "TIMESTAMP");
  if (n instanceof Uint8Array) return simple("BINARY");
  if (n instanceof VariantObject) return { k: "OBJECT", fields: new Map(n.keys.map((key, i) => [key, schemaOfNode(n.values[i]!)])) };
  let e: VariantSchema = simple("VOID");
  for (const x of n as readonly VariantNode[]) e = mergeSchema(e, schemaOfNode(x));
  return { k: "ARRAY", e };
}

function asDecimal(t: VariantSchema): { p: number; s: number } | null {
  if (t.k === "DECIMAL") return t;
  if (t.k === "BIGINT") return { p: 20, s: 0 };
  return null;
}

export function mergeSchema(a: VariantSchema, b: VariantSchema): VariantSchema {
  if (a.k === "VOID") return b;
  if (b.k === "VOID") return a;
  if (a.k === "ARRAY" && b.k === "ARRAY") return { k: "ARRAY", e: mergeSchema(a.e, b.e) };
  if (a.k === "OBJECT" && b.k === "OBJECT") {
    const fields = new Map(a.fields);
    for (const [k, t] of b.fields) fields.set(k, fields.has(k) ? mergeSchema(fields.get(k)!, t) : t);
    return { k: "OBJECT", fields: new Map([...fields].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))) };
  }
  if (a.k === "DECIMAL" || b.k === "DECIMAL") {
    const x = asDecimal(a);
    const y = asDecimal(b);
    if (x !== null && y !== null) {
      const s = Math.max(x.s, y.s);
      const p = Math.max(x.p - x.s, y.p - y.s) + s;
      return { k: "DECIMAL", p: Math.min(p, 38), s: Math.min(s, 38) };
    }
  }
  if (a.k === b.k) return a;
  const numeric = (t: VariantSchema) => t.k === "BIGINT" || t.k === "DECIMAL" || t.k === "DOUBLE" || t.k === "FLOAT";
  if (numeric(a) && numeric(b)) return simple("DOUBLE");
  return VARIANT;
}

export function schemaText(t: VariantSchema): string {
  if (t.k === "DECIMAL") return `DECIMAL(${t.p},${t.s})`;
  if (t.k === "ARRAY") return `ARRAY<${schemaText(t.e)}>`;
  if (t.k === "OBJECT") return `OBJECT<${[...t.fields].map(([k, f]) => `${quoteIfNeeded(k)}: ${schemaText(f)}`).join(", ")}>`;
  return t.k;
}
