# PySpark program exported by tspark.
# Run it on Amazon EMR 7.1 or later with the Kinesis connector:
#   spark-submit windowed.py
# Amazon EMR 7.1+ ships the connector in its release image: no --jars or --packages needed.
# Replace every <placeholder> before running.

from pyspark.sql import SparkSession
from pyspark.sql.functions import *
from pyspark.sql.types import *

spark = SparkSession.builder.appName("tspark-export").getOrCreate()

events_schema = StructType([
    StructField("id", LongType(), True),
    StructField("data", StringType(), True),
    StructField("date", TimestampType(), True),
])

source = spark.readStream \
    .format("aws-kinesis") \
    .option("kinesis.region", "<aws-region>") \
    .option("kinesis.streamName", "kinesis-source") \
    .option("kinesis.consumerType", "GetRecords") \
    .option("kinesis.startingPosition", "LATEST") \
    .option("kinesis.endpointUrl", "https://kinesis.<aws-region>.amazonaws.com") \
    .load()

result = source \
    .selectExpr("CAST(data AS STRING) AS jsonData") \
    .select(from_json(col("jsonData"), events_schema).alias("events")) \
    .select("events.*") \
    .withWatermark("date", "10 minutes") \
    .where("isnotnull(data)") \
    .groupBy(window(col("date"), "1 minute"), "data").agg(count("*").alias("count"))

query = result.writeStream \
    .format("console") \
    .outputMode("update") \
    .queryName("counts") \
    .trigger(processingTime="10 seconds") \
    .option("truncate", "false") \
    .option("checkpointLocation", "s3://<bucket>/checkpoints/counts") \
    .start()

query.awaitTermination()
