import { describe, expect, it } from "vitest";
import "../../../src/connector/register";
import { MemoryStream } from "../../../src/connector/memory/memory-stream";
import type { RowImpl } from "../../../src/engine/api/row";
import type { StreamingFrame } from "../../../src/engine/exec/streaming-context";
import { col, udf } from "../../../src/engine/functions";
import { SparkSession } from "../../../src/engine/session";
import { IntegerType } from "../../../src/engine/types/data-types";
import { AddData, CheckNewAnswer, ExpectFailure, streamingSession, testStream } from "../../helpers/stream-test";

const spark = streamingSession(new SparkSession());
const people = () =>
  spark.createDataFrame(
    [
      [1, "alice", 10n],
      [2, null, 20n],
    ],
    "id INT, name STRING, n BIGINT",
  );
const values = (rows: RowImpl[]) => rows.map((r) => r.toArray());

describe("UDFs", () => {
  it("udf(fn, returnType) in select, with the function's name in the column name and nulls passed in", () => {
    function shout(s: string | null): string {
      return s === null ? "<none>" : `${s.toUpperCase()}!`;
    }
    const shoutUdf = udf(shout, "string");
    const df = people().select(col("id"), shoutUdf(col("name")));
    expect(df.columns).toEqual(["id", "shout(name)"]);
    expect(values(df.collect())).toEqual([
      [1, "ALICE!"],
      [2, "<none>"],
    ]);
  });

  it("returnType as a DataType, values in user form (LONG as number) and results converted to the type", () => {
    const plusOne = udf((n: number) => n + 1, "bigint");
    const toInt = udf((n: number) => n * 2, IntegerType());
    const df = people().select(plusOne("n").alias("a"), toInt(col("id")).alias("b"));
    expect(df.dtypes).toEqual([
      ["a", "bigint"],
      ["b", "int"],
    ]);
    // collect() gives a safe LONG as a number (docs/sql.md, "Collected values")
    expect(values(df.collect())).toEqual([
      [11, 2],
      [21, 4],
    ]);
    // a result that does not fit the declared type is null, as in PySpark
    expect(values(people().select(udf(() => 1.5, "int")().alias("x")).collect())).toEqual([[null], [null]]);
  });

  it("decorator-like udf(returnType)(fn) and the default string return type", () => {
    const twice = udf("int")((x: number) => x * 2);
    expect(udf(IntegerType())((x: number) => x).returnType.simpleString()).toBe("int");
    const text = udf((x: number) => x);
    expect(values(people().select(twice("id").alias("a"), text("id").alias("b")).collect())).toEqual([
      [2, "1"],
      [4, "2"],
    ]);
  });

  it("spark.udf.register: callable from selectExpr and spark.sql, in this session only", () => {
    const s2 = new SparkSession();
    s2.udf.register("strlen_js", (s: string | null) => (s === null ? -1 : s.length), "int");
    const df = s2.createDataFrame([["abc"], [null]], "s STRING");
    expect(values(df.selectExpr("strlen_js(s) AS n").collect())).toEqual([[3], [-1]]);
    df.createOrReplaceTempView("strs");
    expect(values(s2.sql("SELECT strlen_js(s) + 1 FROM strs WHERE s IS NOT NULL").collect())).toEqual([[4]]);
    // another session does not see it (each session has its own function registry)
    expect(() => spark.createDataFrame([["a"]], "s STRING").selectExpr("strlen_js(s)").collect()).toThrow(/UNRESOLVED_ROUTINE/);
  });

  it("an exception inside a UDF fails with FAILED_EXECUTE_UDF, the UDF's name, its input and the cause", () => {
    const boom = udf(function explode(id: number) {
      if (id === 2) throw new Error("bad id");
      return id;
    }, "int");
    let err: unknown;
    try {
      people().select(boom(col("id"))).collect();
    } catch (e) {
      err = e;
    }
    const msg = (err as Error).message;
    expect(msg).toContain("[FAILED_EXECUTE_UDF]");
    expect(msg).toContain("`explode`: (int) => int");
    expect(msg).toContain("Error: bad id");
    expect(msg).toContain("Input: (2)");
    expect((err as Error).cause).toBeInstanceOf(Error);
  });

  it("asNondeterministic() marks it and keeps it from being evaluated twice per row", () => {
    let calls = 0;
    const counter = udf(() => ++calls, "int").asNondeterministic();
    expect(counter.deterministic).toBe(false);
    const df = people().select(counter().alias("c")).selectExpr("c", "c + 100 AS d");
    const rows = values(df.collect());
    expect(calls).toBe(2);
    expect(rows).toEqual([
      [1, 101],
      [2, 102],
    ]);
  });

  it("TIMESTAMP arguments are Dates and Date results are TIMESTAMPs", () => {
    const nextDay = udf((d: Date) => new Date(d.getTime() + 86_400_000), "timestamp");
    const df = spark.createDataFrame([[1_000_000n]], "t TIMESTAMP");
    const out = df.select(nextDay("t"));
    expect(out.dtypes[0]![1]).toBe("timestamp");
    // collect() gives TIMESTAMP as a Date: 1 s after the epoch, plus a day
    expect(values(out.collect())).toEqual([[new Date(1_000 + 86_400_000)]]);
  });

  it("runs in a streaming query, and a failure fails the batch", async () => {
    const input = new MemoryStream("word STRING", spark);
    const len = udf((w: string) => {
      if (w === "bad") throw new Error("no");
      return w.length;
    }, "int");
    const df = (input.toDF() as unknown as { select(...c: unknown[]): unknown }).select(col("word"), len("word").alias("n"));
    await testStream(
      df as StreamingFrame,
      "append",
      AddData(input, "hello"),
      CheckNewAnswer(["hello", 5]),
      AddData(input, "bad"),
      ExpectFailure((e) => expect(String((e.cause as Error)?.message ?? e.message)).toContain("FAILED_EXECUTE_UDF")),
    );
  });

  it("a UDF returning a Promise is refused with a clear message", () => {
    const slow = udf(async (x: number) => x, "int");
    expect(() => people().select(slow("id")).collect()).toThrow(/must be synchronous/);
  });
});
