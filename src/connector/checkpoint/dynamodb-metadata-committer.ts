/**
 * DYNAMODB shard-metadata committer, the connector's table layout: hash key `metadataKey` (S, batch id), range key
 * `metadataSortKey` (S, shard id), `metadataValue` (S, ShardInfo JSON). First writer wins (conditional put),
 * reads are consistent, purge scans the distinct batch ids and deletes older ones in BatchWriteItem groups.
 */
import {
  type AttributeValue,
  BatchWriteItemCommand,
  type DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  type WriteRequest,
} from "@aws-sdk/client-dynamodb";
import { errorName } from "../kinesis/retry";
import { ensureTable } from "./dynamodb-table";
import type { ShardMetadataCommitter } from "./metadata-committer";
import { type MetadataRetryOptions, withStoreRetry } from "./metadata-retry";
import { createDynamoDBClientFor } from "./store-clients";
import type { ServiceConnection } from "./store-connection";

export const METADATA_TABLE_KEYS = { hashKey: "metadataKey", rangeKey: "metadataSortKey" } as const;

type Item = Record<string, AttributeValue>;

const str = (item: Item, attr: string): string | undefined => {
  const v = item[attr];
  return v && "S" in v ? v.S : undefined;
};

class DynamoDBMetadataCommitter implements ShardMetadataCommitter {
  readonly description: string;

  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
    private readonly retry: MetadataRetryOptions,
  ) {
    this.description = `DynamoDB table ${table}`;
  }

  private send<T>(what: string, fn: () => Promise<T>): Promise<T> {
    return withStoreRetry(this.retry, `${what} in DynamoDB table ${this.table}`, fn);
  }

  add(batchId: number, shardId: string, shardInfoJson: string): Promise<boolean> {
    return this.send(`recording batch ${batchId} ${shardId}`, async () => {
      try {
        await this.client.send(
          new PutItemCommand({
            TableName: this.table,
            Item: {
              metadataKey: { S: String(batchId) },
              metadataSortKey: { S: shardId },
              metadataValue: { S: shardInfoJson },
            },
            ConditionExpression: "attribute_not_exists(metadataKey)",
          }),
        );
        return true;
      } catch (error) {
        if (errorName(error) === "ConditionalCheckFailedException") return false;
        throw error;
      }
    });
  }

  async get(batchId: number): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    let start: Item | undefined;
    do {
      const page = await this.send(`reading batch ${batchId}`, () =>
        this.client.send(
          new QueryCommand({
            TableName: this.table,
            KeyConditionExpression: "metadataKey = :k",
            ExpressionAttributeValues: { ":k": { S: String(batchId) } },
            ConsistentRead: true,
            ExclusiveStartKey: start,
          }),
        ),
      );
      for (const item of page.Items ?? []) {
        const shard = str(item, "metadataSortKey");
        const value = str(item, "metadataValue");
        if (shard !== undefined && value !== undefined) out.set(shard, value);
      }
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return out;
  }

  /** All keys (batch id, shard id); the table only holds a few hundred batches × shards after purging. */
  private async keys(): Promise<{ batchId: number; shardId: string }[]> {
    const out: { batchId: number; shardId: string }[] = [];
    let start: Item | undefined;
    do {
      const page = await this.send("scanning batch ids", () =>
        this.client.send(
          new ScanCommand({
            TableName: this.table,
            ProjectionExpression: "metadataKey, metadataSortKey",
            ConsistentRead: true,
            ExclusiveStartKey: start,
          }),
        ),
      );
      for (const item of page.Items ?? []) {
        const k = str(item, "metadataKey");
        const s = str(item, "metadataSortKey");
        if (k !== undefined && s !== undefined && /^\d+$/.test(k)) out.push({ batchId: Number(k), shardId: s });
      }
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return out;
  }

  async latestBatchId(): Promise<number | undefined> {
    let latest: number | undefined;
    for (const { batchId } of await this.keys()) if (latest === undefined || batchId > latest) latest = batchId;
    return latest;
  }

  async purge(keepFromBatchId: number): Promise<void> {
    const doomed = (await this.keys()).filter((k) => k.batchId < keepFromBatchId);
    for (let i = 0; i < doomed.length; i += 25) {
      let pending: WriteRequest[] = doomed.slice(i, i + 25).map((k) => ({
        DeleteRequest: { Key: { metadataKey: { S: String(k.batchId) }, metadataSortKey: { S: k.shardId } } },
      }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > this.retry.numRetries + 5) {
          throw new Error(`DynamoDB kept ${pending.length} deletes unprocessed in ${this.table}`);
        }
        const out = await this.send("purging old batches", () =>
          this.client.send(new BatchWriteItemCommand({ RequestItems: { [this.table]: pending } })),
        );
        pending = out.UnprocessedItems?.[this.table] ?? [];
        if (pending.length > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
      }
    }
  }
}

export async function createDynamoDBMetadataCommitter(
  table: string,
  conn: ServiceConnection,
  retry: MetadataRetryOptions,
): Promise<ShardMetadataCommitter> {
  if (!/^[a-zA-Z0-9_.-]{3,255}$/.test(table)) {
    throw new Error(
      `'${table}' is not a valid DynamoDB table name (3-255 characters from a-z A-Z 0-9 _ . -): set kinesis.dynamodb.tableName`,
    );
  }
  const client = createDynamoDBClientFor(conn);
  await ensureTable(client, table, METADATA_TABLE_KEYS, retry);
  return new DynamoDBMetadataCommitter(client, table, retry);
}
