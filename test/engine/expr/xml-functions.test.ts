/**
 * from_xml / to_xml / schema_of_xml through the Column builders, and the cases the Spark goldens
 * (functions/xml#*) leave out: a schema given as a StructType, per-row documents, FAILFAST, round trips.
 * Spark's own answers for SQL are in test/spark/goldens/functions.json.
 */
import { describe, expect, it } from "vitest";
import { SparkException } from "../../../src/engine/errors";
import * as F from "../../../src/engine/functions";
import { SparkSession } from "../../../src/engine/session";
import { IntegerType, StringType } from "../../../src/engine/types/data-types";
import { StructField, StructType } from "../../../src/engine/types/struct-type";

const spark = SparkSession.builder.create();
spark.conf.set("spark.sql.session.timeZone", "UTC");

const docs = () =>
  spark.createDataFrame([['<r id="1"><a>10</a><t>x</t><t>y</t></r>'], ['<r id="q"><a>2</a></r>'], ["not xml"], [null]], "doc STRING");

describe("from_xml", () => {
  it("reads attributes, repeated elements and a corrupt-record column, row by row", () => {
    const rows = docs()
      .select(F.from_xml(F.col("doc"), "_id INT, a INT, t ARRAY<STRING>, _corrupt_record STRING").alias("r"))
      .collectValues();
    expect(rows).toEqual([
      [[1, 10, ["x", "y"], null]],
      // a value that does not convert spoils the record; what was read before it stays
      [[null, null, null, '<r id="q"><a>2</a></r>']],
      [[null, null, null, "not xml"]],
      [null],
    ]);
  });

  it("takes the schema as a StructType", () => {
    const schema = StructType([StructField("a", IntegerType()), StructField("b", StringType())]);
    const v = spark.range(1).select(F.from_xml(F.lit("<x><b>hi</b><a>3</a></x>"), schema).alias("r")).collectValues()[0]![0];
    expect(v).toEqual([3, "hi"]);
  });

  it("fails the query in FAILFAST mode, with Spark's error class", () => {
    const df = docs().select(F.from_xml(F.col("doc"), "a INT", { mode: "FAILFAST" }));
    expect(() => df.collect()).toThrow(SparkException);
    expect(() => df.collect()).toThrow(/MALFORMED_RECORD_IN_PARSING/);
  });

  it("refuses DROPMALFORMED as Spark does", () => {
    expect(() => spark.range(1).select(F.from_xml(F.lit("<a/>"), "a INT", { mode: "DROPMALFORMED" })).collect()).toThrow(/PARSE_MODE_UNSUPPORTED/);
  });
});

describe("to_xml and schema_of_xml", () => {
  it("round-trips a struct through to_xml and from_xml", () => {
    const s = F.struct(F.lit(7).alias("_id"), F.lit("a<b").alias("name"), F.array(F.lit(1), F.lit(2)).alias("n"));
    const [xml, back] = spark
      .range(1)
      .select(F.to_xml(s).alias("x"))
      .select(F.col("x"), F.from_xml(F.col("x"), "_id INT, name STRING, n ARRAY<INT>").alias("r"))
      .collectValues()[0]!;
    expect(xml).toBe('<ROW id="7">\n    <name>a&lt;b</name>\n    <n>1</n>\n    <n>2</n>\n</ROW>');
    expect(back).toEqual([7, "a<b", [1, 2]]);
  });

  it("writes one line with indent '' and names the row element with rowTag", () => {
    const v = spark
      .range(1)
      .select(F.to_xml(F.struct(F.lit(1).alias("a")), { rowTag: "item", indent: "" }))
      .collectValues()[0]![0];
    expect(v).toBe("<item><a>1</a></item>\n");
  });

  it("infers a schema that from_xml can use", () => {
    const xml = '<r k="1"><a>1</a><a>2.5</a><d>2024-01-02</d><s>x</s></r>';
    const schema = spark.range(1).select(F.schema_of_xml(xml)).collectValues()[0]![0];
    expect(schema).toBe("STRUCT<_k: BIGINT, a: ARRAY<DOUBLE>, d: DATE, s: STRING>");
    const r = spark.range(1).select(F.from_xml(F.lit(xml), F.schema_of_xml(xml))).collectValues()[0]![0];
    // collectValues gives the engine forms: BIGINT as bigint, DATE as days since 1970-01-01
    expect(r).toEqual([1n, [1, 2.5], 19724, "x"]);
  });
});
