import { describe, expect, it } from "vitest";
import { timestampToString } from "../../../src/engine/expr/datetime";
import { compileJsonReader, JSON_RECORD_DROPPED, JsonError } from "../../../src/engine/expr/json";
import { Decimal } from "../../../src/engine/types/decimal";
import { LA_TZ, T } from "./helpers";

const read = (schema: unknown, text: string | null, extra: Record<string, unknown> = {}) =>
  compileJsonReader(schema, { timeZone: LA_TZ, ...extra })(text);

describe("from_json: values per type", () => {
  it("reads the benchmark record", () => {
    const schema = T.struct(["id", T.long], ["data", T.string], ["date", T.timestamp]);
    const row = read(schema, '{"id": 42, "data": "Spain", "date": "2026-11-23 10:11:12"}') as unknown[];
    expect(row[0]).toBe(42n);
    expect(row[1]).toBe("Spain");
    expect(timestampToString(row[2] as bigint, LA_TZ)).toBe("2026-11-23 10:11:12");
  });

  it("golden json-functions cases", () => {
    expect(read(T.struct(["a", T.int]), '{"a":1}')).toEqual([1]);
    expect(read(T.map(T.string, T.int), '{"a":1, "b":2}')).toEqual(
      new Map([
        ["a", 1],
        ["b", 2],
      ]),
    );
    expect(read(T.struct(["a", T.int], ["b", T.string]), '{"a":1, "b":"2"}')).toEqual([1, "2"]);
    expect(read(T.array(T.int), "[1, 2, 3]")).toEqual([1, 2, 3]);
    expect(read(T.array(T.struct(["a", T.int])), '[{"a": 1}, {"a":2}]')).toEqual([[1], [2]]);
    expect(read(T.array(T.struct(["a", T.int])), '{"a": 1}')).toEqual([[1]]);
    expect(read(T.array(T.struct(["a", T.int])), '[null, {"a":2}]')).toEqual([null, [2]]);
    expect(read(T.array(T.map(T.string, T.int)), '[{"a": 1}, 2]')).toBeNull();
    const dt = read(T.struct(["d", T.date], ["t", T.timestamp]), '{"d": "2012-12-15", "t": "2012-12-15 15:15:15"}') as [
      number,
      bigint,
    ];
    expect(dt[0]).toBe(15689);
    expect(timestampToString(dt[1], LA_TZ)).toBe("2012-12-15 15:15:15");
    const withFormat = read(T.struct(["time", T.timestamp]), '{"time":"26/08/2015"}', { timestampFormat: "dd/MM/yyyy" });
    expect(timestampToString((withFormat as bigint[])[0], LA_TZ)).toBe("2015-08-26 00:00:00");
  });

  it("integers, ranges and exact longs", () => {
    const s = T.struct(["b", { kind: "byte" }], ["i", T.int], ["l", T.long]);
    expect(read(s, '{"b": 127, "i": 2147483647, "l": 9223372036854775807}')).toEqual([127, 2147483647, 9223372036854775807n]);
    expect(read(s, '{"b": 128, "i": 2147483648, "l": 9223372036854775808}')).toEqual([null, null, null]);
    expect(read(T.struct(["l", T.long]), '{"l": 9007199254740993}')).toEqual([9007199254740993n]);
    expect(read(T.struct(["l", T.long]), '{"l": "1"}')).toEqual([null]);
    expect(read(T.struct(["i", T.int]), '{"i": 1.5}')).toEqual([null]);
  });

  it("floating point, NaN and Infinity", () => {
    const s = T.struct(["d", T.double], ["f", T.float]);
    expect(read(s, '{"d": 1.5, "f": 1.1}')).toEqual([1.5, Math.fround(1.1)]);
    expect(read(s, '{"d": "NaN", "f": "-Infinity"}')).toEqual([Number.NaN, Number.NEGATIVE_INFINITY]);
    expect(read(s, '{"d": NaN, "f": Infinity}')).toEqual([Number.NaN, Number.POSITIVE_INFINITY]);
    expect(read(s, '{"d": "1.5"}')).toEqual([null, null]);
  });

  it("decimals are exact and rounded HALF_UP", () => {
    const s = T.struct(["x", T.decimal(10, 2)]);
    expect(read(s, '{"x": 1.005}')).toEqual([new Decimal(101n, 2)]);
    expect(String((read(s, '{"x": "12.3"}') as unknown[])[0])).toBe("12.30");
    expect(read(s, '{"x": 123456789012.5}')).toEqual([null]);
    expect(read(T.struct(["x", T.decimal(38, 18)]), '{"x": 0.123456789012345678}')).toEqual([
      new Decimal(123456789012345678n, 18),
    ]);
    const custom = compileJsonReader(s, { timeZone: LA_TZ, decimalFactory: (u, sc) => `${u}e-${sc}` });
    expect(custom('{"x": 2}')).toEqual(["200e-2"]);
  });

  it("strings take any JSON value as its text", () => {
    const s = T.struct(["s", T.string]);
    expect(read(s, '{"s": {"b": [1, 2.0, "x"]}}')).toEqual(['{"b":[1,2.0,"x"]}']);
    expect(read(s, '{"s": 1.0}')).toEqual(["1.0"]);
    expect(read(s, '{"s": 10}')).toEqual(["10"]);
    expect(read(s, '{"s": true}')).toEqual(["true"]);
    expect(read(s, '{"s": "caf\\u00e9 \\n"}')).toEqual(["café \n"]);
  });

  it("booleans, binary, NTZ, nested structs and maps", () => {
    const s = T.struct(
      ["b", T.boolean],
      ["bin", T.binary],
      ["ntz", T.timestampNtz],
      ["n", T.struct(["x", T.int], ["y", T.array(T.string)])],
      ["m", T.map(T.string, T.array(T.int))],
    );
    const row = read(s, '{"b": true, "bin": "aGk=", "ntz": "2020-01-01 10:00:00", "n": {"y": ["a", null]}, "m": {"k": [1]}}') as unknown[];
    expect(row[0]).toBe(true);
    expect(Buffer.from(row[1] as Uint8Array).toString()).toBe("hi");
    expect(row[2]).toBe(1577872800000000n);
    expect(row[3]).toEqual([null, ["a", null]]);
    expect(row[4]).toEqual(new Map([["k", [1]]]));
  });

  it("timestamps from numbers are seconds; dates with a dateFormat", () => {
    expect(read(T.struct(["t", T.timestamp]), '{"t": 1}')).toEqual([1_000_000n]);
    expect(read(T.struct(["d", T.date]), '{"d": "26/08/2015"}', { dateFormat: "dd/MM/yyyy" })).toEqual([16673]);
    expect(read(T.struct(["d", T.date]), '{"d": "02-29"}', { dateFormat: "MM-dd" })).toEqual([null]);
  });

  it("missing fields and JSON null are null; unknown fields are ignored; names are exact", () => {
    const s = T.struct(["a", T.int], ["constructor", T.string], ["B", T.int]);
    expect(read(s, '{"b": 2, "z": 1}')).toEqual([null, null, null]);
    expect(read(s, '{"a": null, "constructor": "c", "B": 3}')).toEqual([null, "c", 3]);
  });

  it("accepts what Jackson accepts with Spark's defaults", () => {
    const s = T.struct(["a", T.int], ["b", T.string]);
    expect(read(s, "{'a': 1, 'b': 'x'}")).toEqual([1, "x"]);
    expect(read(s, '{"a": 1} trailing')).toEqual([1, null]);
    expect(read(s, '{"a": 01}')).toEqual([null, null]);
    expect(read(s, '{"a": 01}', { allowNumericLeadingZeros: true })).toEqual([1, null]);
    expect(read(s, '/* c */ {"a": 1}', { allowComments: true })).toEqual([1, null]);
    expect(read(s, "{a: 1}", { allowUnquotedFieldNames: true })).toEqual([1, null]);
  });
});

describe("from_json: malformed input", () => {
  const schema = T.struct(["a", T.int], ["b", T.string]);

  it("PERMISSIVE gives a struct of nulls, never throws", () => {
    for (const bad of ['{"a" 1}', "abc", "[1, 2]", "null", "{", '{"a": 1, "b"']) {
      expect(read(schema, bad)).toEqual([null, null]);
    }
  });

  it("PERMISSIVE keeps the fields that converted (Spark 3.4+ partial results)", () => {
    expect(read(schema, '{"a": "x", "b": "y"}')).toEqual([null, "y"]);
  });

  it("null and empty input give null", () => {
    expect(read(schema, null)).toBeNull();
    expect(read(schema, "")).toBeNull();
    expect(read(schema, "   ")).toBeNull();
  });

  it("array and map schemas give null", () => {
    expect(read(T.array(T.int), "abc")).toBeNull();
    expect(read(T.array(T.int), '[1, "x"]')).toBeNull();
    expect(read(T.map(T.string, T.int), "[1]")).toBeNull();
  });

  it("fills the corrupt record column", () => {
    const s = T.struct(["a", T.int], ["_corrupt_record", T.string]);
    expect(read(s, '{"a": 1}')).toEqual([1, null]);
    expect(read(s, '{"a" 1}')).toEqual([null, '{"a" 1}']);
    expect(read(s, '{"a": "x"}')).toEqual([null, '{"a": "x"}']);
  });

  it("FAILFAST throws MALFORMED_RECORD_IN_PARSING", () => {
    const r = compileJsonReader(schema, { timeZone: LA_TZ, mode: "FAILFAST" });
    expect(r('{"a": 1}')).toEqual([1, null]);
    for (const bad of ['{"a" 1}', '{"a": "x"}']) {
      try {
        r(bad);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(JsonError);
        expect((e as JsonError).errorClass).toBe("MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION");
        expect((e as JsonError).message).toContain("Parse Mode: FAILFAST");
      }
    }
  });

  it("DROPMALFORMED marks dropped records", () => {
    const r = compileJsonReader(schema, { timeZone: LA_TZ, mode: "DROPMALFORMED" });
    expect(r('{"a" 1}')).toBe(JSON_RECORD_DROPPED);
    expect(r('{"a": 2}')).toEqual([2, null]);
  });

  it("an invalid timestampFormat fails when the reader is compiled", () => {
    expect(() => compileJsonReader(T.struct(["d", T.date]), { timeZone: LA_TZ, dateFormat: "dd/MMMMM/yyyy" })).toThrow(
      /DATETIME_PATTERN_RECOGNITION/,
    );
  });
});

describe("schema adapter", () => {
  // Shaped like the engine's pyspark-style type classes.
  class LongType {
    typeName() {
      return "long";
    }
  }
  class StringType {
    typeName() {
      return "string";
    }
  }
  class StructField {
    constructor(
      readonly name: string,
      readonly dataType: unknown,
      readonly nullable = true,
    ) {}
  }
  class StructType {
    constructor(readonly fields: StructField[]) {}
    typeName() {
      return "struct";
    }
  }
  class ArrayType {
    constructor(
      readonly elementType: unknown,
      readonly containsNull = true,
    ) {}
    typeName() {
      return "array";
    }
  }

  it("reads engine DataType objects", () => {
    const schema = new StructType([
      new StructField("id", new LongType()),
      new StructField("tags", new ArrayType(new StringType())),
    ]);
    expect(read(schema, '{"id": 7, "tags": ["x"]}')).toEqual([7n, ["x"]]);
  });
});

describe("option maps", () => {
  it("reads Spark's case-insensitive string options", async () => {
    const { jsonReaderOptions, jsonWriterOptions, schemaInferenceOptions } = await import("../../../src/engine/expr/json");
    const o = jsonReaderOptions(new Map([["TimestampFormat", "dd/MM/yyyy"], ["mode", "failfast"], ["allowSingleQuotes", "false"]]), LA_TZ);
    expect(o.mode).toBe("FAILFAST");
    expect(o.timestampFormat).toBe("dd/MM/yyyy");
    expect(o.allowSingleQuotes).toBe(false);
    expect(read(T.struct(["a", T.int]), "{'a': 1}", { ...o, mode: "PERMISSIVE" })).toEqual([null]);
    expect(() => jsonReaderOptions({ mode: "DROPMALFORMED" }, LA_TZ)).toThrow(/PARSE_MODE_UNSUPPORTED/);
    expect(jsonReaderOptions({ mode: "DROPMALFORMED" }, LA_TZ, null).mode).toBe("DROPMALFORMED");
    expect(() => jsonReaderOptions({ allowComments: "yes" }, LA_TZ)).toThrow(/true or false/);
    expect(jsonWriterOptions({ timeZone: "UTC" }, LA_TZ).timeZone).toBe("UTC");
    expect(schemaInferenceOptions({ prefersDecimal: "true" })).toEqual({ prefersDecimal: true });
  });

  it("FAILFAST refuses arrays for struct schemas", () => {
    expect(() => read(T.struct(["a", T.int]), "[1]", { mode: "FAILFAST" })).toThrow(/CANNOT_PARSE_JSON_ARRAYS_AS_STRUCTS/);
  });
});

describe("TIMESTAMP_NTZ fields", () => {
  it("refuse a zone suffix like Spark's JSON reader", () => {
    expect(read(T.struct(["t", T.timestampNtz]), '{"t": "2020-01-01 10:00:00Z"}')).toEqual([null]);
    expect(read(T.struct(["t", T.timestampNtz]), '{"t": "2020-01-01T10:00:00"}')).toEqual([1577872800000000n]);
  });
});

describe("JSON errors are engine exceptions", () => {
  it("FAILFAST raises a SparkException", async () => {
    const { SparkException } = await import("../../../src/engine/errors");
    expect(() => read(T.struct(["a", T.int]), "{", { mode: "FAILFAST" })).toThrow(SparkException);
  });
});
