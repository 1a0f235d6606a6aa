/**
 * S3 through @aws-sdk/client-s3 (the embedded s3rver in local mode, AWS otherwise). Folders are key prefixes;
 * listings page through every key below the prefix (no delimiter, which s3rver walks poorly, see
 * checkpoint/s3-store.ts). Writes go through @aws-sdk/lib-storage's Upload: one PUT for small objects,
 * a multipart upload in 8 MiB parts for large ones.
 */
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  type S3Client,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { errorName, httpStatus } from "../../kinesis/retry";
import type { FileStatus, FileSystem } from "./file-system";
import { formatFileLocation, type ParsedFileLocation, parseFileLocation } from "./location";

const PART_SIZE = 8 * 1024 * 1024;

function isMissing(error: unknown): boolean {
  const name = errorName(error);
  return name === "NoSuchKey" || name === "NotFound" || httpStatus(error) === 404;
}

/** S3's AccessDenied, said so that the user knows which object and what to check. */
function explain(error: unknown, op: string, where: string): Error {
  const name = errorName(error);
  if (name === "AccessDenied" || name === "InvalidAccessKeyId" || name === "SignatureDoesNotMatch" || httpStatus(error) === 403) {
    return new Error(`S3 access denied (${op} ${where}): check the credentials and the bucket policy for this prefix.`, { cause: error });
  }
  if (name === "NoSuchBucket") return new Error(`S3 bucket of ${where} does not exist: create it first (${op}).`, { cause: error });
  const message = error instanceof Error ? error.message : String(error);
  return new Error(`S3 ${op} ${where} failed: ${name ? `${name}: ` : ""}${message}`, { cause: error });
}

export class S3FileSystem implements FileSystem {
  readonly scheme = "s3";

  constructor(
    private readonly client: S3Client,
    /** An emulator (the embedded s3rver): missing buckets are created on write, as a local lake expects. */
    private readonly local = false,
  ) {}

  async prepareForWrite(dir: string): Promise<void> {
    const l = this.loc(dir);
    try {
      // A one-key listing, not HeadBucket: s3rver answers HEAD on an existing bucket with an internal error.
      await this.client.send(new ListObjectsV2Command({ Bucket: l.bucket, MaxKeys: 1 }));
    } catch (err) {
      if (!isMissing(err) && errorName(err) !== "NoSuchBucket") throw explain(err, "LIST", dir);
      if (!this.local) {
        throw new Error(`S3 bucket '${l.bucket}' of ${dir} does not exist: create it first (tspark creates buckets only on the embedded S3).`);
      }
      await this.client.send(new CreateBucketCommand({ Bucket: l.bucket }));
    }
  }

  private loc(path: string): ParsedFileLocation {
    const l = parseFileLocation(path);
    if (l.scheme !== "s3" || l.bucket === "") throw new Error(`'${path}' is not an s3://bucket/key location`);
    return l;
  }

  async stat(path: string): Promise<(FileStatus & { isDir: boolean }) | null> {
    const l = this.loc(path);
    if (l.path !== "") {
      try {
        const h = await this.client.send(new HeadObjectCommand({ Bucket: l.bucket, Key: l.path }));
        return { path, size: h.ContentLength ?? 0, modificationTime: h.LastModified?.getTime() ?? 0, isDir: false };
      } catch (err) {
        if (!isMissing(err)) throw explain(err, "HEAD", path);
      }
    }
    try {
      const r = await this.client.send(
        new ListObjectsV2Command({ Bucket: l.bucket, Prefix: l.path === "" ? "" : `${l.path}/`, MaxKeys: 1 }),
      );
      if ((r.KeyCount ?? r.Contents?.length ?? 0) > 0) return { path, size: 0, modificationTime: 0, isDir: true };
    } catch (err) {
      if (errorName(err) === "NoSuchBucket") return null;
      throw explain(err, "LIST", path);
    }
    return null;
  }

  async listFiles(dir: string): Promise<FileStatus[]> {
    const l = this.loc(dir);
    const prefix = l.path === "" ? "" : `${l.path}/`;
    const out: FileStatus[] = [];
    let token: string | undefined;
    do {
      let r: import("@aws-sdk/client-s3").ListObjectsV2CommandOutput;
      try {
        r = await this.client.send(new ListObjectsV2Command({ Bucket: l.bucket, Prefix: prefix, ContinuationToken: token }));
      } catch (err) {
        if (errorName(err) === "NoSuchBucket") return [];
        throw explain(err, "LIST", dir);
      }
      for (const o of r.Contents ?? []) {
        if (o.Key === undefined || o.Key.endsWith("/")) continue;
        out.push({
          path: formatFileLocation({ ...l, path: o.Key }),
          size: o.Size ?? 0,
          modificationTime: o.LastModified?.getTime() ?? 0,
        });
      }
      token = r.IsTruncated ? r.NextContinuationToken : undefined;
    } while (token !== undefined);
    return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  async read(path: string): Promise<Uint8Array> {
    const l = this.loc(path);
    try {
      const r = await this.client.send(new GetObjectCommand({ Bucket: l.bucket, Key: l.path }));
      return (await r.Body?.transformToByteArray()) ?? new Uint8Array();
    } catch (err) {
      throw explain(err, "GET", path);
    }
  }

  async write(path: string, data: Uint8Array | string): Promise<void> {
    const l = this.loc(path);
    const body = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    try {
      await new Upload({ client: this.client, params: { Bucket: l.bucket, Key: l.path, Body: body }, partSize: PART_SIZE, queueSize: 2 }).done();
    } catch (err) {
      throw explain(err, "PUT", path);
    }
  }

  async delete(path: string): Promise<void> {
    const l = this.loc(path);
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: l.bucket, Key: l.path }));
    } catch (err) {
      if (!isMissing(err)) throw explain(err, "DELETE", path);
    }
  }

  /**
   * One DELETE per object: s3rver answers DeleteObjects with an internal error, and two DELETEs in one folder at
   * once too (it removes emptied folders on its disk), so on the emulator they go one by one; on S3 8 at a time.
   */
  async deleteRecursively(dir: string): Promise<void> {
    const files = await this.listFiles(dir);
    let next = 0;
    const worker = async () => {
      while (next < files.length) await this.delete(files[next++]!.path);
    };
    await Promise.all(Array.from({ length: Math.min(this.local ? 1 : 8, files.length) }, worker));
  }

  async rename(from: string, to: string): Promise<void> {
    const f = this.loc(from);
    const t = this.loc(to);
    try {
      await this.client.send(
        new CopyObjectCommand({ Bucket: t.bucket, Key: t.path, CopySource: `${f.bucket}/${f.path.split("/").map(encodeURIComponent).join("/")}` }),
      );
    } catch (err) {
      throw explain(err, "COPY", from);
    }
    await this.delete(from);
  }
}
