import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type AwsConnection, type AwsCredentials, LOCAL_CREDENTIALS, LOCAL_REGION } from "./connection";

/**
 * `https://kinesis.us-east-2.amazonaws.com` -> `us-east-2`: the first host label shaped like a region, so FIPS
 * (`kinesis-fips.us-east-1...`) and VPC endpoints (`vpce-1.kinesis.eu-west-1.vpce.amazonaws.com`) work too.
 */
export function regionFromEndpoint(endpoint: string): string | undefined {
  const host = hostOf(endpoint);
  if (!host || !isAwsHost(host)) return undefined;
  return host.split(".").find((l) => /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d+$/.test(l));
}

function hostOf(endpoint: string): string | undefined {
  try {
    return new URL(endpoint).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

function isAwsHost(host: string): boolean {
  return host.endsWith(".amazonaws.com") || host.endsWith(".amazonaws.com.cn") || host.endsWith(".api.aws");
}

/** True for an endpoint on this machine (an emulator: ours from `npm run local`, or another one). */
export function isLoopbackEndpoint(endpoint: string | undefined): boolean {
  const host = endpoint ? hostOf(endpoint) : undefined;
  return host === "localhost" || host === "[::1]" || host === "::1" || (host?.startsWith("127.") ?? false);
}

/** True when the endpoint is not an AWS host (an emulator or a proxy): such endpoints get the emulator client settings. */
export function isNonAwsEndpoint(endpoint: string | undefined): boolean {
  const host = endpoint ? hostOf(endpoint) : undefined;
  return host !== undefined && !isAwsHost(host);
}

export interface AwsFlags {
  endpoint?: string;
  region?: string;
  profile?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
}

/** `region = ...` of a profile in ~/.aws/config (or AWS_CONFIG_FILE); the SDK reads credentials itself. */
function regionOfProfile(profile: string, env: NodeJS.ProcessEnv): string | undefined {
  const file = env.AWS_CONFIG_FILE ?? path.join(os.homedir(), ".aws", "config");
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  const wanted = profile === "default" ? ["default", "profile default"] : [`profile ${profile}`];
  let inSection = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const section = /^\[\s*(.+?)\s*]$/.exec(line);
    if (section) {
      inSection = wanted.includes(section[1]!);
      continue;
    }
    const kv = /^region\s*=\s*(\S+)/.exec(line);
    if (inSection && kv) return kv[1];
  }
  return undefined;
}

/**
 * Real-AWS mode (nothing local starts): region from the flag, the endpoint URL, AWS_REGION/AWS_DEFAULT_REGION or
 * the profile's config; endpoints from the flag or AWS_ENDPOINT_URL_<SERVICE>/AWS_ENDPOINT_URL; credentials from the
 * flags, else the SDK default chain (env vars, AWS_PROFILE / --profile, SSO, instance roles). An endpoint on
 * 127.0.0.1/localhost is taken for an emulator: region us-east-1 and the emulator credentials unless given.
 */
export function resolveAwsConnection(flags: AwsFlags = {}, env: NodeJS.ProcessEnv = process.env): AwsConnection {
  // The SDK's default chain reads AWS_PROFILE when it resolves credentials, so a --profile flag is handed on there.
  if (flags.profile) env.AWS_PROFILE = flags.profile;
  const kinesisEndpoint = flags.endpoint ?? env.AWS_ENDPOINT_URL_KINESIS ?? env.AWS_ENDPOINT_URL;
  const loopback = isLoopbackEndpoint(kinesisEndpoint);
  const profile = flags.profile ?? env.AWS_PROFILE;
  const region =
    flags.region ??
    (kinesisEndpoint ? regionFromEndpoint(kinesisEndpoint) : undefined) ??
    env.AWS_REGION ??
    env.AWS_DEFAULT_REGION ??
    regionOfProfile(profile ?? "default", env) ??
    (loopback ? LOCAL_REGION : undefined);
  if (!region) {
    throw new Error(
      "No AWS region: pass --region <aws-region>, set AWS_REGION, give an endpoint like https://kinesis.<aws-region>.amazonaws.com, or set region in the AWS profile",
    );
  }
  if ((flags.accessKeyId === undefined) !== (flags.secretAccessKey === undefined)) {
    throw new Error("Give both --access-key-id and --secret-access-key (or neither, to use the AWS default credential chain)");
  }
  let credentials: AwsCredentials | undefined;
  if (flags.accessKeyId && flags.secretAccessKey) {
    credentials = { accessKeyId: flags.accessKeyId, secretAccessKey: flags.secretAccessKey, sessionToken: flags.sessionToken };
  } else if (loopback && !env.AWS_ACCESS_KEY_ID && !profile) {
    // An emulator takes any key (s3rver insists on S3RVER/S3RVER); the default chain would fail with no AWS set-up.
    credentials = { ...LOCAL_CREDENTIALS };
  }
  return {
    region,
    kinesisEndpoint,
    dynamodbEndpoint: env.AWS_ENDPOINT_URL_DYNAMODB ?? env.AWS_ENDPOINT_URL,
    s3Endpoint: env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL,
    stsEndpoint: env.AWS_ENDPOINT_URL_STS,
    credentials,
    local: loopback,
  };
}
