/**
 * Adapter over the process-wide default connection (src/connector/aws/default-connection.ts, set by the shell at
 * start-up: the embedded emulators, or AWS with `--aws`), so the Kinesis connector depends on one small shape only.
 */
import { getDefaultConnection } from "../aws/default-connection";
import type { AwsCredentials } from "./resolve-connection";

export interface DefaultAwsConnection {
  /** Undefined on AWS: the SDK's regional endpoint. */
  readonly kinesisEndpoint?: string;
  readonly region: string;
  /** Undefined = SDK default chain. */
  readonly credentials?: AwsCredentials;
  /** True for the embedded emulators. */
  readonly local: boolean;
}

let override: DefaultAwsConnection | null | undefined;

/** For tests: force a default (an object), force none (null), or go back to the shell's (undefined). */
export function setKinesisDefaultOverride(conn: DefaultAwsConnection | null | undefined): void {
  override = conn;
}

export function defaultConnection(): DefaultAwsConnection | undefined {
  if (override !== undefined) return override ?? undefined;
  const c = getDefaultConnection();
  if (!c) return undefined;
  return { kinesisEndpoint: c.kinesisEndpoint, region: c.region, credentials: c.credentials, local: c.local };
}
