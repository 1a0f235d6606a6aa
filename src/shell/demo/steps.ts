/**
 * The tour of the blog ("Build Spark Structured Streaming applications with the open source connector for
 * Amazon Kinesis Data Streams"): each step's snippet, what it defines and needs, and what happens underneath.
 * Python snippets are the blog's own, run through the shell's PySpark translation; the steps that start
 * queries are TypeScript, because start() is asynchronous in tspark and Python has no `await`.
 * In local mode region and endpoint are left out: the source and sink use the embedded Kinesis.
 */
export interface DemoStep {
  readonly title: string;
  readonly lang: "python" | "ts" | "command";
  /** Code run in the shell (a dot-command line for lang "command"). `{checkpoint}` is the demo's checkpoint dir. */
  readonly code: string;
  /** Names this step defines, and names it needs from earlier steps (re-run first when missing). */
  readonly defines: readonly string[];
  readonly needs: readonly string[];
  /** Shown before the snippet. */
  readonly before: string;
  /** Shown after the snippet ran. */
  readonly after: string;
  /** A dot-command run after the step to show the real state underneath (shards, progress). */
  readonly show?: string;
  /** A query (global name) whose first completed micro-batch the tour waits for before `show` (its files exist then). */
  readonly waitForBatch?: string;
}

export const DEMO_STEPS: readonly DemoStep[] = [
  {
    title: "The schema of the events",
    lang: "python",
    code: ['pythonSchema = StructType() \\', ' .add("id", LongType()) \\', ' .add("data", StringType()) \\', ' .add("date", TimestampType())'].join("\n"),
    defines: ["pythonSchema"],
    needs: [],
    before:
      "The generator puts one JSON document per record on kinesis-source, from the blog's template:\n" +
      '  {"id": <0..100>, "data": "<Spain|Portugal|Finland|France>", "date": "YYYY-MM-DD hh:mm:ss"}\n' +
      "Kinesis only stores bytes: this schema is how Spark will read them (this is the blog's Python, as pasted).",
    after: "pythonSchema is defined: try pythonSchema.printTreeString() or .simpleString().",
  },
  {
    title: "The Kinesis source",
    lang: "python",
    code: [
      'kinesis = spark.readStream.format("aws-kinesis") \\',
      '    .option("kinesis.streamName", "kinesis-source") \\',
      '    .option("kinesis.consumerType", "GetRecords") \\',
      '    .option("kinesis.startingposition", "TRIM_HORIZON") \\',
      "    .load()",
    ].join("\n"),
    defines: ["kinesis"],
    needs: [],
    before:
      "format(\"aws-kinesis\") is the connector's name. In local mode region and endpoint can be left out (the\n" +
      "embedded Kinesis is used); on AWS you add kinesis.region and kinesis.endpointUrl as in the blog.\n" +
      "GetRecords is the shared-throughput consumer (polling, 2 MB/s per shard shared by all readers);\n" +
      "SubscribeToShard would be enhanced fan-out. The blog starts at LATEST; the tour uses TRIM_HORIZON so the\n" +
      "records generated since the tour began are counted too.",
    after:
      "Nothing is read yet: load() only describes the source. Its columns are Kinesis' record fields:\n" +
      "data (binary), streamName, partitionKey, sequenceNumber, approximateArrivalTimestamp.\n" +
      "At the start of every micro-batch the driver lists the shards (at most every kinesis.describeShardInterval)\n" +
      "and picks each shard's starting position; each shard becomes one task. The shards of kinesis-source:",
    show: ".shards kinesis-source",
  },
  {
    title: "from_json: bytes to columns",
    lang: "python",
    code: [
      "events= kinesis \\",
      '  .selectExpr("cast (data as STRING) jsonData") \\',
      '  .select(from_json("jsonData", pythonSchema).alias("events")) \\',
      '  .select("events.*")',
    ].join("\n"),
    defines: ["events"],
    needs: ["kinesis", "pythonSchema"],
    before:
      "The payload arrives in the binary column data: cast it to a string, parse it with the schema,\n" +
      "then flatten the struct into id, data and date.",
    after: "events has columns id, data, date. Still nothing runs: transformations build a plan (try events.explain()).",
  },
  {
    title: "Events per country, per micro-batch",
    lang: "ts",
    code: [
      'const counts = events.groupBy("data").count()',
      "const countsQuery = await counts.writeStream",
      '  .format("console")',
      '  .outputMode("complete")',
      '  .queryName("counts")',
      '  .trigger({ processingTime: "2 seconds" })',
      "  .start()",
    ].join("\n"),
    defines: ["counts", "countsQuery"],
    needs: ["events"],
    before:
      "Now a query runs. Every 2 seconds a micro-batch: the driver writes the batch's start offsets (one\n" +
      "position per shard) to the offset log, each shard's task reads its records, the counts are updated in\n" +
      "the state store, the console sink prints the table, and the commit log marks the batch done.",
    after:
      "The tables above the prompt are the per-country counts (complete mode: all counts so far, each batch).\n" +
      "Try .streams, .progress counts, .watch counts (charts; any key leaves), .explain counts.",
  },
  {
    title: "Writing to a second stream (the Kinesis sink)",
    lang: "ts",
    code: [
      "const sinkQuery = await events",
      '  .selectExpr("CAST(id AS STRING) as partitionKey", "data", "date")',
      "  .writeStream",
      '  .format("aws-kinesis")',
      '  .outputMode("append")',
      '  .option("kinesis.streamName", "kinesis-sink")',
      '  .option("checkpointLocation", "{checkpoint}")',
      '  .queryName("to-sink")',
      "  .start()",
    ].join("\n"),
    defines: ["sinkQuery"],
    needs: ["events"],
    before:
      "The blog's sink: the column partitionKey picks the shard of kinesis-sink (hash of the key), data is the\n" +
      "payload; other columns are ignored. The sink supports append only. This query has its own checkpoint.",
    after:
      "Each batch's rows are put on kinesis-sink (several output shards). Look at them with .shards kinesis-sink,\n" +
      "or read them back: spark.readStream.format(\"aws-kinesis\").option(\"kinesis.streamName\", \"kinesis-sink\")...",
  },
  {
    title: "What the checkpoint holds",
    lang: "command",
    code: ".checkpoint {checkpoint}",
    defines: [],
    needs: ["sinkQuery"],
    before:
      "The checkpoint is how a restarted query continues: offsets/N holds each batch's start positions per shard\n" +
      "(the connector's offset JSON), commits/N marks the batches whose output was written.",
    after:
      "A batch with an offset entry but no commit would be re-run with exactly the same positions after a crash.\n" +
      "On AWS the checkpoint lives on S3 or HDFS, and the connector can keep shard metadata in DynamoDB.",
  },
  {
    title: "Stop and restart on the checkpoint",
    lang: "ts",
    code: [
      "await sinkQuery.stop()",
      "const restarted = await events",
      '  .selectExpr("CAST(id AS STRING) as partitionKey", "data", "date")',
      "  .writeStream",
      '  .format("aws-kinesis")',
      '  .outputMode("append")',
      '  .option("kinesis.streamName", "kinesis-sink")',
      '  .option("checkpointLocation", "{checkpoint}")',
      '  .queryName("to-sink")',
      "  .start()",
    ].join("\n"),
    defines: ["restarted"],
    needs: ["events", "sinkQuery"],
    before:
      "Stop the sink query, start the same query on the same checkpoint: kinesis.startingposition is ignored,\n" +
      "each shard continues after the last sequence number committed.",
    after:
      "The restarted query has the same id (it comes from the checkpoint) and a new run id; its first batch starts\n" +
      "where the stopped one ended. Run .checkpoint {checkpoint} again to see the batch numbers continue.",
  },
  {
    title: "From the shell to a cluster",
    lang: "command",
    code: ".export to-sink",
    defines: [],
    needs: ["restarted"],
    before:
      "The same pipeline as a PySpark program for the real connector on EMR: the option names stay, the local\n" +
      "values become placeholders (<aws-region>, s3://<bucket>/...).",
    after: "Next, the same events land in a data lake: Parquet files on S3, read back with spark.read.",
  },
  {
    title: "The blog, landed: Parquet on S3, partitioned by date",
    lang: "ts",
    code: [
      "const lakeQuery = await events",
      '  .withColumn("day", to_date(col("date")))',
      "  .writeStream",
      '  .format("parquet")',
      '  .partitionBy("day")',
      '  .option("checkpointLocation", "{checkpoint}-lake")',
      '  .queryName("to-lake")',
      '  .trigger({ processingTime: "5 seconds" })',
      '  .start("s3://tspark-lake/events/")',
    ].join("\n"),
    defines: ["lakeQuery"],
    needs: ["events"],
    before:
      "The most common thing done with a stream after counting it: land it in S3. The file sink writes each\n" +
      "micro-batch as Parquet part files under day=YYYY-MM-DD/ folders on the embedded S3 (the bucket is created\n" +
      "on the first write here; on AWS it must exist), then commits the batch in _spark_metadata/<batchId>.",
    after:
      "A batch's files count only once its _spark_metadata entry exists: a query killed between its files and\n" +
      "that entry leaves orphans no reader lists, and the re-run batch writes new files. The lake so far:",
    show: ".ls s3://tspark-lake/events/",
    waitForBatch: "lakeQuery",
  },
  {
    title: "Reading the lake back: spark.read.parquet, per country",
    lang: "ts",
    code: 'spark.read.parquet("s3://tspark-lake/events/").groupBy("data").count().orderBy("data").show()',
    defines: [],
    needs: ["lakeQuery"],
    before:
      "A batch read of the folder the query writes: spark.read sees a streaming sink's folder through its\n" +
      "_spark_metadata log (committed files only), and the day=... folders become a column (partition discovery).",
    after:
      "The counts grow as the landing query commits more batches every 5 seconds: run it again with\n" +
      'spark.read.parquet("s3://tspark-lake/events/")... (arrow up), or look at .progress to-lake.',
  },
  {
    title: "The landing query for EMR: toPySpark()",
    lang: "ts",
    code: "console.log(lakeQuery.toPySpark().code)",
    defines: [],
    needs: ["lakeQuery"],
    before:
      "The same query as a PySpark program for a cluster: the Kinesis source with the connector's options, the\n" +
      "parquet sink with partitionBy and its s3:// path (EMRFS on EMR; s3a:// on other clusters), and the local\n" +
      "values (region, endpoint, checkpoint) as placeholders.",
    after:
      "That's the tour. The queries keep running: .streams lists them, .stop all stops them, .demo 1 starts over,\n" +
      ".save tour.md keeps this session as a notebook.",
  },
];
