/**
 * DynamoDB and S3 endpoints for the checkpoint tests. Uses TSPARK_TEST_DYNAMODB_ENDPOINT / TSPARK_TEST_S3_ENDPOINT
 * when set (e.g. by the shared global set-up); otherwise starts a private dynalite + s3rver child process on
 * 127.0.0.1 for this test file and stops it by PID afterwards. s3rver runs with --openssl-legacy-provider (without
 * it, truncated listings answer HTTP 500 on Node 20).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { CreateBucketCommand } from "@aws-sdk/client-s3";
import { createS3ClientFor } from "../../../src/connector/checkpoint/store-clients";
import type { LocalStoreDefaults, ServiceConnection } from "../../../src/connector/checkpoint/store-connection";

const ROOT = path.resolve(__dirname, "../../..");

const CHILD = `
const dynalite = require("dynalite");
const S3rver = require("s3rver");
(async () => {
  const d = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise((r) => d.listen(0, "127.0.0.1", r));
  const s3 = new S3rver({ address: "127.0.0.1", port: 0, directory: process.argv[1], silent: true });
  const addr = await s3.run();
  process.stdout.write(JSON.stringify({ dynamodb: d.address().port, s3: addr.port }) + "\\n");
})().catch((e) => { console.error(e); process.exit(1); });
`;

export interface StoreServices {
  readonly dynamodb: ServiceConnection;
  readonly s3: ServiceConnection;
  readonly defaults: LocalStoreDefaults;
  stop(): Promise<void>;
}

const DYNAMO_CREDS = { accessKeyId: "AKIDTEST", secretAccessKey: "test-secret" };
const S3_CREDS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

function connections(dynamoEndpoint: string, s3Endpoint: string): Omit<StoreServices, "stop"> {
  return {
    dynamodb: { region: "us-east-1", endpoint: dynamoEndpoint, credentials: DYNAMO_CREDS, local: true },
    s3: { region: "us-east-1", endpoint: s3Endpoint, credentials: S3_CREDS, local: true },
    defaults: {
      region: "us-east-1",
      dynamodbEndpoint: dynamoEndpoint,
      s3Endpoint,
      credentials: DYNAMO_CREDS,
      s3Credentials: S3_CREDS,
    },
  };
}

export async function startStoreServices(): Promise<StoreServices> {
  const envD = process.env.TSPARK_TEST_DYNAMODB_ENDPOINT;
  const envS = process.env.TSPARK_TEST_S3_ENDPOINT;
  if (envD && envS) return { ...connections(envD, envS), stop: async () => {} };
  const dir = mkdtempSync(path.join(tmpdir(), "tspark-s3rver-"));
  const child: ChildProcess = spawn(process.execPath, ["--openssl-legacy-provider", "-e", CHILD, dir], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const ports = await new Promise<{ dynamodb: number; s3: number }>((resolve, reject) => {
    let buf = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      buf += chunk.toString();
      const line = buf.split("\n")[0];
      if (buf.includes("\n")) resolve(JSON.parse(line!) as { dynamodb: number; s3: number });
    });
    child.once("exit", (code) => reject(new Error(`store services exited with ${code}`)));
  });
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  return { ...connections(`http://127.0.0.1:${ports.dynamodb}`, `http://127.0.0.1:${ports.s3}`), stop };
}

let counter = 0;
export function uniqueName(prefix: string): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter++}`.toLowerCase();
}

export async function createBucket(s3: ServiceConnection): Promise<string> {
  const bucket = uniqueName("cp");
  const client = createS3ClientFor(s3);
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  client.destroy();
  return bucket;
}
