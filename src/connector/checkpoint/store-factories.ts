/**
 * CheckpointStoreFactory for `s3://bucket/prefix` and `dynamodb://table[/prefix]`, registered in
 * src/connector/register.ts. Options are the query's; see store-connection.ts and metadata-retry.ts. The stores (and
 * with them the AWS SDK) are loaded on first use, so registering them costs the shell's start-up nothing.
 */
import type { CheckpointStore, CheckpointStoreFactory } from "../../engine/checkpoint/checkpoint-store";
import { metadataRetryFromOptions } from "./metadata-retry";
import { resolveServiceConnection } from "./store-connection";

export const s3CheckpointStoreFactory: CheckpointStoreFactory = {
  scheme: "s3",
  async create(location: string, options: ReadonlyMap<string, string>): Promise<CheckpointStore> {
    const conn = resolveServiceConnection("s3", options);
    const [{ S3CheckpointStore }, { createS3ClientFor }] = await Promise.all([import("./s3-store"), import("./store-clients")]);
    return new S3CheckpointStore(location, createS3ClientFor(conn), metadataRetryFromOptions(options), !conn.local);
  },
};

export const dynamoDBCheckpointStoreFactory: CheckpointStoreFactory = {
  scheme: "dynamodb",
  async create(location: string, options: ReadonlyMap<string, string>): Promise<CheckpointStore> {
    const conn = resolveServiceConnection("dynamodb", options);
    const [{ DynamoDBCheckpointStore }, { createDynamoDBClientFor }] = await Promise.all([
      import("./dynamodb-store"),
      import("./store-clients"),
    ]);
    return DynamoDBCheckpointStore.open(location, createDynamoDBClientFor(conn), metadataRetryFromOptions(options));
  },
};
