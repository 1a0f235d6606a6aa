import { describe, expect, it } from "vitest";
import "../../../src/connector/register";
import { MemoryStream } from "../../../src/connector/memory/memory-stream";
import type { DataFrame } from "../../../src/engine/api/data-frame";
import { SparkSession } from "../../../src/engine/session";
import { AddData, AssertOnQuery, CheckAnswer, CheckNewAnswer, StartStream, StopStream, streamingSession, testStream } from "../../helpers/stream-test";

const spark = streamingSession(new SparkSession());

describe("a streaming query planned as a tree of operators", () => {
  // Spark 4.0.1 (pyspark, checked by hand): dropDuplicates keeps its keys across batches, so the second
  // (1, a) is dropped and `a` counts 2, not 3; the query is allowed in complete mode without a watermark.
  it("dropDuplicates before groupBy().count() deduplicates across batches (complete mode)", async () => {
    const input = new MemoryStream("k INT, g STRING", spark);
    const df = (input.toDF() as DataFrame).dropDuplicates(["k"]).groupBy("g").count();
    await testStream(df, "complete", AddData(input, [1, "a"], [2, "a"]), CheckAnswer(["a", 2n]), AddData(input, [1, "a"], [3, "b"]), CheckAnswer(["a", 2n], ["b", 1n]));
  });

  it("dropDuplicates before groupBy().count() in update mode emits only the groups a new key changed", async () => {
    const input = new MemoryStream("k INT, g STRING", spark);
    const df = (input.toDF() as DataFrame).dropDuplicates(["k"]).groupBy("g").count();
    await testStream(
      df,
      "update",
      AddData(input, [1, "a"], [2, "a"]),
      CheckNewAnswer(["a", 2n]),
      AddData(input, [1, "a"], [3, "b"]),
      CheckNewAnswer(["b", 1n]),
    );
  });

  it("groupBy on an alias-qualified column works on a stream as on a batch DataFrame", async () => {
    const input = new MemoryStream("name STRING", spark);
    const df = (input.toDF() as DataFrame).alias("t").groupBy("t.name").count();
    await testStream(df, "complete", AddData(input, "x", "y", "x"), CheckAnswer(["x", 2n], ["y", 1n]));
  });
});

describe("explain of a streaming query", () => {
  it("shows the operator tree with each stateful operator's id and state directory", async () => {
    const input = new MemoryStream("k INT, g STRING", spark);
    const df = (input.toDF() as DataFrame).dropDuplicates(["k"]).groupBy("g").count();
    const q = await df.writeStream.format("memory").queryName("explain_tree").outputMode("complete").start();
    try {
      const text = q.explain(true);
      expect(text).toContain("== Physical Plan ==");
      const physical = text.slice(text.indexOf("== Physical Plan =="));
      expect(physical).toMatch(/StateStoreSave keys = \[g\], output = \[g, count\], Complete, state info \[ operatorId = 0, numPartitions = 1, store = state\/0\/0 \]/);
      expect(physical).toMatch(/\+- StreamingDeduplicate \[k\], state info \[ operatorId = 1, numPartitions = 1, store = state\/1\/0 \]/);
      expect(physical).toMatch(/StreamingRelation memory-stream, \[k, g\]/);
    } finally {
      await q.stop();
    }
  });
});

describe("two stateful operators in one query", () => {
  it("report one stateOperators entry each, nearest the sink first, and keep their state across a restart", async () => {
    const input = new MemoryStream("k INT, g STRING", spark);
    const df = (input.toDF() as DataFrame).dropDuplicates(["k"]).groupBy("g").count();
    await testStream(
      df,
      "update",
      AddData(input, [1, "a"], [2, "a"], [2, "a"]),
      CheckNewAnswer(["a", 2n]),
      AssertOnQuery((q) => {
        const ops = (q.lastProgress as { stateOperators: { operatorName: string; numRowsTotal: number }[] }).stateOperators;
        expect(ops.map((o) => [o.operatorName, o.numRowsTotal])).toEqual([
          ["stateStoreSave", 1],
          ["dedupe", 2],
        ]);
        return true;
      }),
      StopStream(),
      AddData(input, [2, "a"], [3, "b"]),
      StartStream(),
      CheckNewAnswer(["b", 1n]),
    );
  });
});

describe("which chains of stateful operators run (Spark 4's UnsupportedOperationChecker)", () => {
  // Spark 4.0.1 (pyspark, checked by hand): groupBy("g").count().dropDuplicates(["g"]) runs in update and in
  // complete mode and gives [(a, 2)] then [(b, 1)]: the deduplication drops the group it has already seen.
  it.each([["update"], ["complete"]] as const)("groupBy().count() then dropDuplicates runs in %s mode", async (mode) => {
    const input = new MemoryStream("k INT, g STRING", spark);
    const df = (input.toDF() as DataFrame).groupBy("g").count().dropDuplicates(["g"]);
    await testStream(df, mode, AddData(input, [1, "a"], [2, "a"]), CheckNewAnswer(["a", 2n]), AddData(input, [1, "a"], [3, "b"]), CheckNewAnswer(["b", 1n]));
  });

  it("two aggregations in update or complete mode fail with Spark 4's correctness message", async () => {
    const input = new MemoryStream("k INT, g STRING", spark);
    const df = (input.toDF() as DataFrame).groupBy("g").count().groupBy("count").count();
    for (const mode of ["update", "complete"]) {
      await expect(df.writeStream.format("memory").queryName(`two_aggs_${mode}`).outputMode(mode).start()).rejects.toThrow(
        /Detected pattern of possible 'correctness' issue due to global watermark/,
      );
    }
  });

  it("finds the watermarked column through an alias and a projection (append mode is allowed)", async () => {
    const input = new MemoryStream("t TIMESTAMP, v INT", spark);
    type Wm = DataFrame & { withWatermark(c: string, d: string): DataFrame };
    const df = ((input.toDF() as Wm).withWatermark("t", "10 seconds") as DataFrame).alias("s").selectExpr("s.t AS ts", "v").groupBy("ts").count();
    const q = await df.writeStream.format("memory").queryName("wm_through_alias").outputMode("append").start();
    await q.stop();
  });
});
