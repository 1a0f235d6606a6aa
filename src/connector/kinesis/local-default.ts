/**
 * Adapter over the local-services helper's default connection (src/connector/aws/default-connection.ts), so the
 * rest of the Kinesis connector depends on one small shape only.
 */
import type { AwsCredentials } from "./connection";

export interface DefaultAwsConnection {
  readonly kinesisEndpoint: string;
  readonly region: string;
  readonly credentials: AwsCredentials;
}

let override: DefaultAwsConnection | undefined;

/** For tests and the shell: force a default (or none). */
export function setKinesisDefaultOverride(conn: DefaultAwsConnection | undefined): void {
  override = conn;
}

export function defaultConnection(): DefaultAwsConnection | undefined {
  return override;
}
