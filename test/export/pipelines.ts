/** The pipelines the export tests render: the blog's (kinesis → from_json → kinesis) and a windowed count. */
import { alias, call, cast, colRef, lit, star } from "../../src/engine/expr/ast";
import type { PySparkPipeline } from "../../src/engine/plan/to-pyspark";
import { LongType, StringType, TimestampType } from "../../src/engine/types/data-types";
import { StructType } from "../../src/engine/types/struct-type";

export const blogSchema = StructType().add("id", LongType()).add("data", StringType()).add("date", TimestampType());

/** As typed in tspark's local mode: the endpoint of the embedded Kinesis, a local checkpoint. */
export const blogPipeline: PySparkPipeline = {
  source: {
    format: "aws-kinesis",
    options: [
      ["kinesis.region", "us-east-1"],
      ["kinesis.streamName", "kinesis-source"],
      ["kinesis.consumerType", "GetRecords"],
      ["kinesis.endpointUrl", "http://127.0.0.1:4567"],
      ["kinesis.startingposition", "LATEST"],
    ],
  },
  steps: [
    { op: "project", exprs: [alias(cast(colRef(["data"]), StringType()), "jsonData")] },
    { op: "project", exprs: [alias(call("from_json", [colRef(["jsonData"]), lit(blogSchema, blogSchema)]), "events")] },
    { op: "project", exprs: [star(["events"])] },
    { op: "project", exprs: [alias(cast(colRef(["id"]), StringType()), "partitionKey"), colRef(["data"]), colRef(["date"])] },
  ],
  sink: {
    format: "aws-kinesis",
    outputMode: "append",
    options: [
      ["kinesis.region", "us-east-1"],
      ["kinesis.streamName", "kinesis-sink"],
      ["kinesis.endpointUrl", "http://127.0.0.1:4567"],
      ["checkpointLocation", "/tmp/kinesisCheckpoint"],
    ],
  },
};

/** Per-country counts in 1-minute windows with a 10-minute watermark, to the console every 10 s. */
export const windowedPipeline: PySparkPipeline = {
  source: blogPipeline.source,
  steps: [
    blogPipeline.steps[0]!,
    blogPipeline.steps[1]!,
    blogPipeline.steps[2]!,
    { op: "watermark", column: "date", delay: "10 minutes" },
    { op: "filter", condition: call("isnotnull", [colRef(["data"])]) },
    {
      op: "aggregate",
      keys: [call("window", [colRef(["date"]), lit("1 minute", StringType())]), colRef(["data"])],
      aggs: [alias(call("count", [], false, { star: true }), "count")],
    },
  ],
  sink: {
    format: "console",
    outputMode: "update",
    trigger: { kind: "ProcessingTime", intervalMs: 10_000 },
    queryName: "counts",
    options: [["truncate", "false"]],
  },
};
