/**
 * Parquet schema <-> Spark schema, as Spark's ParquetToSparkSchemaConverter / SparkToParquetSchemaConverter do:
 * strings are BYTE_ARRAY UTF8, dates INT32 DATE, timestamps INT64 TIMESTAMP(MICROS) (INT96 read as
 * TIMESTAMP), decimals INT32 / INT64 / FIXED_LEN_BYTE_ARRAY by precision, arrays the 3-level LIST
 * (`list` / `element`), maps MAP with `key_value` / `key` / `value`, structs groups.
 */
import type { SchemaElement } from "hyparquet";
import {
  ArrayType,
  BinaryType,
  BooleanType,
  ByteType,
  type DataType,
  DateType,
  DecimalType,
  DoubleType,
  FloatType,
  IntegerType,
  LongType,
  MapType,
  ShortType,
  StringType,
  TimestampNTZType,
  TimestampType,
} from "../../../engine/types/data-types";
import { StructFieldImpl, type StructType, StructTypeImpl } from "../../../engine/types/struct-type";

/** The key Spark stores its own schema JSON under in the file footer. */
export const SPARK_ROW_METADATA = "org.apache.spark.sql.parquet.row.metadata";

export interface SchemaNode {
  readonly element: SchemaElement;
  readonly children: SchemaNode[];
}

export function schemaTree(elements: readonly SchemaElement[]): SchemaNode {
  let i = 0;
  const build = (): SchemaNode => {
    const element = elements[i++]!;
    const children: SchemaNode[] = [];
    for (let c = 0; c < (element.num_children ?? 0); c++) children.push(build());
    return { element, children };
  };
  return build();
}

function decimalOf(e: SchemaElement): { precision: number; scale: number } | null {
  if (e.logical_type?.type === "DECIMAL") return { precision: e.logical_type.precision, scale: e.logical_type.scale };
  if (e.converted_type === "DECIMAL") return { precision: e.precision ?? 38, scale: e.scale ?? 0 };
  return null;
}

function primitiveType(e: SchemaElement): DataType {
  const dec = decimalOf(e);
  if (dec) return DecimalType(Math.min(dec.precision, 38), dec.scale);
  const ct = e.converted_type;
  const lt = e.logical_type;
  switch (e.type) {
    case "BOOLEAN":
      return BooleanType();
    case "INT32":
      if (ct === "DATE" || lt?.type === "DATE") return DateType();
      if (ct === "INT_8" || (lt?.type === "INTEGER" && lt.bitWidth === 8 && lt.isSigned)) return ByteType();
      if (ct === "INT_16" || (lt?.type === "INTEGER" && lt.bitWidth === 16 && lt.isSigned)) return ShortType();
      if (ct === "UINT_32" || (lt?.type === "INTEGER" && !lt.isSigned && lt.bitWidth === 32)) return LongType();
      return IntegerType();
    case "INT64":
      if (lt?.type === "TIMESTAMP") return lt.isAdjustedToUTC ? TimestampType() : TimestampNTZType();
      if (ct === "TIMESTAMP_MICROS" || ct === "TIMESTAMP_MILLIS") return TimestampType();
      if (ct === "UINT_64" || (lt?.type === "INTEGER" && !lt.isSigned)) return DecimalType(20, 0);
      return LongType();
    case "INT96":
      return TimestampType();
    case "FLOAT":
      return FloatType();
    case "DOUBLE":
      return DoubleType();
    case "BYTE_ARRAY":
      if (ct === "UTF8" || ct === "ENUM" || ct === "JSON" || lt?.type === "STRING" || lt?.type === "ENUM" || lt?.type === "JSON") {
        return StringType();
      }
      return BinaryType();
    default:
      return BinaryType();
  }
}

function isRepeated(n: SchemaNode): boolean {
  return n.element.repetition_type === "REPEATED";
}

/** Parquet's LIST backward-compatibility rules for the repeated child of a LIST group. */
function listElementType(group: SchemaNode): DataType {
  const rep = group.children[0]!;
  if (rep.children.length === 0) return nodeType(rep, true);
  if (rep.children.length > 1 || rep.element.name === "array" || rep.element.name === `${group.element.name}_tuple`) {
    return nodeType(rep, true);
  }
  return nodeType(rep.children[0]!, false);
}

function nodeType(n: SchemaNode, ignoreRepetition: boolean): DataType {
  const e = n.element;
  let t: DataType;
  if (n.children.length === 0) t = primitiveType(e);
  else if ((e.converted_type === "LIST" || e.logical_type?.type === "LIST") && n.children.length === 1 && isRepeated(n.children[0]!)) {
    t = ArrayType(listElementType(n), true);
  } else if (
    (e.converted_type === "MAP" || e.converted_type === "MAP_KEY_VALUE" || e.logical_type?.type === "MAP") &&
    n.children.length === 1 &&
    n.children[0]!.children.length === 2
  ) {
    const kv = n.children[0]!;
    t = MapType(nodeType(kv.children[0]!, false), nodeType(kv.children[1]!, false), true);
  } else t = structOf(n.children);
  // A repeated field outside a LIST group is an array of required elements (the legacy 1-level list).
  return !ignoreRepetition && isRepeated(n) ? ArrayType(t, false) : t;
}

function structOf(children: readonly SchemaNode[]): StructType {
  return new StructTypeImpl(
    children.map((c) => new StructFieldImpl(c.element.name, nodeType(c, false), c.element.repetition_type !== "REQUIRED")),
  );
}

export function parquetToSparkSchema(elements: readonly SchemaElement[]): StructType {
  return structOf(schemaTree(elements).children);
}

// ---- Spark -> Parquet ---------------------------------------------------------------------------------------

/** Bytes Spark uses for a FIXED_LEN_BYTE_ARRAY decimal of this precision (Decimal.minBytesForPrecision). */
export function minBytesForPrecision(precision: number): number {
  let bytes = 1;
  while (2 ** (8 * bytes - 1) < 10 ** precision) bytes++;
  return bytes;
}

function field(name: string, t: DataType, nullable: boolean, out: SchemaElement[]): void {
  const repetition_type = nullable ? "OPTIONAL" : "REQUIRED";
  const tn = t.typeName();
  if (t instanceof StructTypeImpl) {
    out.push({ name, repetition_type, num_children: t.fields.length });
    for (const f of t.fields) field(f.name, f.dataType, f.nullable, out);
    return;
  }
  if (tn === "array") {
    const a = t as ReturnType<typeof ArrayType>;
    out.push({ name, repetition_type, converted_type: "LIST", num_children: 1 });
    out.push({ name: "list", repetition_type: "REPEATED", num_children: 1 });
    field("element", a.elementType, a.containsNull, out);
    return;
  }
  if (tn === "map") {
    const m = t as ReturnType<typeof MapType>;
    out.push({ name, repetition_type, converted_type: "MAP", num_children: 1 });
    out.push({ name: "key_value", repetition_type: "REPEATED", num_children: 2 });
    field("key", m.keyType, false, out);
    field("value", m.valueType, m.valueContainsNull, out);
    return;
  }
  if (tn.startsWith("decimal")) {
    const d = t as ReturnType<typeof DecimalType>;
    const dec = { converted_type: "DECIMAL" as const, precision: d.precision, scale: d.scale };
    if (d.precision <= 9) out.push({ name, repetition_type, type: "INT32", ...dec });
    else if (d.precision <= 18) out.push({ name, repetition_type, type: "INT64", ...dec });
    else out.push({ name, repetition_type, type: "FIXED_LEN_BYTE_ARRAY", type_length: minBytesForPrecision(d.precision), ...dec });
    return;
  }
  const simple: Record<string, Omit<SchemaElement, "name" | "repetition_type">> = {
    boolean: { type: "BOOLEAN" },
    byte: { type: "INT32", converted_type: "INT_8" },
    short: { type: "INT32", converted_type: "INT_16" },
    integer: { type: "INT32" },
    long: { type: "INT64" },
    float: { type: "FLOAT" },
    double: { type: "DOUBLE" },
    string: { type: "BYTE_ARRAY", converted_type: "UTF8" },
    binary: { type: "BYTE_ARRAY" },
    date: { type: "INT32", converted_type: "DATE" },
    timestamp: {
      type: "INT64",
      converted_type: "TIMESTAMP_MICROS",
      logical_type: { type: "TIMESTAMP", isAdjustedToUTC: true, unit: "MICROS" },
    },
    timestamp_ntz: { type: "INT64", logical_type: { type: "TIMESTAMP", isAdjustedToUTC: false, unit: "MICROS" } },
  };
  const s = simple[tn];
  if (tn === "variant") {
    // Spark writes a variant as a group of two binaries (value + metadata); tspark holds variants decoded and
    // does not write that encoding, so it refuses rather than write a file Spark would read differently.
    throw new Error(
      `[UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE] The Parquet datasource doesn't support the column \`${name}\` of the data type "VARIANT". SQLSTATE: 0A000 tspark does not write Spark's binary variant encoding: write to_json(\`${name}\`) (a STRING column) instead, or use the json format, which writes variants as JSON.`,
    );
  }
  if (!s) {
    throw new Error(
      `[UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE] The Parquet datasource doesn't support the column \`${name}\` of the data type "${t.simpleString().toUpperCase()}". SQLSTATE: 0A000`,
    );
  }
  out.push({ name, repetition_type, ...s });
}

/** The flat, depth-first schema element list of a file whose root is `spark_schema`, as Spark names it. */
export function sparkToParquetSchema(schema: StructType): SchemaElement[] {
  const out: SchemaElement[] = [{ name: "spark_schema", num_children: schema.fields.length }];
  for (const f of schema.fields) field(f.name, f.dataType, f.nullable, out);
  return out;
}
