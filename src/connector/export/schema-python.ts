/**
 * A Spark DataType as pyspark.sql.types code, from its JSON form (DataType.jsonValue(), Spark's own schema
 * JSON), so the translation follows Spark's spelling and not our class names.
 */
import { pyStr } from "./python-text";

const PRIMITIVES: Record<string, string> = {
  boolean: "BooleanType()",
  byte: "ByteType()",
  short: "ShortType()",
  integer: "IntegerType()",
  long: "LongType()",
  float: "FloatType()",
  double: "DoubleType()",
  string: "StringType()",
  binary: "BinaryType()",
  date: "DateType()",
  timestamp: "TimestampType()",
  timestamp_ntz: "TimestampNTZType()",
  null: "NullType()",
  void: "NullType()",
  interval: "CalendarIntervalType()",
};

export interface SchemaLike {
  jsonValue(): unknown;
}

export function isSchemaLike(v: unknown): v is SchemaLike {
  return typeof v === "object" && v !== null && typeof (v as { jsonValue?: unknown }).jsonValue === "function";
}

/** Python code for a type; `problems` collects what has no pyspark spelling. */
export function pyType(json: unknown, problems: string[], indent = ""): string {
  if (typeof json === "string") {
    const p = PRIMITIVES[json];
    if (p) return p;
    const dec = /^decimal\((\d+),\s*(\d+)\)$/.exec(json);
    if (dec) return `DecimalType(${dec[1]}, ${dec[2]})`;
    if (/^interval day/.test(json)) return "DayTimeIntervalType()";
    if (/^interval year/.test(json)) return "YearMonthIntervalType()";
    const ch = /^(char|varchar)\((\d+)\)$/.exec(json);
    if (ch) return `${ch[1] === "char" ? "CharType" : "VarcharType"}(${ch[2]})`;
    problems.push(`type ${json} has no pyspark.sql.types spelling (StringType() used)`);
    return "StringType()";
  }
  const o = json as Record<string, unknown>;
  if (o?.type === "struct" && Array.isArray(o.fields)) return pyStruct(o.fields, problems, indent);
  if (o?.type === "array") return `ArrayType(${pyType(o.elementType, problems, indent)}, ${o.containsNull === false ? "False" : "True"})`;
  if (o?.type === "map") {
    return `MapType(${pyType(o.keyType, problems, indent)}, ${pyType(o.valueType, problems, indent)}, ${o.valueContainsNull === false ? "False" : "True"})`;
  }
  problems.push(`type ${JSON.stringify(json)} has no pyspark.sql.types spelling (StringType() used)`);
  return "StringType()";
}

function pyStruct(fields: unknown[], problems: string[], indent: string): string {
  if (fields.length === 0) return "StructType([])";
  const inner = `${indent}    `;
  const lines = fields.map((f) => {
    const fr = f as { name: string; type: unknown; nullable?: boolean };
    return `${inner}StructField(${pyStr(fr.name)}, ${pyType(fr.type, problems, inner)}, ${fr.nullable === false ? "False" : "True"}),`;
  });
  return `StructType([\n${lines.join("\n")}\n${indent}])`;
}
