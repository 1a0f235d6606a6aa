/**
 * SDK clients for the checkpoint stores and committers, from a ServiceConnection (store-connection.ts). Kept apart
 * so resolving options never loads the AWS SDK.
 */
import * as http from "node:http";
import * as https from "node:https";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import type { ServiceConnection } from "./store-connection";

function handler(): NodeHttpHandler {
  return new NodeHttpHandler({
    httpAgent: new http.Agent({ keepAlive: true, maxSockets: 32 }),
    httpsAgent: new https.Agent({ keepAlive: true, maxSockets: 32 }),
    requestTimeout: 30_000,
    connectionTimeout: 5_000,
  });
}

/** SDK retries off: metadata-retry.ts owns retrying with the user's options. */
export function createDynamoDBClientFor(conn: ServiceConnection): DynamoDBClient {
  return new DynamoDBClient({
    region: conn.region,
    endpoint: conn.endpoint,
    credentials: conn.credentials,
    maxAttempts: 1,
    requestHandler: handler(),
  });
}

export function createS3ClientFor(conn: ServiceConnection): S3Client {
  return new S3Client({
    region: conn.region,
    endpoint: conn.endpoint,
    credentials: conn.credentials,
    maxAttempts: 1,
    requestHandler: handler(),
    // Emulators: bucket in the path, and no aws-chunked streaming checksums (s3rver would store the framing).
    forcePathStyle: conn.local || conn.endpoint !== undefined,
    requestChecksumCalculation: conn.local ? "WHEN_REQUIRED" : "WHEN_SUPPORTED",
    responseChecksumValidation: conn.local ? "WHEN_REQUIRED" : "WHEN_SUPPORTED",
  });
}
