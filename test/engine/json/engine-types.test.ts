import { describe, expect, it } from "vitest";
import { timestampToString } from "../../../src/engine/expr/datetime";
import { compileJsonReader, schemaOfJson, toJson, toJsonType, typeToSql } from "../../../src/engine/expr/json";
import {
  ArrayType,
  DateType,
  DecimalType,
  IntegerType,
  LongType,
  MapType,
  NullType,
  StringType,
  TimestampType,
} from "../../../src/engine/types/data-types";
import { Decimal } from "../../../src/engine/types/decimal";
import { StructType } from "../../../src/engine/types/struct-type";
import { LA_TZ } from "./helpers";

describe("with the engine's DataType classes", () => {
  const schema = StructType()
    .add("id", LongType())
    .add("data", StringType())
    .add("date", TimestampType())
    .add("amount", DecimalType(10, 2))
    .add("tags", ArrayType(StringType()))
    .add("attrs", MapType(StringType(), IntegerType()))
    .add("day", "date");

  it("from_json reads the quickstart schema", () => {
    const read = compileJsonReader(schema, { timeZone: LA_TZ });
    const row = read(
      '{"id": 42, "data": "Spain", "date": "2026-11-23 10:11:12", "amount": 9.5, "tags": ["a"], "attrs": {"k": 1}, "day": "2026-11-23"}',
    ) as unknown[];
    expect(row[0]).toBe(42n);
    expect(row[1]).toBe("Spain");
    expect(timestampToString(row[2] as bigint, LA_TZ)).toBe("2026-11-23 10:11:12");
    expect(row[3]).toBeInstanceOf(Decimal);
    expect(String(row[3])).toBe("9.50");
    expect(row[4]).toEqual(["a"]);
    expect(row[5]).toEqual(new Map([["k", 1]]));
    expect(row[6]).toBe(20780);
  });

  it("to_json writes it back", () => {
    const read = compileJsonReader(schema, { timeZone: LA_TZ });
    const row = read('{"id": 1, "date": "2026-11-23 10:11:12", "amount": "1.5", "day": "2026-11-23"}');
    expect(toJson(row, schema, { timeZone: LA_TZ })).toBe(
      '{"id":1,"date":"2026-11-23T10:11:12.000-08:00","amount":1.50,"day":"2026-11-23"}',
    );
  });

  it("adapts every type name and prints DDL like DataType.sql()", () => {
    expect(typeToSql(toJsonType(schema))).toBe(schema.sql());
    expect(toJsonType(NullType()).kind).toBe("null");
    expect(toJsonType(DateType()).kind).toBe("date");
  });

  it("schema_of_json output parses back to the same DDL", () => {
    expect(schemaOfJson('{"id": 1, "data": "x"}')).toBe(StructType().add("data", StringType()).add("id", LongType()).sql());
  });
});

describe("DDL strings as schemas", () => {
  it("from_json accepts Spark's DDL like from_json(col, 'a INT, b ARRAY<STRING>')", () => {
    const read = compileJsonReader("a INT, b ARRAY<STRING>", { timeZone: LA_TZ });
    expect(read('{"a": 1, "b": ["x"]}')).toEqual([1, ["x"]]);
    expect(compileJsonReader("map<string, int>", { timeZone: LA_TZ })('{"k": 2}')).toEqual(new Map([["k", 2]]));
  });
});
