/**
 * Where and as whom we talk to Kinesis, resolved once per query from options (shared by source and sink).
 *
 * Order: `kinesis.endpointUrl` if given; otherwise the embedded local Kinesis when tspark runs locally
 * (a default connection is set); otherwise the public AWS endpoint of the region. Region: `kinesis.kinesisRegion`,
 * then `kinesis.region`, then parsed from an AWS endpoint URL, then AWS_REGION. Credentials: static keys
 * (`kinesis.awsAccessKeyId` + `kinesis.awsSecretKey` [+ `kinesis.sessionToken`]), optionally used to assume
 * `kinesis.stsRoleArn`; otherwise the SDK default chain. `describe` never contains a secret.
 *
 * Local mode (the shell's embedded services): an endpoint or region naming AWS — `https://kinesis.us-east-1.amazonaws.com`,
 * or the blog's `<aws-region>` placeholders as pasted — is served by the embedded Kinesis, so the blog's code runs
 * as written; `servedLocally` says what was replaced and the caller prints it once (see local-notice.ts). A loopback
 * endpoint (a user's own emulator) is used as given. On AWS, a placeholder is an error naming it (options.ts).
 */
import { isLoopbackEndpoint } from "../aws/resolve";
import { type DefaultAwsConnection, defaultConnection } from "./local-default";
import { KinesisOptionError, type KinesisOptions } from "./options";
import { parseStreamArn } from "./stream-arn";

export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
}

export type CredentialSource = AwsCredentials | (() => Promise<AwsCredentials>);

export interface KinesisConnection {
  /** Undefined = the SDK's regional AWS endpoint. */
  readonly endpoint?: string;
  readonly region: string;
  /** Undefined = SDK default credential chain. */
  readonly credentials?: CredentialSource;
  /** An HTTP(S) proxy URL (with user:password if given) every Kinesis call goes through; see proxyOf. */
  readonly proxy?: string;
  /** True for the embedded emulator (HTTP/1.1 handler, see local-aws.md trap on HTTP/2). */
  readonly local: boolean;
  /** "endpoint http://127.0.0.1:4568, region us-east-1": for errors and explain; never secrets. */
  readonly describe: string;
  /** Local mode: the AWS endpoint (or region) the options named, served by the embedded Kinesis instead. */
  readonly servedLocally?: string;
}

/** `<aws-region>`, `<region>`...: a placeholder left in from documentation (options.ts rejects them elsewhere). */
const PLACEHOLDER = /<[^<>]*>/;

/** True for the public and FIPS/China Kinesis endpoints of AWS (https://kinesis.<region>.amazonaws.com[.cn]). */
export function isAwsEndpoint(endpoint: string): boolean {
  if (PLACEHOLDER.test(endpoint)) return /amazonaws\.com/i.test(endpoint);
  try {
    return /(^|\.)amazonaws\.com(\.cn)?$/i.test(new URL(endpoint).hostname);
  } catch {
    return false;
  }
}

/** Region from an AWS endpoint such as https://kinesis.us-east-2.amazonaws.com or a VPC endpoint URL. */
export function regionFromEndpoint(endpoint: string): string | undefined {
  let host: string;
  try {
    host = new URL(endpoint).hostname;
  } catch {
    return undefined;
  }
  const labels = host.split(".");
  const region = labels.find((l) => /^[a-z]{2}(-[a-z]+)+-\d+$/.test(l));
  if (region) return region;
  // The connector's rule: the second dot label, when the host has at least three.
  return labels.length >= 3 && /^[a-z0-9-]+$/.test(labels[1]) && !/^\d+$/.test(labels[1]) ? labels[1] : undefined;
}

/** An endpoint for messages: user:password@ (if anyone put it there) removed. */
function withoutUserInfo(endpoint: string): string {
  try {
    const u = new URL(endpoint);
    if (!u.username && !u.password) return endpoint;
    u.username = "";
    u.password = "";
    return u.toString().replace(/\/$/, "");
  } catch {
    return endpoint;
  }
}

export function resolveConnection(
  opts: KinesisOptions,
  local: DefaultAwsConnection | undefined = defaultConnection(),
): KinesisConnection {
  // Raw values: a placeholder such as <aws-region> is fine in local mode; elsewhere get() rejects it.
  const asked = opts.raw("kinesis.endpointUrl");
  const askedRegion = opts.raw("kinesis.kinesisRegion") ?? opts.raw("kinesis.region");
  const embedded = local?.local === true && local.kinesisEndpoint !== undefined ? local : undefined;
  if (embedded && (asked === undefined ? askedRegion !== undefined && askedRegion !== embedded.region : isAwsEndpoint(asked))) {
    // Local mode and the options name AWS: the embedded Kinesis serves it (its streams live in its own region).
    return {
      endpoint: embedded.kinesisEndpoint,
      region: embedded.region,
      credentials: embedded.credentials,
      local: true,
      describe: `endpoint ${embedded.kinesisEndpoint}, region ${embedded.region} (embedded local Kinesis)`,
      servedLocally: asked !== undefined ? withoutUserInfo(asked) : `region ${askedRegion}`,
    };
  }
  const given = opts.get("kinesis.endpointUrl");
  if (given !== undefined) {
    try {
      new URL(given);
    } catch {
      throw new KinesisOptionError(
        `kinesis.endpointUrl '${given}' is not a URL: use e.g. https://kinesis.us-east-1.amazonaws.com`,
      );
    }
  }
  // No endpoint given: the default connection's (the embedded Kinesis locally; none on AWS = regional endpoint).
  const useDefault = given === undefined && local !== undefined;
  const useLocal = useDefault && local.local && local.kinesisEndpoint !== undefined;
  const endpoint = given ?? (useDefault ? local.kinesisEndpoint : undefined);
  const region =
    kinesisRegionOf(opts, endpoint) ??
    opts.get("kinesis.region") ??
    (endpoint ? regionFromEndpoint(endpoint) : undefined) ??
    streamArnRegion(opts) ??
    (useDefault ? local.region : undefined) ??
    (endpoint !== undefined && isLoopbackEndpoint(endpoint) ? "us-east-1" : undefined) ??
    process.env.AWS_REGION ??
    process.env.AWS_DEFAULT_REGION;
  if (region === undefined) {
    throw new KinesisOptionError(
      endpoint === undefined
        ? "kinesis.endpointUrl is not specified (and no local Kinesis is running): set kinesis.endpointUrl, or kinesis.region to use the public AWS endpoint"
        : `Cannot determine the region from kinesis.endpointUrl '${withoutUserInfo(endpoint)}': set kinesis.region`,
    );
  }
  const keyId = opts.get("kinesis.awsAccessKeyId");
  const secret = opts.get("kinesis.awsSecretKey");
  if ((keyId === undefined) !== (secret === undefined)) {
    throw new KinesisOptionError("kinesis.awsAccessKeyId and kinesis.awsSecretKey must be set together");
  }
  const roleArn = opts.get("kinesis.stsRoleArn");
  const sessionName = opts.get("kinesis.stsSessionName");
  if ((roleArn === undefined) !== (sessionName === undefined)) {
    throw new KinesisOptionError("kinesis.stsRoleArn and kinesis.stsSessionName must be set together");
  }
  let credentials: CredentialSource | undefined;
  if (keyId !== undefined && secret !== undefined) {
    const token = opts.get("kinesis.sessionToken");
    credentials = token ? { accessKeyId: keyId, secretAccessKey: secret, sessionToken: token } : { accessKeyId: keyId, secretAccessKey: secret };
  } else if (useDefault) {
    credentials = local.credentials;
  }
  if (roleArn !== undefined && sessionName !== undefined) {
    credentials = assumeRoleCredentials(roleArn, sessionName, region, opts.get("kinesis.stsEndpointUrl"), credentials);
  }
  const isLocal = useLocal || (endpoint !== undefined && isLoopbackEndpoint(endpoint));
  const where = endpoint ? `endpoint ${withoutUserInfo(endpoint)}` : "the AWS endpoint";
  return {
    endpoint,
    region,
    credentials,
    proxy: proxyOf(opts),
    local: isLocal,
    describe: `${where}, region ${region}${useLocal ? " (embedded local Kinesis)" : ""}${opts.has("kinesis.sink.proxyAddress") || opts.has("kinesis.proxyAddress") ? ", through a proxy" : ""}`,
  };
}

/**
 * The region the Kinesis client signs for, as the connector decides it (KinesisOptions.scala: kinesisRegion is the
 * option or the endpoint's region; `kinesis.region` is the application's, for its DynamoDB table): for an AWS
 * endpoint, `kinesis.kinesisRegion` or the endpoint's region, never `kinesis.region`. A `kinesis.kinesisRegion`
 * that contradicts the endpoint is refused: AWS would reject every request signed for another region.
 */
function kinesisRegionOf(opts: KinesisOptions, endpoint: string | undefined): string | undefined {
  const explicit = opts.get("kinesis.kinesisRegion");
  const fromEndpoint = endpoint !== undefined && isAwsHost(endpoint) ? regionFromEndpoint(endpoint) : undefined;
  if (explicit !== undefined && fromEndpoint !== undefined && explicit !== fromEndpoint) {
    throw new KinesisOptionError(
      `kinesis.kinesisRegion '${explicit}' contradicts kinesis.endpointUrl '${withoutUserInfo(endpoint!)}' (region ${fromEndpoint}): requests signed for ${explicit} would be refused there; set kinesis.kinesisRegion to ${fromEndpoint}, or use the endpoint of ${explicit}`,
    );
  }
  return explicit ?? fromEndpoint;
}

function isAwsHost(endpoint: string): boolean {
  try {
    return /\.amazonaws\.com(\.cn)?$/.test(new URL(endpoint).hostname);
  } catch {
    return false;
  }
}

/** The region of a stream ARN given as `kinesis.streamName` (source-options.ts streamNameOption). */
function streamArnRegion(opts: KinesisOptions): string | undefined {
  const name = opts.get("kinesis.streamName");
  return name === undefined ? undefined : parseStreamArn(name)?.region;
}

/**
 * The proxy (the connector's #21): its sink's `kinesis.sink.proxyAddress/proxyPort/proxyUsername/proxyPassword`
 * (handed to the KPL there), or tspark's `kinesis.proxyAddress/...` for the source (the connector's source has
 * none). The address is a host name or a URL; the port is required (in the URL or as proxyPort).
 */
export function proxyOf(opts: KinesisOptions): string | undefined {
  const pick = (name: string) => opts.get(`kinesis.sink.${name}`) ?? opts.get(`kinesis.${name}`);
  const address = pick("proxyAddress");
  const port = pick("proxyPort");
  const user = pick("proxyUsername");
  const password = pick("proxyPassword");
  if (address === undefined) {
    if (port !== undefined || user !== undefined || password !== undefined) {
      throw new KinesisOptionError("A proxy port, user name or password was given without kinesis.sink.proxyAddress (or kinesis.proxyAddress): set the proxy's host");
    }
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(address.includes("://") ? address : `http://${address}`);
  } catch {
    throw new KinesisOptionError(`Proxy address '${address}' is neither a host name nor a URL: use e.g. proxy.example.com or http://proxy.example.com:3128`);
  }
  if (port !== undefined) {
    if (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
      throw new KinesisOptionError(`Invalid value '${port}' for option 'kinesis.sink.proxyPort', must be a port number (1-65535)`);
    }
    url.port = port;
  } else if (!url.port) {
    throw new KinesisOptionError(`Proxy '${address}' has no port: set kinesis.sink.proxyPort (or kinesis.proxyPort), or give the address as http://host:port`);
  }
  if ((user === undefined) !== (password === undefined)) {
    throw new KinesisOptionError("The proxy user name and password must be set together");
  }
  if (user !== undefined && password !== undefined) {
    url.username = encodeURIComponent(user);
    url.password = encodeURIComponent(password);
  }
  return url.toString().replace(/\/$/, "");
}

/** Credentials of an assumed role, refreshed a minute before they expire. */
function assumeRoleCredentials(
  roleArn: string,
  sessionName: string,
  region: string,
  stsEndpoint: string | undefined,
  base: CredentialSource | undefined,
): () => Promise<AwsCredentials> {
  let cached: AwsCredentials | undefined;
  let sts: import("@aws-sdk/client-sts").STSClient | undefined;
  return async () => {
    if (cached?.expiration && cached.expiration.getTime() - Date.now() > 60_000) return cached;
    // Loaded on first use: resolving options (at load()) must not pull in the AWS SDK.
    const { AssumeRoleCommand, STSClient } = await import("@aws-sdk/client-sts");
    sts ??= new STSClient({ region, endpoint: stsEndpoint, credentials: base });
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName }));
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`AssumeRole ${roleArn} returned no credentials`);
    cached = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
    return cached;
  };
}
