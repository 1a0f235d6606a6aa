/**
 * LATERAL VIEW [OUTER] generator(...) tbl [AS] c1, c2 (Hive syntax Spark keeps). Expected rows and errors are Spark
 * 4.3's for the same queries (checked with pyspark): each view is a Generate over what precedes it, OUTER keeps a
 * row whose input is null or empty, the view's name qualifies its columns, and a stream can use it (append mode).
 */
import { describe, expect, it } from "vitest";
import "../../../src/connector/register";
import { MemoryStream } from "../../../src/connector/memory/memory-stream";
import type { DataFrame } from "../../../src/engine/api/data-frame";
import { SparkSession } from "../../../src/engine/session";
import { streamingSession } from "../../helpers/stream-test";

const spark = streamingSession(new SparkSession());
spark.sql(
  "CREATE OR REPLACE TEMP VIEW a AS SELECT * FROM VALUES (1, array(1, 2, 3, 2, NULL), array(2, 4), array('b', 'a')), (2, array(), array(1), array()), (3, NULL, array(5, NULL), NULL), (4, array(5, 6), NULL, array('z')) AS a(id, xs, ys, ss)",
);
const sql = (q: string) => spark.sql(q) as DataFrame;

describe("LATERAL VIEW", () => {
  it("posexplode with column names; rows whose array is null or empty are dropped", () => {
    const df = sql("SELECT id, pos, v FROM a LATERAL VIEW posexplode(xs) t AS pos, v");
    expect(df.schema.simpleString()).toBe("struct<id:int,pos:int,v:int>");
    expect(df.collectValues()).toEqual([
      [1, 0, 1],
      [1, 1, 2],
      [1, 2, 3],
      [1, 3, 2],
      [1, 4, null],
      [4, 0, 5],
      [4, 1, 6],
    ]);
  });

  it("OUTER keeps a row for a null or empty array, with nulls", () => {
    expect(sql("SELECT id, c FROM a LATERAL VIEW OUTER explode(xs) t AS c").collectValues()).toEqual([
      [1, 1],
      [1, 2],
      [1, 3],
      [1, 2],
      [1, null],
      [2, null],
      [3, null],
      [4, 5],
      [4, 6],
    ]);
    expect(sql("SELECT id, k, v FROM a LATERAL VIEW OUTER posexplode(ss) t AS k, v").collectValues()).toEqual([
      [1, 0, "b"],
      [1, 1, "a"],
      [2, null, null],
      [3, null, null],
      [4, 0, "z"],
    ]);
  });

  it("without column names: the generator's own, qualified by the view's name (t.col, t.*, and * includes them)", () => {
    expect(sql("SELECT * FROM a LATERAL VIEW explode(ys) t").columns).toEqual(["id", "xs", "ys", "ss", "col"]);
    expect(sql("SELECT id, t.col FROM a LATERAL VIEW explode(ys) t").collectValues()).toEqual([
      [1, 2],
      [1, 4],
      [2, 1],
      [3, 5],
      [3, null],
    ]);
    expect(sql("SELECT id, t.* FROM a LATERAL VIEW posexplode(ys) t").schema.simpleString()).toBe("struct<id:int,pos:int,col:int>");
  });

  it("chained views, then WHERE, GROUP BY and ORDER BY over the generated columns", () => {
    expect(sql("SELECT id, x, y FROM a LATERAL VIEW explode(xs) t1 AS x LATERAL VIEW explode(ys) t2 AS y WHERE x = 2").collectValues()).toEqual([
      [1, 2, 2],
      [1, 2, 4],
      [1, 2, 2],
      [1, 2, 4],
    ]);
    expect(sql("SELECT id, count(c) FROM a LATERAL VIEW explode(xs) t AS c GROUP BY id ORDER BY id").collectValues()).toEqual([
      [1, 4n],
      [4, 2n],
    ]);
    expect(sql("SELECT id FROM a LATERAL VIEW explode(xs) t AS c ORDER BY c DESC NULLS LAST, id").collectValues().flat()).toEqual([4, 4, 1, 1, 1, 1, 1]);
  });

  it("json_tuple, stack and inline", () => {
    expect(sql(`SELECT id, a, b FROM a LATERAL VIEW json_tuple('{"a":1,"b":"q"}', 'a', 'b') j AS a, b WHERE id = 1`).collectValues()).toEqual([[1, "1", "q"]]);
    expect(sql("SELECT id, p, q FROM a LATERAL VIEW stack(2, 1, 'x', 2, 'y') s AS p, q WHERE id = 2").collectValues()).toEqual([
      [2, 1, "x"],
      [2, 2, "y"],
    ]);
    expect(sql("SELECT id, n, s FROM a LATERAL VIEW inline(array(struct(1, 'a'), struct(2, 'b'))) s AS n, s WHERE id = 3").collectValues()).toEqual([
      [3, 1, "a"],
      [3, 2, "b"],
    ]);
  });

  it("errors: the wrong number of names (UDTF_ALIAS_NUMBER_MISMATCH), a function that is not a generator", () => {
    expect(() => sql("SELECT id, c FROM a LATERAL VIEW explode(xs) t AS c, d")).toThrow("[UDTF_ALIAS_NUMBER_MISMATCH]");
    expect(() => sql("SELECT id, u FROM a LATERAL VIEW upper('x') t AS u")).toThrow(
      /\[UNSUPPORTED_GENERATOR\.NOT_GENERATOR\] The generator is not supported: `upper` is expected to be a generator/,
    );
  });

  it("in a streaming query (append mode), as Spark allows", async () => {
    const input = new MemoryStream("id INT, tags ARRAY<STRING>", spark);
    (input.toDF() as DataFrame).createOrReplaceTempView("tagged");
    const df = sql("SELECT id, tag FROM tagged LATERAL VIEW explode(tags) t AS tag");
    expect(df.isStreaming).toBe(true);
    const q = await df.writeStream.format("memory").queryName("lateral_stream").start();
    try {
      input.addData([1, ["x", "y"]], [2, []]);
      await q.processAllAvailable();
      input.addData([3, ["z"]]);
      await q.processAllAvailable();
    } finally {
      await q.stop();
    }
    expect((spark.sql("SELECT * FROM lateral_stream ORDER BY id, tag") as DataFrame).collectValues()).toEqual([
      [1, "x"],
      [1, "y"],
      [3, "z"],
    ]);
  });
});
