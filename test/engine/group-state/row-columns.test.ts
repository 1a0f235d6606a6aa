import { describe, expect, it } from "vitest";
import { type RowImpl, toRow } from "../../../src/engine/api/row";
import { columnLayout } from "../../../src/engine/api/row-columns";
import { rowFactory } from "../../../src/engine/api/row-factory";
import { groupRowsByKey } from "../../../src/engine/exec/group-state/group-rows";
import { keyText } from "../../../src/engine/exec/group-state/group-state-store";
import { StructType } from "../../../src/engine/types/struct-type";
import type { Row } from "../../../src/engine/types/values";
import { expectSameRow } from "../../helpers/same-row";

/** Rows through a layout (copied in reverse order, made back) must be the Rows toRow gives, in every observable way. */
function roundTrip(schema: StructType, rows: unknown[][]): RowImpl[] {
  const layout = columnLayout(schema);
  const c = layout.allocate(rows.length);
  rows.forEach((r, i) => {
    layout.put(c, r as Row, rows.length - 1 - i);
  });
  return rows.map((_, i) => layout.make(c, rows.length - 1 - i));
}

function same(schema: StructType, rows: unknown[][]): RowImpl[] {
  const made = roundTrip(schema, rows);
  rows.forEach((values, i) => {
    expectSameRow(made[i], values, schema);
  });
  return made;
}

describe("columnLayout: a batch's rows held flat, made back as the Rows collect() gives", () => {
  it("matches toRow for every column kind: LONG (safe and not), TIMESTAMP (pre-1970, far future), TIMESTAMP_NTZ, DATE, nested, nulls", () => {
    const schema = StructType.fromDDL(
      "id LONG, t TIMESTAMP, s STRING, n INT, d DATE, ntz TIMESTAMP_NTZ, inner STRUCT<a: LONG, b: ARRAY<TIMESTAMP>>, m MAP<STRING, LONG>, x DOUBLE, ok BOOLEAN",
    );
    const made = same(schema, [
      [42n, 1_717_236_000_000_050n, "x", 1, 19_000, 5_000n, [2n, [0n]], new Map([["k", 3n]]), 1.5, true],
      [2n ** 60n, -1_500n, null, null, null, null, null, null, null, null],
      [1n, 9_000_000_000_000_000_001n, "y", 2, -3, -1n, [3n, []], new Map(), -0, false],
      [-(2n ** 53n), null, "z", 3, 0, 2n ** 62n, [null, null], null, Number.NaN, null],
    ]);
    expect(made[1]!.get(1)).toEqual(new Date(-2)); // -1.5 ms floors to -2 ms
    expect(made[1]!.get(0)).toBe(2n ** 60n); // unsafe LONG stays exact
  });

  it("each row is a new object with its own Date (mutating one does not touch another)", () => {
    const schema = StructType.fromDDL("t TIMESTAMP");
    const layout = columnLayout(schema);
    const c = layout.allocate(1);
    layout.put(c, [1_000_000n], 0);
    const a = layout.make(c, 0);
    const b = layout.make(c, 0);
    expect(a).not.toBe(b);
    (a.t as Date).setTime(5);
    expect(b.t).toEqual(new Date(1_000));
    expect(() => {
      (a as unknown as Record<string, unknown>).t = null;
    }).toThrow(TypeError);
  });

  it("putReturning gives the column's user-form value and stores the row as put does", () => {
    const schema = StructType.fromDDL("id LONG, s STRING, t TIMESTAMP, inner STRUCT<a: INT>");
    const layout = columnLayout(schema);
    const rows: Row[] = [
      [7n, "x", 1_000_000n, [1]],
      [2n ** 60n, null, null, null],
      [null, "y", -1_500n, [2]],
    ];
    const byId = layout.putReturning(0)!;
    const byS = layout.putReturning(1)!;
    const c = layout.allocate(rows.length);
    expect(rows.map((r, j) => byId(c, r, j))).toEqual(rows.map((r) => toRow(r, schema).id));
    expect(rows.map((r, j) => byS(c, r, j))).toEqual(["x", null, "y"]);
    rows.forEach((r, j) => {
      expectSameRow(layout.make(c, j), r, schema);
    });
    // a TIMESTAMP or a struct is not stored in user form: no such put
    expect(layout.putReturning(2)).toBeNull();
    expect(layout.putReturning(3)).toBeNull();
  });

  it("a schema whose field names a Row method shadows keeps toRow's rules", () => {
    same(StructType.fromDDL("get INT, length INT"), [
      [1, 2],
      [null, 3],
    ]);
    same(StructType.fromDDL("a INT, a LONG"), [[1, 2n]]);
  });
});

describe("groupRowsByKey: one group per distinct key, in first-seen order, rows in input order", () => {
  const schema = StructType.fromDDL("k STRING, v LONG, t TIMESTAMP");
  const layout = columnLayout(schema);
  const toUser = rowFactory(schema);
  const grouped = (rows: unknown[][], keyOf: (r: Row) => unknown, late: { index: number; watermarkMs: number } | null = null) => {
    const g = groupRowsByKey(rows as Row[], { keyOf, toUser, layout }, late);
    const out: [unknown, unknown[]][] = [];
    for (let i = 0; i < g.size; i++) out.push([g.key(i), [...g.values(i)].map((r) => r.v)]);
    return { out, g };
  };

  it("groups by the key, equal keys by value as the state store compares them (keyText)", () => {
    const rows = [
      ["a", 1n, 0n],
      ["b", 2n, 0n],
      ["a", 3n, 0n],
      [null, 4n, 0n],
      ["b", 5n, 0n],
      [null, 6n, 0n],
    ];
    const { out, g } = grouped(rows, (r) => r[0]);
    expect(out).toEqual([
      ["a", [1, 3]],
      ["b", [2, 5]],
      [null, [4, 6]],
    ]);
    expect([0, 1, 2].map((i) => g.keyText(i))).toEqual(["a", "b", null].map(keyText));
  });

  it("a key function's keys: 1 and 1n, null and undefined, equal Dates and objects share a group; 1 and '1' do not", () => {
    const keys = [1, 1n, "1", null, undefined, new Date(5), new Date(5), { a: 1 }, { a: 1 }, 2n ** 64n + 1n, 2n ** 64n + 1n, true, "t", 2n ** 1100n, 2n ** 1100n];
    const rows = keys.map((_, i) => ["x", BigInt(i), 0n]);
    const { out } = grouped(rows, (r) => keys[Number(r[1])]);
    expect(out.map(([, vs]) => vs)).toEqual([[0, 1], [2], [3, 4], [5, 6], [7, 8], [9, 10], [11], [12], [13, 14]]);
    // the same partition keyText gives
    const byText = new Map<string, number[]>();
    keys.forEach((k, i) => {
      byText.set(keyText(k), [...(byText.get(keyText(k)) ?? []), i]);
    });
    expect(out.map(([, vs]) => vs)).toEqual([...byText.values()]);
  });

  it("a streamed batch larger than the first guess of its size (the arrays grow, null times kept through the moves)", () => {
    const rows = Array.from({ length: 5_000 }, (_, i) => [`k${i % 7}`, BigInt(i), i % 3 === 0 ? null : BigInt(i) * 1000n]);
    const feed = (visit: (r: Row) => void) => {
      for (const r of rows) visit(r as Row);
    };
    const g = groupRowsByKey(feed, { keyOf: (r) => r[0], toUser, layout }, null, 10);
    expect(g.size).toBe(7);
    for (let k = 0; k < 7; k++) {
      const want = rows.filter((r) => r[0] === `k${k}`).map((r) => toRow(r, schema));
      expect(g.key(k)).toBe(`k${k}`);
      expect([...g.values(k)].map((r) => r.asDict())).toEqual(want.map((r) => r.asDict()));
    }
  });

  it("drops rows at or below the late watermark and counts them", () => {
    const rows = [
      ["a", 1n, 1_000_000n],
      ["a", 2n, 1_000_001n],
      ["b", 3n, 999_999n],
      ["b", 4n, null],
    ];
    const { out, g } = grouped(rows, (r) => r[0], { index: 2, watermarkMs: 1_000 });
    expect(out).toEqual([
      ["a", [2]],
      ["b", [4]],
    ]);
    expect(g.dropped).toBe(2);
  });
});
