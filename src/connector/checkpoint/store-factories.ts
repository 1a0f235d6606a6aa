/**
 * CheckpointStoreFactory for `s3://bucket/prefix` and `dynamodb://table[/prefix]`, registered in
 * src/connector/register.ts. Options are the query's; see store-connection.ts and metadata-retry.ts.
 */
import type { CheckpointStore, CheckpointStoreFactory } from "../../engine/checkpoint/checkpoint-store";
import { DynamoDBCheckpointStore } from "./dynamodb-store";
import { metadataRetryFromOptions } from "./metadata-retry";
import { S3CheckpointStore } from "./s3-store";
import { createDynamoDBClientFor, createS3ClientFor, resolveServiceConnection } from "./store-connection";

export const s3CheckpointStoreFactory: CheckpointStoreFactory = {
  scheme: "s3",
  async create(location: string, options: ReadonlyMap<string, string>): Promise<CheckpointStore> {
    const conn = resolveServiceConnection("s3", options);
    return new S3CheckpointStore(location, createS3ClientFor(conn), metadataRetryFromOptions(options), !conn.local);
  },
};

export const dynamoDBCheckpointStoreFactory: CheckpointStoreFactory = {
  scheme: "dynamodb",
  async create(location: string, options: ReadonlyMap<string, string>): Promise<CheckpointStore> {
    const client = createDynamoDBClientFor(resolveServiceConnection("dynamodb", options));
    return DynamoDBCheckpointStore.open(location, client, metadataRetryFromOptions(options));
  },
};
