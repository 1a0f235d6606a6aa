import { describe, expect, it } from "vitest";
import "../../../src/connector/register";
import { MemoryStream } from "../../../src/connector/memory/memory-stream";
import type { DataFrame } from "../../../src/engine/api/data-frame";
import { type Attr, analyzeExpr } from "../../../src/engine/expr/analyze";
import * as A from "../../../src/engine/expr/ast";
import { builtinFunctions } from "../../../src/engine/expr/functions/registry";
import { defaultQueryContext } from "../../../src/engine/plan/aggregation";
import { planIdOf } from "../../../src/engine/plan/plan-ids";
import { SparkSession } from "../../../src/engine/session";
import { IntegerType } from "../../../src/engine/types/data-types";
import { AddData, CheckAnswer, streamingSession, testStream } from "../../helpers/stream-test";

const spark = streamingSession(new SparkSession());

describe("attribute identity: df.col(name) means that DataFrame's column", () => {
  it("picks one side's column where both inputs have one of that name (what a self-join needs)", () => {
    const left = spark.createDataFrame([[1]], "id INT") as DataFrame;
    const right = spark.createDataFrame([[2]], "id INT") as DataFrame;
    // a join's output: the left input's columns, then the right input's
    const attrs: Attr[] = [
      { name: "id", qualifier: null, dataType: IntegerType(), nullable: true, planIds: [planIdOf(left.plan)] },
      { name: "id", qualifier: null, dataType: IntegerType(), nullable: true, planIds: [planIdOf(right.plan)] },
    ];
    const scope = { attrs, ctx: defaultQueryContext(), functions: builtinFunctions() };
    const row = [1, 2];
    expect(analyzeExpr(left.col("id").expr, scope).eval(row)).toBe(1);
    expect(analyzeExpr(right.col("id").expr, scope).eval(row)).toBe(2);
    expect(() => analyzeExpr(A.colRef(["id"]), scope)).toThrow(/AMBIGUOUS_REFERENCE/);
  });

  it("follows the column through filters, aliases and plain projections of the same DataFrame", () => {
    const df = spark.createDataFrame([[1, "a"], [2, "b"]], "id INT, v STRING") as DataFrame;
    const out = df.filter("id > 1").alias("t").select(df.col("v"), df.col("id")).collectValues();
    expect(out).toEqual([["b", 2]]);
  });

  it("works on a streaming aggregation's output, whose stateful operator keeps its id and state", async () => {
    const input = new MemoryStream("g STRING", spark);
    const counts = (input.toDF() as DataFrame).groupBy("g").count();
    const df = counts.select(counts.col("g"), counts.col("count"));
    await testStream(df, "complete", AddData(input, "a", "a", "b"), CheckAnswer(["a", 2n], ["b", 1n]));
    const q = await df.writeStream.format("memory").queryName("attr_identity_explain").outputMode("complete").start();
    try {
      expect(q.explain()).toMatch(/StateStoreSave keys = \[g\].*operatorId = 0, numPartitions = 1, store = state\/0\/0/);
    } finally {
      await q.stop();
    }
  });
});
