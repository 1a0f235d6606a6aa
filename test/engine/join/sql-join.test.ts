/** spark.sql joins: JOIN ... ON / USING, the join types, NATURAL and comma joins; rows as Spark 4.0.1 gives them. */
import { describe, expect, it } from "vitest";
import type { DataFrame } from "../../../src/engine/api/data-frame";
import { SparkSession } from "../../../src/engine/session";
import { rowKey } from "../../helpers/stream-test";

const spark = new SparkSession();
(spark.createDataFrame([[1, "a"], [2, "b"], [null, "n"]], "id INT, v STRING") as DataFrame).createOrReplaceTempView("l");
(spark.createDataFrame([[1, "x"], [3, "y"], [null, "m"]], "id INT, w STRING") as DataFrame).createOrReplaceTempView("r");

function sql(text: string): { cols: string[]; rows: string[] } {
  const df = spark.sql(text) as DataFrame;
  return { cols: df.columns, rows: df.collectValues().map(rowKey).sort() };
}
function sorted(...expected: unknown[][]): string[] {
  return expected.map(rowKey).sort();
}

describe("spark.sql joins", () => {
  it("FULL JOIN ... USING keeps the key once, coalesced", () => {
    expect(sql("SELECT * FROM l FULL JOIN r USING (id)")).toEqual({
      cols: ["id", "v", "w"],
      rows: sorted([1, "a", "x"], [2, "b", null], [3, null, "y"], [null, "n", null], [null, null, "m"]),
    });
  });

  it("comma join filtered by WHERE, columns by qualifier", () => {
    expect(sql("SELECT l.id, w FROM l, r WHERE l.id = r.id")).toEqual({ cols: ["id", "w"], rows: sorted([1, "x"]) });
  });

  it("LEFT SEMI / SEMI / LEFT ANTI / ANTI JOIN", () => {
    expect(sql("SELECT * FROM l LEFT SEMI JOIN r ON l.id = r.id")).toEqual({ cols: ["id", "v"], rows: sorted([1, "a"]) });
    expect(sql("SELECT * FROM l SEMI JOIN r ON l.id = r.id").rows).toEqual(sorted([1, "a"]));
    expect(sql("SELECT * FROM l LEFT ANTI JOIN r ON l.id = r.id").rows).toEqual(sorted([2, "b"], [null, "n"]));
    expect(sql("SELECT * FROM l ANTI JOIN r USING (id)").rows).toEqual(sorted([2, "b"], [null, "n"]));
  });

  it("[INNER] JOIN, LEFT [OUTER], RIGHT [OUTER], CROSS JOIN with aliases", () => {
    expect(sql("SELECT a.v, b.w FROM l a JOIN r b ON a.id = b.id").rows).toEqual(sorted(["a", "x"]));
    expect(sql("SELECT a.v, b.w FROM l AS a INNER JOIN r AS b ON a.id = b.id").rows).toEqual(sorted(["a", "x"]));
    expect(sql("SELECT a.v, b.w FROM l a LEFT OUTER JOIN r b ON a.id = b.id").rows).toEqual(sorted(["a", "x"], ["b", null], ["n", null]));
    expect(sql("SELECT a.v, b.w FROM l a RIGHT JOIN r b ON a.id = b.id").rows).toEqual(sorted(["a", "x"], [null, "y"], [null, "m"]));
    expect(sql("SELECT count(*) AS n FROM l CROSS JOIN r").rows).toEqual(sorted([9n]));
  });

  it("NATURAL JOIN joins on the common column names", () => {
    expect(sql("SELECT * FROM l NATURAL JOIN r")).toEqual({ cols: ["id", "v", "w"], rows: sorted([1, "a", "x"]) });
  });

  it("chains joins left to right", () => {
    expect(sql("SELECT l.v, r.w, t.w FROM l JOIN r ON l.id = r.id JOIN r t ON t.id = r.id").rows).toEqual(sorted(["a", "x", "x"]));
  });
});
