/**
 * Files on S3 (the embedded s3rver, through the real @aws-sdk/client-s3): spark.read / df.write round trips for
 * s3:// and s3a://, partition folders, a multipart upload for a large object, the streaming sink's log on S3.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setLocalStoreDefaults } from "../../../src/connector/checkpoint/store-connection";
import { resolveFileSystem } from "../../../src/connector/file/fs/resolve-file-system";
import { MemoryStream } from "../../../src/connector/memory/memory-stream";
import { createBucket, type StoreServices, startStoreServices } from "../checkpoint/services";
import { fileTestSession, plain } from "./helpers";

let services: StoreServices;
let bucket: string;

beforeAll(async () => {
  services = await startStoreServices();
  setLocalStoreDefaults(services.defaults);
  bucket = await createBucket(services.s3);
});
afterAll(async () => {
  setLocalStoreDefaults(undefined);
  await services?.stop();
});

describe("files on S3", () => {
  it("parquet and json round trips on s3:// and s3a://, partitioned, with save modes", async () => {
    const { spark } = fileTestSession();
    const df = spark.createDataFrame(
      [
        [1n, "DE", "2024-01-01", "1.50"],
        [2n, "FR", "2024-01-02", null],
      ],
      "id BIGINT, country STRING, day DATE, amount DECIMAL(10,2)",
    );
    await df.write.partitionBy("day").parquet(`s3://${bucket}/lake/events`);
    const back = await spark.read.parquet(`s3a://${bucket}/lake/events`);
    expect(back.columns).toEqual(["id", "country", "amount", "day"]);
    expect(plain(back.orderBy("id").select("id", "amount").collectValues())).toEqual([
      ["1n", "1.50"],
      ["2n", null],
    ]);
    await expect(df.write.parquet(`s3://${bucket}/lake/events`)).rejects.toThrow(/PATH_ALREADY_EXISTS.*s3:\/\//);
    await df.write.mode("overwrite").json(`s3://${bucket}/lake/events`);
    expect((await spark.read.json(`s3://${bucket}/lake/events`)).count()).toBe(2);
    await expect(spark.read.json(`s3://${bucket}/nothing/here`)).rejects.toThrow(
      `[PATH_NOT_FOUND] Path does not exist: s3://${bucket}/nothing/here. SQLSTATE: 42K03`,
    );
  });

  it("on the embedded S3 a missing bucket is created on write", async () => {
    const { spark } = fileTestSession();
    const lake = `lake-${process.pid}-${Date.now().toString(36)}`;
    await spark.createDataFrame([[1]], "x INT").write.json(`s3://${lake}/t`);
    expect((await spark.read.json(`s3://${lake}/t`)).count()).toBe(1);
  });

  it("S3 refusing the credentials is an access-denied error naming the object", async () => {
    const { spark } = fileTestSession();
    const bad = new Map([
      ["kinesis.s3.endpointUrl", services.s3.endpoint!],
      ["kinesis.region", "us-east-1"],
      ["kinesis.awsAccessKeyId", "WRONG"],
      ["kinesis.awsSecretKey", "wrong"],
    ]);
    await expect(spark.read.options(bad).json(`s3://${bucket}/lake/events`)).rejects.toThrow(
      new RegExp(`S3 access denied \\((HEAD|LIST) s3://${bucket}/lake/events\\): check the credentials and the bucket policy`),
    );
  });

  it("a large object goes up as a multipart upload and reads back whole", async () => {
    const fs = await resolveFileSystem(`s3://${bucket}/big/blob.txt`);
    const big = Buffer.alloc(17 * 1024 * 1024, "abcdefghij\n");
    await fs.write(`s3://${bucket}/big/blob.txt`, big);
    const st = await fs.stat(`s3://${bucket}/big/blob.txt`);
    expect(st?.size).toBe(big.length);
    const back = await fs.read(`s3://${bucket}/big/blob.txt`);
    expect(Buffer.from(back).equals(big)).toBe(true);
  });

  it("the streaming file sink keeps its _spark_metadata log on S3", async () => {
    const { spark, dir } = fileTestSession();
    const input = new MemoryStream("id BIGINT, day STRING", spark);
    const q = await input
      .toDF()
      .writeStream.format("parquet")
      .partitionBy("day")
      .option("checkpointLocation", `${dir}/cp`)
      .start(`s3a://${bucket}/sink/out`);
    input.addData([1n, "a"], [2n, "b"]);
    await q.processAllAvailable();
    input.addData([3n, "a"]);
    await q.processAllAvailable();
    await q.stop();
    const fs = await resolveFileSystem(`s3://${bucket}/sink/out`);
    const log = new TextDecoder().decode(await fs.read(`s3://${bucket}/sink/out/_spark_metadata/1`));
    expect(log.split("\n")[0]).toBe("v1");
    expect(JSON.parse(log.split("\n")[1]!).path).toMatch(new RegExp(`^s3a://${bucket}/sink/out/day=a/part-00000-.*-c000\\.snappy\\.parquet$`));
    const back = await spark.read.parquet(`s3a://${bucket}/sink/out`);
    expect(plain(back.orderBy("id").collectValues())).toEqual([
      ["1n", "a"],
      ["2n", "b"],
      ["3n", "a"],
    ]);
  });
});
