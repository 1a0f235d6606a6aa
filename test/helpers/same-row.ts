/**
 * For the tests of the faster ways to make user-form Rows (row-factory, the group-state column layout): a Row made
 * another way must be the Row `toRow` gives, in every way user code can observe it.
 */
import { expect } from "vitest";
import { RowImpl, toRow } from "../../src/engine/api/row";
import type { StructType } from "../../src/engine/types/struct-type";

export function expectSameRow(made: unknown, values: unknown[], schema: StructType): void {
  const a = toRow(values, schema);
  const b = made as RowImpl;
  expect(b).toBeInstanceOf(RowImpl);
  expect(Object.isFrozen(b)).toBe(true);
  expect(Object.keys(b)).toEqual(Object.keys(a));
  expect({ ...b }).toEqual({ ...a });
  expect(b.toArray()).toEqual(a.toArray());
  expect(b.asDict(true)).toEqual(a.asDict(true));
  expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  expect(String(b)).toBe(String(a));
  expect(b.length).toBe(a.length);
  expect([...b]).toEqual([...a]);
  expect(b.get(0)).toEqual(a.get(0));
}
