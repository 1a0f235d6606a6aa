import type { JsonField, JsonType } from "../../../src/engine/expr/json";

export const T = {
  string: { kind: "string" } as JsonType,
  int: { kind: "int" } as JsonType,
  long: { kind: "long" } as JsonType,
  double: { kind: "double" } as JsonType,
  float: { kind: "float" } as JsonType,
  boolean: { kind: "boolean" } as JsonType,
  date: { kind: "date" } as JsonType,
  timestamp: { kind: "timestamp" } as JsonType,
  timestampNtz: { kind: "timestamp_ntz" } as JsonType,
  binary: { kind: "binary" } as JsonType,
  decimal: (precision: number, scale: number): JsonType => ({ kind: "decimal", precision, scale }),
  array: (element: JsonType): JsonType => ({ kind: "array", element, containsNull: true }),
  map: (key: JsonType, value: JsonType): JsonType => ({ kind: "map", key, value }),
  struct: (...fields: [string, JsonType][]): JsonType => ({
    kind: "struct",
    fields: fields.map(([name, type]): JsonField => ({ name, type, nullable: true })),
  }),
};

export const LA_TZ = "America/Los_Angeles";
