/**
 * Batch joins: every join type with USING and ON, expected rows as Spark 4.0.1 gives them (checked with pyspark
 * on the same inputs: l = (1,a),(2,b),(null,n); r = (1,x),(3,y),(null,m)).
 */
import { describe, expect, it } from "vitest";
import type { DataFrame } from "../../../src/engine/api/data-frame";
import { broadcast, col } from "../../../src/engine/functions";
import { SparkSession } from "../../../src/engine/session";
import { rowKey } from "../../helpers/stream-test";

const spark = new SparkSession();
const l = spark.createDataFrame([[1, "a"], [2, "b"], [null, "n"]], "id INT, v STRING") as DataFrame;
const r = spark.createDataFrame([[1, "x"], [3, "y"], [null, "m"]], "id INT, w STRING") as DataFrame;

function rows(df: DataFrame): string[] {
  return df.collectValues().map(rowKey).sort();
}
function sorted(...expected: unknown[][]): string[] {
  return expected.map(rowKey).sort();
}

describe("df.join: output columns and rows as Spark's", () => {
  const using: Record<string, { cols: string[]; rows: unknown[][] }> = {
    inner: { cols: ["id", "v", "w"], rows: [[1, "a", "x"]] },
    full: { cols: ["id", "v", "w"], rows: [[1, "a", "x"], [2, "b", null], [3, null, "y"], [null, "n", null], [null, null, "m"]] },
    left: { cols: ["id", "v", "w"], rows: [[1, "a", "x"], [2, "b", null], [null, "n", null]] },
    right: { cols: ["id", "v", "w"], rows: [[1, "a", "x"], [3, null, "y"], [null, null, "m"]] },
    semi: { cols: ["id", "v"], rows: [[1, "a"]] },
    anti: { cols: ["id", "v"], rows: [[2, "b"], [null, "n"]] },
    cross: { cols: ["id", "v", "w"], rows: [[1, "a", "x"]] },
  };
  for (const [how, want] of Object.entries(using)) {
    it(`USING, how = ${how}: the key once (coalesced for full outer), null keys never match`, () => {
      const df = l.join(r, "id", how);
      expect(df.columns).toEqual(want.cols);
      expect(rows(df)).toEqual(sorted(...want.rows));
    });
  }

  const on: Record<string, { cols: string[]; rows: unknown[][] }> = {
    inner: { cols: ["id", "v", "id", "w"], rows: [[1, "a", 1, "x"]] },
    full: { cols: ["id", "v", "id", "w"], rows: [[1, "a", 1, "x"], [2, "b", null, null], [null, "n", null, null], [null, null, 3, "y"], [null, null, null, "m"]] },
    left: { cols: ["id", "v", "id", "w"], rows: [[1, "a", 1, "x"], [2, "b", null, null], [null, "n", null, null]] },
    right: { cols: ["id", "v", "id", "w"], rows: [[1, "a", 1, "x"], [null, null, 3, "y"], [null, null, null, "m"]] },
    semi: { cols: ["id", "v"], rows: [[1, "a"]] },
    anti: { cols: ["id", "v"], rows: [[2, "b"], [null, "n"]] },
    cross: { cols: ["id", "v", "id", "w"], rows: [[1, "a", 1, "x"]] },
  };
  for (const [how, want] of Object.entries(on)) {
    it(`ON l.id = r.id, how = ${how}: both sides' columns, duplicate names kept`, () => {
      const df = l.join(r, l.col("id").equalTo(r.col("id")), how);
      expect(df.columns).toEqual(want.cols);
      expect(rows(df)).toEqual(sorted(...want.rows));
    });
  }

  it("accepts every spelling of how Spark accepts", () => {
    const spellings: Record<string, string> = {
      outer: "full",
      fullouter: "full",
      full_outer: "full",
      leftouter: "left",
      left_outer: "left",
      rightouter: "right",
      right_outer: "right",
      leftsemi: "semi",
      left_semi: "semi",
      leftanti: "anti",
      left_anti: "anti",
      LEFT: "left",
    };
    for (const [how, same] of Object.entries(spellings)) expect(rows(l.join(r, "id", how))).toEqual(rows(l.join(r, "id", same)));
  });

  it("refuses an unknown how with Spark's UNSUPPORTED_JOIN_TYPE", () => {
    expect(() => l.join(r, "id", "foo")).toThrow(
      "[UNSUPPORTED_JOIN_TYPE] Unsupported join type 'foo'. Supported join types include: 'inner', 'outer', 'full', 'fullouter', 'full_outer', 'leftouter', 'left', 'left_outer', 'rightouter', 'right', 'right_outer', 'leftsemi', 'left_semi', 'semi', 'leftanti', 'left_anti', 'anti', 'cross'. SQLSTATE: 0A000",
    );
  });

  it("<=> matches null keys; = never does", () => {
    expect(rows(l.join(r, l.col("id").eqNullSafe(r.col("id"))))).toEqual(sorted([1, "a", 1, "x"], [null, "n", null, "m"]));
  });

  it("a list of names is a multi-key USING join; a list of Columns is ANDed", () => {
    const a = spark.createDataFrame([[1, 1, "p"], [1, 2, "q"]], "k1 INT, k2 INT, v STRING") as DataFrame;
    const b = spark.createDataFrame([[1, 2, "z"], [1, 3, "y"]], "k1 INT, k2 INT, w STRING") as DataFrame;
    expect(a.join(b, ["k1", "k2"]).collectValues()).toEqual([[1, 2, "q", "z"]]);
    expect(a.join(b, [a.col("k1").equalTo(b.col("k1")), a.col("k2").equalTo(b.col("k2"))]).collectValues()).toEqual([[1, 2, "q", 1, 2, "z"]]);
  });

  it("non-equi conditions run as a nested loop, with outer rows padded", () => {
    const df = l.alias("a").join(r.alias("b"), col("a.id").lt(col("b.id")), "left").select("a.id", "b.w");
    expect(rows(df)).toEqual(sorted([1, "y"], [2, "y"], [null, null]));
  });

  it("an equi key plus a residual condition", () => {
    const df = l.join(r, l.col("id").equalTo(r.col("id")).and(r.col("w").equalTo("z")), "left");
    expect(rows(df)).toEqual(sorted([1, "a", null, null], [2, "b", null, null], [null, "n", null, null]));
  });

  it("keys of different numeric types are compared after widening", () => {
    const big = spark.createDataFrame([[1n, "L"]], "id BIGINT, t STRING") as DataFrame;
    expect(l.join(big, "id").collectValues()).toEqual([[1, "a", "L"]]);
  });

  it("no `on` and crossJoin give the cross product", () => {
    expect(l.join(r).count()).toBe(9);
    expect(l.crossJoin(r).count()).toBe(9);
  });

  it("df.alias + col('a.id') tells the sides apart; a self-join with USING keeps the key once", () => {
    const df = l.alias("a").join(r.alias("b"), col("a.id").equalTo(col("b.id"))).select("a.id", "b.w");
    expect(df.collectValues()).toEqual([[1, "x"]]);
    const self = l.join(l, "id");
    expect(self.columns).toEqual(["id", "v", "v"]);
    expect(rows(self)).toEqual(sorted([1, "a", "a"], [2, "b", "b"]));
  });

  it("a full outer USING key can be selected by name: it is the coalesced key", () => {
    expect(rows(l.join(r, "id", "full").select("id"))).toEqual(sorted([1], [2], [3], [null], [null]));
  });

  it("broadcast() is accepted and makes the hinted side the build side", () => {
    const df = broadcast(l).join(r, "id");
    expect(df.collectValues()).toEqual([[1, "a", "x"]]);
    expect(df.compiled().detail).toContain("BuildLeft");
  });
});

describe("df.join: errors as Spark's", () => {
  it("a duplicate name is AMBIGUOUS_REFERENCE when used", () => {
    expect(() => l.join(r, l.col("id").equalTo(r.col("id"))).select("id").columns).toThrow(
      "[AMBIGUOUS_REFERENCE] Reference `id` is ambiguous, could be: [`id`, `id`]. SQLSTATE: 42704",
    );
  });

  it("a USING column one side lacks", () => {
    expect(() => l.join(r, "idx").columns).toThrow(
      "[UNRESOLVED_USING_COLUMN_FOR_JOIN] USING column `idx` cannot be resolved on the left side of the join. The left-side columns: [`id`, `v`]. SQLSTATE: 42703",
    );
  });

  it("a condition on a missing column: UNRESOLVED_COLUMN with suggestions", () => {
    expect(() => l.join(r, col("idx").equalTo(r.col("id"))).columns).toThrow(/\[UNRESOLVED_COLUMN.WITH_SUGGESTION\] .*`idx`.*Did you mean one of the following\? \[`id`/);
  });

  it("a condition that is not boolean", () => {
    expect(() => l.join(r, l.col("id").plus(r.col("id"))).columns).toThrow(
      '[JOIN_CONDITION_IS_NOT_BOOLEAN_TYPE] The join condition "(id + id)" has the invalid type "INT", expected "BOOLEAN". SQLSTATE: 42K0E',
    );
  });
});

describe("explain shows the join strategy and both sides", () => {
  it("hash join with keys, nested loop without", () => {
    let out = "";
    // the same DataFrame over a session whose print() collects the text
    const session = Object.assign(Object.create(spark) as SparkSession, { print: (t: string) => (out += t) });
    const printing = (df: DataFrame) => Object.assign(Object.create(df) as DataFrame, { session });
    printing(l.join(r, "id", "left")).explain();
    expect(out).toBe("== Physical Plan ==\nBroadcastHashJoin [id], [id], LeftOuter, BuildRight\n:- LocalTableScan [id, v]\n+- LocalTableScan [id, w]\n\n");
    out = "";
    printing(l.join(r, l.col("id").lt(r.col("id")), "left")).explain();
    expect(out).toBe("== Physical Plan ==\nBroadcastNestedLoopJoin BuildRight, LeftOuter, (id < id)\n:- LocalTableScan [id, v]\n+- LocalTableScan [id, w]\n\n");
  });
});
