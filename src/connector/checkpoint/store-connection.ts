/**
 * Where the checkpoint stores and the DynamoDB metadata committer talk to: region, endpoint, credentials.
 *
 * Options (case-insensitive, the query's writer/reader options): `kinesis.region` (the connector's "region running
 * the connector", which it also uses for DynamoDB), then AWS_REGION; endpoints `kinesis.dynamodb.endpointUrl` /
 * `kinesis.s3.endpointUrl` (tspark additions: VPC endpoints, other emulators); static keys
 * `kinesis.awsAccessKeyId` + `kinesis.awsSecretKey` [+ `kinesis.sessionToken`], else the SDK default chain.
 * Without those, the process-wide connection the shell set (src/connector/aws/default-connection.ts: the embedded
 * dynalite/s3rver and their credentials in local mode, AWS endpoints/region from the environment otherwise) is the
 * default; `setLocalStoreDefaults` overrides it (tests).
 */
import type { AwsConnection } from "../aws/connection";
import { getDefaultConnection } from "../aws/default-connection";
import { isLoopbackEndpoint } from "../aws/resolve";
import type { AwsCredentials } from "../kinesis/connection";
import { KinesisOptionError, KinesisOptions } from "../kinesis/options";

export interface ServiceConnection {
  readonly region: string;
  /** Undefined: the SDK's regional AWS endpoint. */
  readonly endpoint?: string;
  readonly credentials?: AwsCredentials;
  /** True for an emulator on loopback (path-style S3, checksum only when required). */
  readonly local: boolean;
}

/** Local defaults for DynamoDB and S3, set by whoever starts the embedded services (shell, tests). */
export interface LocalStoreDefaults {
  readonly region: string;
  readonly dynamodbEndpoint?: string;
  readonly s3Endpoint?: string;
  readonly credentials?: AwsCredentials;
  readonly s3Credentials?: AwsCredentials;
  /** False for a real-AWS default connection (endpoints from AWS_ENDPOINT_URL_*): no emulator tweaks. */
  readonly local?: boolean;
}

let localDefaults: LocalStoreDefaults | undefined;

export function setLocalStoreDefaults(defaults: LocalStoreDefaults | undefined): void {
  localDefaults = defaults;
}

/** The explicit override, else the shell's process-wide connection. */
export function getLocalStoreDefaults(): LocalStoreDefaults | undefined {
  if (localDefaults) return localDefaults;
  const shared = getDefaultConnection();
  return shared ? fromAwsConnection(shared) : undefined;
}

export function fromAwsConnection(c: AwsConnection): LocalStoreDefaults {
  return {
    region: c.region,
    dynamodbEndpoint: c.dynamodbEndpoint,
    s3Endpoint: c.s3Endpoint,
    credentials: c.credentials,
    local: c.local,
  };
}

/** One service's connection out of a shared AwsConnection. */
export function serviceConnectionFrom(c: AwsConnection, service: "dynamodb" | "s3"): ServiceConnection {
  const endpoint = service === "dynamodb" ? c.dynamodbEndpoint : c.s3Endpoint;
  return { region: c.region, endpoint, credentials: c.credentials, local: c.local };
}

export function resolveServiceConnection(
  service: "dynamodb" | "s3",
  options: ReadonlyMap<string, string> | KinesisOptions,
  local: LocalStoreDefaults | undefined = getLocalStoreDefaults(),
): ServiceConnection {
  const o = options instanceof KinesisOptions ? options : new KinesisOptions(options);
  const given = o.get(`kinesis.${service}.endpointUrl`);
  const localEndpoint = service === "dynamodb" ? local?.dynamodbEndpoint : local?.s3Endpoint;
  const endpoint = given ?? localEndpoint;
  const useLocal = given === undefined && localEndpoint !== undefined;
  const region =
    o.get("kinesis.region") ??
    (useLocal || local?.local === false ? local?.region : undefined) ??
    process.env.AWS_REGION ??
    process.env.AWS_DEFAULT_REGION ??
    (endpoint !== undefined && isLoopbackEndpoint(endpoint) ? "us-east-1" : undefined);
  if (region === undefined) {
    throw new KinesisOptionError(
      `Cannot tell the AWS region for the ${service === "s3" ? "S3" : "DynamoDB"} checkpoint: set kinesis.region (or AWS_REGION)`,
    );
  }
  const keyId = o.get("kinesis.awsAccessKeyId");
  const secret = o.get("kinesis.awsSecretKey");
  let credentials: AwsCredentials | undefined;
  if (keyId !== undefined && secret !== undefined) {
    const token = o.get("kinesis.sessionToken");
    credentials = token ? { accessKeyId: keyId, secretAccessKey: secret, sessionToken: token } : { accessKeyId: keyId, secretAccessKey: secret };
  }
  // s3rver only accepts its own fixed keys, so the local S3 keeps them even when Kinesis keys were given.
  if (useLocal && local) credentials = service === "s3" ? (local.s3Credentials ?? local.credentials) : (credentials ?? local.credentials);
  const emulator = (useLocal && local?.local !== false) || (endpoint !== undefined && isLoopbackEndpoint(endpoint));
  return { region, endpoint, credentials, local: emulator };
}

// Client constructors are in store-clients.ts: importing this file must not load the AWS SDK.
