/**
 * The query process the lake soak kills (lake-soak.ts): the blog's landing query, Kinesis -> Parquet file sink,
 *   aws-kinesis -> from_json(id BIGINT, day STRING) -> writeStream.format("parquet").partitionBy("day").start(out)
 * with its checkpoint at <checkpoint>. `out` is a local folder or s3://bucket/prefix on the embedded S3.
 * argv: <sourceStream> <out> <checkpoint> <run|drain>. `drain` uses Trigger.AvailableNow and exits 0 once caught up.
 * Endpoints from TSPARK_SOAK_KINESIS_ENDPOINT and TSPARK_SOAK_S3_ENDPOINT; TSPARK_CRASH_AT aims the kill.
 */
import { LOCAL_CREDENTIALS, LOCAL_REGION } from "../../src/connector/aws/connection";
import { setDefaultConnection } from "../../src/connector/aws/default-connection";
import "../../src/connector/register";
import type { DataFrame } from "../../src/engine/api/data-frame";
import { SparkSession } from "../../src/engine/session";

async function main(): Promise<void> {
  const [source, out, checkpoint, mode] = process.argv.slice(2) as [string, string, string, string];
  setDefaultConnection({
    region: LOCAL_REGION,
    kinesisEndpoint: process.env.TSPARK_SOAK_KINESIS_ENDPOINT,
    s3Endpoint: process.env.TSPARK_SOAK_S3_ENDPOINT || undefined,
    credentials: { ...LOCAL_CREDENTIALS },
    local: true,
  });
  const spark = SparkSession.builder.getOrCreate();
  const events = (
    spark.readStream.format("aws-kinesis").option("kinesis.streamName", source).option("kinesis.startingPosition", "TRIM_HORIZON").load() as DataFrame
  )
    .selectExpr("from_json(cast(data as string), 'id BIGINT, day STRING') AS e")
    .selectExpr("e.id AS id", "e.day AS day");
  const q = await events.writeStream
    .format("parquet")
    .partitionBy("day")
    .trigger(mode === "drain" ? { availableNow: true } : { processingTime: "200 milliseconds" })
    .option("checkpointLocation", checkpoint)
    .start(out);
  // The soak times its random kills from here (start-up takes 5-40 s on a loaded machine).
  process.stderr.write("lake-child: started\n");
  await q.awaitTermination();
  process.exit(0);
}

main().catch((e: unknown) => {
  process.stderr.write(`lake-child: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
