"""Writes the Spark-made files tspark's file tests read (test/fixtures/spark-files), or reads a folder back.

  <python with pyspark> scripts/spark/file-fixtures.py generate   # rewrites test/fixtures/spark-files/*
  <python with pyspark> scripts/spark/file-fixtures.py read FORMAT DIR   # prints the rows Spark reads, one JSON per line

Run with the oracle's interpreter (.spark/venv/bin/python from `npm run spark:setup`). The generated files are
committed; regenerate only when the corpus changes. Spark's defaults are kept on purpose: snappy Parquet with
INT96 timestamps (spark.sql.parquet.outputTimestampType=INT96), decimals as INT32/INT64/FIXED_LEN_BYTE_ARRAY.
"""
import datetime
import decimal
import glob
import json
import os
import shutil
import sys

from pyspark.sql import SparkSession

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "test", "fixtures", "spark-files")

SCHEMA = (
    "id BIGINT, i INT, s STRING, b BOOLEAN, f DOUBLE, d DECIMAL(20,2), small DECIMAL(5,1), big DECIMAL(38,6), "
    "day DATE, ts TIMESTAMP, st STRUCT<a: INT, tags: ARRAY<STRING>>, arr ARRAY<BIGINT>, m MAP<STRING, INT>, bin BINARY"
)
ROWS = [
    (1, 7, "héllo", True, 1.5, decimal.Decimal("12345678901234567.89"), decimal.Decimal("12.3"),
     decimal.Decimal("-12345678901234567890123456789012.123456"), datetime.date(2024, 1, 1),
     datetime.datetime(2024, 1, 1, 10, 0, 0, 123456), (1, ["p", None]), [1, 2], {"k": 1}, bytearray(b"ab")),
    (2, None, None, None, None, None, None, None, None, None, None, None, None, None),
    (3, -1, "", False, -0.25, decimal.Decimal("-0.01"), decimal.Decimal("-9.9"), decimal.Decimal("0.000001"),
     datetime.date(1969, 12, 31), datetime.datetime(1970, 1, 1, 0, 0, 0), (None, []), [], {}, bytearray(b"")),
]


def single_file(df_writer_fn, name, ext):
    tmp = os.path.join(OUT, name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    df_writer_fn(tmp)
    part = sorted(glob.glob(os.path.join(tmp, "part-*" + ext)))[0]
    shutil.copy(part, os.path.join(OUT, name + ext))
    shutil.rmtree(tmp)


def generate(spark):
    os.makedirs(OUT, exist_ok=True)
    df = spark.createDataFrame(ROWS, SCHEMA).coalesce(1)
    single_file(lambda p: df.write.parquet(p), "types-int96", ".snappy.parquet")
    spark.conf.set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
    single_file(lambda p: df.write.parquet(p), "types-micros", ".snappy.parquet")
    flat = df.select("id", "i", "s", "b", "f", "d", "day", "ts")
    single_file(lambda p: df.drop("bin").write.json(p), "types", ".json")
    single_file(lambda p: flat.write.option("header", True).csv(p), "types", ".csv")
    # What Spark reads from them, for the tests to compare with.
    expected = [row_json(r) for r in spark.read.parquet(os.path.join(OUT, "types-int96.snappy.parquet")).orderBy("id").collect()]
    with open(os.path.join(OUT, "types.expected.jsonl"), "w") as f:
        for line in expected:
            f.write(line + "\n")


def to_plain(v):
    if isinstance(v, decimal.Decimal):
        return str(v)
    if isinstance(v, datetime.datetime):
        return v.isoformat()
    if isinstance(v, datetime.date):
        return v.isoformat()
    if isinstance(v, (bytes, bytearray)):
        return list(v)
    if isinstance(v, dict):
        return {k: to_plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [to_plain(x) for x in v]
    if hasattr(v, "asDict"):
        return {k: to_plain(x) for k, x in v.asDict().items()}
    return v


def row_json(r):
    return json.dumps({k: to_plain(v) for k, v in r.asDict().items()}, ensure_ascii=False)


def main():
    spark = SparkSession.builder.master("local[1]").config("spark.sql.session.timeZone", "UTC").getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    if sys.argv[1] == "generate":
        generate(spark)
    else:
        fmt, path = sys.argv[2], sys.argv[3]
        df = spark.read.format(fmt).load(path)
        print(df.schema.simpleString())
        for r in df.orderBy(df.columns[0]).collect():
            print(row_json(r))
    spark.stop()


if __name__ == "__main__":
    main()
