/**
 * S3 refusing calls (a bucket policy's 403 AccessDenied), injected on the wire between the real S3 client and the
 * embedded S3 (test/helpers/fault-proxy.ts): a read names the object and the fix; a streaming file sink whose PUTs
 * are refused stops with that error, commits nothing of the refused batch, and once S3 accepts again a restart on
 * the same checkpoint writes it: every row read back exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCAL_CREDENTIALS } from "../../../src/connector/aws/connection";
import { MemoryStream } from "../../../src/connector/memory/memory-stream";
import { createTestBucket, testConnection, uniqueName } from "../../helpers/aws";
import { type FaultProxy, startFaultProxy } from "../../helpers/fault-proxy";
import { fileTestSession, plain } from "./helpers";

let proxy: FaultProxy;
let bucket: string;
const viaProxy = () => ({
  "kinesis.s3.endpointUrl": proxy.url,
  "kinesis.region": "us-east-1",
  "kinesis.awsAccessKeyId": LOCAL_CREDENTIALS.accessKeyId,
  "kinesis.awsSecretKey": LOCAL_CREDENTIALS.secretAccessKey,
});

beforeAll(async () => {
  const conn = testConnection();
  bucket = uniqueName("denied");
  await createTestBucket(conn, bucket);
  proxy = await startFaultProxy({ target: conn.s3Endpoint!, seed: 3 });
});
afterAll(async () => {
  await proxy?.close();
});

describe("S3 access denied (injected on the wire)", () => {
  it("a read refused by S3 names the call, the path and the fix", async () => {
    const { spark } = fileTestSession();
    await spark.createDataFrame([[1]], "x INT").write.options(viaProxy()).json(`s3://${bucket}/ref`);
    proxy.setRules([{ operation: new RegExp(`^(GET|HEAD) /${bucket}`), fault: "s3-access-denied" }]);
    try {
      await expect(spark.read.options(viaProxy()).json(`s3://${bucket}/ref`)).rejects.toThrow(
        new RegExp(`S3 access denied \\((HEAD|LIST|GET) s3://${bucket}/ref.*\\): check the credentials and the bucket policy`),
      );
    } finally {
      proxy.clearRules();
    }
    expect((await spark.read.options(viaProxy()).json(`s3://${bucket}/ref`)).count()).toBe(1);
  });

  it("a sink whose PUTs are refused stops with the error, commits nothing of that batch, and a restart loses nothing", async () => {
    const { spark, dir } = fileTestSession();
    const out = `s3://${bucket}/lake/events`;
    const input = new MemoryStream("id BIGINT, day STRING", spark);
    const start = () =>
      input.toDF().writeStream.format("parquet").partitionBy("day").options(viaProxy()).option("checkpointLocation", `${dir}/cp`).start(out);
    const q = await start();
    input.addData([1n, "2024-01-01"], [2n, "2024-01-02"]);
    await q.processAllAvailable();

    proxy.setRules([{ operation: new RegExp(`^PUT /${bucket}/lake/events/`), fault: "s3-access-denied" }]);
    input.addData([3n, "2024-01-01"]);
    await expect(q.processAllAvailable()).rejects.toThrow(
      new RegExp(`S3 access denied \\(PUT s3://${bucket}/lake/events/.*\\): check the credentials and the bucket policy`),
    );
    expect(q.isActive).toBe(false);
    proxy.clearRules();
    // Only batch 0 is committed: the refused batch left no log entry.
    expect(plain((await spark.read.options(viaProxy()).parquet(out)).orderBy("id").select("id").collectValues())).toEqual([["1n"], ["2n"]]);

    const again = await start();
    await again.processAllAvailable();
    await again.stop();
    const back = await spark.read.options(viaProxy()).parquet(out);
    expect(plain(back.orderBy("id").selectExpr("id", "CAST(day AS STRING)").collectValues())).toEqual([
      ["1n", "2024-01-01"],
      ["2n", "2024-01-02"],
      ["3n", "2024-01-01"],
    ]);
    expect(proxy.stats.faults["s3-access-denied"]).toBeGreaterThan(0);
  });
});
