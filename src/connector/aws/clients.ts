import * as http from "node:http";
import * as https from "node:https";
import { DynamoDBClient, type DynamoDBClientConfig } from "@aws-sdk/client-dynamodb";
import { KinesisClient, type KinesisClientConfig } from "@aws-sdk/client-kinesis";
import { S3Client, type S3ClientConfig } from "@aws-sdk/client-s3";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import type { AwsConnection } from "./connection";
import { isNonAwsEndpoint } from "./resolve";

/**
 * HTTP/1.1 with keep-alive. kinesis-mock breaks the SDK's HTTP/2 sessions (ERR_HTTP2_ERROR), so every emulator
 * endpoint gets this handler; real AWS endpoints keep the SDK default (the Kinesis client uses HTTP/2, which AWS
 * serves well, SubscribeToShard included). The choice is per endpoint: see emulated().
 */
function http1Handler(): NodeHttpHandler {
  return new NodeHttpHandler({
    httpAgent: new http.Agent({ keepAlive: true, maxSockets: 64 }),
    httpsAgent: new https.Agent({ keepAlive: true, maxSockets: 64 }),
  });
}

/** An embedded emulator, or any endpoint that is not an AWS host (another emulator, a test proxy). */
function emulated(c: AwsConnection, endpoint: string | undefined): boolean {
  return c.local || isNonAwsEndpoint(endpoint);
}

function base(c: AwsConnection, endpoint: string | undefined) {
  return {
    region: c.region,
    ...(endpoint ? { endpoint } : {}),
    ...(c.credentials ? { credentials: c.credentials } : {}),
    ...(emulated(c, endpoint) ? { requestHandler: http1Handler() } : {}),
  };
}

export function createKinesisClient(c: AwsConnection, extra: Partial<KinesisClientConfig> = {}): KinesisClient {
  return new KinesisClient({ ...base(c, c.kinesisEndpoint), ...extra });
}

export function createDynamoDBClient(c: AwsConnection, extra: Partial<DynamoDBClientConfig> = {}): DynamoDBClient {
  return new DynamoDBClient({ ...base(c, c.dynamodbEndpoint), ...extra });
}

export function createS3Client(c: AwsConnection, extra: Partial<S3ClientConfig> = {}): S3Client {
  const local: Partial<S3ClientConfig> = emulated(c, c.s3Endpoint)
    ? // s3rver: path-style buckets; no streaming checksums (it would store aws-chunked framing inside objects).
      { forcePathStyle: true, requestChecksumCalculation: "WHEN_REQUIRED", responseChecksumValidation: "WHEN_REQUIRED" }
    : {};
  return new S3Client({ ...base(c, c.s3Endpoint), ...local, ...extra });
}
