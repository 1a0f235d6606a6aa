/**
 * SDK clients for a resolved KinesisConnection (resolution itself lives in resolve-connection.ts and is re-exported
 * here, so `import { resolveConnection, createKinesisClient } from "./connection"` keeps working).
 */
import * as http from "node:http";
import * as https from "node:https";
import { KinesisClient } from "@aws-sdk/client-kinesis";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { HttpProxyAgent } from "http-proxy-agent";
import { HttpsProxyAgent } from "https-proxy-agent";
import { KinesisOptionError } from "./options";
import type { KinesisConnection } from "./resolve-connection";

export * from "./resolve-connection";

export interface ClientTuning {
  /** Socket idle timeout; 0 for long-lived SubscribeToShard streams. */
  readonly requestTimeoutMs?: number;
  readonly connectionTimeoutMs?: number;
  /** For SubscribeToShard: on AWS keep the SDK's HTTP/2 handler (event streams need it there). */
  readonly eventStream?: boolean;
}

/**
 * One SDK client per query. SDK retries are off (maxAttempts 1): retry.ts owns backoff so every retry is counted
 * and bounded by the user's options. HTTP/1.1 with keep-alive, except SubscribeToShard on AWS (the SDK's HTTP/2
 * handler): the emulators break with the SDK's HTTP/2 client (local-aws.md) but serve event streams over HTTP/1.1.
 */
export function createKinesisClient(conn: KinesisConnection, tuning: ClientTuning = {}): KinesisClient {
  const requestTimeout = tuning.requestTimeoutMs ?? 10_000;
  const connectionTimeout = tuning.connectionTimeoutMs ?? 5_000;
  if (tuning.eventStream && isAwsEndpoint(conn.endpoint)) {
    if (conn.proxy !== undefined) {
      // The SDK's HTTP/2 handler (needed for SubscribeToShard on AWS) takes no agent, so no proxy.
      throw new KinesisOptionError(
        "kinesis.consumerType SubscribeToShard cannot go through a proxy to AWS (fan-out needs HTTP/2, which the proxy agent does not carry): use GetRecords, or reach Kinesis without the proxy",
      );
    }
    return new KinesisClient({ region: conn.region, endpoint: conn.endpoint, credentials: conn.credentials, maxAttempts: 1 });
  }
  return new KinesisClient({
    region: conn.region,
    endpoint: conn.endpoint,
    credentials: conn.credentials,
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ ...agents(conn.proxy), requestTimeout, connectionTimeout }),
  });
}

/**
 * Keep-alive agents; through the proxy when one is set (the connector's #21): CONNECT tunnels for https://
 * endpoints (https-proxy-agent), absolute-URI requests for http:// ones (http-proxy-agent).
 */
function agents(proxy: string | undefined): { httpAgent: http.Agent; httpsAgent: https.Agent } {
  if (proxy === undefined) {
    return { httpAgent: new http.Agent({ keepAlive: true, maxSockets: 64 }), httpsAgent: new https.Agent({ keepAlive: true, maxSockets: 64 }) };
  }
  return {
    httpAgent: new HttpProxyAgent(proxy, { keepAlive: true, maxSockets: 64 }),
    httpsAgent: new HttpsProxyAgent(proxy, { keepAlive: true, maxSockets: 64 }) as unknown as https.Agent,
  };
}

/** The SDK's regional endpoint or an *.amazonaws.com(.cn) URL (emulators on other hosts keep HTTP/1.1). */
function isAwsEndpoint(endpoint: string | undefined): boolean {
  if (endpoint === undefined) return true;
  try {
    return /\.amazonaws\.com(\.cn)?$/.test(new URL(endpoint).hostname);
  } catch {
    return false;
  }
}
