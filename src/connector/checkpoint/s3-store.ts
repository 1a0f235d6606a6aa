/**
 * A checkpoint under `s3://bucket/prefix`. Each checkpoint file is one object `prefix/<path>`; directories are
 * key prefixes (listed with Delimiter "/", paging through ContinuationToken).
 *
 * Put-if-absent: `PutObject` with `IfNoneMatch: '*'`; S3 answers 412 PreconditionFailed when the key exists, so
 * two writers of one offset-log entry cannot both win. A HEAD first answers the common "already there" case
 * without a write. The local s3rver ignores `If-None-Match`: there only the HEAD protects, which catches a
 * second writer that comes later but not two racing writers (see docs/kinesis-sink.md).
 *
 * s3rver also finds a common prefix only when an object sits directly below it (its walk skips deeper folders), so
 * on emulators (`delimiterListing: false`) `list` pages through every key under the directory and derives the
 * children itself; on S3 it asks for CommonPrefixes.
 */
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import type { CheckpointStore } from "../../engine/checkpoint/checkpoint-store";
import { errorName, httpStatus } from "../kinesis/retry";
import { joinPath, parseLocation } from "./location";
import { DEFAULT_METADATA_RETRY, type MetadataRetryOptions, withStoreRetry } from "./metadata-retry";

function isMissing(error: unknown): boolean {
  const name = errorName(error);
  return name === "NoSuchKey" || name === "NotFound" || httpStatus(error) === 404;
}

function isPreconditionFailed(error: unknown): boolean {
  return errorName(error) === "PreconditionFailed" || httpStatus(error) === 412;
}

export class S3CheckpointStore implements CheckpointStore {
  readonly location: string;
  private readonly bucket: string;
  private readonly prefix: string;

  constructor(
    location: string,
    private readonly client: S3Client,
    private readonly retry: MetadataRetryOptions = DEFAULT_METADATA_RETRY,
    private readonly delimiterListing = true,
  ) {
    this.location = location;
    const parsed = parseLocation(location, "s3");
    this.bucket = parsed.container;
    this.prefix = parsed.prefix;
  }

  private key(rel: string): string {
    const key = joinPath(this.prefix, rel);
    if (key === "") throw new Error(`Checkpoint path '${rel}' names the root of ${this.location}, not a file`);
    return key;
  }

  private where(rel: string): string {
    return `s3://${this.bucket}/${joinPath(this.prefix, rel)}`;
  }

  private async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  async putIfAbsent(rel: string, data: string): Promise<boolean> {
    const key = this.key(rel);
    return withStoreRetry(this.retry, `writing ${this.where(rel)}`, async () => {
      if (await this.exists(key)) return false;
      try {
        await this.client.send(
          new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: data, IfNoneMatch: "*", ContentType: "text/plain" }),
        );
        return true;
      } catch (error) {
        if (isPreconditionFailed(error)) return false;
        throw error;
      }
    });
  }

  async put(rel: string, data: string): Promise<void> {
    const key = this.key(rel);
    await withStoreRetry(this.retry, `writing ${this.where(rel)}`, () =>
      this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: data, ContentType: "text/plain" })),
    );
  }

  async get(rel: string): Promise<string | null> {
    const key = this.key(rel);
    return withStoreRetry(this.retry, `reading ${this.where(rel)}`, async () => {
      try {
        const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
        return out.Body ? await out.Body.transformToString("utf8") : "";
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    });
  }

  async list(dir: string): Promise<string[]> {
    const base = joinPath(this.prefix, dir);
    const listPrefix = base === "" ? "" : `${base}/`;
    const names = new Set<string>();
    let token: string | undefined;
    do {
      const page = await withStoreRetry(this.retry, `listing ${this.where(dir)}`, () =>
        this.client.send(
          new ListObjectsV2Command({
            Bucket: this.bucket,
            Prefix: listPrefix,
            Delimiter: this.delimiterListing ? "/" : undefined,
            ContinuationToken: token,
          }),
        ),
      );
      for (const p of page.CommonPrefixes ?? []) {
        const name = p.Prefix?.slice(listPrefix.length).replace(/\/$/, "");
        if (name) names.add(name);
      }
      for (const o of page.Contents ?? []) {
        // Without a delimiter, "a/b/c" under the directory stands for its child "a".
        const name = o.Key?.slice(listPrefix.length).split("/")[0];
        if (name) names.add(name);
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
    return [...names].sort();
  }

  /** Deletes the object at `rel` and everything under `rel/` (like `rm -rf`, as the local store does). */
  async delete(rel: string): Promise<void> {
    const key = this.key(rel);
    const keys = [key];
    let token: string | undefined;
    do {
      const page = await withStoreRetry(this.retry, `listing ${this.where(rel)}`, () =>
        this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: `${key}/`, ContinuationToken: token })),
      );
      for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
    for (let i = 0; i < keys.length; i += 1000) {
      const chunk = keys.slice(i, i + 1000);
      const out = await withStoreRetry(this.retry, `deleting ${this.where(rel)}`, () =>
        this.client.send(
          new DeleteObjectsCommand({
            Bucket: this.bucket,
            Delete: { Objects: chunk.map((Key) => ({ Key })), Quiet: true },
          }),
        ),
      );
      const failed = (out.Errors ?? []).filter((e) => e.Code !== "NoSuchKey");
      if (failed.length > 0) {
        throw new Error(
          `Could not delete ${failed.length} object(s) under ${this.where(rel)}: ${failed[0]!.Key}: ${failed[0]!.Code} ${failed[0]!.Message ?? ""}`,
        );
      }
    }
  }
}
