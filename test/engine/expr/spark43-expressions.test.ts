/**
 * Expression names and types as Spark 4.3 gives them (each value below was read from pyspark 4.3.0; the corpus
 * entries sql-expressions/*, conformance/* check the same against the live oracle in `npm run test:spark`).
 */
import { describe, expect, it } from "vitest";
import "../../../src/connector/register";
import { MemoryStream } from "../../../src/connector/memory/memory-stream";
import { col, lit } from "../../../src/engine/api/column";
import { SparkThrowable } from "../../../src/engine/errors";
import type { StreamingFrame } from "../../../src/engine/exec/streaming-context";
import { ceil, sort_array, struct, window } from "../../../src/engine/functions";
import { SparkSession } from "../../../src/engine/session";
import { AddData, CheckNewAnswer, streamingSession, testStream } from "../../helpers/stream-test";

const spark = () => {
  const s = SparkSession.builder.create();
  s.conf.set("spark.sql.session.timeZone", "UTC");
  s.sql(
    "CREATE OR REPLACE TEMP VIEW d AS SELECT * FROM VALUES (TIMESTAMP '2024-02-29 13:45:30.123456', DATE '2024-02-29', 1, 2L, 2.5D, CAST(1.5 AS DECIMAL(5,2))), (NULL, NULL, NULL, NULL, NULL, NULL) AS d(ts, dt, i, l, db, m)",
  );
  return s;
};
const schemaOf = (s: SparkSession, sql: string): string =>
  s
    .sql(sql)
    .compiled()
    .schema.fields.map((f) => `${f.name}:${f.dataType.catalogString()}`)
    .join(",");
const errorClassOf = (f: () => unknown): string | null => {
  try {
    f();
  } catch (e) {
    return e instanceof SparkThrowable ? e.errorClass : String(e);
  }
  return null;
};

describe("Spark 4.3 column names", () => {
  it("a cast of a column is named after the column; a cast of anything else prints as SQL", () => {
    expect(schemaOf(spark(), "SELECT cast(ts AS date), try_cast(i AS string), cast(d.i AS long), i::string, cast(i + 1 AS long), cast(cast(i AS long) AS int), cast(1 AS string) FROM d")).toBe(
      "ts:date,i:string,i:bigint,i:string,CAST((i + 1) AS BIGINT):bigint,CAST(CAST(i AS BIGINT) AS INT):int,CAST(1 AS STRING):string",
    );
    const df = spark().sql("SELECT named_struct('a', 1) AS s, 5 AS i");
    const names = [col("i").cast("string"), col("s.a").cast("long"), col("i").alias("j").cast("string")].map((c) => df.select(c).columns[0]);
    expect(names).toEqual(["i", "CAST(s.a AS BIGINT)", "j"]);
  });

  it("field extraction from an expression prints the expression; a dotted column name keeps the field's name", () => {
    const s = spark();
    expect(schemaOf(s, "SELECT struct(1 AS a, 'b' AS b).b, map('k', 1).k, s2.a, s2['a'], (s2).a FROM (SELECT named_struct('a', i) AS s2 FROM d)")).toBe(
      "struct(1 AS a, b AS b).b:string,map(k, 1)[k]:int,a:int,s2.a:int,a:int",
    );
    const df = s.sql("SELECT named_struct('a', 1, 'b', named_struct('c', 2)) AS s, array(named_struct('a', 1)) AS arr");
    const names = [col("s").getField("a"), col("s.a"), col("s.b.c"), col("s").getField("b").getField("c"), col("arr").getItem(0).getField("a"), struct(lit(1).alias("x")).getField("x")].map(
      (c) => df.select(c).columns[0],
    );
    expect(names).toEqual(["s.a", "a", "c", "s.b.c", "arr[0].a", "struct(1 AS x).x"]);
  });

  it("CEIL/FLOOR print upper case with one argument; with a scale they round a decimal (RoundCeil typing)", () => {
    const s = spark();
    expect(schemaOf(s, "SELECT ceil(db), floor(db), ceiling(db), ceil(db, 1), floor(m, 1), ceil(m, 0), ceil(3.1411, -3) FROM d")).toBe(
      "CEIL(db):bigint,FLOOR(db):bigint,ceiling(db):bigint,ceil(db, 1):decimal(17,1),floor(m, 1):decimal(5,1),ceil(m, 0):decimal(4,0),ceil(3.1411, -3):decimal(4,0)",
    );
    expect(s.sql("SELECT ceil(db, 1), floor(m, 1), ceil(3.1411, 3), ceil(3.1411, -3) FROM d").collectValues()[0]!.map(String)).toEqual(["2.5", "1.5", "3.142", "1000"]);
    const df = s.sql("SELECT array(3, 1, 2) AS a, 2.5D AS x");
    expect([df.select(ceil("x")).columns[0], df.select(sort_array("a")).columns[0]]).toEqual(["CEIL(x)", "sort_array(a, true)"]);
  });

  it("an integral compared with a decimal literal compares with the literal rounded to a bigint", () => {
    expect(schemaOf(spark(), "SELECT 1 > 0.00001, i < 2.5, 1.5 > i, i >= 1.5, i <= -1.5, i = 0.5, i > cast(0.5 AS decimal(3,1)), i > 1e0 FROM d")).toBe(
      "(1 > 0):boolean,(i < 3):boolean,(2 > i):boolean,(i >= 2):boolean,(i <= -2):boolean,(i = 0.5):boolean,(i > CAST(0.5 AS DECIMAL(3,1))):boolean,(i > 1.0):boolean",
    );
  });

  it("interval literals and datetime arithmetic print as Spark's ANSI literals, datetime first", () => {
    expect(
      schemaOf(spark(), "SELECT ts + INTERVAL 1 DAY, ts - INTERVAL '2' HOUR, INTERVAL 1 DAY + ts, dt + INTERVAL 1 DAY, dt - INTERVAL 1 YEAR, INTERVAL 1 DAY 2 HOURS, INTERVAL '1.5' SECOND, INTERVAL 3 MONTH FROM d"),
    ).toBe(
      "ts + INTERVAL '1' DAY:timestamp,ts - INTERVAL '02' HOUR:timestamp,ts + INTERVAL '1' DAY:timestamp,date_add(dt, extractansiintervaldays(INTERVAL '1' DAY)):date,dt - INTERVAL '1' YEAR:date,INTERVAL '1 02' DAY TO HOUR:interval day to hour,INTERVAL '01.5' SECOND:interval second,INTERVAL '3' MONTH:interval month",
    );
  });
});

describe("Spark 4.3 types", () => {
  it("an untyped NULL operand of a numeric operator is DOUBLE (INT for bitwise, BIGINT for div)", () => {
    expect(schemaOf(spark(), "SELECT null + null, null / null, mod(null, null), pmod(null, null), -null, +null, negative(null), null div null, null & null, ~null, try_add(null, null)")).toBe(
      "(NULL + NULL):double,(NULL / NULL):double,mod(NULL, NULL):double,pmod(NULL, NULL):double,(- NULL):double,(+ NULL):double,negative(NULL):double,(NULL div NULL):bigint,(NULL & NULL):int,~NULL:int,try_add(NULL, NULL):double",
    );
  });

  it("datetime +/- NULL: + takes the NULL as an interval, - as a datetime", () => {
    expect(schemaOf(spark(), "SELECT dt - null, null + dt, ts + null, ts - null, null - dt, null + INTERVAL 1 DAY FROM d")).toBe(
      "(dt - NULL):interval day,dt + NULL:timestamp,ts + NULL:timestamp,(ts - NULL):interval day to second,(NULL - dt):interval day,(NULL + INTERVAL '1' DAY):interval day",
    );
  });

  it("CAST of an integral number to BINARY: legacy only; TRY_CAST answers NULL on overflow", () => {
    const s = spark();
    s.conf.set("spark.sql.ansi.enabled", "true");
    expect(errorClassOf(() => s.sql("SELECT cast(1 AS binary)"))).toBe("DATATYPE_MISMATCH.CAST_WITH_CONF_SUGGESTION");
    expect(errorClassOf(() => s.sql("SELECT try_cast(1 AS binary)"))).toBe("DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION");
    s.conf.set("spark.sql.ansi.enabled", "false");
    expect(errorClassOf(() => s.sql("SELECT try_cast(1 AS binary)"))).toBe("DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION");
    expect(s.sql("SELECT hex(cast(123 AS binary)), try_cast(9223372036854775807L AS int), cast(9223372036854775807L AS int)").collectValues()[0]).toEqual(["0000007B", null, -1]);
  });

  it("date_part('dow') is dayofweek (1 = Sunday); initcap title-cases with Java's full mappings", () => {
    const s = spark();
    expect(s.sql("SELECT date_part('dow', DATE '2011-05-07'), extract(dow FROM DATE '2011-05-08'), date_part('dow_iso', DATE '2011-05-08')").collectValues()[0]).toEqual([7, 1, 7]);
    expect(s.sql("SELECT initcap('ß ǆemal ﬁx ᾳ ÉCOLE a\tb')").collectValues()[0]).toEqual(["Ss ǅemal Fix ᾼ École A\tb"]);
  });
});

describe("window() drops rows whose time column is NULL (Spark's TimeWindowing filter)", () => {
  it("in a select list and a grouping, tumbling and sliding", () => {
    const s = spark();
    expect(s.sql("SELECT window(ts, '10 minutes') FROM d").collectValues()).toHaveLength(1);
    expect(s.sql("SELECT window(ts, '1 hour', '30 minutes').start FROM d").columns).toEqual(["window.start"]);
    expect(s.sql("SELECT window(ts, '1 hour', '30 minutes').start FROM d").collectValues()).toHaveLength(2);
    expect(s.sql("SELECT window, count(*) FROM d GROUP BY window(ts, '10 minutes')").collectValues()).toHaveLength(1);
  });

  it("in a streaming aggregation", async () => {
    const ss = streamingSession(new SparkSession());
    const input = new MemoryStream("t TIMESTAMP", ss);
    const counts = (input.toDF() as { groupBy(...c: unknown[]): { count(): unknown } }).groupBy(window(col("t"), "10 seconds")).count();
    await testStream(counts as StreamingFrame, "update", AddData(input, 10_000_000n, null, 12_000_000n), CheckNewAnswer([[10_000_000n, 20_000_000n], 2n]));
  });
});
