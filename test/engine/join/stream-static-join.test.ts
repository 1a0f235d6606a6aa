/**
 * Stream-static joins: the stream is the probe side and the static side is hashed each batch; the combinations
 * Spark refuses are refused before the query starts, with Spark 4.0.1's messages (checked with pyspark).
 */
import { describe, expect, it } from "vitest";
import "../../../src/connector/register";
import { MemoryStream } from "../../../src/connector/memory/memory-stream";
import type { DataFrame } from "../../../src/engine/api/data-frame";
import { udf } from "../../../src/engine/api/udf";
import { SparkSession } from "../../../src/engine/session";
import { AddData, CheckNewAnswer, streamingSession, testStream } from "../../helpers/stream-test";

const spark = streamingSession(new SparkSession());
const users = spark.createDataFrame([[1, "ann"], [2, "bob"]], "id INT, name STRING") as DataFrame;

function stream(): { input: MemoryStream; df: DataFrame } {
  const input = new MemoryStream("id INT, action STRING", spark);
  return { input, df: input.toDF() as DataFrame };
}

describe("stream-static joins: the static side's hash table", () => {
  // A UDF on the static side counts how often the static plan is evaluated: once per query run when the static
  // side cannot change between batches, once per batch when it can (a nondeterministic UDF, as Spark re-evaluates).
  function countingStatic(deterministic: boolean): { calls: () => number; table: DataFrame } {
    let n = 0;
    const tag = udf((name: string) => {
      n++;
      return name.toUpperCase();
    }, "STRING");
    spark.udf.register(deterministic ? "tag_det" : "tag_nondet", deterministic ? tag : tag.asNondeterministic());
    return { calls: () => n, table: users.selectExpr("id", `${deterministic ? "tag_det" : "tag_nondet"}(name) AS tag`) };
  }

  it("is built once per query run when the static side is immutable", async () => {
    const { input, df } = stream();
    const s = countingStatic(true);
    await testStream(
      df.join(s.table, "id"),
      "append",
      AddData(input, [1, "click"]),
      CheckNewAnswer([1, "click", "ANN"]),
      AddData(input, [2, "view"]),
      CheckNewAnswer([2, "view", "BOB"]),
      AddData(input, [1, "buy"]),
      CheckNewAnswer([1, "buy", "ANN"]),
    );
    expect(s.calls()).toBe(2);
  });

  it("is rebuilt every batch when the static side is nondeterministic", async () => {
    const { input, df } = stream();
    const s = countingStatic(false);
    await testStream(
      df.join(s.table, "id"),
      "append",
      AddData(input, [1, "click"]),
      CheckNewAnswer([1, "click", "ANN"]),
      AddData(input, [2, "view"]),
      CheckNewAnswer([2, "view", "BOB"]),
      AddData(input, [1, "buy"]),
      CheckNewAnswer([1, "buy", "ANN"]),
    );
    expect(s.calls()).toBe(6);
  });
});

describe("stream-static joins", () => {
  it("inner (USING): each batch's rows enriched from the static table", async () => {
    const { input, df } = stream();
    await testStream(
      df.join(users, "id"),
      "append",
      AddData(input, [1, "click"], [3, "view"]),
      CheckNewAnswer([1, "click", "ann"]),
      AddData(input, [2, "view"], [1, "buy"], [null, "x"]),
      CheckNewAnswer([2, "view", "bob"], [1, "buy", "ann"]),
    );
  });

  it("inner with the stream on the right", async () => {
    const { input, df } = stream();
    await testStream(users.join(df, users.col("id").equalTo(df.col("id"))).select("name", "action"), "append", AddData(input, [2, "view"], [5, "x"]), CheckNewAnswer(["bob", "view"]));
  });

  it("left outer, stream on the left: unmatched stream rows padded with nulls in the same batch", async () => {
    const { input, df } = stream();
    await testStream(df.join(users, "id", "left_outer"), "append", AddData(input, [1, "click"], [3, "view"]), CheckNewAnswer([1, "click", "ann"], [3, "view", null]));
  });

  it("left semi and left anti, stream on the left", async () => {
    const a = stream();
    await testStream(a.df.join(users, "id", "left_semi"), "append", AddData(a.input, [1, "click"], [3, "view"]), CheckNewAnswer([1, "click"]));
    const b = stream();
    await testStream(b.df.join(users, "id", "anti"), "append", AddData(b.input, [1, "click"], [3, "view"], [null, "n"]), CheckNewAnswer([3, "view"], [null, "n"]));
  });

  it("a streaming aggregation over a stream-static join keeps its state across batches", async () => {
    const { input, df } = stream();
    await testStream(
      df.join(users, "id").groupBy("name").count(),
      "complete",
      AddData(input, [1, "click"], [2, "view"], [3, "x"]),
      CheckNewAnswer(["ann", 1n], ["bob", 1n]),
      AddData(input, [1, "buy"]),
      CheckNewAnswer(["ann", 2n], ["bob", 1n]),
    );
  });

  it("explain shows the static side as the build side", async () => {
    const { df } = stream();
    const q = await df.join(users, "id").writeStream.format("memory").queryName("stream_static_explain").start();
    try {
      expect(q.explain()).toMatch(/BroadcastHashJoin \[id\], \[id\], Inner, BuildRight\n:- StreamingRelation memory[^\n]*\n\+- LocalTableScan \[id, name\]/);
    } finally {
      await q.stop();
    }
  });

  const refused: [string, (s: DataFrame) => DataFrame, string][] = [
    ["full outer, stream left", (s) => s.join(users, "id", "full"), "FullOuter joins with streaming DataFrames/Datasets on the left and a static DataFrame/Dataset on the right is not supported"],
    ["full outer, stream right", (s) => users.join(s, "id", "outer"), "FullOuter joins with streaming DataFrames/Datasets on the right and a static DataFrame/Dataset on the left is not supported"],
    ["right outer, stream left", (s) => s.join(users, "id", "right"), "RightOuter join with a streaming DataFrame/Dataset on the left and a static DataFrame/DataSet on the right not supported"],
    ["left outer, stream right", (s) => users.join(s, "id", "left"), "LeftOuter join with a streaming DataFrame/Dataset on the right and a static DataFrame/Dataset on the left is not supported"],
    ["left semi, stream right", (s) => users.join(s, "id", "semi"), "LeftSemi join with a streaming DataFrame/Dataset on the right and a static DataFrame/Dataset on the left is not supported"],
    ["left anti, stream right", (s) => users.join(s, "id", "anti"), "LeftAnti joins with a streaming DataFrame/Dataset on the right are not supported"],
  ];
  for (const [what, build, message] of refused) {
    it(`refuses ${what} before the query starts, with Spark's message`, async () => {
      const { df } = stream();
      await expect(build(df).writeStream.format("memory").queryName(`refused_${what.replace(/\W/g, "_")}`).start()).rejects.toThrow(message);
      expect(spark.streams.active).toEqual([]);
    });
  }

});
