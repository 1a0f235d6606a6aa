import { spawn } from "node:child_process";
import * as net from "node:net";
import * as path from "node:path";
import { ConditionalCheckFailedException, CreateTableCommand, GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, describe, expect, it } from "vitest";
import { createDynamoDBClient, createS3Client } from "../../../src/connector/aws/clients";
import { portAnswers } from "../../../src/connector/local/free-port";
import { startLocalServices } from "../../../src/connector/local/services";
import { createTestBucket, createTestStream, putTestRecords, readAllRecords, testConnection, uniqueName } from "../../helpers/aws";

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function waitPortClosed(port: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!(await portAnswers(port, 200))) return true;
    await sleep(100);
  }
  return false;
}

describe("embedded services started by the global set-up", () => {
  for (const backend of ["kinesis-local", "kinesalite"] as const) {
    it(`${backend}: a 2-shard stream takes PutRecords and gives them back with GetRecords`, async () => {
      const conn = testConnection(backend);
      const stream = uniqueName("local");
      await createTestStream(conn, stream, 2);
      const records = Array.from({ length: 20 }, (_, i) => ({ data: `{"n":${i}}`, partitionKey: `pk-${i}` }));
      await putTestRecords(conn, stream, records);
      const back = await readAllRecords(conn, stream);
      expect(back.map((r) => r.data).sort()).toEqual(records.map((r) => r.data).sort());
      expect(new Set(back.map((r) => r.shardId)).size).toBe(2);
    });
  }

  it("dynalite: a conditional put refuses a second writer", async () => {
    const ddb = createDynamoDBClient(testConnection());
    const table = uniqueName("t");
    await ddb.send(
      new CreateTableCommand({
        TableName: table,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [{ AttributeName: "k", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "k", KeyType: "HASH" }],
      }),
    );
    const put = (writer: string) =>
      ddb.send(
        new PutItemCommand({
          TableName: table,
          Item: { k: { S: "batch-0" }, writer: { S: writer } },
          ConditionExpression: "attribute_not_exists(k)",
        }),
      );
    await put("first");
    await expect(put("second")).rejects.toBeInstanceOf(ConditionalCheckFailedException);
    const got = await ddb.send(new GetItemCommand({ TableName: table, Key: { k: { S: "batch-0" } }, ConsistentRead: true }));
    expect(got.Item?.writer?.S).toBe("first");
    ddb.destroy();
  });

  it("s3rver: an object round trip", async () => {
    const conn = testConnection();
    const bucket = uniqueName("b");
    await createTestBucket(conn, bucket);
    const s3 = createS3Client(conn);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "cp/offsets/0", Body: "v1\n{}" }));
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: "cp/offsets/0" }));
    expect(await got.Body?.transformToString()).toBe("v1\n{}");
    s3.destroy();
  });
});

describe("startLocalServices lifecycle", () => {
  const stops: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const s of stops) await s();
  });

  it("stop() closes every port", async () => {
    const s = await startLocalServices({ services: ["kinesis", "dynamodb", "s3"], kinesisBackend: "kinesalite" });
    const ports = Object.values(s.endpoints).map((e) => Number(new URL(e!).port));
    for (const p of ports) expect(await portAnswers(p)).toBe(true);
    await s.stop();
    for (const p of ports) expect(await waitPortClosed(p, 5000)).toBe(true);
  });

  it("no service (kinesis-local included) outlives a parent killed with SIGKILL", async () => {
    const script = path.join(__dirname, "start-and-print.ts");
    const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", script], {
      cwd: path.join(__dirname, "../../.."),
      stdio: ["ignore", "pipe", "pipe"],
    });
    const ports = await new Promise<number[]>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        const m = out.match(/PORTS (\S+)/);
        if (m) resolve(m[1].split(",").map(Number));
      });
      child.once("exit", (code) => reject(new Error(`child exited early (${code}): ${out}`)));
    });
    expect(ports.length).toBe(3);
    child.kill("SIGKILL");
    for (const p of ports) expect(await waitPortClosed(p, 10_000)).toBe(true);
  });

  it("a port already in use is an error naming the service, the port and the log", async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", () => r()));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      await expect(startLocalServices({ services: ["dynamodb"], ports: { dynamodb: port } })).rejects.toThrow(
        new RegExp(`dynalite on 127\\.0\\.0\\.1:${port} could not start: port ${port} is already in use[\\s\\S]*Last log lines`),
      );
    } finally {
      blocker.close();
    }
  });

  it("a package that fails to start is an error naming the service, the port and its last log lines", async () => {
    await expect(
      startLocalServices({ services: ["kinesis"], env: { KINESIS_MOCK_CERT_PATH: "/nonexistent/tspark-cert.json" } }),
    ).rejects.toThrow(/kinesis-local on 127\.0\.0\.1:\d+ exited during start-up \(code 1\)\.\nLast log lines:[\s\S]*tspark-cert\.json/);
  });

  it("a service that never answers fails within the bounded time", async () => {
    await expect(
      startLocalServices({ services: ["kinesis"], kinesisBackend: "kinesis-local", startTimeoutMs: 10 }),
    ).rejects.toThrow(/kinesis-local on 127\.0\.0\.1:\d+ did not answer within 0 s/);
  });
});
