/**
 * session_window() on batch DataFrames and in SQL: Spark's MergingSessions answers (checked with pyspark 4.3 for the
 * same rows; the Spark oracle's sql-expressions/session-windows and frames/session-window-* entries hold more).
 */
import { describe, expect, it } from "vitest";
import "../../../src/connector/register";
import "../../../src/connector/export/index";
import type { DataFrame } from "../../../src/engine/api/data-frame";
import * as F from "../../../src/engine/functions";
import { SparkSession } from "../../../src/engine/session";
import { rowKey } from "../../helpers/stream-test";

const spark = new SparkSession();
spark.conf.set("spark.sql.session.timeZone", "UTC");
const sql = (q: string) => spark.sql(q) as DataFrame;
const ev = sql(
  "SELECT * FROM VALUES (TIMESTAMP '2024-01-01 10:00:00', 'a', 1), (TIMESTAMP '2024-01-01 10:03:00', 'a', 2), (TIMESTAMP '2024-01-01 10:20:00', 'a', 3), (TIMESTAMP '2024-01-01 10:08:00', 'a', 4), (TIMESTAMP '2024-01-01 10:01:00', 'b', 5), (NULL, 'b', 6) AS ev(ts, k, v)",
);
ev.createOrReplaceTempView("ev");
/** 2024-01-01 hh:mm UTC as TIMESTAMP micros. */
const at = (h: number, m: number) => BigInt(Date.UTC(2024, 0, 1, h, m)) * 1000n;
const rows = (df: DataFrame) => df.collectValues().map(rowKey).sort();
const want = (...r: unknown[][]) => r.map(rowKey).sort();

describe("session_window on a batch DataFrame", () => {
  it("merges each key's events closer than the gap into one session; a null time is dropped", () => {
    const df = ev.groupBy(F.session_window("ts", "5 minutes"), "k").agg(F.sum("v").alias("s"), F.count("*").alias("n"));
    expect(df.columns).toEqual(["session_window", "k", "s", "n"]);
    expect(df.schema.simpleString()).toBe("struct<session_window:struct<start:timestamp,end:timestamp>,k:string,s:bigint,n:bigint>");
    expect(rows(df)).toEqual(
      want([[at(10, 0), at(10, 13)], "a", 7n, 3n], [[at(10, 20), at(10, 25)], "a", 3n, 1n], [[at(10, 1), at(10, 6)], "b", 5n, 1n]),
    );
  });

  it("window_time gives a session's end minus one microsecond, named as Spark names it", () => {
    const df = ev.groupBy(F.session_window("ts", "5 minutes"), "k").count().select("k", F.window_time("session_window"));
    expect(df.columns).toEqual(["k", "window_time(session_window)"]);
    expect(rows(df)).toEqual(want(["a", at(10, 13) - 1n], ["a", at(10, 25) - 1n], ["b", at(10, 6) - 1n]));
  });

  it("window_time works on a time window's column too", () => {
    const df = ev.filter("ts IS NOT NULL").groupBy(F.window("ts", "5 minutes"), "k").count().select("k", F.window_time("window"));
    expect(df.columns).toEqual(["k", "window_time(window)"]);
    expect(rows(df.filter("k = 'b'"))).toEqual(want(["b", at(10, 5) - 1n]));
    // in SQL the select list names the window column `window`, as Spark's TimeWindowing does
    const q = sql("SELECT k, window_time(window) AS wt FROM (SELECT k, window FROM ev WHERE ts IS NOT NULL GROUP BY k, window(ts, '5 minutes')) WHERE k = 'b'");
    expect(rows(q)).toEqual(want(["b", at(10, 5) - 1n]));
  });

  it("takes a gap per row from an expression; rows whose gap is not positive are dropped", () => {
    const gap = F.when(F.col("k").equalTo("a"), "10 minutes").otherwise("-1 minutes");
    const df = ev.groupBy(F.session_window("ts", gap), "k").count();
    expect(rows(df)).toEqual(want([[at(10, 0), at(10, 18)], "a", 3n], [[at(10, 20), at(10, 30)], "a", 1n]));
  });

  it("without another key makes one sequence of sessions over all rows", () => {
    expect(rows(ev.groupBy(F.session_window("ts", "5 minutes")).count())).toEqual(want([[at(10, 0), at(10, 13)], 4n], [[at(10, 20), at(10, 25)], 1n]));
  });

  it("works in SQL, in GROUP BY and in a plain select list", () => {
    const grouped = sql("SELECT k, session_window.start, count(*) AS n FROM ev GROUP BY k, session_window(ts, '5 minutes') HAVING count(*) > 1");
    expect(rows(grouped)).toEqual(want(["a", at(10, 0), 3n]));
    const plain = sql("SELECT session_window(ts, '5 minutes'), v FROM ev WHERE k = 'b'");
    expect(plain.columns).toEqual(["session_window", "v"]);
    expect(rows(plain)).toEqual(want([[at(10, 1), at(10, 6)], 5])); // the null time is dropped
    expect(sql("SELECT session_window(ts, '0 seconds') FROM ev").collectValues()).toEqual([]);
    // a string time is cast to TIMESTAMP, as Spark's implicit cast does
    expect(rows(sql("SELECT session_window(CAST(ts AS STRING), '5 minutes').start FROM ev WHERE v = 1"))).toEqual(want([at(10, 0)]));
    expect(rows(sql("SELECT session_window(ts, '1 month').end FROM ev WHERE v = 1"))).toEqual(want([at(10, 0) + 31n * 86_400_000_000n]));
  });

  it("refuses what Spark refuses, with Spark's error classes", () => {
    const err = (q: string) => {
      try {
        sql(q).collectValues();
      } catch (e) {
        return (e as { errorClass?: string }).errorClass;
      }
      return "no error";
    };
    expect(err("SELECT session_window(ts, 5) FROM ev")).toBe("_LEGACY_ERROR_TEMP_1040");
    expect(err("SELECT session_window(ts, '5 minutes'), window(ts, '5 minutes') FROM ev")).toBe("_LEGACY_ERROR_TEMP_1039");
    expect(err("SELECT window_time(ts) FROM ev")).toBe("DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE");
  });

  it("explains as MergingSessions over the session step, and exports to PySpark as session_window", () => {
    const df = ev.groupBy(F.session_window("ts", "5 minutes"), "k").count();
    let text = "";
    const print = spark.print;
    spark.print = (t) => {
      text += t;
    };
    try {
      df.explain();
    } finally {
      spark.print = print;
    }
    expect(text).toContain("MergingSessions keys = [k], session = session_window, output = [session_window, k, count]");
    expect(text).toContain("SessionWindow session_window(ts, 5 minutes) AS session_window");
    const stream = (spark as unknown as { readStream: { format(f: string): { load(): DataFrame } } }).readStream.format("rate").load();
    const exported = stream
      .selectExpr("timestamp AS ts", "value % 3 AS k")
      .withWatermark("ts", "10 minutes")
      .groupBy(F.session_window("ts", "5 minutes"), "k")
      .count()
      .toPySpark();
    expect(exported.code).toContain('.groupBy(session_window(col("ts"), "5 minutes"), "k")');
    expect(exported.warnings).toEqual([]);
  });
});
