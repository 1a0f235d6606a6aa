/**
 * HDFS-type shard-metadata committer: one small file per (batch, shard) at `<path>/shard-source/<batchId>/<shardId>`
 * (the connector's layout), on a local directory or under `s3://bucket/prefix`. Writes are put-if-absent, so the
 * first reader to record a shard's end position for a batch wins and a replay never moves it.
 */
import type { CheckpointStore } from "../../engine/checkpoint/checkpoint-store";
import { LocalFileStore } from "../../engine/checkpoint/local-file-store";
import { KinesisOptionError } from "../kinesis/options";
import type { ShardMetadataCommitter } from "./metadata-committer";
import type { MetadataRetryOptions } from "./metadata-retry";
import { S3CheckpointStore } from "./s3-store";
import { createS3ClientFor } from "./store-clients";
import type { ServiceConnection } from "./store-connection";

const DIR = "shard-source";

function batchDir(batchId: number): string {
  if (!Number.isSafeInteger(batchId) || batchId < 0) throw new RangeError(`Invalid batch id ${batchId}`);
  return `${DIR}/${batchId}`;
}

function checkShardId(shardId: string): string {
  // Shard ids are "shardId-000000000001"; anything with a path separator would escape the batch directory.
  if (shardId === "" || /[/\\]/.test(shardId) || shardId === "." || shardId === "..") {
    throw new RangeError(`Invalid shard id '${shardId}'`);
  }
  return shardId;
}

class FileMetadataCommitter implements ShardMetadataCommitter {
  readonly description: string;

  constructor(private readonly store: CheckpointStore) {
    this.description = `${store.location.replace(/\/$/, "")}/${DIR}`;
  }

  add(batchId: number, shardId: string, shardInfoJson: string): Promise<boolean> {
    return this.store.putIfAbsent(`${batchDir(batchId)}/${checkShardId(shardId)}`, shardInfoJson);
  }

  async get(batchId: number): Promise<Map<string, string>> {
    const dir = batchDir(batchId);
    const out = new Map<string, string>();
    for (const shardId of await this.store.list(dir)) {
      const value = await this.store.get(`${dir}/${shardId}`);
      if (value !== null) out.set(shardId, value);
    }
    return out;
  }

  private async batchIds(): Promise<number[]> {
    return (await this.store.list(DIR)).filter((n) => /^\d+$/.test(n)).map(Number);
  }

  async latestBatchId(): Promise<number | undefined> {
    const ids = await this.batchIds();
    return ids.length === 0 ? undefined : Math.max(...ids);
  }

  async purge(keepFromBatchId: number): Promise<void> {
    for (const id of await this.batchIds()) {
      if (id < keepFromBatchId) await this.store.delete(batchDir(id));
    }
  }
}

export function createFileMetadataCommitter(
  path: string,
  s3: ServiceConnection | undefined,
  retry: MetadataRetryOptions,
): ShardMetadataCommitter {
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(path)?.[1]?.toLowerCase();
  if (scheme === "s3") {
    if (!s3) throw new KinesisOptionError(`kinesis.metadataPath ${path} is on S3 but no S3 connection was given`);
    return new FileMetadataCommitter(new S3CheckpointStore(path, createS3ClientFor(s3), retry, !s3.local));
  }
  if (scheme !== undefined && scheme !== "file") {
    throw new KinesisOptionError(
      `kinesis.metadataPath ${path}: only local paths and s3:// are supported for the HDFS committer (or use kinesis.metadataCommitterType DYNAMODB)`,
    );
  }
  return new FileMetadataCommitter(new LocalFileStore(scheme === "file" ? path.slice("file://".length) : path));
}
