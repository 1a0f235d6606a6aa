import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CreateTableCommand, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, describe, expect, it } from "vitest";
import { createDynamoDBClient, createS3Client } from "../../../src/connector/aws/clients";
import { startLocalServices } from "../../../src/connector/local/services";
import { createTestBucket, createTestStream, putTestRecords, readAllRecords } from "../../helpers/aws";

describe("dataDir", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tspark-datadir-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("streams, records, tables and objects survive a restart", async () => {
    const first = await startLocalServices({ dataDir: dir, fastTimings: true });
    try {
      const conn = first.connection;
      const ddb = createDynamoDBClient(conn);
      await ddb.send(
        new CreateTableCommand({
          TableName: "kept",
          BillingMode: "PAY_PER_REQUEST",
          AttributeDefinitions: [{ AttributeName: "k", AttributeType: "S" }],
          KeySchema: [{ AttributeName: "k", KeyType: "HASH" }],
        }),
      );
      ddb.destroy();
      await createTestBucket(conn, "kept");
      const s3 = createS3Client(conn);
      await s3.send(new PutObjectCommand({ Bucket: "kept", Key: "k", Body: "v" }));
      s3.destroy();
      // Kinesis last, right before stop(): kinesis-local persists periodically, stop() must not lose these.
      await createTestStream(conn, "kept", 1);
      await putTestRecords(conn, "kept", [{ data: "r1", partitionKey: "a" }, { data: "r2", partitionKey: "b" }]);
    } finally {
      await first.stop();
    }

    const second = await startLocalServices({ dataDir: dir, fastTimings: true });
    try {
      const conn = second.connection;
      expect((await readAllRecords(conn, "kept")).map((r) => r.data)).toEqual(["r1", "r2"]);
      const ddb = createDynamoDBClient(conn);
      expect((await ddb.send(new ListTablesCommand({}))).TableNames).toContain("kept");
      ddb.destroy();
      const s3 = createS3Client(conn);
      const got = await s3.send(new GetObjectCommand({ Bucket: "kept", Key: "k" }));
      expect(await got.Body?.transformToString()).toBe("v");
      s3.destroy();
    } finally {
      await second.stop();
    }
  });
});
