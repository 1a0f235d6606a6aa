import { describe, expect, it } from "vitest";
import { encodeState } from "../../../src/engine/checkpoint/state-codec";
import { EncodedState, stateJson } from "../../../src/engine/checkpoint/state-json";
import { toRow } from "../../../src/engine/api/row";
import { StructType } from "../../../src/engine/types/struct-type";
import { Decimal } from "../../../src/engine/types/decimal";

/** The one-pass writer must write exactly what the two-step form wrote: old checkpoints and new ones read alike. */
describe("state snapshot text", () => {
  const schema = StructType.fromDDL("id LONG, name STRING");
  const values: [string, unknown][] = [
    ["null", null],
    ["undefined", undefined],
    ["booleans", [true, false]],
    ["numbers", [0, 1.5, -2, 1e21, 5e-324, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]],
    ["strings that need escapes", ['a"b', "line\nbreak", "\u2028", "tab\t", "é", ""]],
    ["bigints", [0n, -42n, 2n ** 70n]],
    ["dates", [new Date(0), new Date(1_717_236_000_123)]],
    ["bytes, maps, sets, decimals", [new Uint8Array([1, 2, 255]), new Map<unknown, unknown>([[1n, "x"], ["k", [2n]]]), new Set([1, "a"]), new Decimal(12345n, 2)]],
    ["plain objects", { a: 1, b: { c: [1n, null] }, "weird key\"": true, 2: "integer key first" }],
    ["an object with a $t key", { $t: "mine", v: 1n }],
    ["an object with an undefined and a function value", { a: undefined, f: () => 1, b: 2 }],
    ["an array with a function", [1, () => 2, Symbol("s")]],
    ["a Row", toRow([1n, "x"], schema)],
    ["an object without a prototype", Object.assign(Object.create(null) as object, { x: 1n })],
    ["a group-state snapshot", [[1, [1n, 2n, 3], 1_717_236_030_000], ["k", null, -1]]],
  ];
  for (const [name, v] of values) {
    it(name, () => {
      expect(stateJson(v)).toBe(JSON.stringify(encodeState(v)));
    });
  }

  it("copies text written before as it is", () => {
    const part = new EncodedState(stateJson([1, [2n, 3n, 4], 5])!);
    expect(stateJson([part, part])).toBe(JSON.stringify(encodeState([[1, [2n, 3n, 4], 5], [1, [2n, 3n, 4], 5]])));
  });
});
