import { describe, expect, it } from "vitest";
import { stringToTimestamp } from "../../../src/engine/expr/datetime";
import {
  getJsonObject,
  javaDoubleToString,
  javaFloatToString,
  jsonArrayLength,
  jsonObjectKeys,
  jsonTuple,
  schemaOfJson,
  toJson,
} from "../../../src/engine/expr/json";
import { LA_TZ, T } from "./helpers";

const opts = { timeZone: LA_TZ };

describe("to_json", () => {
  it("golden json-functions cases", () => {
    const ts = stringToTimestamp("2015-08-26", LA_TZ)!;
    expect(toJson([ts], T.struct(["time", T.timestamp]), { ...opts, timestampFormat: "dd/MM/yyyy" })).toBe(
      '{"time":"26/08/2015"}',
    );
    expect(toJson([[1, 2]], T.array(T.struct(["a", T.int], ["b", T.int])), opts)).toBe('[{"a":1,"b":2}]');
    const st = T.struct(["a", T.int], ["b", T.int]);
    expect(toJson(new Map([[[1, 2], [1, 2]]]), T.map(st, st), opts)).toBe('{"[1,2]":{"a":1,"b":2}}');
    expect(toJson(["1", "2", "3"], T.array(T.string), opts)).toBe('["1","2","3"]');
    expect(toJson([[1, 2, 3], [4]], T.array(T.array(T.int)), opts)).toBe("[[1,2,3],[4]]");
  });

  it("omits null struct fields but keeps null elements and map values", () => {
    const s = T.struct(["a", T.int], ["b", T.string], ["c", T.array(T.int)], ["m", T.map(T.string, T.int)]);
    expect(toJson([null, "x", [1, null], new Map([["k", null]])], s, opts)).toBe('{"b":"x","c":[1,null],"m":{"k":null}}');
    expect(toJson([null, "x", null, null], s, { ...opts, ignoreNullFields: false })).toBe(
      '{"a":null,"b":"x","c":null,"m":null}',
    );
    expect(toJson(null, s, opts)).toBeNull();
  });

  it("formats every type like Spark", () => {
    const s = T.struct(
      ["l", T.long],
      ["d", T.double],
      ["f", T.float],
      ["big", T.double],
      ["nan", T.double],
      ["dec", T.decimal(10, 2)],
      ["date", T.date],
      ["ts", T.timestamp],
      ["bin", T.binary],
      ["bool", T.boolean],
      ["s", T.string],
    );
    const ts = stringToTimestamp("2019-10-06 10:11:12.5", LA_TZ)!;
    const text = toJson(
      [1n, 1, 1.1, 1e10, Number.NaN, { unscaled: 1230n, scale: 2 }, 0, ts, new Uint8Array([104, 105]), true, 'q"\\\n\u0001é'],
      s,
      opts,
    );
    expect(text).toBe(
      '{"l":1,"d":1.0,"f":1.1,"big":1.0E10,"nan":"NaN","dec":12.30,"date":"1970-01-01",' +
        '"ts":"2019-10-06T10:11:12.500-07:00","bin":"aGk=","bool":true,"s":"q\\"\\\\\\n\\u0001é"}',
    );
  });
});

describe("Java number printing", () => {
  it.each([
    [1, "1.0"],
    [0.1, "0.1"],
    [100, "100.0"],
    [1234567, "1234567.0"],
    [12345678, "1.2345678E7"],
    [0.001, "0.001"],
    [0.0001, "1.0E-4"],
    [-2.5e-10, "-2.5E-10"],
    [2.142857142857143, "2.142857142857143"],
    [Number.NaN, "NaN"],
    [Number.NEGATIVE_INFINITY, "-Infinity"],
  ])("double %d -> %s", (d, s) => {
    expect(javaDoubleToString(d)).toBe(s);
  });

  it("floats print their shortest float digits", () => {
    expect(javaFloatToString(Math.fround(1.1))).toBe("1.1");
    expect(javaFloatToString(Math.fround(3.4e38))).toBe("3.4E38");
  });
});

describe("get_json_object", () => {
  const doc = '{"a": {"b": [1, 2.0, {"c": "x"}]}, "s": "str", "n": null, "k.1": 5}';
  it.each([
    ["$", '{"a":{"b":[1,2.0,{"c":"x"}]},"s":"str","n":null,"k.1":5}'],
    ["$.a", '{"b":[1,2.0,{"c":"x"}]}'],
    ["$.a.b", '[1,2.0,{"c":"x"}]'],
    ["$.a.b[0]", "1"],
    ["$.a.b[1]", "2.0"],
    ["$.a.b[2].c", "x"],
    ["$['a']['b'][2]['c']", "x"],
    ["$['k.1']", "5"],
    ["$.s", "str"],
    ["$.a.b[*]", '[1,2.0,{"c":"x"}]'],
    ["$.n", null],
    ["$.missing", null],
    ["$.a.b[9]", null],
    ["a.b", null],
    ["$..a", null],
  ])("%s", (path, expected) => {
    expect(getJsonObject(doc, path)).toBe(expected);
  });

  it("Spark docs example and invalid JSON", () => {
    expect(getJsonObject('{"a":"b"}', "$.a")).toBe("b");
    expect(getJsonObject('[{"a":1},{"a":2}]', "$[*].a")).toBe("[1,2]");
    expect(getJsonObject('[{"a":1}]', "$[*].a")).toBe("1");
    expect(getJsonObject("{bad", "$.a")).toBeNull();
    expect(getJsonObject(null, "$.a")).toBeNull();
  });
});

describe("json_tuple", () => {
  it("golden json-functions#18/#20", () => {
    expect(jsonTuple('{"a" : 1, "b" : 2}', [null, "b", null, "a"])).toEqual([null, "2", null, "1"]);
    expect(jsonTuple('{"a": 1, "b": 2}', ["b", null, "a"])).toEqual(["2", null, "1"]);
  });

  it("strings unquoted, others as JSON, invalid input all null", () => {
    expect(jsonTuple('{"a": "x", "b": [1, 2], "c": null}', ["a", "b", "c", "d"])).toEqual(["x", "[1,2]", null, null]);
    expect(jsonTuple("not json", ["a"])).toEqual([null]);
    expect(jsonTuple(null, ["a", "b"])).toEqual([null, null]);
  });
});

describe("json_array_length / json_object_keys (golden cases)", () => {
  it.each([
    [null, null],
    ["", null],
    ["[1,2,3]", 3],
    ["[]", 0],
    ['[1,2,3,[33,44],{"key":[2,3,4]}]', 5],
    ['{"key":"not a json array"}', null],
    ["[1,2", null],
  ])("json_array_length(%j) = %j", (input, expected) => {
    expect(jsonArrayLength(input)).toBe(expected);
  });

  it.each([
    [null, null],
    ["", null],
    ["{}", []],
    ['{"key": 1}', ["key"]],
    ['{"key": "value", "key2": 2}', ["key", "key2"]],
    ['{"arrayKey": [1, 2, 3]}', ["arrayKey"]],
    ['{"f1":"abc","f2":{"f3":"a", "f4":"b"}}', ["f1", "f2"]],
    ['{"k1": [1, 2, {"key": 5}], "k2": {"key2": [1, 2]}}', ["k1", "k2"]],
    ["{[1,2]}", null],
    ['{"key": 45, "random_string"}', null],
    ["[1, 2, 3]", null],
  ])("json_object_keys(%j) = %j", (input, expected) => {
    expect(jsonObjectKeys(input)).toEqual(expected);
  });
});

describe("schema_of_json", () => {
  it.each([
    ['{"c1":0, "c2":[1]}', "STRUCT<c1: BIGINT, c2: ARRAY<BIGINT>>"],
    ['{"b": "x", "a": 1.5, "c": true, "d": null, "e": []}', "STRUCT<a: DOUBLE, b: STRING, c: BOOLEAN, d: STRING, e: ARRAY<STRING>>"],
    ['[{"a": 1}, {"b": "x"}, {"a": 2.5}]', "ARRAY<STRUCT<a: DOUBLE, b: STRING>>"],
    ['{"a": [1, "x"]}', "STRUCT<a: ARRAY<STRING>>"],
    ['{"a b": 1}', "STRUCT<`a b`: BIGINT>"],
    ['{"big": 123456789012345678901234567890}', "STRUCT<big: DECIMAL(30,0)>"],
    ["{}", "STRUCT<>"],
  ])("%s", (json, ddl) => {
    expect(schemaOfJson(json)).toBe(ddl);
  });

  it("prefersDecimal and allowNumericLeadingZeros (golden json-functions#43, Spark 4 quoting)", () => {
    expect(schemaOfJson('{"c1":01, "c2":0.1}', { allowNumericLeadingZeros: true, prefersDecimal: true })).toBe(
      "STRUCT<c1: BIGINT, c2: DECIMAL(1,1)>",
    );
  });
});

describe("get_json_object wildcard details", () => {
  it("a single wildcard match keeps JSON quoting; several become an array", () => {
    expect(getJsonObject('["a"]', "$[*]")).toBe('"a"');
    expect(getJsonObject('["a", "b"]', "$[*]")).toBe('["a","b"]');
    expect(getJsonObject('{"a": []}', "$.a[*]")).toBeNull();
  });
});
