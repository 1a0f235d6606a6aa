/**
 * Create-on-demand for the DynamoDB tables we own (checkpoint store, shard-metadata committer): PAY_PER_REQUEST,
 * two string keys, waited for until ACTIVE (the connector waits up to 600 s). A table that exists with other keys
 * is an error naming both schemas, never silently reused.
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  type DescribeTableCommandOutput,
  type DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import { errorName } from "../kinesis/retry";
import { type MetadataRetryOptions, withStoreRetry } from "./metadata-retry";

export interface TableKeys {
  readonly hashKey: string;
  readonly rangeKey: string;
}

const ACTIVE_WAIT_MS = 600_000;
const POLL_MS = 250;

async function describe(
  client: DynamoDBClient,
  table: string,
  retry: MetadataRetryOptions,
): Promise<DescribeTableCommandOutput | undefined> {
  return withStoreRetry(retry, `describing DynamoDB table ${table}`, async () => {
    try {
      return await client.send(new DescribeTableCommand({ TableName: table }));
    } catch (error) {
      if (errorName(error) === "ResourceNotFoundException") return undefined;
      throw error;
    }
  });
}

function checkKeys(table: string, out: DescribeTableCommandOutput, keys: TableKeys): void {
  const schema = out.Table?.KeySchema ?? [];
  const hash = schema.find((k) => k.KeyType === "HASH")?.AttributeName;
  const range = schema.find((k) => k.KeyType === "RANGE")?.AttributeName;
  if (hash !== keys.hashKey || range !== keys.rangeKey) {
    throw new Error(
      `DynamoDB table ${table} exists with keys (${hash ?? "-"}, ${range ?? "-"}) but tspark needs (${keys.hashKey}, ${keys.rangeKey}): ` +
        "it belongs to something else; choose another table name.",
    );
  }
}

/** Make sure `table` exists with `keys` and is ACTIVE. */
export async function ensureTable(
  client: DynamoDBClient,
  table: string,
  keys: TableKeys,
  retry: MetadataRetryOptions,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<void> {
  let out = await describe(client, table, retry);
  if (out === undefined) {
    await withStoreRetry(retry, `creating DynamoDB table ${table}`, async () => {
      try {
        await client.send(
          new CreateTableCommand({
            TableName: table,
            BillingMode: "PAY_PER_REQUEST",
            AttributeDefinitions: [
              { AttributeName: keys.hashKey, AttributeType: "S" },
              { AttributeName: keys.rangeKey, AttributeType: "S" },
            ],
            KeySchema: [
              { AttributeName: keys.hashKey, KeyType: "HASH" },
              { AttributeName: keys.rangeKey, KeyType: "RANGE" },
            ],
          }),
        );
      } catch (error) {
        // Another query created it at the same time: fine, we wait for ACTIVE below.
        if (errorName(error) !== "ResourceInUseException") throw error;
      }
    });
    out = await describe(client, table, retry);
  }
  const deadline = Date.now() + ACTIVE_WAIT_MS;
  while (out === undefined || out.Table?.TableStatus !== "ACTIVE") {
    if (out !== undefined && out.Table?.TableStatus === "DELETING") {
      throw new Error(`DynamoDB table ${table} is being deleted: wait for it to go, or choose another table name.`);
    }
    if (Date.now() > deadline) {
      throw new Error(`DynamoDB table ${table} did not become ACTIVE within ${ACTIVE_WAIT_MS / 1000} s`);
    }
    await sleep(POLL_MS);
    out = await describe(client, table, retry);
  }
  checkKeys(table, out, keys);
}
