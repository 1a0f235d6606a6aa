import type { AwsConnection } from "./connection";

/** `https://kinesis.us-east-2.amazonaws.com` -> `us-east-2` (the connector's rule: the second dot label). */
export function regionFromEndpoint(endpoint: string): string | undefined {
  let host: string;
  try {
    host = new URL(endpoint).hostname;
  } catch {
    return undefined;
  }
  const labels = host.split(".");
  if (labels.length < 3 || !host.endsWith(".amazonaws.com") && !host.endsWith(".amazonaws.com.cn")) return undefined;
  return labels[1];
}

export interface AwsFlags {
  endpoint?: string;
  region?: string;
  profile?: string;
}

/**
 * Real-AWS mode: region from the flag, the endpoint or AWS_REGION/AWS_DEFAULT_REGION; endpoints from the flag or
 * AWS_ENDPOINT_URL_<SERVICE>/AWS_ENDPOINT_URL; credentials left to the SDK default chain (env vars, AWS_PROFILE).
 */
export function resolveAwsConnection(flags: AwsFlags = {}, env: NodeJS.ProcessEnv = process.env): AwsConnection {
  if (flags.profile) env.AWS_PROFILE = flags.profile;
  const kinesisEndpoint = flags.endpoint ?? env.AWS_ENDPOINT_URL_KINESIS ?? env.AWS_ENDPOINT_URL;
  const region =
    flags.region ??
    (kinesisEndpoint ? regionFromEndpoint(kinesisEndpoint) : undefined) ??
    env.AWS_REGION ??
    env.AWS_DEFAULT_REGION;
  if (!region) {
    throw new Error(
      "No AWS region: pass --region <aws-region>, set AWS_REGION, or give an endpoint like https://kinesis.<aws-region>.amazonaws.com",
    );
  }
  return {
    region,
    kinesisEndpoint,
    dynamodbEndpoint: env.AWS_ENDPOINT_URL_DYNAMODB ?? env.AWS_ENDPOINT_URL,
    s3Endpoint: env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL,
    stsEndpoint: env.AWS_ENDPOINT_URL_STS,
    local: false,
  };
}
