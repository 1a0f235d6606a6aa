/**
 * collect_union(arr) (Spark 4.3): the distinct union of the elements of an array column across the group's rows.
 * Null arrays and null elements are dropped (Spark's default IGNORE NULLS, like collect_set); the buffer holds only
 * the distinct elements. Spark gives no order (its hash set's); tspark keeps first-seen order.
 */
import { ArrayType, NullType } from "../../types/data-types";
import { type Bound, unexpectedInputType } from "../analyze";
import { keyOf } from "../compare";
import type { AggFn, AggregateDef } from "./aggregate";
import { checkArity } from "./helpers";

function unionFn(elementType: ArrayType["elementType"]): AggFn {
  const add = (buf: Map<unknown, unknown>, v: unknown) => {
    if (v !== null && !buf.has(keyOf(v))) buf.set(keyOf(v), v);
  };
  return {
    dataType: ArrayType(elementType, false),
    nullable: false,
    init: () => new Map<unknown, unknown>(),
    update: (b, arr) => {
      const buf = b as Map<unknown, unknown>;
      if (arr !== null) for (const v of arr as unknown[]) add(buf, v);
      return buf;
    },
    merge: (a, b) => {
      const out = new Map(a as Map<unknown, unknown>);
      for (const v of (b as Map<unknown, unknown>).values()) add(out, v);
      return out;
    },
    evaluate: (b) => [...(b as Map<unknown, unknown>).values()],
  };
}

export const collectUnion: AggregateDef = {
  name: "collect_union",
  resolve: (args: readonly Bound[], _scope, _distinct, displayName) => {
    checkArity("collect_union", args, 1);
    const a = args[0]!;
    const t = a.dataType;
    if (!(t instanceof ArrayType) && !(t instanceof NullType)) throw unexpectedInputType(`collect_union(${a.name})`, 0, '"ARRAY"', a);
    return { fn: unionFn(t instanceof ArrayType ? t.elementType : NullType()), inputs: [a], name: `${displayName}(${a.name})` };
  },
};
