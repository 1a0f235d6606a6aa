/**
 * After a USING join, the other side's key stays reachable through its alias (Spark's hidden output of the join):
 * `a.join(b, "id").select("b.id")`. Expected schemas and rows are pyspark 4.3.0's on the same inputs
 * (a = (1,x),(2,y) with id INT; b = (1,p),(3,q) with id BIGINT, so b's own type shows).
 */
import { describe, expect, it } from "vitest";
import type { DataFrame } from "../../../src/engine/api/data-frame";
import { col } from "../../../src/engine/functions";
import { SparkSession } from "../../../src/engine/session";

const spark = new SparkSession();
const a = (spark.createDataFrame([[1, "x"], [2, "y"]], "id INT, v STRING") as DataFrame).alias("a");
const b = (spark.createDataFrame([[1, "p"], [3, "q"]], "id BIGINT, w STRING") as DataFrame).alias("b");

function answer(df: DataFrame): [string, string[]] {
  return [df.schema.simpleString(), df.collectValues().map((r) => r.map(String).join(",")).sort()];
}

describe("USING join: the hidden key of the other side (b.id) as Spark", () => {
  const cases: [string, string, string[]][] = [
    ["inner", "struct<id:int,id:bigint,id:int>", ["1,1,1"]],
    ["left", "struct<id:int,id:bigint,id:int>", ["1,1,1", "2,null,2"]],
    ["right", "struct<id:int,id:bigint,id:bigint>", ["1,1,1", "null,3,3"]],
    ["full", "struct<id:int,id:bigint,id:bigint>", ["1,1,1", "2,null,2", "null,3,3"]],
  ];
  for (const [how, schema, rows] of cases) {
    it(`${how}: select("a.id", "b.id", "id")`, () => {
      expect(answer(a.join(b, "id", how).select("a.id", "b.id", "id"))).toEqual([schema, rows]);
    });
  }

  it("the hidden key is not in the join's own output nor in *", () => {
    expect(answer(a.join(b, "id"))).toEqual(["struct<id:int,v:string,w:string>", ["1,x,p"]]);
    expect(answer(a.join(b, "id").select("*"))).toEqual(["struct<id:int,v:string,w:string>", ["1,x,p"]]);
    expect(answer(a.join(b, "id").select("a.*"))).toEqual(["struct<id:int,v:string>", ["1,x"]]);
  });

  it("in filter, withColumn, orderBy and expressions right above the join", () => {
    expect(answer(a.join(b, "id").filter("b.id = 1"))).toEqual(["struct<id:int,v:string,w:string>", ["1,x,p"]]);
    expect(answer(a.join(b, "id").withColumn("x", col("b.id")))).toEqual(["struct<id:int,v:string,w:string,x:bigint>", ["1,x,p,1"]]);
    expect(answer(a.join(b, "id").orderBy("b.id"))).toEqual(["struct<id:int,v:string,w:string>", ["1,x,p"]]);
    expect(answer(a.join(b, "id", "left").select(col("b.id").plus(1)))).toEqual(["struct<(id + 1):bigint>", ["2", "null"]]);
    expect(answer(a.join(b, "id").select("b.w", "b.id"))).toEqual(["struct<w:string,id:bigint>", ["p,1"]]);
  });

  it("SQL: SELECT tb.id FROM ta JOIN tb USING (id)", () => {
    a.createOrReplaceTempView("ta");
    b.createOrReplaceTempView("tb");
    expect(answer(spark.sql("SELECT tb.id, ta.id, id FROM ta JOIN tb USING (id)"))).toEqual(["struct<id:bigint,id:int,id:int>", ["1,1,1"]]);
  });

  it("a semi join has no hidden key: Spark's UNRESOLVED_COLUMN with the same suggestions", () => {
    expect(() => a.join(b, "id", "semi").select("b.id").collectValues()).toThrow(
      "[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with name `b`.`id` cannot be resolved. Did you mean one of the following? [`a`.`id`, `a`.`v`]. SQLSTATE: 42703",
    );
  });
});
