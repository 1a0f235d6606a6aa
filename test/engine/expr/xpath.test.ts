/**
 * The XPath family through the Column builders and the cases the Spark goldens (functions/xpath#*) leave out:
 * a default namespace, per-row documents, and the error a bad document gives.
 * Spark's own answers for SQL are in test/spark/goldens/functions.json.
 */
import { describe, expect, it } from "vitest";
import type { DataFrame } from "../../../src/engine/api/data-frame";
import { SparkRuntimeException } from "../../../src/engine/errors";
import * as F from "../../../src/engine/functions";
import { SparkSession } from "../../../src/engine/session";

const spark = SparkSession.builder.create();

function docs(): DataFrame {
  return spark.createDataFrame([["<r><v>1</v><v>2</v><n k='a'>x</n></r>"], ["<r/>"], [null]], "doc STRING") as DataFrame;
}

describe("xpath builders", () => {
  it("evaluate a constant path on each row's document", () => {
    const rows = docs()
      .select(
        F.xpath(F.col("doc"), F.lit("r/v/text()")).alias("vs"),
        F.xpath_int(F.col("doc"), F.lit("sum(r/v)")).alias("i"),
        F.xpath_long(F.col("doc"), F.lit("r/v")).alias("l"),
        F.xpath_short(F.col("doc"), F.lit("r/v[2]")).alias("s"),
        F.xpath_double(F.col("doc"), F.lit("r/v")).alias("d"),
        F.xpath_number(F.col("doc"), F.lit("count(r/v)")).alias("n"),
        F.xpath_float(F.col("doc"), F.lit("r/v")).alias("f"),
        F.xpath_boolean(F.col("doc"), F.lit("r/n/@k = 'a'")).alias("b"),
        F.xpath_string(F.col("doc"), F.lit("r/n")).alias("str"),
      )
      .collectValues();
    expect(rows[0]).toEqual([["1", "2"], 3, 1n, 2, 1, 2, 1, true, "x"]);
    // nothing found: empty array, 0 for the integral types, NaN for the others, false and ""
    expect(rows[1]).toEqual([[], 0, 0n, 0, Number.NaN, 0, Number.NaN, false, ""]);
    expect(rows[2]).toEqual([null, null, null, null, null, null, null, null, null]);
  });

  it("matches an unprefixed name in a default namespace, as Spark's namespace-unaware parser does", () => {
    const v = spark.sql(`select xpath_string('<a xmlns="urn:x"><b>1</b></a>', 'a/b')`).collectValues()[0]![0];
    expect(v).toBe("1");
  });

  it("fails on a document that is not well-formed, naming the problem", () => {
    const df = spark.sql("select xpath_int('<a><b>1</b>', 'a/b')");
    expect(() => df.collectValues()).toThrow(SparkRuntimeException);
    expect(() => df.collectValues()).toThrow(/Error loading expression 'a\/b'.*not a well-formed XML document/);
  });
});
