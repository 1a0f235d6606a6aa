/**
 * VARIANT through the DataFrame API and what the Spark goldens (functions/variant*) cannot show: the value
 * collect() hands back (VariantVal with toJson/toJS), rows built from JS values, the Column builders, the
 * VariantType in schemas, UDFs, and the parquet writer's refusal. Spark's own SQL answers are in
 * test/spark/goldens/functions.json.
 */
import { describe, expect, it } from "vitest";
import { sparkToParquetSchema } from "../../../src/connector/file/formats/parquet-schema";
import { AnalysisException, SparkException, SparkRuntimeException } from "../../../src/engine/errors";
import * as F from "../../../src/engine/functions";
import { SparkSession } from "../../../src/engine/session";
import { IntegerType, VariantType } from "../../../src/engine/types/data-types";
import { Decimal } from "../../../src/engine/types/decimal";
import { StructType } from "../../../src/engine/types/struct-type";
import { VariantVal } from "../../../src/engine/types/variant";

const spark = SparkSession.builder.create();

describe("VARIANT values", () => {
  it("collect as VariantVal: Spark's JSON text, and a plain JS value with exact decimals", () => {
    const [row] = spark.sql(`select parse_json('{"b": 2.50, "a": [1, 1e3, "x", null], "big": 12345678901234567890}') as v`).collect();
    const v = row!.v as VariantVal;
    expect(v).toBeInstanceOf(VariantVal);
    // keys sorted, trailing zeros of decimals stripped, exponent numbers as doubles in Java's form
    expect(v.toJson()).toBe('{"a":[1,1000.0,"x",null],"b":2.5,"big":12345678901234567890}');
    expect(String(v)).toBe(v.toJson());
    const js = v.toJS() as { a: unknown[]; b: Decimal; big: Decimal };
    expect(js.a).toEqual([1, 1000, "x", null]);
    expect(js.b).toEqual(new Decimal(25n, 1));
    expect(js.big.toString()).toBe("12345678901234567890");
    expect(JSON.stringify(row)).toBe('{"v":{"a":[1,1000,"x",null],"b":"2.5","big":"12345678901234567890"}}');
  });

  it("a variant null is not a SQL NULL", () => {
    const [r] = spark.sql("select parse_json('null') as v, is_variant_null(parse_json('null')) as n, cast(null as variant) as s").collectValues();
    expect((r![0] as VariantVal).toJson()).toBe("null");
    expect((r![0] as VariantVal).toJS()).toBeNull();
    expect(r![1]).toBe(true);
    expect(r![2]).toBeNull();
  });

  it("builds rows of a VARIANT column from JS values", () => {
    const df = spark.createDataFrame([[1, { z: 1, a: [true, 2.5, "s"] }], [2, VariantVal.fromJS([1n, null])], [3, null]], "id INT, v VARIANT");
    expect(df.schema.fields[1]!.dataType).toBe(VariantType());
    const out = df.select(F.col("id"), F.to_json(F.col("v")).alias("j"), F.schema_of_variant(F.col("v")).alias("s")).collectValues();
    expect(out).toEqual([
      [1, '{"a":[true,2.5,"s"],"z":1}', "OBJECT<a: ARRAY<VARIANT>, z: BIGINT>"],
      [2, "[1,null]", "ARRAY<BIGINT>"],
      [3, null, null],
    ]);
  });

  it("Column builders: variant_get with a type, try_variant_get, to_variant_object, variant_insert", () => {
    const df = spark.createDataFrame([['{"a": {"b": [10, "x"]}}']], "j STRING").select(F.parse_json(F.col("j")).alias("v"));
    const [r] = df
      .select(
        F.variant_get(F.col("v"), "$.a.b[0]", "int").alias("i"),
        F.try_variant_get(F.col("v"), "$.a.b[1]", "int").alias("t"),
        F.to_json(F.to_variant_object(F.struct(F.lit(1).alias("k")))).alias("o"),
        F.to_json(F.variant_insert(F.col("v"), "$.c", F.lit(3))).alias("ins"),
      )
      .collectValues();
    expect(r).toEqual([10, null, '{"k":1}', '{"a":{"b":[10,"x"]},"c":3}']);
    expect(df.select(F.variant_get(F.col("v"), "$.a.b[0]", "int")).schema.fields[0]!.dataType).toBe(IntegerType());
  });

  it("the v:path syntax and :: casts in selectExpr", () => {
    const df = spark.sql(`select parse_json('{"a": {"b": [10, 20]}, "x y": "q"}') as v`);
    const out = df.selectExpr("v:a.b[1]", "v:a.b[1]::int as n", "v:['x y']::string");
    expect(out.columns).toEqual(["b", "n", "x y"]);
    const [r] = out.collectValues();
    expect((r![0] as VariantVal).toJson()).toBe("20");
    expect(r!.slice(1)).toEqual([20, "q"]);
  });

  it("from_json reads VARIANT fields with exact numbers", () => {
    const [r] = spark.sql(`select from_json('{"n": 1, "v": {"x": 1.50, "y": [1e2]}}', 'n INT, v VARIANT') as s`).collect();
    const s = r!.s as { n: number; v: VariantVal };
    expect(s.n).toBe(1);
    expect(s.v.toJson()).toBe('{"x":1.5,"y":[100.0]}');
  });

  it("shows variants as Spark does: JSON text, strings quoted", () => {
    const text = spark.sql(`select parse_json('{"k":"v"}') as o, cast('s' as variant) as s, cast(date'2024-01-02' as variant) as d`).showString(20, false);
    expect(text).toContain('|{"k":"v"}|"s"|"2024-01-02"|');
  });

  it("a UDF receives VariantVal and may return plain JS for a VARIANT result", () => {
    const tag = F.udf((v: VariantVal) => ({ seen: v.toJS(), n: 1 }), VariantType());
    const [r] = spark
      .sql(`select parse_json('[1,2]') as v`)
      .select(F.to_json(tag(F.col("v"))))
      .collectValues();
    expect(r![0]).toBe('{"n":1,"seen":[1,2]}');
  });

  it("fails as Spark does on bad text, duplicate keys, bad casts, and ordering", () => {
    expect(() => spark.sql(`select parse_json('{"a":1,"a":2}')`).collectValues()).toThrow(SparkException);
    expect(() => spark.sql(`select parse_json('{"a":1,"a":2}')`).collectValues()).toThrow(/MALFORMED_RECORD_IN_PARSING/);
    expect(() => spark.sql(`select variant_get(parse_json('"x"'), '$', 'int')`).collectValues()).toThrow(SparkRuntimeException);
    expect(() => spark.sql(`select variant_get(parse_json('"x"'), '$', 'int')`).collectValues()).toThrow(/INVALID_VARIANT_CAST/);
    expect(() => spark.sql("select parse_json('1') v order by v")).toThrow(AnalysisException);
    expect(() => spark.sql("select count(*) from values (parse_json('1')) t(v) group by v")).toThrow(/GROUP_EXPRESSION_TYPE_IS_NOT_ORDERABLE/);
    expect(() => spark.sql("select parse_json('1') = parse_json('1')")).toThrow(/INVALID_ORDERING_TYPE/);
  });

  it("the parquet writer refuses VARIANT columns, naming the fix", () => {
    const schema = new StructType().add("v", VariantType());
    expect(() => sparkToParquetSchema(schema)).toThrow(/doesn't support the column `v` of the data type "VARIANT".*to_json\(`v`\)/);
  });

  it("VariantType in DDL, JSON schemas and SQL spellings", () => {
    const st = StructType.fromDDL("id INT, v VARIANT");
    expect(st.fields[1]!.dataType).toBe(VariantType());
    expect(VariantType().simpleString()).toBe("variant");
    expect(VariantType().sql()).toBe("VARIANT");
    expect(StructType.fromJson(st.json()).fields[1]!.dataType).toBe(VariantType());
    expect(spark.sql("select typeof(parse_json('1'))").collectValues()[0]![0]).toBe("variant");
  });
});
