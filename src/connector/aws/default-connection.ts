import type { AwsConnection } from "./connection";

/**
 * The process-wide connection the shell sets at start-up (embedded services or AWS). Connectors fall back to it
 * when a query gives no endpoint, which is how `format("aws-kinesis")` finds the local Kinesis without options.
 */
let current: AwsConnection | undefined;

export function setDefaultConnection(c: AwsConnection | undefined): void {
  current = c;
}

export function getDefaultConnection(): AwsConnection | undefined {
  return current;
}
