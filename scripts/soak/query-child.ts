/**
 * The query process the soak kills: two queries on one Kinesis source stream,
 *   A: aws-kinesis -> foreachBatch "file sink" (batch-<id>.json, written atomically and idempotently by batch id)
 *   B: aws-kinesis -> aws-kinesis sink stream (data = the record's JSON, partitionKey = its partition key)
 * each with its own checkpoint under <checkpointBase> (a local directory, dynamodb://table/prefix or
 * s3://bucket/prefix). argv: <workDir> <sourceStream> <sinkStream> <run|drain> [checkpointBase, default workDir].
 * `drain` uses Trigger.AvailableNow and exits 0 when both queries have caught up. Endpoints from
 * TSPARK_SOAK_KINESIS_ENDPOINT, TSPARK_SOAK_DYNAMODB_ENDPOINT, TSPARK_SOAK_S3_ENDPOINT. The Kinesis sink runs with
 * aggregation off, so a batch of over 500 records takes several PutRecords requests and the soak can aim a kill
 * between them (TSPARK_CRASH_AT=sinkBetweenPutRecords:*).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { LOCAL_CREDENTIALS, LOCAL_REGION } from "../../src/connector/aws/connection";
import { setDefaultConnection } from "../../src/connector/aws/default-connection";
import "../../src/connector/register";
import type { DataFrame } from "../../src/engine/api/data-frame";
import { SparkSession } from "../../src/engine/session";

async function main(): Promise<void> {
  const [workDir, source, sink, mode, base] = process.argv.slice(2) as [string, string, string, string, string?];
  const cpBase = (base ?? workDir).replace(/\/+$/, "");
  setDefaultConnection({
    region: LOCAL_REGION,
    kinesisEndpoint: process.env.TSPARK_SOAK_KINESIS_ENDPOINT,
    dynamodbEndpoint: process.env.TSPARK_SOAK_DYNAMODB_ENDPOINT || undefined,
    s3Endpoint: process.env.TSPARK_SOAK_S3_ENDPOINT || undefined,
    credentials: { ...LOCAL_CREDENTIALS },
    local: true,
  });
  const spark = SparkSession.builder.getOrCreate();
  const input = () =>
    (spark.readStream.format("aws-kinesis").option("kinesis.streamName", source).option("kinesis.startingPosition", "TRIM_HORIZON").load() as DataFrame).selectExpr(
      "cast(data as string) as data",
      "partitionKey",
      "shardId",
      "sequenceNumber",
    );
  const trigger = mode === "drain" ? { availableNow: true } : { processingTime: "200 milliseconds" };
  const out = path.join(workDir, "file-sink");
  fs.mkdirSync(out, { recursive: true });
  const a = await input()
    .writeStream.trigger(trigger)
    .option("checkpointLocation", `${cpBase}/cp-file`)
    .foreachBatch(async (b: unknown, batchId: number) => {
      const rows = (b as DataFrame).collect().map((r) => [r.get(0), r.get(1), r.get(2), r.get(3)]);
      const tmp = path.join(out, `.batch-${batchId}.tmp-${process.pid}`);
      fs.writeFileSync(tmp, JSON.stringify(rows));
      fs.renameSync(tmp, path.join(out, `batch-${batchId}.json`)); // same id -> same file: idempotent
    })
    .start();
  const b = await input()
    .select("data", "partitionKey")
    .writeStream.format("aws-kinesis")
    .trigger(trigger)
    .option("kinesis.streamName", sink)
    .option("kinesis.sink.aggregationEnabled", "false")
    .option("checkpointLocation", `${cpBase}/cp-kinesis`)
    .start();
  await Promise.all([a.awaitTermination(), b.awaitTermination()]);
  process.exit(0);
}

main().catch((e: unknown) => {
  process.stderr.write(`query-child: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
