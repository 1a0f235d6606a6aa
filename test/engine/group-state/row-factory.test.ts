import { describe, expect, it } from "vitest";
import { rowFactory } from "../../../src/engine/api/row-factory";
import { StructType } from "../../../src/engine/types/struct-type";
import { expectSameRow } from "../../helpers/same-row";

const same = (schema: StructType, values: unknown[]) => {
  const b = rowFactory(schema)(values);
  expectSameRow(b, values, schema);
  return b;
};

describe("rowFactory: the Rows collect() gives, made fast for operators that call user code per row", () => {
  it("matches toRow for LONG, TIMESTAMP (pre-1970, far future), strings, nulls and nested structs", () => {
    const schema = StructType.fromDDL("id LONG, t TIMESTAMP, s STRING, n INT, inner STRUCT<a: LONG, b: ARRAY<TIMESTAMP>>");
    same(schema, [42n, 1_717_236_000_000_050n, "x", 1, [2n, [0n]]]);
    same(schema, [2n ** 60n, -1_500n, null, null, null]); // unsafe LONG stays a bigint; -1.5 ms floors to -2 ms
    same(schema, [1n, 9_000_000_000_000_000_001n, "y", 2, [3n, []]]); // beyond the double fast path
    expect(rowFactory(schema)([1n, -1_500n, "z", 3, null]).get(1)).toEqual(new Date(-2));
  });

  it("a schema whose field names a Row method shadows takes toRow's path", () => {
    same(StructType.fromDDL("get INT, length INT"), [1, 2]);
  });
});
